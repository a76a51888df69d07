import { basename } from 'node:path';
import type { Citation } from '@quire/inference';

export interface EvidenceBundleInput {
  workspace: string;
  question: string;
  standaloneQuery: string;
  answer: string;
  mode: string;
  citations: Citation[];
  models: { embedding: string | null; chat: string | null; rerank: string | null };
  time: string;
  threadId: string | null;
}

const blockquote = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');

/**
 * A Markdown record of one answer a professional can file or send: the question, the answer, and for
 * every citation the quoted passage, the document's path, page and content hash (sha256) and whether
 * the quote was verified on the page; plus the models used and the time.
 */
export function renderEvidenceBundle(input: EvidenceBundleInput): string {
  const lines = [
    `# Evidence bundle: ${input.question}`,
    '',
    `- Workspace: ${input.workspace}`,
    `- Time: ${input.time}`,
    `- Answer mode: ${input.mode}`,
    `- Models: embedding ${input.models.embedding ?? 'none'}; chat ${input.models.chat ?? 'none'}; rerank ${input.models.rerank ?? 'none'}`,
  ];
  if (input.threadId) lines.push(`- Thread: ${input.threadId}`);
  if (input.standaloneQuery !== input.question) lines.push(`- Searched as: ${input.standaloneQuery}`);
  lines.push(
    '',
    '## Question',
    '',
    input.question,
    '',
    '## Answer',
    '',
    input.answer,
    '',
    '## Citations',
    '',
  );
  if (input.citations.length === 0) lines.push('None.');
  for (const c of input.citations) {
    lines.push(
      `### [${c.n}] ${basename(c.path)}, page ${c.page}${c.heading ? ` — ${c.heading}` : ''}`,
      '',
      blockquote(c.quote),
      '',
      `- Document: ${c.path}`,
      `- Page: ${c.page} (characters ${c.start}–${c.end} of the page text)`,
      `- Document sha256: ${c.documentHash ?? c.documentId}`,
      `- Verified on the page: ${c.verified ? 'yes' : 'no'}`,
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
