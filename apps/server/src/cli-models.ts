import { join } from 'node:path';
import { BUILTIN_MODEL_FILE, buildBuiltinModel } from '@quire/embeddings';
import type { Command } from 'commander';
import { type GlobalOptions, normalizeModelRef, print, progressBar, withWorkspace } from './cli-support.ts';
import { QuireError } from './errors.ts';
import { ensureHome, resolveHome } from './home.ts';
import { modelsDir } from './model-resolution.ts';
import { switchEmbeddingModel } from './model-switch.ts';

const ROLES = ['embedding', 'chat', 'rerank'] as const;
type Role = (typeof ROLES)[number];

/** `quire models …`: the built-in model, and which model a workspace uses for each role. */
export function addModelCommands(program: Command, globals: () => GlobalOptions): void {
  const models = program
    .command('models')
    .description('manage models (all local; downloads only when you ask)');

  models
    .command('build-default')
    .description('generate the built-in embedding model from the word vectors shipped with Quire')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const home = await ensureHome(resolveHome(globals().home));
      const path = join(modelsDir(home), BUILTIN_MODEL_FILE);
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
