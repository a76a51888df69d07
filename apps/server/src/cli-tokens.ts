// `quire tokens add|list|rm`: named access tokens for a served data home (api/named-tokens.ts). A
// token is printed once, when added; only its sha256 is kept. `--json` shapes are a public contract.
import type { Command } from 'commander';
import { ALL_WORKSPACES, addToken, listTokens, type NamedToken, removeToken } from './api/named-tokens.ts';
import { type GlobalOptions, openRegistry, print } from './cli-support.ts';
import { QuireError } from './errors.ts';

/** A token as listed: everything but its hash. */
const shown = ({ name, workspaces, created }: NamedToken) => ({ name, workspaces, created });
const describe = (t: NamedToken) =>
  `${t.name}  ${t.workspaces === ALL_WORKSPACES ? 'all workspaces' : t.workspaces.join(', ')}  (created ${t.created.slice(0, 10)})`;

export function addTokenCommands(program: Command, globals: () => GlobalOptions): void {
  const tokens = program
    .command('tokens')
    .description('named access tokens for `quire serve --allow-remote`, each limited to some workspaces');

  tokens
    .command('add')
    .description('create a token that may read and ask only the given workspaces (printed once)')
    .argument('<name>', 'who it is for: a short slug (lowercase letters, digits, dashes)')
    .option('--workspaces <list>', 'comma-separated workspace names or slugs; "*" for every workspace')
    .option('--all', 'every workspace, present and future (same as --workspaces "*")')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { workspaces?: string; all?: boolean; json?: boolean }) => {
      const registry = await openRegistry(globals());
      const wanted = (opts.workspaces ?? '')
        .split(',')
        .map((w) => w.trim())
        .filter(Boolean);
      if (opts.all === wanted.length > 0)
        throw new QuireError('invalid-request', 'Give either --workspaces a,b (names or slugs) or --all');
      const all = opts.all || wanted.includes(ALL_WORKSPACES);
      // Each name must be an existing workspace: a typo would otherwise grant nothing, silently.
      const slugs = all
        ? ALL_WORKSPACES
        : [...new Set(await Promise.all(wanted.map(async (w) => (await registry.get(w)).slug)))];
      const { token, entry } = await addToken(registry.home, name, slugs);
      print(Boolean(opts.json), { ...shown(entry), token }, () =>
        [
          `Token "${name}" for ${slugs === ALL_WORKSPACES ? 'every workspace' : slugs.join(', ')}:`,
          token,
          'It is shown only now: give it to its holder (Authorization: Bearer <token>). Remove it with quire tokens rm.',
        ].join('\n'),
      );
    });

  tokens
    .command('list')
    .description('the named tokens: names, workspaces and when created (never the tokens)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const registry = await openRegistry(globals());
      const all = await listTokens(registry.home);
      print(Boolean(opts.json), { tokens: all.map(shown) }, () =>
        all.length === 0 ? 'No named tokens.' : all.map(describe).join('\n'),
      );
    });

  tokens
    .command('rm')
    .description('remove a named token: a server refuses it from the next request')
    .argument('<name>', 'the token name')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }) => {
      const registry = await openRegistry(globals());
      const removed = await removeToken(registry.home, name);
      print(Boolean(opts.json), { removed: shown(removed) }, () => `Removed the token "${name}".`);
    });
}
