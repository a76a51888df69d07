import { createSignal, createUniqueId, For, type JSX, Match, Show, Switch } from 'solid-js';
import { type DiscoveredModel, importModel } from '../../lib/api.ts';
import { modelsChanged } from '../../lib/downloads.ts';
import { formatBytes } from '../../lib/format.ts';
import { explainImportError } from '../../lib/model-text.ts';
import { createSaveAction } from '../../lib/save-action.ts';
import { FeedbackLines } from '../Feedback.tsx';

/** Models Ollama and LM Studio already downloaded, each importable where it is. */
export function FoundSection(props: {
  found: DiscoveredModel[] | null;
  error: string | null;
  onRetry: () => void;
}): JSX.Element {
  const action = createSaveAction();
  /** The file being imported. */
  const [importing, setImporting] = createSignal<string | null>(null);

  const adopt = async (model: DiscoveredModel) => {
    setImporting(model.file);
    await action.run(
      async () => {
        const installed = await importModel(model.file, false);
        modelsChanged();
        return `Imported ${model.name} as “${installed.id}”. Quire uses the file where it is.`;
      },
      (error) => `${model.name}: ${explainImportError(error)}`,
    );
    setImporting(null);
  };

  return (
    <section class="models-card" aria-labelledby="found-title">
      <h3 id="found-title">Found on this machine</h3>
      <p class="muted">
        Models already downloaded by Ollama or LM Studio. Importing one uses the file where it is: nothing is
        copied or downloaded, and Quire never deletes it.
      </p>
      <FeedbackLines ok={action.ok()} error={action.error()} />
      <Switch fallback={<p class="muted">Looking in the Ollama and LM Studio folders…</p>}>
        <Match when={props.error}>
          {(message) => (
            <p class="feedback error" role="alert">
              Could not look for models: {message()}{' '}
              <button type="button" onClick={props.onRetry}>
                Try again
              </button>
            </p>
          )}
        </Match>
        <Match when={props.found?.length === 0}>
          <p class="empty">No models found in the Ollama or LM Studio folders.</p>
        </Match>
        <Match when={props.found}>
          {(found) => (
            <ul class="model-list">
              <For each={found()}>
                {(model) => {
                  const titleId = createUniqueId();
                  return (
                    <li class="model-item" aria-labelledby={titleId}>
                      <div class="model-head">
                        <h4 id={titleId}>{model.name}</h4>
                        <span class="model-badge">{model.source === 'ollama' ? 'Ollama' : 'LM Studio'}</span>
                      </div>
                      <dl class="model-facts">
                        <div>
                          <dt>Size</dt>
                          <dd>{formatBytes(model.sizeBytes)}</dd>
                        </div>
                        <div class="wide">
                          <dt>File</dt>
                          <dd>
                            <code class="path">{model.file}</code>
                          </dd>
                        </div>
                      </dl>
                      <div class="model-actions">
                        <Show
                          when={model.installedId}
                          fallback={
                            <button type="button" disabled={action.busy()} onClick={() => void adopt(model)}>
                              {importing() === model.file ? 'Importing…' : 'Import'}
                            </button>
                          }
                        >
                          {(installedId) => (
                            <span class="model-badge installed">Imported as “{installedId()}”</span>
                          )}
                        </Show>
                      </div>
                    </li>
                  );
                }}
              </For>
            </ul>
          )}
        </Match>
      </Switch>
    </section>
  );
}
