import { type DocumentId, PAGE_FACTS_VERSION, type PageFactsUpdate, type StoredDocument } from '@quire/index';
import { batesRange, type DocumentDate } from '@quire/ingest';
import type { OpenWorkspace } from './open-workspace.ts';

/** What a refresh did: documents read again, and those that could not be (left as they were). */
export interface PageFactsReport {
  refreshed: number;
  skipped: number;
}

/** An email's date from its stored header card (its `Date`, already UTC ISO 8601). */
function emailDate(doc: StoredDocument): DocumentDate | null {
  const date = doc.email?.date;
  return date ? { value: date.slice(0, 10), source: 'email' } : null;
}

/**
 * Brings the page facts of an index read before them (page labels, Bates numbers, document dates: issue
 * 17) up to date, without re-embedding: each document indexed before `before` (ms) is parsed again from
 * one of its files, with OCR off (labels, stamps and dates come from text layers and metadata), and only
 * those facts are rewritten. Searches keep working throughout. An email's date comes from its stored
 * header card; an attachment keeps what it has until its email is indexed again; a file that cannot be
 * read again is skipped. Once done, the index records the current version and this is not run again.
 */
export async function refreshPageFacts(ws: OpenWorkspace, before: number): Promise<PageFactsReport> {
  const store = ws.store;
  const report: PageFactsReport = { refreshed: 0, skipped: 0 };
  if (store.pageFactsVersion >= PAGE_FACTS_VERSION) return report;
  const [documents, paths] = await Promise.all([store.listDocuments(), store.listPaths()]);
  const fileOf = new Map<DocumentId, string>();
  for (const row of paths) {
    if (row.documentId !== null && !row.parent && !fileOf.has(row.documentId))
      fileOf.set(row.documentId, row.path);
  }
  for (const doc of documents) {
    if (doc.indexedAt >= before) continue;
    const update = doc.kind === 'email' ? emailUpdate(doc) : await readAgain(ws, doc.id, fileOf.get(doc.id));
    if (update === null) {
      report.skipped++;
      continue;
    }
    await store.updatePageFacts(update);
    report.refreshed++;
  }
  await store.recordPageFactsVersion(PAGE_FACTS_VERSION);
  return report;
}

function emailUpdate(doc: StoredDocument): PageFactsUpdate {
  return { id: doc.id, date: emailDate(doc), bates: null, pages: [] };
}

async function readAgain(
  ws: OpenWorkspace,
  id: DocumentId,
  path: string | undefined,
): Promise<PageFactsUpdate | null> {
  if (path === undefined) return null;
  try {
    const { document } = await ws.parser.parse(path, {
      chunking: ws.settings.chunking,
      ocr: { enabled: false, languages: ws.settings.ocr.languages },
    });
    return {
      id,
      date: document.date ?? null,
      bates: batesRange(document.pages),
      pages: document.pages.map((p) => ({
        page: p.page,
        ...(p.label === undefined ? {} : { label: p.label }),
        ...(p.labelSource === undefined ? {} : { labelSource: p.labelSource }),
        ...(p.labelMarks === undefined ? {} : { labelMarks: p.labelMarks }),
        ...(p.bates === undefined ? {} : { bates: p.bates }),
      })),
    };
  } catch {
    return null; // changed, moved or unreadable since: the next sync reads it whole
  }
}
