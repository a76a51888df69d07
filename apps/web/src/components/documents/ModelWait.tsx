import { createSignal, type JSX, Show } from 'solid-js';
import type { ModelBuildEvent } from '../../lib/api.ts';
import { onModelBuildEvent } from '../../lib/ingest-feed.ts';

/**
 * What a first workspace waits for on a new install: the built-in search model being generated, with its
 * progress (`data-testid="model-wait"`); `fallback` otherwise. `loading` says the list itself is not
 * loaded yet (the server is busy generating the model), so the words say why.
 */
export function ModelWait(props: { loading: boolean; fallback?: JSX.Element }): JSX.Element {
  const [build, setBuild] = createSignal<ModelBuildEvent | null>(null);
  onModelBuildEvent(setBuild);
  const percent = () => Math.round((build()?.share ?? 0) * 100);
  return (
    <Show when={build()?.state === 'building'} fallback={props.fallback}>
      <div class="docs-run docs-model-wait" data-testid="model-wait" role="status">
        <p class="docs-run-text">
          <strong>Preparing the built-in search model… {percent()}%</strong>{' '}
          <span>
            First start only: it is generated on this machine, then{' '}
            {props.loading ? 'the documents are listed and indexed' : 'indexing begins'}.
          </span>
        </p>
        <div class="docs-bar">
          <div class="docs-bar-fill" style={{ width: `${percent()}%` }} />
        </div>
      </div>
    </Show>
  );
}
