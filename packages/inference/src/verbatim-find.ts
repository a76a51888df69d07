interface Folded {
  text: string;
  /** For each character of `text`, the index of the character of the original it came from. */
  origin: number[];
}

const QUOTE_CHARS: Record<string, string> = { '‘': "'", '’': "'", '“': '"', '”': '"', '–': '-', '—': '-' };

/** Lower-cases, straightens quotes and dashes, and collapses whitespace runs to one space, keeping a map back. */
function fold(text: string): Folded {
  let folded = '';
  const origin: number[] = [];
  let lastWasSpace = true;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (/\s/.test(char)) {
      if (!lastWasSpace) {
        folded += ' ';
        origin.push(i);
      }
      lastWasSpace = true;
      continue;
    }
    lastWasSpace = false;
    for (const piece of (QUOTE_CHARS[char] ?? char).toLowerCase()) {
      folded += piece;
      origin.push(i);
    }
  }
  return { text: folded.trimEnd(), origin };
}

/**
 * Where `needle` occurs in `haystack`, ignoring case and differences in whitespace, as offsets
 * into `haystack` (so `haystack.slice(start, end)` is the verbatim span), or null.
 */
export function findVerbatim(haystack: string, needle: string): { start: number; end: number } | null {
  const target = fold(needle.trim()).text;
  if (target.length === 0) return null;
  const source = fold(haystack);
  const index = source.text.indexOf(target);
  if (index < 0) return null;
  const start = source.origin[index];
  const last = source.origin[index + target.length - 1];
  if (start === undefined || last === undefined) return null;
  return { start, end: last + 1 };
}
