import { For, type JSX, Show } from 'solid-js';
import { type RowState, STATE_LABELS, STEPS, stepOf, stepValue } from '../../lib/ingest-state.ts';
import type { LiveStep } from '../../lib/step-progress.ts';

/**
 * A document's ingestion steps as a segmented bar; the current step fills up with its live progress
 * (pages read, pages read by OCR, chunks embedded).
 */
export function StepBar(props: { state: RowState; name: string; live?: LiveStep | null }): JSX.Element {
  const step = () => stepOf(props.state) ?? 0;
  const value = () => stepValue(props.state, props.live?.share) ?? 0;
  /** The share of the current step done, when known: that segment fills up. */
  const partial = () => value() - step();
  return (
    <div
      class="docs-steps"
      classList={{ 'docs-steps-done': props.state === 'indexed' }}
      role="progressbar"
      aria-label={`Progress of ${props.name}`}
      aria-valuemin={0}
      aria-valuemax={STEPS.length - 1}
      aria-valuenow={value()}
      aria-valuetext={`${STATE_LABELS[props.state]}${props.live ? ` (${props.live.text})` : ''}: step ${step() + 1} of ${STEPS.length}`}
    >
      <For each={STEPS}>
        {(_, i) => (
          <span
            class="docs-step"
            classList={{
              'docs-step-on': i() <= step() && !(i() === step() && props.live),
              'docs-step-current': i() === step() && i() < 3,
            }}
          >
            <Show when={i() === step() && props.live}>
              <span class="docs-step-fill" style={{ width: `${Math.round(partial() * 100)}%` }} />
            </Show>
          </span>
        )}
      </For>
    </div>
  );
}
