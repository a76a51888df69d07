import { createSignal, createUniqueId, For, type JSX, Show } from 'solid-js';
import { type InstalledModel, removeModel } from '../../lib/api.ts';
import { modelsChanged } from '../../lib/downloads.ts';
import { formatBytes, messageOf } from '../../lib/format.ts';
import { deletesFile, roleLabel, sourceLabel } from '../../lib/model-text.ts';
import { createSaveAction } from '../../lib/save-action.ts';
import { ConfirmInline, FeedbackLines } from '../Feedback.tsx';

/** The installed models, each with its facts and a Remove that asks first. */
export function InstalledSection(props: { installed: InstalledModel[] }): JSX.Element {
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const action = createSaveAction();

  const remove = async (model: InstalledModel) => {
    await action.run(
      async () => {
        await removeModel(model.id);
        setConfirming(null);
        modelsChanged();
        return deletesFile(model)
          ? `Removed ${model.name} and deleted its file.`
          : `Removed ${model.name}. Its file stays where it was: ${model.file}`;
      },
      (error) => `Could not remove ${model.name}: ${messageOf(error)}`,
    );
  };

  return (
    <section class="models-card" aria-labelledby="installed-title">
      <h3 id="installed-title">Installed models</h3>
      <p class="muted">
        Removing a model deletes its file only if Quire downloaded or copied it; files you imported in place,
        and Ollama or LM Studio files, are never deleted.
      </p>
      <FeedbackLines ok={action.ok()} error={action.error()} />
      <Show
        when={props.installed.length > 0}
        fallback={<p class="empty">No model installed yet: download one below or import a .gguf file.</p>}
      >
        <ul class="model-list">
          <For each={props.installed}>
            {(model) => {
              const titleId = createUniqueId();
              return (
                <li class="model-item" aria-labelledby={titleId}>
                  <div class="model-head">
                    <h4 id={titleId}>{model.name}</h4>
                    <Show when={model.name !== model.id}>
                      <code class="model-id">{model.id}</code>
                    </Show>
                  </div>
                  <dl class="model-facts">
                    <div>
                      <dt>Role</dt>
                      <dd>{roleLabel(model.role)}</dd>
                    </div>
                    <div>
                      <dt>Size</dt>
                      <dd>{formatBytes(model.sizeBytes)}</dd>
                    </div>
                    <div>
                      <dt>Quantization</dt>
                      <dd>{model.quantization ?? 'not recorded'}</dd>
                    </div>
                    <div>
                      <dt>Source</dt>
                      <dd>{sourceLabel(model)}</dd>
                    </div>
                    <div class="wide">
                      <dt>File</dt>
                      <dd>
                        <code class="path">{model.file}</code>
                      </dd>
                    </div>
                  </dl>
                  <Show
                    when={confirming() === model.id}
                    fallback={
                      <div class="model-actions">
                        <button
                          type="button"
                          disabled={action.busy()}
                          onClick={() => setConfirming(model.id)}
                        >
                          Remove
                        </button>
                      </div>
                    }
                  >
                    <ConfirmInline
                      label={`Confirm removing ${model.name}`}
                      confirmLabel="Remove model"
                      busy={action.busy()}
                      onConfirm={() => void remove(model)}
                      onCancel={() => setConfirming(null)}
                    >
                      Remove {model.name}?{' '}
                      {deletesFile(model)
                        ? 'Quire downloaded or copied this file, so it will be deleted from disk.'
                        : 'Quire only forgets it; the file stays where it is.'}{' '}
                      Workspaces that use it will need another model.
                    </ConfirmInline>
                  </Show>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
    </section>
  );
}
