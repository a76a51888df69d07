import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { QuireError } from '../errors.ts';

/**
 * Validates one part of a request with a zod schema; a bad request becomes `invalid-request` (400) with
 * the first problem in plain words, in the same `{"error":{"code","message"}}` shape as every error.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      throw new QuireError('invalid-request', `Invalid ${target}: ${where}${issue?.message ?? 'malformed'}`);
    }
  });
}
