const SENTENCE_END_BEFORE = /[.!?]["'”’)\]]?\s+|\n\s*\n/g;
const SENTENCE_END_AFTER = /[.!?]["'”’)\]]?(?=\s|$)|\n\s*\n/;
const ENDS_SENTENCE = /[.!?]["'”’)\]]?$/;

/**
 * Widens `[start, end)` of `text` outwards to whole sentences (at most `maxExtra` characters each way),
 * so a passage cut mid-sentence by the chunker reads as complete sentences. Offsets stay in `text`.
 */
export function widenToSentences(
  text: string,
  start: number,
  end: number,
  maxExtra = 300,
): { start: number; end: number } {
  let from = start;
  const lo = Math.max(0, start - maxExtra);
  const before = text.slice(lo, start);
  const startsSentence =
    before.trim() === '' || ENDS_SENTENCE.test(before.trimEnd()) || /\n\s*\n\s*$/.test(before);
  if (!startsSentence) {
    let cut = lo === 0 ? 0 : -1;
    for (const m of before.matchAll(SENTENCE_END_BEFORE)) cut = m.index + m[0].length;
    if (cut >= 0) from = lo + cut;
  }
  let to = end;
  if (!ENDS_SENTENCE.test(text.slice(start, end).trimEnd())) {
    const hi = Math.min(text.length, end + maxExtra);
    const m = SENTENCE_END_AFTER.exec(text.slice(end, hi));
    if (m) to = end + m.index + (m[0].startsWith('\n') ? 0 : m[0].length);
    else if (hi === text.length) to = text.length;
  }
  while (from < to && /\s/.test(text[from] ?? '')) from++;
  while (to > from && /\s/.test(text[to - 1] ?? '')) to--;
  return { start: Math.min(from, start), end: Math.max(to, end) };
}
