import { createUniqueId, type JSX, Match, Show, Switch } from 'solid-js';
import type { CatalogueEntry, Machine } from '../../lib/api.ts';
import { downloads, progressText, startDownload } from '../../lib/downloads.ts';
import { formatBytes } from '../../lib/format.ts';
import { roleLabel } from '../../lib/model-text.ts';

/** A catalogue model, and whether it is installed already. */
export type CatalogueItem = CatalogueEntry & { installed: boolean };

/** Gives `element` the focus when the element that had it has just disappeared. */
function focusIfLost(element: HTMLElement): void {
  const active = document.activeElement;
  if ((!active || active === document.body) && element.isConnected) element.focus();
}

/** One catalogue model: its facts, whether it fits this machine, and its download (with progress). */
export function CatalogueRow(props: { entry: CatalogueItem; machine: Machine | null }): JSX.Element {
  const titleId = createUniqueId();
  const state = () => downloads()[props.entry.id];
  const recommended = () => {
    const r = props.machine?.recommendation;
    return r !== undefined && (r.chat?.id === props.entry.id || r.embedding.id === props.entry.id);
  };
  const fits = () => {
    const budget = props.machine?.recommendation.budgetBytes;
    return budget === undefined ? null : props.entry.ramBytes <= budget;
  };

  return (
    <li class="model-item" aria-labelledby={titleId}>
      <div class="model-head">
        <h4 id={titleId}>{props.entry.name}</h4>
        <Show when={recommended()}>
          <span class="model-badge recommended">Recommended for this machine</span>
        </Show>
        <Show when={props.entry.installed}>
          <span class="model-badge installed">Installed</span>
        </Show>
      </div>
      <dl class="model-facts">
        <div>
          <dt>Role</dt>
          <dd>{roleLabel(props.entry.role)}</dd>
        </div>
        <div>
          <dt>Download</dt>
          <dd>
            {props.entry.sizeApproximate ? 'about ' : ''}
            {formatBytes(props.entry.sizeBytes)}
          </dd>
        </div>
        <div>
          <dt>Memory</dt>
          <dd>about {formatBytes(props.entry.ramBytes)}</dd>
        </div>
        <div>
          <dt>Quantization</dt>
          <dd>{props.entry.quantization}</dd>
        </div>
        <div>
          <dt>License</dt>
          <dd>{props.entry.license}</dd>
        </div>
      </dl>
      <Show when={fits() !== null}>
        <p class={fits() ? 'fit ok' : 'fit too-large'}>
          {fits()
            ? 'Fits this machine.'
            : `Too large for this machine: it needs about ${formatBytes(props.entry.ramBytes)}, models may use about ${formatBytes(props.machine?.recommendation.budgetBytes ?? 0)}. It would run very slowly, if at all.`}
        </p>
      </Show>

      <Switch
        fallback={
          <Show when={!props.entry.installed}>
            <div class="model-actions">
              <button
                type="button"
                class="primary"
                aria-describedby={titleId}
                ref={(button) => {
                  // Back after a cancelled or failed download: the Cancel button that had the focus is gone.
                  if (state()) queueMicrotask(() => focusIfLost(button));
                }}
                onClick={() => startDownload(props.entry)}
              >
                Download
              </button>
              <Show when={state()?.phase === 'cancelled'}>
                <span class="muted">
                  Cancelled. The part already downloaded is kept: downloading again resumes from there.
                </span>
              </Show>
            </div>
            <Show when={state()?.phase === 'failed' && state()?.error}>
              {(message) => (
                <p class="feedback error" role="alert">
                  {message()}
                </p>
              )}
            </Show>
          </Show>
        }
      >
        <Match when={state()?.phase === 'downloading' && state()}>
          {(download) => (
            <div class="download-progress" data-testid="download-progress">
              <Show
                when={download().progress?.totalBytes ? download().progress : null}
                fallback={<progress aria-labelledby={titleId} />}
              >
                {(known) => (
                  <progress
                    aria-labelledby={titleId}
                    max={known().totalBytes ?? 1}
                    value={Math.min(known().receivedBytes, known().totalBytes ?? 1)}
                  />
                )}
              </Show>
              <span class="progress-text">
                <Show when={download().progress} fallback="Starting…">
                  {(progress) => progressText(progress())}
                </Show>
              </span>
              <button
                type="button"
                aria-describedby={titleId}
                ref={(button) => queueMicrotask(() => focusIfLost(button))}
                onClick={() => download().controller?.abort()}
              >
                Cancel
              </button>
            </div>
          )}
        </Match>
      </Switch>
    </li>
  );
}
