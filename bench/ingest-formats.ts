// Part 4 of `npm run bench:ingest` (issue 16): how fast each format Quire reads is parsed, on the real files
// of ../shared/realdocs (pdf/, office/, web/, email/, read in place). Every file goes through `parseDocument`, the
// path sync's parse workers run, one file at a time in this process, with OCR off so the figures measure
// the format readers (a PDF's text layer, not Tesseract). Per format: one untimed pass over its smallest
// file (modules loaded, code warmed), then timed passes over all its files until MAX_PASSES or the
// format's time budget is spent (at least two), and the median pass. The baseline of the same run is
// PDF: each format's pages/s as a ratio of PDF's. Prints a Markdown table; asserts nothing.
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DocumentParseError,
  PAGE_WORDS,
  type ParsedDocument,
  parseDocument,
  SUPPORTED_EXTENSIONS,
} from '@quire/ingest';

const REALDOCS = join(fileURLToPath(new URL('..', import.meta.url)), '../shared/realdocs');
const FOLDERS = ['pdf', 'office', 'web', 'email'];
const MAX_PASSES = Number(process.env.BENCH_FORMAT_PASSES ?? 5);
/** No more passes of a format once its passes took this long: the 619-page PDF takes ~15 s a pass. */
const FORMAT_BUDGET_MS = 20_000;

interface Format {
  label: string;
  extensions: string[];
}

const FORMATS: Format[] = [
  { label: 'PDF (text layer)', extensions: ['.pdf'] },
  { label: 'DOCX', extensions: ['.docx'] },
  { label: '.doc (Word 97–2003)', extensions: ['.doc'] },
  { label: 'ODT', extensions: ['.odt'] },
  { label: 'RTF', extensions: ['.rtf'] },
  { label: 'EPUB (chapters)', extensions: ['.epub'] },
  { label: 'PPTX (slides)', extensions: ['.pptx'] },
  { label: 'XLSX (sheets)', extensions: ['.xlsx'] },
  { label: 'HTML (.html, .htm)', extensions: ['.html', '.htm'] },
  { label: 'text (.txt, .md)', extensions: ['.txt', '.md', '.markdown'] },
  { label: 'email (.eml, .msg; a page is a message here)', extensions: ['.eml', '.msg'] },
];

interface Row {
  label: string;
  files: number;
  /** Files that failed to parse (name and code), left out of every figure. */
  failed: string[];
  pages: number;
  words: number;
  bytes: number;
  passesMs: number[];
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

const words = (doc: ParsedDocument) => sum(doc.pages.map((page) => page.text.match(/\S+/g)?.length ?? 0));

/**
 * Pages as Quire indexes them: a PDF's physical pages, a slide, a sheet (or 200 rows of one), an EPUB
 * chapter or a ~500-word page of a file without pages. A DOCX or `.doc` is indexed as one page whatever
 * its length, so it is counted in pages of {@link PAGE_WORDS} words, as a web page would be cut.
 */
const pagesOf = (doc: ParsedDocument) =>
  doc.kind === 'docx' || doc.kind === 'doc'
    ? Math.max(1, Math.ceil(words(doc) / PAGE_WORDS))
    : doc.pages.length;

async function realFiles(): Promise<string[]> {
  const paths: string[] = [];
  for (const folder of FOLDERS) {
    const dir = join(REALDOCS, folder);
    const names = await readdir(dir).catch(() => [] as string[]);
    paths.push(...names.sort().map((name) => join(dir, name)));
  }
  return paths;
}

/** Parses `paths` once, one after another; the time counts parsing only, and a file that fails is named. */
async function pass(paths: string[]): Promise<{ ms: number; docs: ParsedDocument[]; failed: string[] }> {
  const docs: ParsedDocument[] = [];
  const failed: string[] = [];
  const started = performance.now();
  for (const path of paths) {
    try {
      docs.push(await parseDocument(path));
    } catch (error) {
      failed.push(`${basename(path)} (${error instanceof DocumentParseError ? error.code : String(error)})`);
    }
  }
  return { ms: performance.now() - started, docs, failed };
}

async function measure(format: Format, paths: string[]): Promise<Row> {
  const sizes = await Promise.all(paths.map(async (path) => (await stat(path)).size));
  await pass([paths[sizes.indexOf(Math.min(...sizes))] ?? '']);
  const passesMs: number[] = [];
  let last = await pass(paths);
  passesMs.push(last.ms);
  while (
    passesMs.length < Math.max(2, MAX_PASSES) &&
    (passesMs.length < 2 || sum(passesMs) < FORMAT_BUDGET_MS)
  ) {
    last = await pass(paths);
    passesMs.push(last.ms);
  }
  return {
    label: format.label,
    files: last.docs.length,
    failed: last.failed,
    pages: sum(last.docs.map(pagesOf)),
    words: sum(last.docs.map(words)),
    bytes: sum(sizes),
    passesMs,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

export async function formatSpeeds(): Promise<void> {
  console.log(
    `\n4. Parsing speed by format: the real files of ${REALDOCS} (pdf/, office/, web/, email/), parseDocument one file ` +
      `at a time in process, OCR off; median of 2–${Math.max(2, MAX_PASSES)} passes (fewer when a pass is long)`,
  );
  const all = await realFiles();
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const format of FORMATS) {
    if (!format.extensions.some((ext) => SUPPORTED_EXTENSIONS.includes(ext))) {
      notes.push(`${format.label}: not read yet (issue 16)`);
      continue;
    }
    const paths = all.filter((path) => format.extensions.includes(extname(path).toLowerCase()));
    if (paths.length === 0) {
      notes.push(`${format.label}: no file in realdocs, not measured`);
      continue;
    }
    const row = await measure(format, paths);
    rows.push(row);
    if (row.failed.length > 0) notes.push(`${format.label}: failed, left out: ${row.failed.join(', ')}`);
  }
  const rate = (row: Row) => row.pages / (median(row.passesMs) / 1000);
  const baseline = rows.find((row) => row.label.startsWith('PDF'));
  console.log(
    '| format | files | pages | words | MB | median s (passes) | ms/file | pages/s | words/s | MB/s | pages/s vs PDF |',
  );
  console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const row of rows) {
    const seconds = median(row.passesMs) / 1000;
    const mb = row.bytes / 1024 ** 2;
    const ratio = baseline ? (rate(row) / rate(baseline)).toFixed(2) : '—';
    console.log(
      `| ${row.label} | ${row.files} | ${row.pages} | ${row.words.toLocaleString('en')} | ${mb.toFixed(2)} | ` +
        `${seconds.toFixed(3)} (${row.passesMs.length}) | ${((seconds * 1000) / row.files).toFixed(0)} | ` +
        `${rate(row).toFixed(0)} | ${(row.words / seconds).toFixed(0)} | ${(mb / seconds).toFixed(2)} | ${ratio} |`,
    );
  }
  console.log(
    `DOCX and .doc pages: pages of ~${PAGE_WORDS} words (Quire indexes either as one page whatever its length).`,
  );
  const known = FORMATS.flatMap((format) => format.extensions);
  const unread = all.filter((path) => !known.includes(extname(path).toLowerCase()));
  if (unread.length > 0) {
    const names = unread.map((path) => path.slice(REALDOCS.length + 1)).join(', ');
    notes.push(`not read by Quire (a sync lists them as unsupported-type), not measured: ${names}`);
  }
  for (const note of notes) console.log(note);
}
