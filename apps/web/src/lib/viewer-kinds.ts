// How the viewer shows a document, from its path, and how it names a page of text's format.
import type { PageLayout } from './api.ts';
import { isImagePath } from './ocr.ts';

/** Whether a citation's document is a Word file (else a PDF or an image), from its path. */
export function isDocx(path: string): boolean {
  return /\.docx$/i.test(path);
}

/**
 * Whether a citation's document is a web page, text or Markdown file, spreadsheet, slide deck, OpenDocument
 * text, EPUB, RTF, Word 97–2003 file or email (shown as its page's text), from its path.
 */
export function isTextPath(path: string): boolean {
  return /\.(?:html?|txt|md|markdown|xlsx|pptx|odt|epub|rtf|doc|eml|msg)$/i.test(path);
}

/** How a document is shown, from its path: a PDF page, a Word document, a standalone image or a page of text. */
export function viewerKind(path: string): 'pdf' | 'docx' | 'image' | 'text' {
  if (isDocx(path)) return 'docx';
  if (isImagePath(path)) return 'image';
  return isTextPath(path) ? 'text' : 'pdf';
}

export const TEXT_FORMATS: Record<Extract<PageLayout, { kind: 'text' }>['format'], string> = {
  html: 'Web page',
  text: 'Text file',
  markdown: 'Markdown file',
  spreadsheet: 'Spreadsheet',
  slides: 'Slide deck',
  odt: 'OpenDocument text',
  epub: 'EPUB book',
  rtf: 'RTF document',
  doc: 'Word document',
  email: 'Email',
};
