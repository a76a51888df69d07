import {
  createResource,
  createSignal,
  createUniqueId,
  For,
  Index,
  type JSX,
  Match,
  Show,
  Switch,
} from 'solid-js';
import {
  ApiError,
  type CatalogueEntry,
  type DiscoveredModel,
  type DownloadProgress,
  discoverModels,
  type HardwareReport,
  hardware,
  type InstalledModel,
  importModel,
  type ModelRole,
  models,
  pullModel,
  type Recommendation,
  removeModel,
} from '../lib/api.ts';
import { formatBytes, formatDuration, messageOf, plural } from '../lib/format.ts';
import { cleanPath, pathProblem } from './CreateWorkspaceForm.tsx';
import { ConfirmInline, FeedbackLines } from './Feedback.tsx';
import './models.css';

const ROLE_LABELS: Record<ModelRole, string> = {
  chat: 'Chat (writes answers)',
  embedding: 'Embedding (search)',
  rerank: 'Rerank (orders passages)',
};

const ROLE_GROUPS: { role: ModelRole; title: string; about: string }[] = [
  {
    role: 'chat',
    title: 'Chat models',
    about:
      'Write answers in their own words from the cited passages. Without one, answers quote the passages.',
  },
  {
    role: 'embedding',
    title: 'Embedding models',
    about: 'Find passages by meaning. The built-in model works without one; a larger model finds more.',
  },
  {
    role: 'rerank',
    title: 'Rerank models',
    about: 'Reorder the retrieved passages by how well they answer the question.',
  },
];

function roleLabel(role: ModelRole | null): string {
  return role === null ? 'Role not recorded in the file' : ROLE_LABELS[role];
}

function sourceLabel(model: InstalledModel): string {
  switch (model.source) {
    case 'download':
      return 'Downloaded by Quire';
    case 'import':
      return model.managed ? "Copied into Quire's folder" : 'Your file, used where it is';
    case 'ollama':
      return 'Ollama (used where it is)';
    case 'lmstudio':
      return 'LM Studio (used where it is)';
    case 'builtin':
      return 'Built in';
  }
}

/** Where a model file lives and whether removing the model deletes it. */
function deletesFile(model: InstalledModel): boolean {
  return model.managed;
}

// Downloads live outside the screen: leaving the models screen does not stop them, and coming back shows
// their progress. Every change to the installed models bumps `installedVersion`, which reloads the lists.

interface DownloadState {
  phase: 'downloading' | 'failed' | 'cancelled';
  progress: DownloadProgress | null;
  error: string | null;
  controller: AbortController | null;
}

const [downloads, setDownloads] = createSignal<Record<string, DownloadState>>({});
const [installedVersion, setInstalledVersion] = createSignal(1);
const [downloadNotice, setDownloadNotice] = createSignal('');

function setDownload(id: string, state: DownloadState | null): void {
  setDownloads((all) => {
    const next = { ...all };
    if (state) next[id] = state;
    else delete next[id];
    return next;
  });
}

const modelsChanged = () => setInstalledVersion((v) => v + 1);

/** A failed download in plain words. */
export function explainDownloadError(error: unknown): string {
  if (!(error instanceof ApiError))
    return 'The connection to the Quire server broke during the download. Press Download again to resume where it stopped.';
  const trimmed = error.message.replace(/\s*Pull again to resume\.?$/, '');
  const message = /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
  switch (error.code) {
    case 'download-failed':
      if (
        /could not reach|fetch failed|network|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|timed? ?out/i.test(
          message,
        )
      )
        return 'Could not reach the model hub. You can import a .gguf file you already have.';
      return `The download failed: ${message} Press Download again to resume where it stopped.`;
    case 'download-aborted':
      return 'The download was interrupted. Press Download again to resume where it stopped.';
    case 'model-invalid':
      return `The downloaded file is not a usable model: ${message}`;
    case 'bad-model-reference':
    case 'model-not-found':
      return `Quire does not know this model: ${message}`;
    default:
      return message;
  }
}

function startDownload(entry: CatalogueEntry): void {
  const current = downloads()[entry.id];
  if (current?.phase === 'downloading') return;
  const controller = new AbortController();
  setDownload(entry.id, { phase: 'downloading', progress: null, error: null, controller });
  setDownloadNotice(`Downloading ${entry.name}…`);
  pullModel(entry.id, {
    signal: controller.signal,
    onProgress: (progress) => {
      const state = downloads()[entry.id];
      if (state?.controller === controller) setDownload(entry.id, { ...state, progress });
    },
  }).then(
    () => {
      setDownload(entry.id, null);
      setDownloadNotice(`${entry.name} is downloaded. Choose it in a workspace’s Settings to use it.`);
      modelsChanged();
    },
    (error: unknown) => {
      const state = downloads()[entry.id];
      const progress = state?.progress ?? null;
      if (controller.signal.aborted) {
        setDownload(entry.id, {
          phase: 'cancelled',
          progress,
          error: null,
          controller: null,
        });
        setDownloadNotice(`Download of ${entry.name} cancelled.`);
      } else {
        const text = explainDownloadError(error);
        setDownload(entry.id, { phase: 'failed', progress, error: text, controller: null });
        setDownloadNotice('');
      }
    },
  );
}

/** Gives `element` the focus when the element that had it has just disappeared. */
function focusIfLost(element: HTMLElement): void {
  const active = document.activeElement;
  if ((!active || active === document.body) && element.isConnected) element.focus();
}

function progressText(progress: DownloadProgress): string {
  const { receivedBytes, totalBytes, bytesPerSecond, etaSeconds } = progress;
  const parts = [
    totalBytes
      ? `${formatBytes(receivedBytes)} of ${formatBytes(totalBytes)} (${Math.floor((receivedBytes / totalBytes) * 100)}%)`
      : `${formatBytes(receivedBytes)} so far`,
  ];
  if (bytesPerSecond > 0) parts.push(`${formatBytes(bytesPerSecond)}/s`);
  if (etaSeconds !== null && Number.isFinite(etaSeconds))
    parts.push(`about ${formatDuration(etaSeconds)} left`);
  return parts.join(' · ');
}

/** Installed and recommended models, downloads with progress. */
export function ModelsView(): JSX.Element {
  const [overview, { refetch }] = createResource(installedVersion, () => models());
  const [machine] = createResource(hardware);
  const [found, { refetch: refetchFound }] = createResource(installedVersion, () => discoverModels());

  return (
    <section class="models" aria-labelledby="models-title">
      <h2 id="models-title">Models</h2>
      <p class="models-intro">
        Every model runs on this machine. Quire works out of the box with its built-in model; the models below
        make answers and search better. <strong>Models are only downloaded when you click Download</strong> —
        nothing else in Quire goes online, and your documents never leave this computer.
      </p>
      <p class="models-notice" role="status">
        {downloadNotice()}
      </p>

      <MachineSection machine={machine.state === 'ready' ? machine() : null} error={machine.error} />

      <Switch>
        <Match when={overview.state === 'errored'}>
          <p class="feedback error" role="alert">
            Could not load the models: {messageOf(overview.error)}{' '}
            <button type="button" onClick={() => void refetch()}>
              Try again
            </button>
          </p>
        </Match>
        <Match when={overview.latest === undefined}>
          <p class="muted" role="status">
            Loading models…
          </p>
        </Match>
        <Match when={overview.latest}>
          {(current) => (
            <>
              <section class="models-card" aria-labelledby="builtin-title">
                <h3 id="builtin-title">Built-in model</h3>
                <p>
                  <strong>Quire’s built-in embedding model</strong> is always available and works offline. It
                  is generated on first use from word vectors shipped with Quire, so it needs no download.
                </p>
                <p class="muted">
                  {current().builtin.built ? (
                    <>
                      Generated: <code class="path">{current().builtin.file}</code>
                    </>
                  ) : (
                    'Not generated yet: it will be the first time a workspace indexes its documents.'
                  )}
                </p>
              </section>

              <InstalledSection installed={current().installed} />
              <CatalogueSection
                catalogue={current().catalogue}
                machine={machine.state === 'ready' ? machine() : null}
              />
            </>
          )}
        </Match>
      </Switch>

      <ImportSection />
      <FoundSection
        found={found.state === 'ready' ? found() : null}
        error={found.state === 'errored' ? messageOf(found.error) : null}
        onRetry={() => void refetchFound()}
      />
    </section>
  );
}

function MachineSection(props: {
  machine: { report: HardwareReport; recommendation: Recommendation } | null;
  error: unknown;
}): JSX.Element {
  return (
    <section class="models-card" aria-labelledby="machine-title">
      <h3 id="machine-title">This machine</h3>
      <Switch fallback={<p class="muted">Checking this machine’s memory and GPU…</p>}>
        <Match when={props.error}>
          <p class="muted">Could not check this machine: {messageOf(props.error)}</p>
        </Match>
        <Match when={props.machine}>
          {(machine) => {
            const report = () => machine().report;
            const gpu = () => {
              const r = report();
              if (r.gpu === false) return 'no GPU in use (models run on the CPU)';
              const names = r.gpuNames.length > 0 ? r.gpuNames.join(', ') : 'GPU';
              const vram = r.vramTotalBytes ? `, ${formatBytes(r.vramTotalBytes)} video memory` : '';
              return `${names} (${r.gpu.toUpperCase()}${vram})`;
            };
            return (
              <>
                <p>
                  {formatBytes(report().totalRamBytes)} memory ({formatBytes(report().freeRamBytes)} free),{' '}
                  {plural(report().cpuCount, 'CPU core')}, {gpu()}. Models may use about{' '}
                  <strong>{formatBytes(machine().recommendation.budgetBytes)}</strong>.
                </p>
                <p class="muted">
                  {machine().recommendation.reason} Recommended here:{' '}
                  {machine().recommendation.chat
                    ? `${machine().recommendation.chat?.name} for answers and `
                    : ''}
                  {machine().recommendation.embedding.name} for search.
                </p>
              </>
            );
          }}
        </Match>
      </Switch>
    </section>
  );
}

function InstalledSection(props: { installed: InstalledModel[] }): JSX.Element {
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [notice, setNotice] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);

  const remove = async (model: InstalledModel) => {
    setBusy(true);
    setError(null);
    try {
      await removeModel(model.id);
      setConfirming(null);
      setNotice(
        deletesFile(model)
          ? `Removed ${model.name} and deleted its file.`
          : `Removed ${model.name}. Its file stays where it was: ${model.file}`,
      );
      modelsChanged();
    } catch (caught) {
      setError(`Could not remove ${model.name}: ${messageOf(caught)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="models-card" aria-labelledby="installed-title">
      <h3 id="installed-title">Installed models</h3>
      <p class="muted">
        Removing a model deletes its file only if Quire downloaded or copied it; files you imported in place,
        and Ollama or LM Studio files, are never deleted.
      </p>
      <FeedbackLines ok={notice()} error={error()} />
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
                        <button type="button" disabled={busy()} onClick={() => setConfirming(model.id)}>
                          Remove
                        </button>
                      </div>
                    }
                  >
                    <ConfirmInline
                      label={`Confirm removing ${model.name}`}
                      confirmLabel="Remove model"
                      busy={busy()}
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

type CatalogueItem = CatalogueEntry & { installed: boolean };

function CatalogueSection(props: {
  catalogue: CatalogueItem[];
  machine: { report: HardwareReport; recommendation: Recommendation } | null;
}): JSX.Element {
  return (
    <section class="models-card" aria-labelledby="catalogue-title">
      <h3 id="catalogue-title">Recommended models</h3>
      <p class="muted">
        Downloaded from Hugging Face only when you click Download, into Quire’s models folder. An interrupted
        download resumes where it stopped.
      </p>
      <For each={ROLE_GROUPS}>
        {(group) => (
          <Show when={props.catalogue.some((e) => e.role === group.role)}>
            <h4 class="group-title">{group.title}</h4>
            <p class="hint">{group.about}</p>
            <ul class="model-list">
              <Index each={props.catalogue.filter((e) => e.role === group.role)}>
                {(entry) => <CatalogueRow entry={entry()} machine={props.machine} />}
              </Index>
            </ul>
          </Show>
        )}
      </For>
    </section>
  );
}

function CatalogueRow(props: {
  entry: CatalogueItem;
  machine: { report: HardwareReport; recommendation: Recommendation } | null;
}): JSX.Element {
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
                {download().progress ? progressText(download().progress as DownloadProgress) : 'Starting…'}
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

function ImportSection(): JSX.Element {
  const id = createUniqueId();
  const [path, setPath] = createSignal('');
  const [copy, setCopy] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [notice, setNotice] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  let pathInput: HTMLInputElement | undefined;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const file = cleanPath(path());
    const problem = file ? pathProblem(file) : 'Type the full path of a .gguf file first.';
    if (problem) {
      setError(problem);
      pathInput?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const model = await importModel(file, copy());
      setPath('');
      setNotice(
        `Imported ${model.name} (${roleLabel(model.role).toLowerCase()}). Choose it in a workspace’s Settings to use it.`,
      );
      modelsChanged();
    } catch (caught) {
      setError(explainImportError(caught));
      pathInput?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="models-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Import a .gguf file</h3>
      <p class="muted">Use a model file you already have; nothing is downloaded.</p>
      <form class="import-form" aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)}>
        <label for={`${id}-path`}>Path of the .gguf file</label>
        <input
          id={`${id}-path`}
          ref={pathInput}
          type="text"
          class="path-input"
          spellcheck={false}
          autocomplete="off"
          placeholder="/home/you/models/model.gguf"
          value={path()}
          onInput={(event) => setPath(event.currentTarget.value)}
        />
        <div class="checkbox">
          <input
            id={`${id}-copy`}
            type="checkbox"
            checked={copy()}
            aria-describedby={`${id}-copy-hint`}
            onChange={(event) => setCopy(event.currentTarget.checked)}
          />
          <label for={`${id}-copy`}>Copy into Quire’s folder</label>
        </div>
        <p id={`${id}-copy-hint`} class="hint">
          Without copying, Quire uses the file where it is and never deletes it (moving the file breaks the
          model). A copy is Quire’s own: removing the model later deletes the copy.
        </p>
        <div>
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? (copy() ? 'Copying…' : 'Importing…') : 'Import'}
          </button>
        </div>
      </form>
      <FeedbackLines ok={notice()} error={error()} />
    </section>
  );
}

/** A failed import in plain words. */
function explainImportError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'model-missing') return `No readable file there: ${error.message}`;
    if (error.code === 'model-invalid') return `This file is not a usable GGUF model: ${error.message}`;
    if (error.code === 'model-too-large') return `This model is too large for this machine: ${error.message}`;
  }
  return `Could not import: ${messageOf(error)}`;
}

function FoundSection(props: {
  found: DiscoveredModel[] | null;
  error: string | null;
  onRetry: () => void;
}): JSX.Element {
  const [busy, setBusy] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);

  const adopt = async (model: DiscoveredModel) => {
    setBusy(model.file);
    setError(null);
    try {
      const installed = await importModel(model.file, false);
      setNotice(`Imported ${model.name} as “${installed.id}”. Quire uses the file where it is.`);
      modelsChanged();
    } catch (caught) {
      setError(`${model.name}: ${explainImportError(caught)}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="models-card" aria-labelledby="found-title">
      <h3 id="found-title">Found on this machine</h3>
      <p class="muted">
        Models already downloaded by Ollama or LM Studio. Importing one uses the file where it is: nothing is
        copied or downloaded, and Quire never deletes it.
      </p>
      <FeedbackLines ok={notice()} error={error()} />
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
                            <button
                              type="button"
                              disabled={busy() !== null}
                              onClick={() => void adopt(model)}
                            >
                              {busy() === model.file ? 'Importing…' : 'Import'}
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
