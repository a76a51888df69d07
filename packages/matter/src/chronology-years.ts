// Years written alone — "in 2014", "FY2021", "2019–2021" — which the date parser leaves out. A bare
// four-digit number is far more often a page, an amount or a count than a year, so a year is taken only
// where its wording says it is one.

/** A year or span of years found in a piece of text; `start`/`end` are offsets of its wording. */
export interface YearMention {
  year: number;
  yearEnd?: number;
  start: number;
  end: number;
}

const YEAR = String.raw`(1[89]\d\d|2[01]\d\d)`;

/** "FY2021", "FY 21", "fiscal year 2021", "financial year 2021". */
const FISCAL_YEAR = /\b(?:FY\s?'?|(?:fiscal|financial)\s+year\s+)(\d{4}|\d{2})\b/gi;

/** "from 2014 to 2016", "between 2014 and 2016". */
const WORDED_RANGE = new RegExp(
  String.raw`\b(?:from|between)\s+${YEAR}\s+(?:to|and|through|until|till)\s+${YEAR}\b`,
  'gi',
);

/** "2019–2021", "2019-21": a dash between two years, not part of a longer number, date or code. */
const DASHED_RANGE = new RegExp(
  String.raw`(?<![\d$€£¥/.,:#-])${YEAR}\s?[-–—]\s?(\d{4}|\d{2})(?![\d/%.,:-]*\d|[-/%])`,
  'g',
);

/** Words that say the number after them is a year: "in 2014", "during 2014", "the end of 2014", "mid-2014". */
const YEAR_CONTEXT = new RegExp(
  String.raw`\b(?:in|during|since|until|till|throughout|(?:the\s+)?(?:end|beginning|start|middle|spring|summer|autumn|fall|winter)\s+of|early|late|mid-?)\s*${YEAR}(?![\d/%-]|[.,]\d)`,
  'gi',
);

/** Words before a number that make it a page, section or code, not a year. */
const NOT_A_YEAR_BEFORE =
  /\b(?:pages?|pp?|nos?|numbers?|sections?|§|isbn|tel|phone|fax|items?|units?|rooms?)\.?\s*$/i;

/** Count nouns after a number that make it a quantity, not a year ("2014 units", "in 2014 cases"). */
const COUNT_AFTER =
  /^\s+(?:units?|items?|pages?|people|persons?|copies|words|employees|staff|times|cases|dollars|euros|pounds|tons?|tonnes?|kg|km|miles|metres|meters|hours|minutes|students|members|patients|samples|rows|records|votes|shares|points|users|customers)\b/i;

/** A two-digit year after a four-digit one ("2019-21") or in a fiscal year ("FY21"): 20xx or 19xx. */
function fullYear(digits: string, after: number): number {
  if (digits.length === 4) return Number(digits);
  const century = Math.floor(after / 100) * 100;
  const year = century + Number(digits);
  return year >= after ? year : year + 100;
}

/** Years written alone in `text`, in order of position, none overlapping another. */
export function yearMentions(text: string): YearMention[] {
  const found: YearMention[] = [];
  const add = (mention: YearMention): void => {
    if (found.some((m) => mention.start < m.end && m.start < mention.end)) return;
    if (COUNT_AFTER.test(text.slice(mention.end))) return;
    found.push(mention);
  };
  for (const m of text.matchAll(FISCAL_YEAR)) {
    const digits = m[1] as string;
    add({ year: fullYear(digits, 2000), start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(WORDED_RANGE)) {
    const year = Number(m[1]);
    const yearEnd = Number(m[2]);
    if (yearEnd > year) add({ year, yearEnd, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(DASHED_RANGE)) {
    const year = Number(m[1]);
    const yearEnd = fullYear(m[2] as string, year);
    if (yearEnd <= year || yearEnd - year > 100) continue;
    if (NOT_A_YEAR_BEFORE.test(text.slice(0, m.index))) continue;
    add({ year, yearEnd, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(YEAR_CONTEXT)) {
    const digits = m[1] as string;
    const end = m.index + m[0].length;
    add({ year: Number(digits), start: end - digits.length, end });
  }
  return found.sort((a, b) => a.start - b.start);
}
