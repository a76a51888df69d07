/**
 * What kind of answer a question asks for, read from its interrogative words (English, with the
 * common forms of French, German, Spanish, Korean and Arabic): an amount ("how much", "what
 * percentage"), a duration ("how long", "how soon", "how often"), a date ("when", "what year"), a
 * person ("who") or a place ("where").
 */
export type AnswerType = 'amount' | 'duration' | 'date' | 'person' | 'place';

/** Where an interrogative starts a question or clause ("…, when", "to whom"), not "the day when…". */
const ASKING = String.raw`(?:^|[,;:¿¡]\s*|\b(?:and|or|but|to|for|by|from|with|of|since|until)\s+)`;

const ASKS: readonly [AnswerType, RegExp][] = [
  [
    'duration',
    /\b(?:how (?:long|soon|quickly|fast|often|frequently|many (?:years|months|weeks|days|hours|minutes|times)|much (?:time|notice|warning|longer|later|earlier))|for how long|at what age|combien de temps|wie lange|wie oft|cu[aá]nto tiempo)\b|얼마 ?동안|얼마나 ?(?:오래|자주)|كم (?:مرة|سنة|يوم|شهر|ساعة)/iu,
  ],
  [
    'amount',
    /\b(?:how (?:much|many|large|big|high|low|far|heavy|old)|what (?:amount|percentage|percent|proportion|share|fraction|number|price|cost|fee|sum|rate|level|dose|figure|total)|by how much|combien|wie (?:viel|viele|hoch)|cu[aá]nt[oa]s?|quant[oa]s?)\b|얼마|몇|비율|كم/iu,
  ],
  [
    'date',
    new RegExp(
      String.raw`${ASKING}(?:when|quand|cu[aá]ndo|quando)(?!\p{L})|\b(?:what (?:year|date|day|month|time)|which (?:year|date|day|month)|wann)\b|언제|몇 ?(?:년|월|일)|متى`,
      'iu',
    ),
  ],
  [
    'person',
    new RegExp(
      String.raw`${ASKING}(?:who|whom|whose|qui|qui[eé]n)(?!\p{L})|\b(?:which (?:person|people|company|firm|organi[sz]ation)|wer)\b|누구|누가|^\s*من (?:هو|هي|الذي)`,
      'iu',
    ),
  ],
  [
    'place',
    new RegExp(
      String.raw`${ASKING}(?:where|où|d[oó]nde)(?!\p{L})|\b(?:which (?:city|country|town|place|state|city-state|address)|wo)\b|어디|أين`,
      'iu',
    ),
  ],
];

/** The kinds of answer `question` asks for, most specific first (empty when it names none). */
export function expectedAnswerTypes(question: string): AnswerType[] {
  const types = ASKS.filter(([, pattern]) => pattern.test(question)).map(([type]) => type);
  // "How many days", "얼마 동안": a duration, which is the amount asked for.
  return types.includes('duration') ? types.filter((type) => type !== 'amount') : types;
}

const NUMBER_WORD =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|a dozen|a few|several';
const NUMBER = `(?:\\p{Nd}[\\p{Nd},.]*|(?:${NUMBER_WORD})(?:[- ](?:${NUMBER_WORD}))*)`;
/** A number that names a place in the document, not a quantity: "clause 4.2", "page 12", "Rule 604". */
const REFERENCE =
  /(?:^\s*\(?\p{Nd}{1,3}(?:(?:\.\p{Nd}{1,3})+\.?|[.)])\s|\b(?:section|clause|article|schedule|chapter|part|rule|page|pages|p|pp|figure|fig|table|step|item|no|appendix|annex|version|v)\.?\s*\p{Nd}[\p{Nd}.\-–]*)/giu;
const TIME_UNIT =
  '(?:(?:business|working|calendar|consecutive|clear)\\s+)?(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?|centuries|century|sessions?|cycles?|jours?|semaines?|mois|ans?|années?|Tage?n?|Wochen?|Monaten?|Jahren?|días?|semanas?|meses|años?)';
const DURATION = new RegExp(
  `${NUMBER}\\s*(?:\\(\\p{Nd}+\\)\\s*)?(?:[-–]\\s*${NUMBER}\\s*)?${TIME_UNIT}\\b|\\b(?:daily|weekly|monthly|yearly|annually|every (?:other )?(?:day|week|month|year))\\b|\\p{Nd}+\\s*(?:년|개월|달|주|일|시간|분)|\\p{Nd}+\\s*(?:سنوات|سنة|أشهر|شهر|أسابيع|أسبوع|أيام|يوم|ساعات|ساعة|دقائق|دقيقة)`,
  'iu',
);
const MONTH =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|januar|februar|märz|juni|juli|oktober|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre';
const DATE_PATTERN = `\\b(?:${MONTH})\\.?\\s+\\p{Nd}{1,4}\\b|\\b\\p{Nd}{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTH})\\b|\\b(?:1[5-9]|20)\\p{Nd}{2}\\b|\\b\\p{Nd}{1,4}[/.-]\\p{Nd}{1,2}[/.-]\\p{Nd}{1,4}\\b|\\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekends?|weekdays?|midnight|noon|today|tomorrow|yesterday)\\b|\\b\\p{Nd}{1,2}[:.]\\p{Nd}{2}\\s*(?:am|pm|a\\.m\\.|p\\.m\\.)?|\\b\\p{Nd}{1,2}\\s*(?:am|pm|a\\.m\\.|p\\.m\\.)|\\bday\\s+\\p{Nd}+|\\p{Nd}+\\s*(?:년|월|일)`;
const DATE = new RegExp(DATE_PATTERN, 'iu');
const DATES = new RegExp(DATE_PATTERN, 'giu');
const CURRENCY =
  /[$£€¥₩₹]\s?\p{Nd}|\p{Nd}[\p{Nd},.]*\s*(?:[$£€¥₩₹]|pounds|dollars|euros|cents|pence|usd|eur|gbp|inr|crores?|lakhs?|rs\.?|원|달러|만원|억)|\b(?:usd|eur|gbp|inr|rs\.?|chf)\s?\p{Nd}/iu;
const PERCENT = new RegExp(
  `${NUMBER}\\s*(?:%|٪|percent|per cent|pour cent|prozent|por ciento|퍼센트|포인트)`,
  'iu',
);
const MEASURE =
  /\p{Nd}[\p{Nd},.]*\s*(?:mg|g|kg|mcg|µg|ml|mL|l|litres?|liters?|mmol\/mol|mmol\/l|mm|cm|m|km|kW|MW|GW|kWh|units?|tablets?|doses?|times|fold|x|members?|people|patients?|employees|jobs|roles|staff|records?|items?|copies|miles|metres?|meters?|feet|tonnes?|tons?|명|개|건|배)\b/iu;
/**
 * A telephone number: three to five groups of 2–4 digits ("13 11 20", "1800 305 150", "555-123-4567",
 * "+61 2 9334 1900"), not part of a longer number. It is a number, but not an amount, a span or a date.
 */
const PHONE =
  /(?<![\p{Nd}.,])(?:\+\p{Nd}{1,3}[\s-]?)?(?:\(\p{Nd}{1,4}\)\s?)?\p{Nd}{1,4}(?:[\s-]\p{Nd}{2,4}){2,4}(?![\p{Nd}]|[.,]\p{Nd})/gu;
/** A number standing on its own (not part of a code such as "RGH-448213" or "H2SO4"). */
const ANY_NUMBER = new RegExp(`(?:^|[\\s(\\["“])${NUMBER}(?=$|[\\s,.;:!?)\\]"”%])`, 'iu');
const TITLED_NAME =
  /\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Lady|Lord|King|Queen|Prince|Princess|Duke|Duchess|Captain|Commander|Judge|Justice|Messere|Ser|Keeper)\.?\s+\p{Lu}/u;
const INNER_NAME =
  /(?<=[\p{Ll},;:]\s+)\p{Lu}[\p{L}'’-]+(?:\s+(?:of|de|van|von|al|bin|da)?\s*\p{Lu}[\p{L}'’-]+)+/u;
const INNER_CAPITAL = /(?<=\b(?:in|at|from|to|near|on|of)\s+)(?:the\s+)?\p{Lu}[\p{L}'’-]+/u;
const URL_OR_ADDRESS =
  /\bhttps?:\/\/|\bwww\.|\b[\w.-]+\.(?:com|org|net|gov|edu|io|au|uk)\b|\b\p{Nd}+\s+\p{Lu}[\p{L}]+\s+(?:street|st|road|rd|avenue|ave|row|lane|way|drive)\b/iu;

function typeMatch(type: AnswerType, text: string): number {
  switch (type) {
    case 'amount': {
      if (CURRENCY.test(text) || PERCENT.test(text) || MEASURE.test(text)) return 1;
      const undated = text.replace(DATES, ' ');
      return DURATION.test(undated) || ANY_NUMBER.test(undated) ? 0.5 : 0;
    }
    case 'duration':
      if (DURATION.test(text)) return 1;
      return ANY_NUMBER.test(text.replace(DATES, ' ')) ? 0.5 : 0;
    case 'date':
      if (DATE.test(text)) return 1;
      return DURATION.test(text) ? 0.5 : 0;
    case 'person':
      if (TITLED_NAME.test(text) || INNER_NAME.test(text)) return 1;
      return /(?<=\p{Ll}\s+)\p{Lu}\p{Ll}+/u.test(text) ? 0.5 : 0;
    case 'place':
      if (URL_OR_ADDRESS.test(text) || INNER_CAPITAL.test(text)) return 1;
      return /(?<=\p{Ll}\s+)\p{Lu}\p{Ll}+/u.test(text) ? 0.5 : 0;
  }
}

/** What a question asks for: the kinds of answer, and the numbers and dates it names itself. */
export interface ExpectedAnswer {
  types: AnswerType[];
  /** Matches the numbers, number words and month names of the question (they are not the answer). */
  given: RegExp | null;
}

const GIVEN_TOKEN = /[\p{L}\p{Nd}][\p{L}\p{Nd}.,:/-]*[\p{L}\p{Nd}]|\p{Nd}/gu;
const NUMERIC_TOKEN = new RegExp(
  `\\p{Nd}|^(?:${NUMBER_WORD}|january|february|march|april|june|july|august|september|october|november|december)$`,
  'iu',
);
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The kinds of answer `question` asks for (see `AnswerType`), with the numbers it gives itself. */
export function expectedAnswer(question: string): ExpectedAnswer {
  const given = [...new Set(question.match(GIVEN_TOKEN) ?? [])].filter((token) => NUMERIC_TOKEN.test(token));
  return {
    types: expectedAnswerTypes(question),
    given:
      given.length === 0
        ? null
        : new RegExp(
            `(?<![\\p{L}\\p{Nd}])(?:${given.map(escapeRegExp).join('|')})(?![\\p{L}\\p{Nd}])`,
            'giu',
          ),
  };
}

/**
 * How well `sentence` holds the kind of answer `expected` asks for (the best over its types): 1 for a
 * clear sign (an amount with its currency, unit or percent sign; a number of days, weeks… for a
 * duration; a date; a titled or multi-word name; a web address or a capitalised place after "in",
 * "at", "from"), 0.5 for a weaker one (any other number, a duration for a date, a capitalised word
 * for a name or place), else 0. Numbers the question gives itself, clause, page and rule numbers and
 * telephone numbers do not count; nor do dates as amounts.
 */
export function answerTypeMatch(expected: ExpectedAnswer, sentence: string): number {
  if (expected.types.length === 0) return 0;
  let text = sentence.replace(REFERENCE, ' ').replace(PHONE, ' ');
  if (expected.given) text = text.replace(expected.given, ' ');
  let best = 0;
  for (const type of expected.types) best = Math.max(best, typeMatch(type, text));
  return best;
}
