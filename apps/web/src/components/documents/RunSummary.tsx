import { type JSX, Show } from 'solid-js';
import { type ProgressEvent, progressText } from '../../lib/ingest-state.ts';

/** The overall progress of a run, or a one-line summary when none is going on. */
export function RunSummary(props: {
  indexing: boolean;
  progress: ProgressEvent | null;
  idle: string | null;
}): JSX.Element {
  const percent = () => {
    const p = props.progress;
    return p && p.total > 0 ? Math.min(100, (100 * p.done) / p.total) : 0;
  };
  const text = () => (props.progress ? progressText(props.progress) : 'Looking for new and changed files…');
  return (
    <Show
      when={props.indexing}
      fallback={
        <Show when={props.idle}>
          {(idle) => (
            <p class="docs-idle" role="status">
              {idle()}
            </p>
          )}
        </Show>
      }
    >
      <div class="docs-run">
        <p class="docs-run-text">
          <strong>Indexing</strong> <span>{text()}</span>
        </p>
        <div
          class="docs-bar"
          classList={{ 'docs-bar-indeterminate': !props.progress }}
          data-testid="ingest-progress"
          role="progressbar"
          aria-label="Indexing progress"
          aria-valuemin={0}
          aria-valuemax={props.progress?.total}
          aria-valuenow={props.progress?.done}
          aria-valuetext={text()}
        >
          <div class="docs-bar-fill" style={{ width: `${props.progress ? percent() : 100}%` }} />
        </div>
      </div>
    </Show>
  );
}
