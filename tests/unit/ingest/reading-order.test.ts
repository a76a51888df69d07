import { describe, expect, it } from 'vitest';
import { parsePdf } from '../../../packages/ingest/src/pdf-parser.ts';
import { collapseWhitespace } from '../../../packages/ingest/src/reading-order.ts';
import { simplePdf } from '../../fixtures/simple-pdf.ts';

const box = { x: 0, baseline: 0, width: 1, height: 1 };

describe('collapseWhitespace', () => {
  it('equals control characters made spaces, whitespace runs collapsed and ends trimmed', () => {
    const pieces = [
      'a',
      'Bc',
      ' ',
      '  ',
      '\t',
      '\n',
      '\u0000',
      '\u0085',
      '\u00a0',
      '\u2003',
      '\u3000',
      '\ufeff',
      'é',
      '😀',
      '-',
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 2000; round++) {
      let raw = '';
      const spans = [];
      for (let i = 0; i < 1 + Math.floor(random() * 12); i++) {
        const piece = pieces[Math.floor(random() * pieces.length)] ?? '';
        spans.push({ start: raw.length, end: raw.length + piece.length, box: { ...box, text: piece } });
        raw += piece;
      }
      const { text, spans: placed } = collapseWhitespace(raw, spans);
      expect(text).toBe(
        raw
          .replace(/\p{Cc}/gu, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      );
      for (const span of placed) {
        // A span's characters, collapsed, are where it was placed.
        const own = span.box.text
          .replace(/\p{Cc}/gu, ' ')
          .replace(/\s+/g, ' ')
          .trim();
        if (own !== '') expect(text.slice(span.start, span.end)).toContain(own);
      }
    }
  });
});

describe('pdf.js in this process', () => {
  it('leaves the native Array.prototype.push in place once loaded (core-js would replace it)', async () => {
    await parsePdf(await simplePdf(['One line.']));
    expect(Function.prototype.toString.call(Array.prototype.push)).toContain('[native code]');
  });
});
