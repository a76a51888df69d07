import { type JSX, Show } from 'solid-js';
import { type OcrSource, ocrNote } from '../lib/ocr.ts';
import './ocr.css';

/**
 * "Read by OCR · 91% confidence" (`data-testid="ocr-badge"`, `data-low` below 70%) for a citation whose
 * page text was recognised from an image; nothing for text from a text layer. The explanation is its
 * tooltip and is read out by screen readers.
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
