import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnswerMode, Citation, SupportLevel } from '@quire/inference';
import { QuireError } from './errors.ts';
import { appendJsonLines, readJsonLines } from './json-lines.ts';
import { type Erasure, markerOf, redactEmailRefs, rewriteJsonLines } from './redaction.ts';
import type { Scope } from './scope.ts';

/** A turn's citation; `erased` (ISO time) marks one of an erased document, its quote replaced. */
export type ThreadCitation = Citation & { erased?: string };

/** One question and its answer in a conversation. */
export interface ThreadTurn {
  time: string;
  question: string;
  /** The question as retrieval saw it (rewritten to stand alone for a follow-up). */
  standaloneQuery: string;
  answer: string;
  mode: AnswerMode;
  /** How well the sources supported the answer (absent in turns written before support levels). */
  support?: SupportLevel;
  citations: ThreadCitation[];
  /** The models that answered (absent in turns written before they were recorded). */
  models?: { embedding: string | null; chat: string | null; rerank: string | null };
  /** The part of the workspace asked (null: all of it; absent in turns written before scopes). */
  scope?: Scope | null;
}

export interface ThreadSummary {
  id: string;
  /** The thread's first question. */
  title: string;
  turns: number;
  updatedAt: string;
}

const ID = /^[a-z0-9][a-z0-9-]{5,63}$/;

/**
 * Conversations of one workspace, one append-only JSON-lines file each in `<workspace>/threads/`. Kept
 * inside the workspace folder, so history never crosses workspaces.
 */
export class ThreadStore {
  private readonly dir: string;

  constructor(workspaceDir: string) {
    this.dir = join(workspaceDir, 'threads');
  }

  /** A new, empty thread's id. */
  newId(): string {
    return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  }

  private file(id: string): string {
    if (!ID.test(id)) throw new QuireError('invalid-request', `Not a thread id: "${id}"`);
    return join(this.dir, `${id}.jsonl`);
  }

  /** The turns of a thread, oldest first; an id never written to is an empty thread. */
  async turns(id: string): Promise<ThreadTurn[]> {
    return readJsonLines<ThreadTurn>(this.file(id));
  }

  /** Whether a thread exists on disk. */
  async exists(id: string): Promise<boolean> {
    return stat(this.file(id)).then(
      () => true,
      () => false,
    );
  }

  async append(id: string, turn: ThreadTurn): Promise<void> {
    await appendJsonLines(this.file(id), [turn]);
  }

  async list(): Promise<ThreadSummary[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const out: ThreadSummary[] = [];
    for (const name of names) {
      const id = name.replace(/\.jsonl$/, '');
      if (!name.endsWith('.jsonl') || !ID.test(id)) continue;
      const turns = await this.turns(id);
      const first = turns[0];
      const last = turns.at(-1);
      if (first && last) out.push({ id, title: first.question, turns: turns.length, updatedAt: last.time });
    }
    return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /**
   * Redacts every thread of what `erasure` erased (see {@link redactThread}), each file rewritten
   * atomically; returns how many turns changed (with `dryRun`, how many would).
   */
  async redact(erasure: Erasure, dryRun = false): Promise<number> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    let turns = 0;
    for (const name of names) {
      if (!name.endsWith('.jsonl') || !ID.test(name.slice(0, -6))) continue;
      turns += await rewriteJsonLines(join(this.dir, name), redactThread(erasure), dryRun);
    }
    return turns;
  }

  async remove(id: string): Promise<boolean> {
    const file = this.file(id);
    const existed = await this.exists(id);
    await rm(file, { force: true });
    return existed;
  }
}

/**
 * A redactor of one thread's turns, in order (null: a turn left as it is). A turn citing an erased
 * document keeps its question, its other citations and the erased document's hash, but the quotes,
 * heading and path of those citations become the removal marker, and so does its answer: an extractive
 * answer is made of the quotes themselves, and a generated one restates them, often word for word, so
 * neither can be kept without keeping the erased text. After such a turn, a later question that the chat
 * model rewrote to stand alone (it reads the earlier answers) loses that rewrite too; without a chat model
 * a rewrite only adds words of earlier questions, which are the user's own.
 */
export function redactThread(erasure: Erasure): (turn: ThreadTurn) => ThreadTurn | null {
  const marker = markerOf(erasure);
  let tainted = false;
  return (turn) => {
    let changed = false;
    const citations = turn.citations.map((c): ThreadCitation => {
      const attachedTo = redactEmailRefs(c.attachedTo, erasure);
      const cited = erasure.documentIds.has(c.documentId) && c.erased === undefined;
      if (!cited && !attachedTo) return c;
      changed = true;
      return {
        ...c,
        ...(attachedTo ? { attachedTo } : {}),
        ...(cited ? { quote: marker, heading: null, path: marker, erased: erasure.at } : {}),
      };
    });
    const cites = citations.some((c) => c.erased === erasure.at);
    const answer = cites && turn.mode !== 'refused' ? marker : turn.answer;
    const standaloneQuery =
      tainted &&
      turn.models?.chat &&
      turn.standaloneQuery !== turn.question &&
      turn.standaloneQuery !== marker
        ? marker
        : turn.standaloneQuery;
    tainted ||= cites;
    if (!changed && answer === turn.answer && standaloneQuery === turn.standaloneQuery) return null;
    return { ...turn, answer, standaloneQuery, citations };
  };
}
