// The badge of a citation says when its page's text may not be what the page shows (issue 15): read by
// OCR (with its confidence), or reading poorly (with the share of its words that read as words).
import { cleanup, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { OcrBadge } from '../../apps/web/src/components/OcrBadge.tsx';
import type { OcrSource } from '../../apps/web/src/lib/ocr.ts';

afterEach(cleanup);

describe('OcrBadge and text quality', () => {
  it('says a text-layer page reads poorly, with the share of readable words, and to check the page image', () => {
    render(() => <OcrBadge citation={{ source: 'text-layer', quality: 0.38 }} />);
    const badge = screen.getByTestId('ocr-badge');
    expect(screen.getByText('Low-quality text · 38% of words readable')).toBeTruthy();
    expect(badge.getAttribute('data-low')).toBe('true');
    expect(badge.getAttribute('title')).toContain('only 38% of its words read as real words');
    expect(badge.getAttribute('title')).toContain('check it against the page image');
    // the explanation is read out too, not only shown on hover
    expect(badge.textContent).toContain('The quote may be garbled');
  });

  it('shows nothing for sound text-layer pages, pages not assessed, or quality at the threshold', () => {
    for (const citation of [{ quality: 0.97 }, { source: 'text-layer' as const }, {}, { quality: 0.7 }]) {
      render(() => <OcrBadge citation={citation} />);
      expect(screen.queryByTestId('ocr-badge'), JSON.stringify(citation)).toBeNull();
      cleanup();
    }
  });

  it('keeps the OCR confidence for a sound OCR reading and names the readable share of a poor one', () => {
    render(() => <OcrBadge citation={{ source: 'ocr', confidence: 91.2, quality: 0.98 }} />);
    expect(screen.getByText('Read by OCR · 91% confidence')).toBeTruthy();
    expect(screen.getByTestId('ocr-badge').getAttribute('data-low')).toBe('false');
    cleanup();

    render(() => <OcrBadge citation={{ source: 'ocr', confidence: 82, quality: 0.45 }} />);
    const badge = screen.getByTestId('ocr-badge');
    expect(screen.getByText('Read by OCR · 45% of words readable')).toBeTruthy();
    expect(badge.getAttribute('data-low')).toBe('true');
    expect(badge.getAttribute('title')).toContain('mean recognition confidence 82%');
  });

  it('follows the citation it is given', () => {
    const [citation, setCitation] = createSignal<OcrSource>({ source: 'text-layer', quality: 0.99 });
    render(() => <OcrBadge citation={citation()} />);
    expect(screen.queryByTestId('ocr-badge')).toBeNull();
    setCitation({ source: 'text-layer', quality: 0.4 });
    expect(screen.getByText('Low-quality text · 40% of words readable')).toBeTruthy();
  });
});
