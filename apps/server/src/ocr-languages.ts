import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { languagePackagePath } from '@quire/ingest';

/** An OCR language this installation can read: its Tesseract code and its English name. */
export interface OcrLanguage {
  code: string;
  name: string;
}

/** Tesseract codes of data packages that are not languages (orientation and script detection). */
const NOT_LANGUAGES = new Set(['osd', 'equ']);
const LANGUAGE_CODE = /^[a-z]{3}(?:_[a-z]+)?$/;

/** `deu` → `German`, `chi_sim` → `Chinese (sim)`; the code itself when the runtime has no name for it. */
function languageName(code: string): string {
  const [base = code, variant] = code.split('_');
  let name = base;
  try {
    name = new Intl.DisplayNames(['en'], { type: 'language' }).of(base) ?? base;
  } catch {
    // Not a language subtag the runtime knows (such as frk): the code is the best name there is.
  }
  return variant ? `${name} (${variant})` : name;
}

/**
 * The OCR languages installed with Quire: English, which comes with it, and every `@tesseract.js-data/<code>`
 * package that Node can load from here (the same packages the OCR workers load), sorted by name.
 */
export async function installedOcrLanguages(): Promise<OcrLanguage[]> {
  const lookups = createRequire(import.meta.url).resolve.paths('@tesseract.js-data/eng') ?? [];
  const codes = new Set(['eng']);
  for (const dir of lookups) {
    for (const name of await readdir(join(dir, '@tesseract.js-data')).catch(() => [])) codes.add(name);
  }
  const installed = [...codes].filter((code) => {
    if (!LANGUAGE_CODE.test(code) || NOT_LANGUAGES.has(code)) return false;
    try {
      languagePackagePath(code);
      return true;
    } catch {
      return false;
    }
  });
  return installed
    .map((code) => ({ code, name: languageName(code) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `English (eng), German (deu)`. */
export function formatOcrLanguages(languages: readonly OcrLanguage[]): string {
  return languages.map((l) => `${l.name} (${l.code})`).join(', ');
}
