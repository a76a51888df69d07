interface Folded {
  text: string;
  /** For each character of `text`, the index of the character of the original it came from. */
  origin: number[];
}

const QUOTE_CHARS: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '′': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '″': '"',
  '–': '-',
  '—': '-',
  '‐': '-',
  '‑': '-',
  '−': '-',
};
// A hyphen that ends a line before a lower-case letter splits one word across two lines.
const LINE_BREAK_HYPHEN = /^-[^\S\n]*\n\s*(?=\p{Ll})/u;

/**
 * Lower-cases, applies NFKC (ligatures such as "ﬁ" become "fi"), straightens quotes and dashes, joins
 * words hyphenated across lines, drops soft hyphens, and collapses whitespace runs to one space,
 * keeping a map from each folded character back to the original.
 */
function fold(text: string): Folded {
  let folded = '';
  const origin: number[] = [];
  let lastWasSpace = true;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '\u00ad') continue;
    if (char === '-' || char === '‐') {
      const join = LINE_BREAK_HYPHEN.exec(text.slice(i, i + 40).replace('‐', '-'));
      if (join && i > 0 && /\p{L}/u.test(text[i - 1] ?? '')) {
        i += join[0].length - 1;
        continue;
      }
    }
    if (/\s/.test(char)) {
      if (!lastWasSpace) {
        folded += ' ';
        origin.push(i);
      }
      lastWasSpace = true;
      continue;
    }
    lastWasSpace = false;
    for (const piece of (QUOTE_CHARS[char] ?? char.normalize('NFKC')).toLowerCase()) {
      folded += piece;
      origin.push(i);
    }
  }
  return { text: folded.trimEnd(), origin };
}

/**
 * Where `needle` occurs in `haystack`, ignoring case, whitespace, quote-mark and dash styles, ligatures
 * and words hyphenated across lines, as offsets into `haystack` (so `haystack.slice(start, end)` is the
 * verbatim span), or null. With several occurrences, the one starting nearest to `near`.
 */
export function findVerbatim(
  haystack: string,
  needle: string,
  near = 0,
): { start: number; end: number } | null {
  const target = fold(needle.trim()).text;
  if (target.length === 0) return null;
  const source = fold(haystack);
  let index = source.text.indexOf(target);
  if (index < 0) return null;
  for (
    let next = source.text.indexOf(target, index + 1);
    next >= 0;
    next = source.text.indexOf(target, next + 1)
  ) {
    if (Math.abs((source.origin[next] ?? 0) - near) < Math.abs((source.origin[index] ?? 0) - near))
      index = next;
  }
  const start = source.origin[index];
  const last = source.origin[index + target.length - 1];
  if (start === undefined || last === undefined) return null;
  return { start, end: last + 1 };
}
