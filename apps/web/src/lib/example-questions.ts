// Example questions for the Ask screen, made from the workspace's own documents (issue 15): a document's
// name and a heading found in it, never fixed questions about contracts.
import { documents, searchPassages } from './api.ts';

/** The most examples shown. */
export const MAX_EXAMPLES = 3;

/** A document's name as a reader says it: `Patient_Guide-2024.pdf` → `Patient Guide 2024`. */
export function documentTitle(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  const stem = file.replace(/\.[a-z0-9]{1,5}$/i, '');
  return (
    stem
      .replace(/[_\-.]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || file
  );
}

/** A heading fit for a question: numbering dropped, mostly letters, not too long; else null. */
export function usableHeading(heading: string | null | undefined, title: string): string | null {
  if (!heading) return null;
  const text = heading
    .replace(/^\s*(?:(?:chapter|section|part|article)\s+)?[\dIVXivx]+(?:\.\d+)*[.):]?\s+/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.:;,]+$/, '');
  const letters = text.replace(/[^\p{L}]/gu, '').length;
  if (text.length < 4 || text.length > 70 || letters < text.length * 0.6) return null;
  if (text.toLowerCase() === title.toLowerCase()) return null;
  return text;
}

/** One indexed document and the headings of passages found in it. */
export interface ExampleSource {
  path: string;
  headings: readonly (string | null)[];
}

/**
 * Up to {@link MAX_EXAMPLES} questions, one per document in the order given: "What does “<title>” say
 * about <heading>?" with the first usable heading, else "What is “<title>” about?". None without
 * documents.
 */
export function exampleQuestions(sources: readonly ExampleSource[]): string[] {
  const questions: string[] = [];
  for (const source of sources) {
    if (questions.length >= MAX_EXAMPLES) break;
    const title = documentTitle(source.path);
    const heading = source.headings.map((h) => usableHeading(h, title)).find((h) => h !== null);
    const question = heading ? `What does “${title}” say about ${heading}?` : `What is “${title}” about?`;
    if (!questions.includes(question)) questions.push(question);
  }
  return questions;
}

/** Passages looked at per document for its headings. */
const HITS_PER_DOCUMENT = 8;

/**
 * The example questions of workspace `slug`: its first indexed documents by name, each with the headings
 * of the passages a search for its title finds in it. A document whose search fails still gives a
 * question from its name.
 */
export async function loadExampleQuestions(slug: string): Promise<string[]> {
  const status = await documents(slug);
  const indexed = status.documents
    .filter((d) => d.state === 'indexed')
    .sort((a, b) => documentTitle(a.path).localeCompare(documentTitle(b.path)))
    .slice(0, MAX_EXAMPLES);
  const sources = await Promise.all(
    indexed.map(async ({ path }): Promise<ExampleSource> => {
      const found = await searchPassages(slug, documentTitle(path), HITS_PER_DOCUMENT).catch(() => null);
      return {
        path,
        headings: (found?.hits ?? []).filter((hit) => hit.path === path).map((hit) => hit.heading),
      };
    }),
  );
  return exampleQuestions(sources);
}
