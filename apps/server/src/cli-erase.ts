// `quire erase <workspace> <path|documentId>`: a document leaves the workspace for good (see erase.ts).
// On a terminal it first says what will be removed and asks; `--yes` (or `--json`) erases at once; a
// script that gives neither is refused, so nothing is erased by accident.
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { type GlobalOptions, print, withWorkspace } from './cli-support.ts';
import { type ErasePreview, type EraseResult, eraseDocument, previewErase } from './erase.ts';
import { QuireError } from './errors.ts';

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/** What the confirmation lists: paths, attachments, thread turns and audit entries. */
export function describePreview(p: ErasePreview): string {
  const lines = [
    `Erase ${p.title ? `"${p.title}" ` : ''}(${p.kind}, ${p.documentId.slice(0, 12)}) from Quire:`,
  ];
  for (const path of p.paths) lines.push(`  ${path}`);
  for (const a of p.attachments)
    for (const path of a.paths)
      lines.push(`  ${path} (attachment${a.erased ? '' : ': unlinked only, another path keeps it'})`);
  lines.push(
    `Its text leaves the index and every older index version; ${plural(p.threads, 'thread turn')} citing it get the removal marker in place of its quotes; ${plural(p.audit, 'audit entry', 'audit entries')} keep its hash with a tombstone.`,
    'The file stays in your folder and is not read again unless its content changes.',
  );
  return lines.join('\n');
}

function describeResult(r: EraseResult): string {
  const attachments = r.erased.attachments.filter((a) => a.erased).length;
  return [
    `Erased ${r.erased.documentId.slice(0, 12)} (${plural(r.erased.paths.length, 'path')}${attachments > 0 ? `, ${plural(attachments, 'attachment')}` : ''}) on ${r.erased.at.slice(0, 10)}.`,
    `Redacted ${plural(r.threads, 'thread turn')}; tombstoned ${plural(r.audit, 'audit entry', 'audit entries')}.`,
  ].join('\n');
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function addEraseCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('erase')
    .description(
      'erase a document from the workspace for good: index and its old versions, quotes in threads, logs (the file stays)',
    )
    .argument('<workspace>', 'workspace name')
    .argument('<document>', 'the document: its path (or relative to a watched folder) or id')
    .option('--yes', 'erase without asking for confirmation')
    .option('--json', 'print JSON (implies --yes)')
    .action(async (name: string, ref: string, opts: { yes?: boolean; json?: boolean }) => {
      const json = Boolean(opts.json);
      const result = await withWorkspace(globals(), name, async (ws) => {
        if (!opts.yes && !json) {
          if (!process.stdin.isTTY)
            throw new QuireError(
              'invalid-request',
              'quire erase asks for confirmation on a terminal: pass --yes to erase without it',
            );
          process.stderr.write(`${describePreview(await previewErase(ws, ref))}\n`);
          if (!(await confirm('Erase it? [y/N] '))) return null;
        }
        return eraseDocument(ws, ref);
      });
      if (result === null) process.stderr.write('Nothing was erased.\n');
      else print(json, result, () => describeResult(result));
    });
}
