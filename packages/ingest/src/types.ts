/** The kinds of document Quire reads. */
export type DocumentKind = 'pdf' | 'docx';

/** A heading that starts at `offset` in its page's text. Level 1 is the top level. */
export interface HeadingMark {
  offset: number;
  level: number;
  text: string;
}

/** One physical page (1-based) of extracted text. DOCX files have no physical pages: they are page 1. */
export interface ParsedPage {
  page: number;
  text: string;
  headings: HeadingMark[];
}

export interface ParsedDocument {
  kind: DocumentKind;
  title: string | null;
  pages: ParsedPage[];
}

/**
 * A piece of one page's text. Invariant: `text === page.text.slice(start, end)` for the page
 * numbered `page`, so any quote found in `text` is found verbatim in the page.
 */
export interface Chunk {
  ordinal: number;
  page: number;
  headingPath: string[];
  start: number;
  end: number;
  text: string;
  tokenCount: number;
}

export interface ChunkOptions {
  /** Target chunk size in tokens (default 400). */
  maxTokens?: number;
  /** Share of `maxTokens` repeated at the start of the next chunk (default 0.15). */
  overlap?: number;
}
