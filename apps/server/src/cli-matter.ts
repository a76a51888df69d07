// The CLI's whole-matter views: `quire timeline`, `quire overview`, `quire versions`, `quire compare`.
// Each first computes the facts of documents not read for them yet (a progress bar on stderr), so the
// answer is complete; `--json` shapes are those of matter-types.ts (a public contract).
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type GlobalOptions, print, progressBar, withWorkspace } from './cli-support.ts';
import { QuireError } from './errors.ts';
import { compare, overview, timeline, versions } from './matter.ts';
import {
  citationRef,
  formatEventDate,
  formatIsoDate,
  timelineCsv,
  timelineMarkdown,
} from './matter-export.ts';
import { checkScope, describeScope, parseKinds } from './scope.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const PARTIAL_DATE = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;

/** An event-date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export function eventBound(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null;
  if (!PARTIAL_DATE.test(value))
    throw new QuireError(
      'invalid-request',
      `${flag} expects a date as YYYY, YYYY-MM or YYYY-MM-DD, got "${value}"`,
    );
  return value;
}

const progress = (done: number, total: number) => progressBar(done, total, 'documents read for the views');

interface TimelineFlags {
  since?: string;
  until?: string;
  in?: string[];
  notIn?: string[];
  kind?: string[];
  from?: string[];
  to?: string[];
  json?: boolean;
  format?: string;
  output?: string;
  summaries?: boolean;
}

export function addMatterCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('timeline')
    .description('the chronology of a workspace: every dated statement, cited, merged across documents')
    .argument('<workspace>', 'workspace name')
    .option('--since <date>', 'only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--until <date>', 'only events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option(
      '--in <glob>',
      'only documents whose path matches (repeatable; `folder/` is all below it)',
      collect,
    )
    .option('--not-in <glob>', 'leave out documents whose path matches (repeatable)', collect)
    .option('--kind <kinds>', 'only these kinds: pdf, word, email, … (comma-separated)', collect)
    .option('--from <address>', 'only emails (and their attachments) from this sender (repeatable)', collect)
    .option('--to <address>', 'only emails (and their attachments) to this address (repeatable)', collect)
    .option('--summaries', 'with a chat model: have it write a one-line summary of each event first')
    .option('--format <format>', 'text (default), csv or markdown')
    .option('--output <file>', 'write to this file instead of standard output')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: TimelineFlags) => {
      const since = eventBound(opts.since, '--since');
      const until = eventBound(opts.until, '--until');
      const format = opts.json ? 'json' : (opts.format ?? 'text');
      if (!['text', 'csv', 'markdown', 'json'].includes(format))
        throw new QuireError('invalid-request', `--format must be text, csv or markdown, got "${format}"`);
      const scope = checkScope({
        in: opts.in,
        notIn: opts.notIn,
        kinds: parseKinds(opts.kind ?? []),
        from: opts.from,
        to: opts.to,
      });
      const { result, title } = await withWorkspace(globals(), name, async (ws) => ({
        result: await timeline(ws, {
          scope,
          since,
          until,
          complete: true,
          generate: { events: Boolean(opts.summaries) },
          onProgress: progress,
        }),
        title: ws.settings.name,
      }));
      const text =
        format === 'json'
          ? `${JSON.stringify(result)}\n`
          : format === 'csv'
            ? timelineCsv(result)
            : format === 'markdown'
              ? timelineMarkdown(title, result)
              : `${timelineText(result)}\n`;
      if (opts.output) {
        await writeFile(opts.output, text);
        process.stderr.write(`Wrote ${result.events.length} events to ${opts.output}\n`);
      } else process.stdout.write(text);
    });

  program
    .command('overview')
    .description('what a workspace holds: each document with its date, parties and a cited summary')
    .argument('<workspace>', 'workspace name')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }) => {
      const result = await withWorkspace(globals(), name, (ws) =>
        overview(ws, { complete: true, generate: { summaries: true }, onProgress: progress }),
      );
      print(Boolean(opts.json), result, () => {
        const byId = new Map(result.documents.map((d) => [d.documentId, d]));
        const lines: string[] = [];
        for (const group of result.groups) {
          lines.push(`${group.kind} (${group.documentIds.length})`);
          for (const id of group.documentIds) {
            const d = byId.get(id);
            if (!d) continue;
            const date = d.date ? `, ${formatIsoDate(d.date.value)}` : '';
            lines.push(`  ${d.title ?? d.path}${date}, ${d.pageCount} page${d.pageCount === 1 ? '' : 's'}`);
            lines.push(`    ${d.path}`);
            if (d.parties.length > 0) lines.push(`    Parties: ${d.parties.join('; ')}`);
            for (const s of d.summary.sentences) {
              const c = s.citations[0];
              lines.push(`    • ${s.text.replace(/\s+/g, ' ')}${c ? ` (${citationRef(c)})` : ''}`);
            }
            if (d.versions.length > 0)
              lines.push(
                `    Versions: ${d.versions.map((v) => `${v.path} (${Math.round(v.similarity * 100)}%)`).join('; ')}`,
              );
          }
        }
        if (result.documents.length === 0) lines.push('No indexed documents.');
        return lines.join('\n');
      });
    });

  program
    .command('versions')
    .description('documents that are versions of one another (drafts, a signed scan of a typed copy)')
    .argument('<workspace>', 'workspace name')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }) => {
      const result = await withWorkspace(globals(), name, (ws) =>
        versions(ws, { complete: true, onProgress: progress }),
      );
      print(Boolean(opts.json), result, () =>
        result.groups.length === 0
          ? 'No versions found: no two documents are near-duplicates.'
          : result.groups
              .map((g, i) =>
                [
                  `Group ${i + 1}:`,
                  ...g.documents.map((d) => `  ${d.path}${d.date ? ` (${d.date})` : ''}`),
                  ...g.pairs.map(
                    (p) => `  similarity ${Math.round(p.similarity * 100)}%: ${short(p.a)} ~ ${short(p.b)}`,
                  ),
                ].join('\n'),
              )
              .join('\n'),
      );
    });

  program
    .command('compare')
    .description('two versions of a document side by side: the differences, page by page')
    .argument('<workspace>', 'workspace name')
    .argument('<a>', 'a document: its path (or relative to a watched folder) or id')
    .argument('<b>', 'the other document')
    .option('--json', 'print JSON')
    .action(async (name: string, a: string, b: string, opts: { json?: boolean }) => {
      const result = await withWorkspace(globals(), name, (ws) => compare(ws, a, b));
      print(Boolean(opts.json), result, () => {
        const lines = [
          `${result.a.path} ↔ ${result.b.path} (similarity ${Math.round(result.similarity * 100)}%)`,
        ];
        for (const page of result.pages) {
          if (page.changes.length === 0) continue;
          lines.push(`Page ${page.pageA ?? '—'} ↔ ${page.pageB ?? '—'}:`);
          for (const c of page.changes) {
            if (c.kind === 'added') lines.push(`  + ${c.text}`);
            else if (c.kind === 'removed') lines.push(`  - ${c.text}`);
            else lines.push(`  ~ ${c.was} → ${c.text}`);
          }
        }
        if (lines.length === 1) lines.push('No differences in the text.');
        return lines.join('\n');
      });
    });
}

const short = (id: string) => id.slice(0, 12);

function timelineText(result: Awaited<ReturnType<typeof timeline>>): string {
  const lines: string[] = [];
  if (result.scope) {
    const n = result.scopeDocuments ?? 0;
    lines.push(`Scope: ${describeScope(result.scope)} (${n} document${n === 1 ? '' : 's'})`);
  }
  for (const e of result.events) {
    lines.push(`${formatEventDate(e)}  ${(e.summary ?? e.text).replace(/\s+/g, ' ')}`);
    for (const c of e.citations) lines.push(`    ${citationRef(c)}`);
  }
  if (result.events.length === 0) lines.push('No dated statements found.');
  return lines.join('\n');
}
