import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LanceVectorStore, type VectorIndexProgress } from '@quire/index';
import { attachedToText, type EmailRef } from '@quire/inference';
import { pageRef } from '@quire/inference/page-ref';
import { Command } from 'commander';
import { askWorkspace, NO_ANSWER_CONFIRMED } from './answer.ts';
import { addEraseCommand } from './cli-erase.ts';
import { addMatterCommands } from './cli-matter.ts';
import { addModelCommands } from './cli-models.ts';
import {
  addScopeOptions,
  type GlobalOptions,
  modelBuildPrinter,
  normalizeModelRef,
  openRegistry,
  port,
  positiveInt,
  print,
  progressBar,
  type ScopeFlags,
  scopeOf,
  syncProgressPrinter,
  withWorkspace,
} from './cli-support.ts';
import { addTokenCommands } from './cli-tokens.ts';
import { errorCode, QuireError, WorkspaceNotFoundError } from './errors.ts';
import { runEval } from './eval/eval-runner.ts';
import { formatEvalTable } from './eval/eval-table.ts';
import { parseQaJsonl } from './eval/qa-set.ts';
import { renderEvidenceBundle } from './evidence-bundle.ts';
import { describeOwners, folderOwners } from './folder-owners.ts';
import { ensureHome, resolveHome } from './home.ts';
import { matterFactsOf } from './matter-facts.ts';
import { asStorageFailure, checkIndexUri, redactedMessage } from './object-storage.ts';
import { describeScope, type Scope } from './scope.ts';
import { searchWorkspace } from './search.ts';
import { DEFAULT_PORT, startServer } from './server.ts';
import { addReader } from './shared-index.ts';
import { StatusTracker } from './status-tracker.ts';
import { syncWorkspace } from './sync.ts';
import { ThreadStore } from './threads.ts';
import { workspaceStatus } from './workspace-status.ts';

const FULLTEXT_NOTICE = 'No embedding model configured: retrieval is full-text only.';

/** ` — attached to 'Q3 numbers', J. Smith → A. Jones, 17 Mar 2014` for an email attachment, else ''. */
const attachedLine = (refs: readonly EmailRef[] | undefined): string => {
  const text = attachedToText(refs);
  return text ? ` — ${text}` : '';
};

/** `\n   also in 2 other versions` under a hit that folded passages of other versions, else ''. */
const alsoInLine = (folded: readonly { documentId: string }[] | undefined): string => {
  const n = new Set(folded?.map((f) => f.documentId)).size;
  return n > 0 ? `\n   also in ${n} other version${n === 1 ? '' : 's'}` : '';
};

/** `Scope: in lease/; kinds pdf (3 documents)` when a scope was used, else nothing. */
const scopeLines = (scope: Scope | null, documents: number | null): string[] =>
  scope ? [`Scope: ${describeScope(scope)} (${documents ?? 0} document${documents === 1 ? '' : 's'})`] : [];

export function buildCli(): Command {
  const program = new Command('quire')
    .description('Private document Q&A over your own folders. Nothing leaves this machine.')
    .option('--home <dir>', 'data home (default: $QUIRE_HOME or ./workspaces)')
    .option(
      '--embedding-model <model>',
      'builtin (default), none, a model id or a .gguf file; stored by `add`',
    )
    .option('--chat-model <model>', 'a model id or a .gguf file (none: extractive answers); stored by `add`')
    .showHelpAfterError('(run quire --help for usage)');
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('add')
    .description('create the workspace if needed and attach a folder to it (says which it did)')
    .argument('[folder]', "folder of the matter's files (not with --read-only)")
    .requiredOption('--workspace <name>', 'workspace (matter or client) name')
    .option(
      '--index <uri>',
      'keep the index on object storage, s3://bucket/prefix (credentials from the AWS_* variables or ~/.aws/credentials)',
    )
    .option(
      '--read-only',
      'open the index at --index that another machine writes, for search and questions only',
    )
    .option('--json', 'print JSON')
    .action(
      async (
        folder: string | undefined,
        opts: { workspace: string; index?: string; readOnly?: boolean; json?: boolean },
      ) => {
        const registry = await openRegistry(globals());
        const { embeddingModel, chatModel } = globals();
        const indexUri = opts.index === undefined ? undefined : checkIndexUri(opts.index);
        if (opts.readOnly) {
          if (indexUri === undefined)
            throw new QuireError(
              'invalid-request',
              '--read-only opens a shared index: give it with --index s3://…',
            );
          if (folder !== undefined)
            throw new QuireError(
              'invalid-request',
              'A read-only workspace has no folders: the machine that writes the index reads them',
            );
          const result = await addReader(registry, opts.workspace, indexUri, { embeddingModel, chatModel });
          print(Boolean(opts.json), { ...result, sharedWith: [] }, () =>
            [
              `${result.action === 'created' ? 'Created' : 'Kept'} the read-only workspace "${result.workspace.name}" (${result.workspace.slug}) on ${indexUri}.`,
              `Search it, ask it or serve it: quire search ${result.workspace.slug} "…"`,
            ].join('\n'),
          );
          return;
        }
        if (folder === undefined)
          throw new QuireError(
            'invalid-request',
            'Give the folder to attach: quire add <folder> --workspace <name>',
          );
        // The folder is checked first: a folder that does not exist creates nothing.
        const real = await registry.checkFolder(folder);
        const existing = await registry.get(opts.workspace).catch((error: unknown) => {
          if (error instanceof WorkspaceNotFoundError) return null;
          throw error;
        });
        if (existing?.readOnly)
          throw new QuireError(
            'read-only',
            `Workspace "${existing.name}" reads an index another machine writes; attach folders there`,
          );
        if (
          indexUri !== undefined &&
          existing &&
          existing.indexUri !== indexUri &&
          existing.folders.length > 0
        )
          throw new QuireError(
            'conflict',
            `Workspace "${existing.name}" keeps its index ${existing.indexUri ?? 'in its folder'}; create a new workspace for ${indexUri}`,
          );
        const sharedWith = await folderOwners(registry, real, { except: existing?.slug });
        // Scripts rely on add attaching whatever it is given: a folder another workspace reads is only flagged.
        if (sharedWith.length > 0)
          process.stderr.write(
            `Warning: ${describeOwners(sharedWith)} Its documents will be read into both workspaces.\n`,
          );
        let settings = await registry.create(opts.workspace);
        if (indexUri !== undefined && settings.indexUri !== indexUri)
          settings = await registry.update(settings, { indexUri });
        if (embeddingModel !== undefined) {
          const ref = normalizeModelRef(embeddingModel);
          if (ref !== settings.embeddingModel && settings.folders.length > 0) {
            throw new QuireError(
              'conflict',
              `Workspace "${settings.name}" already uses embedding model ${settings.embeddingModel ?? 'none'}; switch with: quire models use ${embeddingModel} --workspace ${settings.slug} --role embedding`,
            );
          }
          settings = await registry.update(settings, { embeddingModel: ref });
        }
        if (chatModel !== undefined)
          settings = await registry.update(settings, { chatModel: normalizeModelRef(chatModel) });
        const before = settings.folders.length;
        settings = await registry.addFolder(settings, real);
        const action = !existing ? 'created' : settings.folders.length > before ? 'attached' : 'unchanged';
        const count = `${settings.folders.length} folder${settings.folders.length === 1 ? '' : 's'}`;
        const said = {
          created: `Created workspace "${settings.name}" (${settings.slug}), watching:`,
          attached: `Attached to the existing workspace "${settings.name}" (${settings.slug}), now ${count}:`,
          unchanged: `The folder was already attached to the existing workspace "${settings.name}" (${settings.slug}), ${count}:`,
        }[action];
        const where = settings.indexUri ? `\nIndex: ${settings.indexUri}` : '';
        print(
          Boolean(opts.json),
          { workspace: settings, action, sharedWith },
          () =>
            `${said}\n${settings.folders.map((f) => `  ${f}`).join('\n')}${where}\nNext: quire sync ${settings.slug}`,
        );
      },
    );

  program
    .command('list')
    .description('list workspaces')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const workspaces = await (await openRegistry(globals())).list();
      print(Boolean(opts.json), { workspaces }, () =>
        workspaces.length === 0
          ? 'No workspaces yet. Create one with: quire add <folder> --workspace <name>'
          : workspaces.map((w) => `${w.slug}\t${w.name}\t${w.folders.join(', ')}`).join('\n'),
      );
    });

  program
    .command('sync')
    .description("index the workspace's folders once and exit")
    .argument('<workspace>', 'workspace name')
    .option('--json', 'print JSON')
    .option('--events', 'print every ingestion event as a JSON line on stdout, as it happens')
    .action(async (name: string, opts: { json?: boolean; events?: boolean }) => {
      const report = await withWorkspace(
        globals(),
        name,
        async (ws) => {
          const tracker = new StatusTracker(ws.dir);
          const printer = syncProgressPrinter();
          let vectorIndex: VectorIndexProgress | null = null;
          try {
            const report = await syncWorkspace(ws, {
              onEvent: (event) => {
                tracker.onEvent(event);
                printer(event);
                if (opts.events) process.stdout.write(`${JSON.stringify(event)}\n`);
              },
              onVectorIndex: (progress) => {
                vectorIndex = progress;
                if (progress.phase === 'start')
                  process.stderr.write(
                    `Building the vector index over ${progress.rows.toLocaleString('en')} passages (minutes at a million; searches work meanwhile)…\n`,
                  );
              },
            });
            // What the whole-matter views and search's version folding need of each new document.
            const matter = await matterFactsOf(ws).update(ws, { generate: {} });
            // A vector index the run started is finished before the command exits (else it would be lost).
            if (ws.store instanceof LanceVectorStore) await ws.store.ensureVectorIndex();
            const built = vectorIndex as VectorIndexProgress | null;
            if (built?.phase === 'done')
              process.stderr.write(`Vector index built in ${(built.ms / 1000).toFixed(0)} s.\n`);
            if (built?.phase === 'failed')
              process.stderr.write(
                `The vector index could not be built (searches stay exact): ${built.error}\n`,
              );
            return {
              ...report,
              matter: { computed: matter.computed, removed: matter.removed },
              ...(built && built.phase !== 'start'
                ? { vectorIndex: { state: built.phase, rows: built.rows, ms: Math.round(built.ms) } }
                : {}),
            };
          } finally {
            await tracker.flush();
          }
        },
        { isolatedParsing: true },
      );
      print(Boolean(opts.json), report, () => {
        const lines = [
          `indexed ${report.indexed}, unchanged ${report.unchanged}, removed ${report.removed}, failed ${report.failed.length}`,
        ];
        for (const f of report.failed) lines.push(`  ${f.code.padEnd(11)} ${f.path}: ${f.message}`);
        return lines.join('\n');
      });
    });

  program
    .command('status')
    .description('every document of a workspace with its state, page count and error')
    .argument('<workspace>', 'workspace name')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }) => {
      const status = await workspaceStatus(await openRegistry(globals()), name);
      print(Boolean(opts.json), status, () => {
        const c = status.counts;
        const lines = [
          `${status.workspace}: ${c.indexed} indexed, ${c.failed} failed, ${c.queued} queued, ${c.parsing + c.embedding} in progress${status.indexing ? ' (indexing now)' : ''}`,
        ];
        for (const d of status.documents) {
          const detail = d.error
            ? `${d.error.code}: ${d.error.message}`
            : d.pages !== null
              ? `${d.pages} pages`
              : '';
          lines.push(`  ${d.state.padEnd(9)} ${d.path}${detail ? `  (${detail})` : ''}`);
        }
        return lines.join('\n');
      });
    });

  addScopeOptions(
    program
      .command('search')
      .description('find the passages that best match a query, in the whole workspace or a scope of it')
      .argument('<workspace>', 'workspace name')
      .argument('<query>', 'what to look for')
      .option('--k <n>', 'number of hits', positiveInt, 10)
      .option('--json', 'print JSON'),
  ).action(async (name: string, query: string, opts: ScopeFlags & { k: number; json?: boolean }) => {
    const scope = scopeOf(opts);
    const result = await withWorkspace(globals(), name, (ws) => searchWorkspace(ws, query, opts.k, scope));
    const out = result.retrieval === 'fulltext' ? { ...result, notice: FULLTEXT_NOTICE } : result;
    print(Boolean(opts.json), out, () => {
      const lines = scopeLines(result.scope, result.scopeDocuments);
      lines.push(
        ...result.hits.map(
          (h, i) =>
            `${i + 1}. ${h.path} ${pageRef(h)}${h.heading ? ` — ${h.heading}` : ''} (${h.score.toFixed(3)})${attachedLine(h.attachedTo)}\n   ${h.text.replace(/\s+/g, ' ').slice(0, 200)}${alsoInLine(h.otherVersions)}`,
        ),
      );
      if (result.hits.length === 0) lines.push('No matching passages.');
      if (result.retrieval === 'fulltext') lines.push(`(${FULLTEXT_NOTICE})`);
      return lines.join('\n');
    });
  });

  addScopeOptions(
    program
      .command('ask')
      .description(
        'answer a question from the documents (the whole workspace or a scope of it), with citations',
      )
      .argument('<workspace>', 'workspace name')
      .argument('<question>', 'your question')
      .option(
        '--thread <id>',
        'continue a conversation (its earlier questions, and its scope unless given one, shape this one)',
      )
      .option('--new-thread', 'start a conversation; its id is printed (JSON: threadId)')
      .option(
        '--export <file.md>',
        'also write an evidence bundle (question, answer, scope, every citation) as Markdown',
      )
      .option('--json', 'print JSON (one object, when the answer is complete)'),
  ).action(
    async (
      name: string,
      question: string,
      opts: ScopeFlags & { json?: boolean; thread?: string; newThread?: boolean; export?: string },
    ) => {
      const json = Boolean(opts.json);
      // No scope flag: a thread keeps the scope it was asked in.
      const scope = scopeOf(opts);
      let streamed = false;
      const result = await withWorkspace(globals(), name, async (ws) => {
        const threadId = opts.thread ?? (opts.newThread ? ws.threads.newId() : undefined);
        const answer = await askWorkspace(ws, question, {
          threadId,
          scope,
          onToken: json
            ? undefined
            : (t) => {
                streamed = true;
                process.stdout.write(t);
              },
        });
        if (opts.export) {
          await writeFile(opts.export, renderEvidenceBundle({ ...answer, workspace: ws.settings.name }));
        }
        return answer;
      });
      const out = result.retrieval === 'fulltext' ? { ...result, notice: FULLTEXT_NOTICE } : result;
      print(json, out, () => {
        const closest = result.support === 'closest';
        // Closest passages are not an answer: say so instead of printing the extracted text as one.
        const lines: string[] = streamed ? [''] : [];
        if (closest) lines.push(...(streamed ? [''] : []), NO_ANSWER_CONFIRMED);
        else if (!streamed) lines.push(result.answer);
        if (result.support !== 'answered' && result.passages.length > 0) {
          lines.push('', 'Closest passages (to read; not an answer):');
          for (const p of result.passages)
            lines.push(
              `  ${p.path} ${pageRef(p)}${attachedLine(p.attachedTo)}: ${p.text.replace(/\s+/g, ' ').slice(0, 160)}…`,
            );
        }
        if (!closest && result.citations.length > 0) lines.push('', 'Sources:');
        for (const c of closest ? [] : result.citations) {
          lines.push(
            `[${c.n}] ${c.path} ${pageRef(c)}${c.verified ? '' : ' (unverified)'}${attachedLine(c.attachedTo)}: "${c.quote}"`,
          );
        }
        if (result.mode === 'extractive' && !closest)
          lines.push('', '(extractive answer: no chat model configured)');
        lines.push(...scopeLines(result.scope, result.scopeDocuments));
        if (result.threadId) lines.push(`(thread ${result.threadId})`);
        if (opts.export) lines.push(`(evidence bundle written to ${opts.export})`);
        return lines.join('\n');
      });
    },
  );

  program
    .command('threads')
    .description("a workspace's conversations, or one of them with --show <id>")
    .argument('<workspace>', 'workspace name')
    .option('--show <id>', 'print the turns of one thread')
    .option('--rm <id>', 'delete a thread')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { show?: string; rm?: string; json?: boolean }) => {
      const registry = await openRegistry(globals());
      const settings = await registry.get(name);
      const threads = new ThreadStore(registry.dir(settings.slug));
      if (opts.rm) {
        const removed = await threads.remove(opts.rm);
        print(Boolean(opts.json), { removed }, () =>
          removed ? `Deleted thread ${opts.rm}` : `No thread ${opts.rm}`,
        );
      } else if (opts.show) {
        const turns = await threads.turns(opts.show);
        print(
          Boolean(opts.json),
          { id: opts.show, turns },
          () =>
            turns
              .map(
                (t) =>
                  `Q: ${t.question}${t.scope ? `\nScope: ${describeScope(t.scope)}` : ''}\nA: ${t.answer}`,
              )
              .join('\n\n') || `No thread ${opts.show}`,
        );
      } else {
        const list = await threads.list();
        print(Boolean(opts.json), { threads: list }, () =>
          list.length === 0
            ? 'No conversations yet.'
            : list.map((t) => `${t.id}  ${t.turns} turns  ${t.title}`).join('\n'),
        );
      }
    });

  program
    .command('eval')
    .description(
      'measure retrieval, refusal, answers given as answered, and citations on a question set (JSON lines)',
    )
    .argument('<workspace>', 'workspace name')
    .argument('<qa.jsonl>', 'questions: {"question":"…","gold":[{"path":"…","page":3}]} per line')
    .option('--json', 'print JSON')
    .action(async (name: string, file: string, opts: { json?: boolean }) => {
      const items = parseQaJsonl(await readFile(file, 'utf8'));
      const report = await withWorkspace(globals(), name, (ws) =>
        runEval(ws, items, (done, total) => progressBar(done, total, 'questions')),
      );
      print(Boolean(opts.json), report, () => formatEvalTable(report.summary));
    });

  program
    .command('serve')
    .description('serve the web UI and the HTTP API on 127.0.0.1')
    .option('--port <n>', `port (default ${DEFAULT_PORT})`, port, DEFAULT_PORT)
    .option('--host <address>', 'address to listen on (default 127.0.0.1)', '127.0.0.1')
    .option('--allow-remote', 'allow a non-loopback --host; every request then needs the access token')
    .action(async (opts: { port: number; host: string; allowRemote?: boolean }) => {
      const home = await ensureHome(resolveHome(globals().home));
      const server = await startServer({
        home,
        port: opts.port,
        host: opts.host,
        allowRemote: Boolean(opts.allowRemote),
        onError: (workspace, error) =>
          process.stderr.write(`${workspace}: ${error instanceof Error ? error.message : String(error)}\n`),
        onModelBuild: modelBuildPrinter(),
      });
      process.stderr.write(`Quire is ready at ${server.url} (data home: ${home})\n`);
      if (opts.allowRemote) {
        process.stderr.write(
          `Remote access: send the access token in ${join(home, 'quire.json')} as "Authorization: Bearer <token>".\n`,
        );
      }
      const stop = () => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  addMatterCommands(program, globals);
  addEraseCommand(program, globals);
  addModelCommands(program, globals);
  addTokenCommands(program, globals);
  return program;
}

/** Entry point of the `quire` command: one-line errors on stderr and a non-zero exit code. */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildCli().parseAsync([...argv], { from: 'user' });
  } catch (thrown) {
    const error = asStorageFailure(thrown);
    const code = errorCode(error);
    const message = redactedMessage(error);
    process.stderr.write(`quire: ${message.split('\n')[0]}${code ? ` [${code}]` : ''}\n`);
    process.exitCode = 1;
  }
}
