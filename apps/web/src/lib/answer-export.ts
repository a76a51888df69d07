// An answer taken out of Quire: as plain text for the clipboard, or as an evidence bundle file.
import type { Citation, EvidenceInput } from './api.ts';
import { numberCitations } from './citation-numbering.ts';
import { baseName } from './format.ts';
import { pageAndBatesText } from './page-label.ts';
import type { Turn } from './turn.ts';
import { closestPassages, TURN_LABELS, turnLabel } from './turn-evidence.ts';

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
const sourceWhere = (c: Citation | undefined) => (c ? `${baseName(c.path)}, ${pageAndBatesText(c)}` : '');

/**
 * The turn as plain text for the clipboard: an answer with its markers and sources numbered as shown
 * (several quotes of a source under its one number); closest passages under their heading, not as an
 * answer; or "Not found in these documents".
 */
export function copyText(turn: Turn): string {
  const label = turnLabel(turn);
  if (label === 'not-found') return `${TURN_LABELS['not-found']}.\n`;
  if (label === 'closest') {
    const passages = closestPassages(turn).map(
      (p, i) => `${i + 1}. ${baseName(p.path)}, ${pageAndBatesText(p)}: “${flat(p.text)}”`,
    );
    return `${TURN_LABELS.closest}:\n${passages.join('\n')}\n`;
  }
  const numbering = numberCitations(turn.answer, turn.status === 'done' ? turn.citations : null);
  const answer = numbering.pieces
    .map((piece) => (piece.kind === 'text' ? piece.text : piece.refs.map((r) => `[${r.number}]`).join('')))
    .join('');
  const sources = numbering.cards.map(
    (card) =>
      `[${card.number}] ${sourceWhere(card.quotes[0])}: ${card.quotes.map((q) => `“${flat(q.quote)}”`).join(' … ')}`,
  );
  return sources.length > 0 ? `${answer}\n\nSources:\n${sources.join('\n')}\n` : `${answer}\n`;
}

/** What the evidence bundle of a turn records; `null` while the turn has no answer yet. */
export function evidenceOf(turn: Turn, threadId: string | null): EvidenceInput | null {
  if (!turn.mode) return null;
  return {
    question: turn.question,
    standaloneQuery: turn.standaloneQuery || turn.question,
    answer: turn.answer,
    mode: turn.mode,
    ...(turn.support ? { support: turn.support } : {}),
    time: turn.time,
    threadId,
    // A thread does not record which models answered: a turn loaded from one names none.
    models: turn.models ?? { embedding: null, chat: null, rerank: null },
    citations: turn.citations,
    scope: turn.scope,
    scopeDocuments: turn.scopeDocuments,
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
