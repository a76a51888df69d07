import { basename } from 'node:path';
import { type Citation, emailRefText, type SupportLevel } from '@quire/inference';
import { pageRef } from '@quire/inference/page-ref';
import { type AuditEntry, type AuditLog, sha256Hex } from './audit-log.ts';
import { describeScope, type Scope } from './scope.ts';

export interface EvidenceBundleInput {
  workspace: string;
  question: string;
  standaloneQuery: string;
  answer: string;
  mode: string;
  /** How well the sources supported the answer; absent when it was not recorded. */
  support?: SupportLevel;
  citations: Citation[];
  models: { embedding: string | null; chat: string | null; rerank: string | null };
  time: string;
  threadId: string | null;
  /** The part of the workspace asked (null: all of it); absent when it was not recorded. */
  scope?: Scope | null;
  /** How many documents the scope held (null or absent: not known). */
  scopeDocuments?: number | null;
}

const blockquote = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');

const SUPPORT_LINES: Record<SupportLevel, string> = {
  answered: 'answered (the passages hold the answer)',
  closest: 'closest passages (related text was found; no answer was confirmed)',
  'not-found': 'not found (nothing related in the documents)',
};

/** `in lease/ (3 documents)`, `the whole workspace`. */
function scopeText(scope: Scope | null, documents: number | null | undefined): string {
  if (!scope) return describeScope(scope);
  const count = typeof documents === 'number' ? ` (${documents} document${documents === 1 ? '' : 's'})` : '';
  return `${describeScope(scope)}${count}`;
}

/**
 * A Markdown record of one answer a professional can file or send: the question, the part of the
 * workspace it was asked of, how well the sources support the answer, the answer (for closest passages,
 * titled as text that is not a confirmed answer), and for every citation the quoted passage, the
 * document's path, its page as printed and as the PDF viewer counts it, its Bates number, the document's
 * content hash (sha256) and whether the quote was found on the page with the claim's words; plus the
 * models used and the time.
 */
export function renderEvidenceBundle(input: EvidenceBundleInput): string {
  const lines = [
    `# Evidence bundle: ${input.question}`,
    '',
    `- Workspace: ${input.workspace}`,
    `- Time: ${input.time}`,
    `- Support: ${input.support ? SUPPORT_LINES[input.support] : 'not recorded'}`,
    `- Answer mode: ${input.mode}`,
    `- Models: embedding ${input.models.embedding ?? 'none'}; chat ${input.models.chat ?? 'none'}; rerank ${input.models.rerank ?? 'none'}`,
  ];
  if (input.scope !== undefined) lines.push(`- Scope: ${scopeText(input.scope, input.scopeDocuments)}`);
  if (input.threadId) lines.push(`- Thread: ${input.threadId}`);
  if (input.standaloneQuery !== input.question) lines.push(`- Searched as: ${input.standaloneQuery}`);
  lines.push(
    '',
    '## Question',
    '',
    input.question,
    '',
    input.support === 'closest' ? '## Closest text found (not a confirmed answer)' : '## Answer',
    '',
    input.answer,
    '',
    '## Citations',
    '',
  );
  if (input.citations.length === 0) lines.push('None.');
  for (const c of input.citations) {
    lines.push(
      `### [${c.n}] ${basename(c.path)}, ${pageRef(c, 'page')}${c.heading ? ` — ${c.heading}` : ''}`,
      '',
      blockquote(c.quote),
      '',
      `- Document: ${c.path}`,
      // An attachment: the emails it came with (each an email of the workspace, by its file).
      ...(c.attachedTo ?? []).map((e) => `- Attached to: ${emailRefText(e)} (${e.path})`),
      ...(c.pageLabel ? [`- Printed page: ${c.pageLabel}`] : []),
      `- PDF page: ${c.page} (characters ${c.start}–${c.end} of the page text)`,
      ...(c.bates ? [`- Bates: ${c.bates}`] : []),
      `- Document sha256: ${c.documentHash ?? c.documentId}`,
      `- Quote found on the page with the claim's words: ${c.verified ? 'yes' : 'no'}`,
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * `input` with the models, support level, scope and page marks the workspace's audit log recorded for
 * this answer (same time, question and answer text), so a bundle names what actually answered and where
 * it looked even when the client did not keep it (a turn reloaded from a thread has no models); the
 * client's own values when no entry matches.
 */
export async function withRecordedAnswer(
  input: EvidenceBundleInput,
  auditLog: AuditLog,
): Promise<EvidenceBundleInput> {
  const answerHash = sha256Hex(input.answer);
  const entry = (await auditLog.entries()).findLast(
    (e) => e.time === input.time && e.question === input.question && e.answerHash === answerHash,
  );
  if (!entry) return input;
  const support = entry.support ?? input.support;
  return {
    ...input,
    models: entry.models,
    ...(support ? { support } : {}),
    // The scope searched, as recorded; the client's document count only if it is for that scope.
    ...(entry.scope === undefined
      ? {}
      : {
          scope: entry.scope,
          scopeDocuments:
            JSON.stringify(entry.scope) === JSON.stringify(input.scope ?? null) ? input.scopeDocuments : null,
        }),
    citations: input.citations.map((c) => ({ ...c, ...recordedMarks(entry, c) })),
  };
}

/** The printed label and Bates number the audit entry recorded for a citation (none: nothing). */
function recordedMarks(entry: AuditEntry, citation: Citation): Pick<Citation, 'pageLabel' | 'bates'> {
  const recorded = entry.citations.find((r) => r.n === citation.n && r.chunkId === citation.chunkId);
  if (!recorded || recorded.pageLabel === undefined) return {};
  return { pageLabel: recorded.pageLabel, bates: recorded.bates ?? null };
}
