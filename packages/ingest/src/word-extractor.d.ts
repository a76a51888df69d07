// word-extractor ships no types: the part of its API the .doc parser uses (lib/word.js, lib/document.js).
declare module 'word-extractor' {
  interface TextOptions {
    /** Default true: curly quotes and dashes turned into ASCII. */
    filterUnicode?: boolean;
  }
  export interface WordDocument {
    getBody(options?: TextOptions): string;
    getFootnotes(options?: TextOptions): string;
    getEndnotes(options?: TextOptions): string;
    getTextboxes(
      options?: TextOptions & { includeHeadersAndFooters?: boolean; includeBody?: boolean },
    ): string;
  }
  export default class WordExtractor {
    extract(source: string | Buffer): Promise<WordDocument>;
  }
}
