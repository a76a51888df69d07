import { type JSX, Show } from 'solid-js';
import { type OcrSource, ocrNote } from '../lib/ocr.ts';
import './ocr.css';

/**
 * The badge of a citation whose text may not be what the page shows (`data-testid="ocr-badge"`): "Read by
 * OCR · 91% confidence" for page text recognised from an image (`data-low` below 70%), "Low-quality text ·
 * 40% of words readable" for a page whose text reads poorly (`data-low`); nothing for sound text from a
 * text layer. The explanation is its tooltip and is read out by screen readers.
 */
export function OcrBadge(props: { citation: OcrSource }): JSX.Element {
  const note = () => ocrNote(props.citation);
  return (
    <Show when={note()}>
      {(shown) => (
        <span
          class="ocr-badge"
          classList={{ 'ocr-badge-low': shown().low }}
          data-testid="ocr-badge"
          data-low={shown().low ? 'true' : 'false'}
          title={shown().explanation}
        >
          <Show when={shown().low}>
            <span class="ocr-badge-icon" aria-hidden="true">
              !
            </span>
          </Show>
          <span class="ocr-badge-label">{shown().label}</span>
          <span class="visually-hidden">. {shown().explanation}</span>
        </span>
      )}
    </Show>
  );
}
