/** A retrieved passage offered to the answerer as numbered source `n` (1-based). */
export interface Source {
  n: number;
  chunkId: string;
  documentId: string;
  path: string;
  page: number;
  headingPath: string[];
  /** The chunk text: a verbatim slice of the page text starting at `start`. */
  text: string;
  start: number;
  score: number;
}

/** An email a document came attached to: where it is, and its card (for "attached to 'Q3 numbers', …"). */
export interface EmailRef {
  /** The email's path: a file, or the attachment path of an attached message. */
  path: string;
  documentId: string;
  subject: string | null;
  from: string | null;
  to: string[];
  /** ISO 8601 (UTC), or null. */
  date: string | null;
}

/** One claim's support: which source, and the passage quoted from it. */
export interface Citation {
  n: number;
  chunkId: string;
  documentId: string;
  path: string;
  page: number;
  heading: string | null;
  /** Verbatim text from the cited page. */
  quote: string;
  /** Character offsets of `quote` in the page text. */
  start: number;
  end: number;
  /**
   * Share (0–1) of the claim's content words that the quote contains; 1 for a phrase the answer quoted
   * itself and for extractive answers (the claim is the quote).
   */
  support?: number;
  /** Set by the citation checker: the quote is on the cited page at `start`–`end` and supports the claim. */
  verified?: boolean;
  /** sha256 of the cited document's file (its content hash). */
  documentHash?: string;
  /** Where the cited page's text came from: its text layer, or OCR of its image (absent: text layer). */
  source?: 'text-layer' | 'ocr';
  /** For an OCR page: the mean recognition confidence of the page, 0–100. */
  confidence?: number;
  /**
   * How well the cited page's text reads (0–1: the share of its words that read as real words), when
   * the page was assessed; a low value marks a junk text layer or a poor scan.
   */
  quality?: number;
  /** For an email attachment: every email it came with in the workspace (absent for any other document). */
  attachedTo?: EmailRef[];
  /**
   * The page number printed where the quote is (PDF label, running footer, Word's layout or slide
   * number); null when the page has none. Set by the server from the stored page; `page` stays physical.
   */
  pageLabel?: string | null;
  /** The Bates number stamped on the cited page; null when none is. */
  bates?: string | null;
}

/**
 * How well the sources support an answer: `answered` (the passages hold the answer, by the best
 * judgement the workspace's models allow), `closest` (related passages found, no answer: shown as
 * passages to read), `not-found` (nothing related).
 */
export type SupportLevel = 'answered' | 'closest' | 'not-found';

export type AnswerMode = 'generated' | 'extractive' | 'refused';

export interface Answer {
  answer: string;
  mode: AnswerMode;
  citations: Citation[];
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface GenerateOptions {
  /** Called with each piece of text as the model produces it. */
  onToken?: (text: string) => void;
  signal?: AbortSignal;
  /** Default 512. */
  maxTokens?: number;
  /** Default 0 (greedy), for answers that stick to the sources. */
  temperature?: number;
}

/** Produces text from a conversation. Implementations own a native model and must be closed. */
export interface Generator {
  /** sha256 of the model file. */
  readonly modelId: string;
  readonly name: string;
  /** Tokens the model can attend to; prompts are fitted into this. */
  readonly contextSize: number;
  /** Tokens `text` takes for this model, to fit prompts into the context window. */
  countTokens(text: string): number;
  generate(messages: readonly ChatMessage[], options?: GenerateOptions): Promise<string>;
  close(): Promise<void>;
}
