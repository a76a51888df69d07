// An answer taken out of Quire: as plain text for the clipboard, or as an evidence bundle file.
import type { EvidenceInput } from './api.ts';
import type { Turn } from './conversation.ts';
import { baseName } from './format.ts';

/** The answer and its sources as plain text, for the clipboard. */
export function copyText(turn: Turn): string {
  const sources = turn.citations.map(
    (c) => `[${c.n}] ${baseName(c.path)}, page ${c.page}: “${c.quote.replace(/\s+/g, ' ')}”`,
  );
  return sources.length > 0 ? `${turn.answer}\n\nSources:\n${sources.join('\n')}\n` : `${turn.answer}\n`;
}

/** What the evidence bundle of a turn records; `null` while the turn has no answer yet. */
export function evidenceOf(turn: Turn, threadId: string | null): EvidenceInput | null {
  if (!turn.mode) return null;
  return {
    question: turn.question,
    standaloneQuery: turn.standaloneQuery || turn.question,
    answer: turn.answer,
    mode: turn.mode,
    time: turn.time,
    threadId,
    // A thread does not record which models answered: a turn loaded from one names none.
    models: turn.models ?? { embedding: null, chat: null, rerank: null },
    citations: turn.citations,
  };
}

/** `quire-evidence-<slug>-2024-05-01T09-30-00Z.md`. */
export function evidenceFileName(slug: string, time: string): string {
  const stamp = (time || new Date().toISOString()).replace(/\.\d+Z$/, 'Z').replace(/[:]/g, '-');
  return `quire-evidence-${slug}-${stamp}.md`;
}

/** Offers `text` as a file download named `name`, through a temporary Blob URL. */
export function downloadFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
