import { For, type JSX, Show } from 'solid-js';
import type { OcrProgress } from '../../lib/api.ts';
import {
  ocrProgressText,
  type RowState,
  rowProgress,
  STATE_LABELS,
  STEPS,
  stepOf,
} from '../../lib/ingest-state.ts';

/** A document's ingestion steps as a segmented bar; the current step fills up with OCR's page progress. */
export function StepBar(props: {
  state: RowState;
  name: string;
  ocr?: OcrProgress | undefined;
}): JSX.Element {
  const step = () => stepOf(props.state) ?? 0;
  const value = () => rowProgress(props.state, props.ocr) ?? 0;
  /** The share of the current step done, when known (OCR of its pages): that segment fills up. */
  const partial = () => value() - step();
  const ocr = () => ocrProgressText(props.ocr);
  return (
    <div
      class="docs-steps"
      classList={{ 'docs-steps-done': props.state === 'indexed' }}
      role="progressbar"
      aria-label={`Progress of ${props.name}`}
      aria-valuemin={0}
      aria-valuemax={STEPS.length - 1}
      aria-valuenow={value()}
      aria-valuetext={`${STATE_LABELS[props.state]}${ocr() ? ` (${ocr()})` : ''}: step ${step() + 1} of ${STEPS.length}`}
    >
      <For each={STEPS}>
        {(_, i) => (
          <span
            class="docs-step"
            classList={{
              'docs-step-on': i() <= step() && !(i() === step() && props.ocr),
              'docs-step-current': i() === step() && i() < 3,
            }}
          >
            <Show when={i() === step() && props.ocr}>
              <span class="docs-step-fill" style={{ width: `${Math.round(partial() * 100)}%` }} />
            </Show>
          </span>
        )}
      </For>
    </div>
  );
}
