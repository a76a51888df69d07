import { join } from 'node:path';
import {
  BUILTIN_MODEL_FILE,
  buildBuiltinModel,
  type DownloadProgress,
  hardwareReport,
  recommend,
} from '@quire/models';
import type { Command } from 'commander';
import {
  type GlobalOptions,
  normalizeModelRef,
  openRegistry,
  print,
  progressBar,
  withWorkspace,
} from './cli-support.ts';
import { QuireError } from './errors.ts';
import { modelManager, modelOverview, resolveModel } from './model-resolution.ts';
import { switchEmbeddingModel } from './model-switch.ts';

const ROLES = ['embedding', 'chat', 'rerank'] as const;
type Role = (typeof ROLES)[number];

/** `quire models …`: the built-in model, and which model a workspace uses for each role. */
export function addModelCommands(program: Command, globals: () => GlobalOptions): void {
  const models = program
    .command('models')
    .description('manage models (all local; downloads only when you ask)');

  const modelsDir = async () => (await openRegistry(globals())).modelsDir;

  models
    .command('list')
    .description('installed models, the built-in one, and the recommended catalogue')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const overview = await modelOverview(await modelsDir());
      const { builtin, installed, catalogue } = overview;
      print(Boolean(opts.json), overview, () => {
        const lines = [`builtin     embedding  ${builtin.built ? builtin.file : '(generated on first use)'}`];
        for (const m of installed)
          lines.push(`${m.id.padEnd(24)} ${String(m.role ?? '?').padEnd(9)} ${gb(m.sizeBytes)} ${m.file}`);
        lines.push('', 'Recommended (quire models pull <id>):');
        for (const c of catalogue) {
          lines.push(
            `${c.installed ? '✓' : ' '} ${c.id.padEnd(26)} ${c.role.padEnd(9)} ${gb(c.sizeBytes)} RAM ${gb(c.ramBytes)}  ${c.license}`,
          );
        }
        return lines.join('\n');
      });
    });

  models
    .command('pull')
    .description('download a model (the only network access Quire makes, and only when you ask)')
    .argument('<ref>', 'a catalogue id, hf:<owner>/<repo>/<file>.gguf, or an https URL')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      const model = await modelManager(await modelsDir()).pull(ref, {
        signal: controller.signal,
        onProgress: downloadLine,
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      print(
        Boolean(opts.json),
        { model },
        () => `Installed ${model.id} (${model.role ?? 'unknown role'}) at ${model.file}`,
      );
    });

  models
    .command('import')
    .description('use a local .gguf file (recorded where it is unless --copy)')
    .argument('<file>', 'path to a .gguf file')
    .option('--copy', 'copy it into the models folder')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { copy?: boolean; json?: boolean }) => {
      const model = await modelManager(await modelsDir()).import(file, { copy: Boolean(opts.copy) });
      print(
        Boolean(opts.json),
        { model },
        () => `Imported ${model.id} (${model.role ?? 'unknown role'}): ${model.file}`,
      );
    });

  models
    .command('discover')
    .description('find GGUF models already on this machine (Ollama, LM Studio)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const found = await modelManager(await modelsDir()).discover();
      print(Boolean(opts.json), { models: found }, () =>
        found.length === 0
          ? 'No Ollama or LM Studio models found.'
          : found
              .map((m) => `${m.source.padEnd(9)} ${m.name.padEnd(40)} ${gb(m.sizeBytes)} ${m.file}`)
              .join('\n'),
      );
    });

  models
    .command('rm')
    .description('forget an installed model (its file is deleted only if Quire downloaded or copied it)')
    .argument('<id>', 'installed model id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const result = await modelManager(await modelsDir()).remove(id);
      print(Boolean(opts.json), result, () =>
        result.fileDeleted
          ? `Removed ${id} and deleted ${result.model.file}`
          : `Removed ${id} (file kept: ${result.model.file})`,
      );
    });

  models
    .command('hardware')
    .description('memory and GPU of this machine, and the models that fit')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const report = await hardwareReport();
      const recommendation = recommend(report);
      print(Boolean(opts.json), { report, recommendation }, () =>
        [
          `RAM ${gb(report.totalRamBytes)} (${gb(report.freeRamBytes)} free), ${report.cpuCount} CPUs, GPU: ${report.gpu || 'none'}`,
          `Recommended chat model: ${recommendation.chat?.id ?? 'none fits'}; embedding: ${recommendation.embedding.id}`,
          recommendation.reason,
        ].join('\n'),
      );
    });

  models
    .command('build-default')
    .description('generate the built-in embedding model from the word vectors shipped with Quire')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const path = join(await modelsDir(), BUILTIN_MODEL_FILE);
      const started = Date.now();
      await buildBuiltinModel(path);
      const seconds = (Date.now() - started) / 1000;
      print(Boolean(opts.json), { path, seconds }, () => `Built ${path} in ${seconds.toFixed(1)} s`);
    });

  models
    .command('use')
    .description("set a workspace's model for a role (a new embedding model re-embeds the workspace)")
    .argument('<model>', 'builtin, none, a model id or a .gguf file')
    .requiredOption('--workspace <name>', 'workspace name')
    .requiredOption('--role <role>', 'embedding, chat or rerank')
    .option('--json', 'print JSON')
    .action(async (model: string, opts: { workspace: string; role: string; json?: boolean }) => {
      if (!ROLES.includes(opts.role as Role)) {
        throw new QuireError(
          'invalid-request',
          `--role must be one of ${ROLES.join(', ')}, not "${opts.role}"`,
        );
      }
      const role = opts.role as Role;
      const ref = normalizeModelRef(model);
      const result = await withWorkspace(
        { ...globals(), embeddingModel: undefined },
        opts.workspace,
        async (ws) => {
          if (role === 'embedding') {
            if (ref === ws.settings.embeddingModel)
              return { workspace: ws.settings.slug, role, model: ref, reembedded: 0 };
            const report = await switchEmbeddingModel(ws, ref, {
              onProgress: (p) => progressBar(p.done, p.total, 'chunks re-embedded'),
            });
            return { workspace: ws.settings.slug, role, model: ref, reembedded: report.chunks };
          }
          await resolveModel(ws.registry.modelsDir, ref);
          const key = role === 'chat' ? 'chatModel' : 'rerankModel';
          await ws.registry.update(ws.settings, { [key]: ref });
          return { workspace: ws.settings.slug, role, model: ref, reembedded: 0 };
        },
      );
      print(Boolean(opts.json), result, () =>
        role === 'embedding'
          ? `Workspace ${result.workspace} now embeds with ${ref ?? 'no model (full-text only)'} (${result.reembedded} chunks re-embedded)`
          : `Workspace ${result.workspace} now uses ${ref ?? 'no model'} for ${role}`,
      );
    });
}

function gb(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`.padStart(9);
}

let lastDraw = 0;
/** `█████░░░ 1.20/2.50 GB  35.1 MB/s  ETA 37 s` on a terminal. */
function downloadLine(p: DownloadProgress): void {
  if (!process.stderr.isTTY || Date.now() - lastDraw < 100) return;
  lastDraw = Date.now();
  const total = p.totalBytes ?? 0;
  const width = 24;
  const filled = total ? Math.round((p.receivedBytes / total) * width) : 0;
  const eta = p.etaSeconds === null ? '' : `  ETA ${Math.ceil(p.etaSeconds)} s`;
  const rate = `${(p.bytesPerSecond / 1024 ** 2).toFixed(1)} MB/s`;
  const size = total ? `${gb(p.receivedBytes).trim()}/${gb(total).trim()}` : gb(p.receivedBytes).trim();
  process.stderr.write(`\r\x1b[K${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${size}  ${rate}${eta}`);
}
