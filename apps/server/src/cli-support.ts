import { basename, resolve } from 'node:path';
import { createParser } from '@quire/ingest';
import { isRemoteRef, parseRemoteRef } from '@quire/models';
import { type Command, InvalidArgumentError } from 'commander';
import { QuireError } from './errors.ts';
import { ensureHome, resolveHome, resolveMemoryBudgetMb } from './home.ts';
import type { DocumentStateEvent, IngestEvent, ModelBuildEvent, ProgressEvent } from './ingest-events.ts';
import { BUILTIN, NONE } from './model-resolution.ts';
import { OpenWorkspace } from './open-workspace.ts';
import { checkScope, parseKinds, type Scope } from './scope.ts';
import { WorkspaceRegistry } from './workspace-registry.ts';

/** Options every `quire` command accepts. */
export interface GlobalOptions {
  home?: string;
  embeddingModel?: string;
  chatModel?: string;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new InvalidArgumentError('expected a whole number from 1 to 1000');
  }
  return n;
}

export function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port from 0 to 65535');
  return n;
}

/** The scope flags of `quire search` and `quire ask` (issue 17); the repeatable ones are lists. */
export interface ScopeFlags {
  in?: string[];
  notIn?: string[];
  kind?: string[];
  since?: string;
  until?: string;
  from?: string[];
  to?: string[];
  wholeWorkspace?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds the scope flags to a command: each narrows the documents searched; all of them must hold. */
export function addScopeOptions(command: Command): Command {
  return command
    .option(
      '--in <glob>',
      'only documents whose path matches (repeatable; `folder/` is all below it)',
      collect,
    )
    .option('--not-in <glob>', 'leave out documents whose path matches (repeatable)', collect)
    .option(
      '--kind <kinds>',
      'only these kinds: pdf, word, email, sheet, slides, image, … (comma-separated)',
      collect,
    )
    .option('--since <date>', 'only documents dated on or after this day (YYYY-MM-DD)')
    .option('--until <date>', 'only documents dated on or before this day (YYYY-MM-DD)')
    .option('--from <address>', 'only emails (and their attachments) from this sender (repeatable)', collect)
    .option(
      '--to <address>',
      'only emails (and their attachments) to or copied to this address (repeatable)',
      collect,
    )
    .option('--whole-workspace', "the whole workspace (drops a thread's scope)");
}

/**
 * The scope the flags name, checked as the HTTP API checks it (an invalid one throws an
 * `invalid-request` error saying why). Undefined when no flag is given (a thread then keeps its scope);
 * null with `--whole-workspace`.
 */
export function scopeOf(flags: ScopeFlags): Scope | null | undefined {
  const scope: Scope = {
    in: flags.in,
    notIn: flags.notIn,
    kinds: parseKinds(flags.kind ?? []),
    since: flags.since,
    until: flags.until,
    from: flags.from,
    to: flags.to,
  };
  const narrowed = checkScope(scope);
  if (flags.wholeWorkspace) {
    if (narrowed)
      throw new QuireError('invalid-request', '--whole-workspace cannot be given with other scope flags');
    return null;
  }
  return narrowed ?? undefined;
}

/** Prints `value` as one JSON line with `--json`, else the human text. */
export function print(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
}

/**
 * A model reference as stored in settings: `builtin`, null for `none`, an id, an absolute path, or a
 * canonical `openai-compatible:<base-url>#<model>`.
 */
export function normalizeModelRef(value: string): string | null {
  if (value === NONE) return null;
  if (value === BUILTIN) return BUILTIN;
  if (isRemoteRef(value)) return parseRemoteRef(value).ref;
  return /[\\/]|\.gguf$/i.test(value) ? resolve(value) : value;
}

export async function openRegistry(globals: GlobalOptions): Promise<WorkspaceRegistry> {
  return new WorkspaceRegistry(await ensureHome(resolveHome(globals.home)));
}

const tellBuild = () =>
  process.stderr.write('Building the built-in embedding model (first use only, a few seconds)…\n');

/** What `quire serve` prints of the built-in model's build: one line as it starts, one when it is ready. */
export function modelBuildPrinter(): (event: ModelBuildEvent) => void {
  let started = false;
  return (event) => {
    if (event.state === 'building' && !started) {
      started = true;
      tellBuild();
    } else if (event.state === 'ready') {
      process.stderr.write('The built-in embedding model is ready.\n');
    } else if (event.state === 'failed') {
      process.stderr.write(`Could not build the built-in embedding model: ${event.error}\n`);
    }
  };
}

/** Runs `work` on an opened workspace and always closes it (models, index). */
export async function withWorkspace<T>(
  globals: GlobalOptions,
  name: string,
  work: (ws: OpenWorkspace) => Promise<T>,
  options: { isolatedParsing?: boolean } = {},
): Promise<T> {
  const registry = await openRegistry(globals);
  const parser = options.isolatedParsing ? createParser({ budgetMb: resolveMemoryBudgetMb() }) : undefined;
  // Started while the workspace opens (model, index), so the first file does not wait for it.
  parser?.warm?.();
  try {
    const ws = await OpenWorkspace.open(registry, name, {
      embeddingModel: globals.embeddingModel,
      chatModel: globals.chatModel,
      onBuildModel: tellBuild,
      parser,
    });
    try {
      return await work(ws);
    } finally {
      await ws.close();
    }
  } finally {
    await parser?.close();
  }
}

/** Where progress is drawn: stderr, or anything that says whether it is a terminal and takes text. */
export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A one-line progress bar on stderr, drawn only on a terminal. */
export function progressBar(
  done: number,
  total: number,
  label: string,
  out: ProgressOutput = process.stderr,
): void {
  if (!out.isTTY) return;
  const width = 24;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const text = label.length > 60 ? `…${label.slice(-59)}` : label;
  out.write(`\r\x1b[K${bar} ${done}/${total} ${text}`);
  if (done >= total) out.write('\n');
}

/**
 * Draws sync progress on a terminal's stderr: a bar, files done, pages parsed, time left, and the file
 * being worked on with how far it has come ("DA-619p.pdf: page 120 of 619", "… OCR page 3 of 10",
 * "… embedding chunk 128 of 1240"). Draws at most ten times a second; prints nothing when stderr is not
 * a terminal.
 */
export function syncProgressPrinter(out: ProgressOutput = process.stderr): (event: IngestEvent) => void {
  let current = '';
  let last = 0;
  let run: ProgressEvent | null = null;
  // Until a file is done, every file of the run is one announced `queued`.
  let queued = 0;
  return (event) => {
    if (!out.isTTY) return;
    if (event.type === 'document') {
      if (event.state === 'queued') queued++;
      if (event.state !== 'parsing' && event.state !== 'embedding') return;
      current = activity(event);
    } else {
      run = event;
    }
    const finished = run?.finished ?? false;
    if (!finished && Date.now() - last < 100) return;
    last = Date.now();
    const eta = run?.etaSeconds == null ? '' : ` ETA ${formatSeconds(run.etaSeconds)}`;
    const label = `${run?.pages ?? 0} pages${eta} ${finished ? '' : current}`;
    progressBar(run?.done ?? 0, run?.total ?? queued, label, out);
  };
}

/** What is being done to one document, and how far it has come. */
function activity(event: DocumentStateEvent): string {
  const name = basename(event.path);
  if (event.state === 'parsing') {
    if (event.ocr) return `${name}: OCR page ${event.ocr.done} of ${event.ocr.total}`;
    if (event.parse) return `${name}: page ${event.parse.done} of ${event.parse.total}`;
  } else if (event.embed) {
    return `${name}: embedding chunk ${event.embed.done} of ${event.embed.total}`;
  }
  return `${event.state} ${name}`;
}

function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
