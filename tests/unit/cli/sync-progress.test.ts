// `quire sync`'s progress line on a terminal (issue 14): the file being worked on with its page, OCR or
// embedding progress, redrawn at most ten times a second, and nothing when stderr is not a terminal.
import type { DocumentStateEvent, IngestEvent } from '@quire/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { syncProgressPrinter } from '../../../apps/server/src/cli-support.ts';

const PATH = '/matters/acme/DA-619p.pdf';

function terminal(isTTY = true): { isTTY: boolean; write: (text: string) => void; lines: () => string[] } {
  const written: string[] = [];
  return {
    isTTY,
    write: (text) => void written.push(text),
    // Each redraw starts with "\r\x1b[K"; what follows is the line as shown.
    lines: () => written.filter((t) => t.startsWith('\r')).map((t) => t.slice(4)),
  };
}

const doc = (state: DocumentStateEvent['state'], extra: Partial<DocumentStateEvent> = {}): IngestEvent => ({
  type: 'document',
  workspace: 'acme',
  path: PATH,
  state,
  ...extra,
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => vi.useRealTimers());

describe('syncProgressPrinter', () => {
  it('shows the page being read, OCR pages, then chunks embedded, of the one file queued', () => {
    const out = terminal();
    const print = syncProgressPrinter(out);
    print(doc('queued'));
    print(doc('parsing'));
    vi.advanceTimersByTime(100);
    print(doc('parsing', { parse: { done: 120, total: 619 } }));
    // within 100 ms of the last redraw: not drawn
    vi.advanceTimersByTime(50);
    print(doc('parsing', { parse: { done: 124, total: 619 } }));
    vi.advanceTimersByTime(100);
    print(doc('parsing', { parse: { done: 619, total: 619 } }));
    vi.advanceTimersByTime(100);
    print(doc('parsing', { ocr: { done: 3, total: 10 } }));
    vi.advanceTimersByTime(100);
    print(doc('embedding', { documentId: 'd', pages: 619, embed: { done: 128, total: 1589 } }));
    vi.advanceTimersByTime(100);
    print({
      type: 'progress',
      workspace: 'acme',
      total: 1,
      done: 1,
      pages: 619,
      etaSeconds: null,
      finished: true,
    });
    const bar0 = '░'.repeat(24);
    expect(out.lines()).toEqual([
      `${bar0} 0/1 0 pages parsing DA-619p.pdf`,
      `${bar0} 0/1 0 pages DA-619p.pdf: page 120 of 619`,
      `${bar0} 0/1 0 pages DA-619p.pdf: page 619 of 619`,
      `${bar0} 0/1 0 pages DA-619p.pdf: OCR page 3 of 10`,
      `${bar0} 0/1 0 pages DA-619p.pdf: embedding chunk 128 of 1589`,
      `${'█'.repeat(24)} 1/1 619 pages `,
    ]);
  });

  it('prints nothing when stderr is not a terminal', () => {
    const out = terminal(false);
    const print = syncProgressPrinter(out);
    print(doc('queued'));
    print(doc('parsing', { parse: { done: 4, total: 619 } }));
    expect(out.lines()).toEqual([]);
  });
});
