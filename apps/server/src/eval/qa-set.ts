import { z } from 'zod';
import { QuireError } from '../errors.ts';

/** The kinds of question in an evaluation set. */
export const QA_KINDS = ['paraphrase', 'keyword', 'numeric', 'multi-page', 'unanswerable'] as const;
export type QaKind = (typeof QA_KINDS)[number];

/** A page that holds (part of) the answer. `path` may be relative: it matches any path ending in it. */
export interface GoldPage {
  path: string;
  page: number;
}

/** One line of a `qa.jsonl` file. `gold` is empty exactly when the question is unanswerable. */
export interface QaItem {
  id: string;
  question: string;
  gold: GoldPage[];
  kind: QaKind;
  /** The expected answer, for people reading results. */
  answer?: string;
  /** Verbatim phrases from the gold pages that carry the answer (checked by the set's own tests). */
  evidence?: string[];
  /** Words the corpus must not contain, showing that an unanswerable question really is. */
  absent?: string[];
}

/** A `qa.jsonl` line that is not valid JSON or not a valid question. `line` is 1-based. */
export class QaSetError extends QuireError {
  override readonly name = 'QaSetError';

  constructor(
    message: string,
    readonly line: number,
    options?: ErrorOptions,
  ) {
    super('invalid-qa-set', `line ${line}: ${message}`, options);
  }
}

const goldPageSchema = z.strictObject({
  path: z.string().trim().min(1),
  page: z.number().int().positive(),
});

const qaItemSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case letters, digits and hyphens'),
    question: z.string().trim().min(1),
    gold: z.array(goldPageSchema),
    kind: z.enum(QA_KINDS),
    answer: z.string().min(1).optional(),
    evidence: z.array(z.string().min(1)).min(1).optional(),
    absent: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((item) => (item.kind === 'unanswerable') === (item.gold.length === 0), {
    message: 'gold must be empty exactly when kind is "unanswerable"',
    path: ['gold'],
  });

/**
 * Parses a JSON Lines question set (blank lines are skipped). Throws `QaSetError` naming the line
 * of the first bad entry: invalid JSON, a schema violation or a repeated id.
 */
export function parseQaJsonl(text: string): QaItem[] {
  const items: QaItem[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new QaSetError(`not valid JSON (${(error as Error).message})`, line, { cause: error });
    }
    const parsed = qaItemSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      throw new QaSetError(`${where}${issue?.message ?? 'invalid question'}`, line, { cause: parsed.error });
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined)
      throw new QaSetError(`id "${parsed.data.id}" already used on line ${first}`, line);
    seen.set(parsed.data.id, line);
    items.push(parsed.data);
  });
  return items;
}
