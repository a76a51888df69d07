import { createSignal, type JSX, Match, Show, Switch } from 'solid-js';
import type { ModelBuildEvent } from '../lib/api.ts';
import { onModelBuildEvent } from '../lib/ingest-feed.ts';
import './model-build.css';

/**
 * A small notice in the top bar while the server generates the built-in embedding model (the first
 * start of a new install, a few seconds): its progress, or why it failed. Nothing waits for it; it
 * disappears when the model is ready.
 */
export function ModelBuildNotice(): JSX.Element {
  const [build, setBuild] = createSignal<ModelBuildEvent | null>(null);
  onModelBuildEvent((event) => setBuild(event));
  const percent = () => Math.round((build()?.share ?? 0) * 100);
  return (
    <Show when={build()?.state !== 'ready' && build()}>
      {(current) => (
        <p class="model-build-notice" role="status" aria-live="polite">
          <Switch>
            <Match when={current().state === 'building'}>
              Preparing the built-in search model (first start only)…{' '}
              <progress max="100" value={percent()} aria-label="Built-in model" /> {percent()}%
            </Match>
            <Match when={current().state === 'failed'}>
              <span class="model-build-failed">
                Could not prepare the built-in search model: {current().error ?? 'unknown error'}. It is tried
                again when a workspace needs it.
              </span>
            </Match>
          </Switch>
        </p>
      )}
    </Show>
  );
}
