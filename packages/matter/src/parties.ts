// The parties a document names, read from its opening: a contract's "between A and B" (also "by and
// between", "BETWEEN: … AND …") and a memo's or letter's From/To lines. Email parties come from the
// stored header card instead. Conservative: a name must start with a capital and be a few words long, so
// a sentence that merely uses "between" names no one.
/** Pages read: where a document introduces its parties. */
const OPENING_PAGES = 2;
/** A party's name: a capitalised run of at most this many words, up to a comma, bracket or line end. */
const MAX_NAME_WORDS = 8;

const NAME = String.raw`([A-Z][\w.&'’-]*(?:[ \t]+[\w.&'’()-]+){0,${MAX_NAME_WORDS - 1}}?)`;
const BETWEEN = new RegExp(
  String.raw`\b(?:by\s+and\s+)?between[:\s]+(?:\(1\)\s*)?${NAME}\s*(?:[,(\n]|\s+\(|\s+and\b)[\s\S]{0,300}?\band[:\s]+(?:\(2\)\s*)?${NAME}\s*(?=[,(.;\n]|$)`,
  'i',
);
const HEADER_LINE = /^[ \t]*(From|To)[ \t]*:[ \t]*(.+)$/gim;

/** The parties named in a document's first pages, in the order named, without repeats. */
export function documentParties(pages: readonly { text: string }[]): string[] {
  const text = pages
    .slice(0, OPENING_PAGES)
    .map((p) => p.text)
    .join('\n');
  const found: string[] = [];
  const between = BETWEEN.exec(text);
  if (between) found.push(clean(between[1] ?? ''), clean(between[2] ?? ''));
  for (const m of text.matchAll(HEADER_LINE)) {
    for (const name of (m[2] ?? '').split(/[;,]/)) found.push(clean(name));
    if (found.length > 12) break;
  }
  return [...new Set(found.filter(isName))];
}

function clean(name: string): string {
  return name
    .replace(/\s+/g, ' ')
    .replace(/^(?:the|a|an)\s+/i, '')
    .replace(/[\s,.;:(]+$/, '')
    .trim();
}

function isName(name: string): boolean {
  const words = name.split(' ');
  return /^[A-Z0-9]/.test(name) && words.length <= MAX_NAME_WORDS && /\p{L}{2}/u.test(name);
}
