import {
  createResource,
  createSignal,
  createUniqueId,
  For,
  type JSX,
  Match,
  type Resource,
  Show,
  Switch,
  untrack,
} from 'solid-js';
import {
  addFolder,
  assignModel,
  deleteWorkspace,
  getWorkspace,
  type InstalledModel,
  type ModelOverview,
  type ModelRole,
  models,
  removeFolder,
  updateWorkspace,
  type WorkspaceSettings,
} from '../lib/api.ts';
import { formatBytes, messageOf, plural } from '../lib/format.ts';
import { explainOcrRefusal, formatLanguages, parseLanguages } from '../lib/ocr.ts';
import { cleanPath, examplePath, explainWorkspaceError, pathProblem } from './CreateWorkspaceForm.tsx';
import { ConfirmInline, FeedbackLines } from './Feedback.tsx';
import './settings.css';

/** The server's defaults for retrieval (workspace-registry.ts). */
const DEFAULT_PASSAGES = 6;
const DEFAULT_REFUSAL = 0.25;

type Feedback = { kind: 'ok' | 'error'; text: string } | null;

/** A section's last outcome (see {@link FeedbackLines}). */
function FeedbackLine(props: { feedback: Feedback }): JSX.Element {
  return (
    <FeedbackLines
      ok={props.feedback?.kind === 'ok' ? props.feedback.text : null}
      error={props.feedback?.kind === 'error' ? props.feedback.text : null}
    />
  );
}

interface SectionProps {
  slug: string;
  settings: () => WorkspaceSettings;
  /** New settings from the server after a change. */
  onSaved: (settings: WorkspaceSettings) => void;
}

/** A workspace's settings: name, folders, models, retrieval, OCR; deletion. */
export function SettingsView(props: {
  slug: string;
  onChanged: () => void;
  onDeleted: () => void;
}): JSX.Element {
  // Another workspace's settings start afresh (drafts and messages belong to one workspace).
  return (
    <Show when={props.slug} keyed>
      {(slug) => (
        <WorkspaceSettingsScreen slug={slug} onChanged={props.onChanged} onDeleted={props.onDeleted} />
      )}
    </Show>
  );
}

function WorkspaceSettingsScreen(props: {
  slug: string;
  onChanged: () => void;
  onDeleted: () => void;
}): JSX.Element {
  const [settings, { mutate, refetch }] = createResource(() => props.slug, getWorkspace);
  const [overview] = createResource(models);
  const saved = (next: WorkspaceSettings, listChanged = false) => {
    mutate(next);
    if (listChanged) props.onChanged();
  };

  return (
    <section class="settings" aria-label="Workspace settings">
      <Switch
        fallback={
          <p class="muted" role="status">
            Loading settings…
          </p>
        }
      >
        <Match when={settings.state === 'errored'}>
          <p class="feedback error" role="alert">
            Could not load this workspace’s settings: {messageOf(settings.error)}{' '}
            <button type="button" onClick={() => void refetch()}>
              Try again
            </button>
          </p>
        </Match>
        <Match when={settings.state !== 'unresolved' && settings.state !== 'pending' && settings.latest}>
          {(current) => (
            <>
              <NameSection slug={props.slug} settings={current} onSaved={(s) => saved(s, true)} />
              <FoldersSection slug={props.slug} settings={current} onSaved={(s) => saved(s, true)} />
              <ModelsSection
                slug={props.slug}
                settings={current}
                overview={overview}
                onSaved={(s) => saved(s)}
                onReembedded={() => void refetch()}
              />
              <RetrievalSection slug={props.slug} settings={current} onSaved={(s) => saved(s)} />
              <OcrSection slug={props.slug} settings={current} onSaved={(s) => saved(s)} />
              <DangerSection slug={props.slug} settings={current} onDeleted={props.onDeleted} />
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}

function NameSection(props: SectionProps): JSX.Element {
  const id = createUniqueId();
  const [draft, setDraft] = createSignal(untrack(() => props.settings().name));
  const [feedback, setFeedback] = createSignal<Feedback>(null);
  const [busy, setBusy] = createSignal(false);
  const unchanged = () => draft().trim() === props.settings().name;

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const name = draft().trim();
    if (!name) {
      setFeedback({ kind: 'error', text: 'The name cannot be empty.' });
      return;
    }
    if (!/[\p{L}\p{N}]/u.test(name)) {
      setFeedback({ kind: 'error', text: 'The name needs at least one letter or digit.' });
      return;
    }
    setBusy(true);
    setFeedback(null);
    try {
      const next = await updateWorkspace(props.slug, { name });
      props.onSaved(next);
      setDraft(next.name);
      setFeedback({ kind: 'ok', text: `Renamed to “${next.name}”.` });
    } catch (error) {
      setFeedback({ kind: 'error', text: `Could not rename: ${explainWorkspaceError(error)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="settings-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Name</h3>
      <form class="inline-form" onSubmit={(event) => void save(event)}>
        <label for={`${id}-name`}>Workspace name</label>
        <input
          id={`${id}-name`}
          type="text"
          maxLength={120}
          autocomplete="off"
          value={draft()}
          onInput={(event) => setDraft(event.currentTarget.value)}
        />
        <button type="submit" class="primary" disabled={busy() || unchanged()}>
          {busy() ? 'Saving…' : 'Save name'}
        </button>
      </form>
      <FeedbackLine feedback={feedback()} />
    </section>
  );
}

function FoldersSection(props: SectionProps): JSX.Element {
  const id = createUniqueId();
  const [path, setPath] = createSignal('');
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [feedback, setFeedback] = createSignal<Feedback>(null);
  let pathInput: HTMLInputElement | undefined;

  const add = async (event: SubmitEvent) => {
    event.preventDefault();
    const folder = cleanPath(path());
    if (!folder) {
      setFeedback({ kind: 'error', text: 'Type the full path of a folder first.' });
      pathInput?.focus();
      return;
    }
    const problem = pathProblem(folder);
    if (problem) {
      setFeedback({ kind: 'error', text: problem });
      pathInput?.focus();
      return;
    }
    setBusy(true);
    setFeedback(null);
    try {
      const before = props.settings().folders.length;
      const next = await addFolder(props.slug, folder);
      props.onSaved(next);
      setPath('');
      setFeedback({
        kind: 'ok',
        text:
          next.folders.length === before
            ? 'That folder is already part of this workspace.'
            : `Added ${folder}. Its documents are being indexed (see Documents).`,
      });
    } catch (error) {
      setFeedback({ kind: 'error', text: `Could not add the folder: ${explainWorkspaceError(error)}` });
      pathInput?.focus();
    } finally {
      setBusy(false);
    }
  };

  const remove = async (folder: string) => {
    setBusy(true);
    setFeedback(null);
    try {
      const next = await removeFolder(props.slug, folder);
      props.onSaved(next);
      setConfirming(null);
      setFeedback({
        kind: 'ok',
        text: `Removed ${folder}. Its documents left the index; the files themselves are untouched.`,
      });
      pathInput?.focus();
    } catch (error) {
      setFeedback({ kind: 'error', text: `Could not remove the folder: ${explainWorkspaceError(error)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="settings-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Folders</h3>
      <p class="muted">
        Quire indexes the PDF, Word and image (PNG, JPEG, TIFF) files in these folders and their subfolders,
        and keeps watching them for changes. It never modifies them.
      </p>
      <Show
        when={props.settings().folders.length > 0}
        fallback={<p class="empty">No folder yet: add one below so that there is something to ask about.</p>}
      >
        <ul class="folder-list">
          <For each={props.settings().folders}>
            {(folder) => (
              <li>
                <code class="path">{folder}</code>
                <Show
                  when={confirming() === folder}
                  fallback={
                    <button
                      type="button"
                      aria-label={`Remove ${folder}`}
                      disabled={busy()}
                      onClick={() => setConfirming(folder)}
                    >
                      Remove
                    </button>
                  }
                >
                  <ConfirmInline
                    label={`Confirm removing ${folder}`}
                    confirmLabel="Remove folder"
                    busy={busy()}
                    onConfirm={() => void remove(folder)}
                    onCancel={() => setConfirming(null)}
                  >
                    Remove this folder? Its documents leave the index; your files are not touched.
                  </ConfirmInline>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="inline-form" onSubmit={(event) => void add(event)}>
        <label for={`${id}-path`}>Add a folder</label>
        <input
          id={`${id}-path`}
          ref={pathInput}
          type="text"
          spellcheck={false}
          autocomplete="off"
          class="path-input"
          placeholder={examplePath()}
          aria-describedby={`${id}-hint`}
          value={path()}
          onInput={(event) => setPath(event.currentTarget.value)}
        />
        <button type="submit" disabled={busy()}>
          Add folder
        </button>
      </form>
      <p id={`${id}-hint`} class="hint">
        The full path of an existing folder on this computer.
      </p>
      <FeedbackLine feedback={feedback()} />
    </section>
  );
}

/** What the select shows for an installed model. */
function modelLabel(model: InstalledModel): string {
  const details = [model.quantization, formatBytes(model.sizeBytes)].filter(Boolean).join(', ');
  return `${model.name} (${details})`;
}

/** Whether a workspace's model reference (an id or a `.gguf` path) names this installed model. */
function refersTo(ref: string | null, model: InstalledModel): boolean {
  return ref !== null && (ref === model.id || ref === model.file);
}

/** The options of one role's select: models of that role, then models whose role the file does not say. */
function ModelOptions(props: {
  installed: InstalledModel[];
  modelRole: ModelRole;
  current: string | null;
  /** The select's value (set on the options too: they may arrive after the select's value). */
  value: string;
  /** Whether the installed models are known yet (until then a saved choice is not called missing). */
  known: boolean;
}) {
  const ofRole = () => props.installed.filter((m) => m.role === props.modelRole);
  const unknown = () => props.installed.filter((m) => m.role === null);
  const missing = () =>
    props.current !== null &&
    props.current !== 'builtin' &&
    !props.installed.some((m) => refersTo(props.current, m));
  return (
    <>
      <For each={ofRole()}>
        {(model) => (
          <option value={model.id} selected={props.value === model.id}>
            {modelLabel(model)}
          </option>
        )}
      </For>
      <Show when={unknown().length > 0}>
        <optgroup label="Role not recorded in the file">
          <For each={unknown()}>
            {(model) => (
              <option value={model.id} selected={props.value === model.id}>
                {modelLabel(model)}
              </option>
            )}
          </For>
        </optgroup>
      </Show>
      <Show when={missing() && props.current}>
        {(current) => (
          <option value={current()} selected={props.value === current()}>
            {props.known ? `${current()} (not installed)` : current()}
          </option>
        )}
      </Show>
    </>
  );
}

/** The select value of a model reference: installed models by id, "none" for no model. */
function selectValue(ref: string | null, installed: InstalledModel[], none: string): string {
  if (ref === null) return none;
  return installed.find((m) => refersTo(ref, m))?.id ?? ref;
}

function ModelsSection(
  props: SectionProps & { overview: Resource<ModelOverview>; onReembedded: () => void },
): JSX.Element {
  const id = createUniqueId();
  const installed = () => (props.overview.state === 'ready' ? props.overview().installed : []);
  const [chat, setChat] = createSignal<string | null>(null);
  const [rerank, setRerank] = createSignal<string | null>(null);
  const [embedding, setEmbedding] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [switching, setSwitching] = createSignal(false);
  const [feedback, setFeedback] = createSignal<Feedback>(null);
  const [embedFeedback, setEmbedFeedback] = createSignal<Feedback>(null);

  // Drafts are `null` until the user picks something; until then the selects show the saved choice.
  const chatValue = () => chat() ?? selectValue(props.settings().chatModel, installed(), '');
  const rerankValue = () => rerank() ?? selectValue(props.settings().rerankModel, installed(), '');
  const embeddingValue = () =>
    embedding() ?? selectValue(props.settings().embeddingModel, installed(), 'none');
  const savedChat = () => selectValue(props.settings().chatModel, installed(), '');
  const savedRerank = () => selectValue(props.settings().rerankModel, installed(), '');
  const savedEmbedding = () => selectValue(props.settings().embeddingModel, installed(), 'none');
  const modelsChanged = () => chatValue() !== savedChat() || rerankValue() !== savedRerank();

  const nameOf = (value: string, none: string) =>
    value === '' || value === 'none'
      ? none
      : value === 'builtin'
        ? 'the built-in model'
        : (installed().find((m) => m.id === value)?.name ?? value);

  const saveModels = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setFeedback(null);
    try {
      let next = props.settings();
      if (chatValue() !== savedChat())
        next = (await assignModel(props.slug, 'chat', chatValue() || null)).workspace;
      if (rerankValue() !== savedRerank())
        next = (await assignModel(props.slug, 'rerank', rerankValue() || null)).workspace;
      props.onSaved(next);
      setChat(null);
      setRerank(null);
      setFeedback({
        kind: 'ok',
        text: `Saved. Answers: ${nameOf(chatValue(), 'extractive (quoted passages, no chat model)')}; reranking: ${nameOf(rerankValue(), 'none')}.`,
      });
    } catch (error) {
      setFeedback({ kind: 'error', text: `Could not save the models: ${messageOf(error)}` });
    } finally {
      setBusy(false);
    }
  };

  const switchEmbedding = async (event: SubmitEvent) => {
    event.preventDefault();
    const value = embeddingValue();
    setSwitching(true);
    setEmbedFeedback(null);
    try {
      const result = await assignModel(props.slug, 'embedding', value === 'none' ? null : value);
      props.onSaved(result.workspace);
      setEmbedding(null);
      props.onReembedded();
      setEmbedFeedback({
        kind: 'ok',
        text:
          value === 'none'
            ? `Embeddings removed: search now uses keywords only (${plural(result.reembedded, 'passage')} re-indexed).`
            : `Now using ${nameOf(value, 'none')}: ${plural(result.reembedded, 'passage')} re-embedded.`,
      });
    } catch (error) {
      setEmbedFeedback({
        kind: 'error',
        text: `Could not switch the embedding model: ${messageOf(error)} The workspace keeps its current model and index.`,
      });
    } finally {
      setSwitching(false);
    }
  };

  return (
    <section class="settings-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Models for this workspace</h3>
      <Show when={props.overview.state === 'errored'}>
        <p class="feedback error" role="alert">
          Could not load the installed models: {messageOf(props.overview.error)}
        </p>
      </Show>
      <Show when={props.overview.state === 'ready' && installed().length === 0}>
        <p class="muted">
          No model is installed yet. Download or import one on the <a href="#/models">Models screen</a>; until
          then answers quote the passages that contain them.
        </p>
      </Show>

      <form class="settings-grid" onSubmit={(event) => void saveModels(event)}>
        <label for={`${id}-chat`}>Chat model</label>
        <div>
          <select
            id={`${id}-chat`}
            aria-describedby={`${id}-chat-hint`}
            value={chatValue()}
            onChange={(event) => setChat(event.currentTarget.value)}
          >
            <option value="" selected={chatValue() === ''}>
              None (extractive answers)
            </option>
            <ModelOptions
              installed={installed()}
              modelRole="chat"
              current={props.settings().chatModel}
              value={chatValue()}
              known={props.overview.state === 'ready'}
            />
          </select>
          <p id={`${id}-chat-hint`} class="hint">
            Writes answers in its own words, citing the passages. Without one, answers are the passages
            themselves.
          </p>
        </div>
        <label for={`${id}-rerank`}>Rerank model</label>
        <div>
          <select
            id={`${id}-rerank`}
            aria-describedby={`${id}-rerank-hint`}
            value={rerankValue()}
            onChange={(event) => setRerank(event.currentTarget.value)}
          >
            <option value="" selected={rerankValue() === ''}>
              None
            </option>
            <ModelOptions
              installed={installed()}
              modelRole="rerank"
              current={props.settings().rerankModel}
              value={rerankValue()}
              known={props.overview.state === 'ready'}
            />
          </select>
          <p id={`${id}-rerank-hint`} class="hint">
            Reorders the retrieved passages by how well they answer the question; slower, often more precise.
          </p>
        </div>
        <div class="grid-actions">
          <button type="submit" class="primary" disabled={busy() || !modelsChanged()}>
            {busy() ? 'Saving…' : 'Save models'}
          </button>
        </div>
      </form>
      <FeedbackLine feedback={feedback()} />

      <form class="settings-grid embedding" onSubmit={(event) => void switchEmbedding(event)}>
        <label for={`${id}-embedding`}>Embedding model</label>
        <div>
          <select
            id={`${id}-embedding`}
            aria-describedby={`${id}-embedding-warning`}
            value={embeddingValue()}
            disabled={switching()}
            onChange={(event) => setEmbedding(event.currentTarget.value)}
          >
            <option value="builtin" selected={embeddingValue() === 'builtin'}>
              Built-in (offline, always available)
            </option>
            <ModelOptions
              installed={installed()}
              modelRole="embedding"
              current={props.settings().embeddingModel}
              value={embeddingValue()}
              known={props.overview.state === 'ready'}
            />
            <option value="none" selected={embeddingValue() === 'none'}>
              None (keyword search only)
            </option>
          </select>
          <p id={`${id}-embedding-warning`} class="warning">
            <strong>Changing it re-embeds every document</strong> in this workspace with the new model. Your
            files are not read again, but this can take several minutes for a large workspace; until it
            finishes, searches use the current index.
          </p>
        </div>
        <div class="grid-actions">
          <button
            type="submit"
            class="primary"
            disabled={switching() || embeddingValue() === savedEmbedding()}
          >
            {switching() ? 'Re-embedding…' : 'Switch and re-embed'}
          </button>
        </div>
      </form>
      <Show when={switching()}>
        <p class="muted" role="status">
          Re-embedding every passage with {nameOf(embeddingValue(), 'no model')}… You can keep using Quire
          meanwhile.
        </p>
      </Show>
      <FeedbackLine feedback={embedFeedback()} />
    </section>
  );
}

function RetrievalSection(props: SectionProps): JSX.Element {
  const id = createUniqueId();
  const initial = untrack(() => props.settings().retrieval);
  const [passages, setPassages] = createSignal(String(initial.passages));
  const [threshold, setThreshold] = createSignal(initial.refusalThreshold);
  const [busy, setBusy] = createSignal(false);
  const [feedback, setFeedback] = createSignal<Feedback>(null);

  const passagesNumber = () => Number(passages());
  const passagesProblem = () => {
    const n = passagesNumber();
    return passages().trim() === '' || !Number.isInteger(n) || n < 1 || n > 50
      ? 'Passages must be a whole number from 1 to 50.'
      : null;
  };
  const unchanged = () =>
    passagesNumber() === props.settings().retrieval.passages &&
    threshold() === props.settings().retrieval.refusalThreshold;

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const problem = passagesProblem();
    if (problem) {
      setFeedback({ kind: 'error', text: problem });
      return;
    }
    setBusy(true);
    setFeedback(null);
    try {
      const next = await updateWorkspace(props.slug, {
        retrieval: { passages: passagesNumber(), refusalThreshold: Math.round(threshold() * 100) / 100 },
      });
      props.onSaved(next);
      setFeedback({ kind: 'ok', text: 'Retrieval settings saved; the next question uses them.' });
    } catch (error) {
      setFeedback({ kind: 'error', text: `Could not save: ${messageOf(error)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="settings-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Retrieval</h3>
      <form class="settings-grid" noValidate onSubmit={(event) => void save(event)}>
        <label for={`${id}-passages`}>Passages per answer</label>
        <div>
          <input
            id={`${id}-passages`}
            type="number"
            min={1}
            max={50}
            step={1}
            inputMode="numeric"
            class="narrow"
            aria-describedby={`${id}-passages-hint`}
            aria-invalid={passagesProblem() !== null}
            value={passages()}
            onInput={(event) => setPassages(event.currentTarget.value)}
          />
          <p id={`${id}-passages-hint`} class="hint">
            How many passages are retrieved for each question (1–50, default {DEFAULT_PASSAGES}). More gives
            the answer more to draw on, but is slower with a chat model.
          </p>
        </div>
        <label for={`${id}-threshold`}>Refusal threshold</label>
        <div>
          <div class="slider">
            <input
              id={`${id}-threshold`}
              type="range"
              min={0}
              max={1}
              step={0.01}
              aria-describedby={`${id}-threshold-hint`}
              aria-valuetext={threshold().toFixed(2)}
              value={threshold()}
              onInput={(event) => setThreshold(Number(event.currentTarget.value))}
            />
            <output for={`${id}-threshold`} class="slider-value">
              {threshold().toFixed(2)}
            </output>
          </div>
          <p id={`${id}-threshold-hint`} class="hint">
            How much of the question’s wording the best passage must contain before Quire answers (0–1,
            default {DEFAULT_REFUSAL}). Higher refuses more often when the documents don’t contain the answer;
            lower answers more often, from weaker evidence.
          </p>
        </div>
        <div class="grid-actions">
          <button type="submit" class="primary" disabled={busy() || unchanged()}>
            {busy() ? 'Saving…' : 'Save retrieval settings'}
          </button>
          <button
            type="button"
            disabled={busy() || (passagesNumber() === DEFAULT_PASSAGES && threshold() === DEFAULT_REFUSAL)}
            onClick={() => {
              setPassages(String(DEFAULT_PASSAGES));
              setThreshold(DEFAULT_REFUSAL);
            }}
          >
            Restore defaults
          </button>
        </div>
      </form>
      <FeedbackLine feedback={feedback()} />
    </section>
  );
}

/** Whether two lists of language codes are the same, in the same order. */
function sameLanguages(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((code, i) => code === b[i]);
}

/** Some Tesseract language codes, for the hint. */
const LANGUAGE_EXAMPLES =
  'eng (English), deu (German), fra (French), spa (Spanish), ita (Italian), nld (Dutch)';

function OcrSection(props: SectionProps): JSX.Element {
  const id = createUniqueId();
  const saved = () => props.settings().ocr;
  const initial = untrack(saved);
  const [enabled, setEnabled] = createSignal(initial.enabled);
  const [languages, setLanguages] = createSignal(formatLanguages(initial.languages));
  const [busy, setBusy] = createSignal(false);
  const [feedback, setFeedback] = createSignal<Feedback>(null);

  const parsed = () => parseLanguages(languages());
  const problem = () => {
    const result = parsed();
    return 'problem' in result ? result.problem : null;
  };
  const unchanged = () => {
    const result = parsed();
    return (
      enabled() === saved().enabled &&
      'languages' in result &&
      sameLanguages(result.languages, saved().languages)
    );
  };

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = parsed();
    // With OCR off the languages field cannot be edited; a draft it kept is not worth refusing for.
    if ('problem' in result && enabled()) {
      setFeedback({ kind: 'error', text: result.problem });
      return;
    }
    const codes = 'languages' in result ? result.languages : saved().languages;
    setBusy(true);
    setFeedback(null);
    try {
      const next = await updateWorkspace(props.slug, { ocr: { enabled: enabled(), languages: codes } });
      props.onSaved(next);
      setEnabled(next.ocr.enabled);
      setLanguages(formatLanguages(next.ocr.languages));
      setFeedback({
        kind: 'ok',
        text: next.ocr.enabled
          ? `OCR is on (${formatLanguages(next.ocr.languages)}). New and changed files are read with it; to read an indexed document again, reindex it on the Documents screen.`
          : 'OCR is off: pages without a usable text layer are skipped, and images are no longer read. Documents already indexed keep their text until they are reindexed.',
      });
    } catch (error) {
      setFeedback({
        kind: 'error',
        text: `Could not save the OCR settings: ${explainOcrRefusal(messageOf(error))}`,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="settings-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Reading scanned pages (OCR)</h3>
      <p class="muted">
        Pages of a PDF without a usable text layer (scans, or text that comes out garbled) and images (PNG,
        JPEG, TIFF) are read by optical character recognition, on this computer. It is slower than reading a
        text layer (a few seconds a page) and may misread words; citations from such pages say so.
      </p>
      <form class="settings-grid" noValidate onSubmit={(event) => void save(event)}>
        <span class="settings-grid-label">OCR</span>
        <div>
          <label class="checkbox" for={`${id}-enabled`}>
            <input
              id={`${id}-enabled`}
              type="checkbox"
              aria-describedby={`${id}-enabled-hint`}
              checked={enabled()}
              onChange={(event) => setEnabled(event.currentTarget.checked)}
            />
            Read scanned and garbled pages with OCR
          </label>
          <p id={`${id}-enabled-hint`} class="hint">
            Off: such pages are left out of the index, and image files are not read.
          </p>
        </div>
        <label for={`${id}-languages`}>Languages</label>
        <div>
          <input
            id={`${id}-languages`}
            type="text"
            class="languages-input"
            autocomplete="off"
            spellcheck={false}
            placeholder="eng"
            disabled={!enabled()}
            aria-describedby={`${id}-languages-hint`}
            aria-invalid={enabled() && problem() !== null}
            value={languages()}
            onInput={(event) => setLanguages(event.currentTarget.value)}
          />
          <p id={`${id}-languages-hint`} class="hint">
            The languages of your scans, as Tesseract codes separated by commas: {LANGUAGE_EXAMPLES}. English
            comes with Quire; for another language, install its data first (for German:{' '}
            <code>npm install @tesseract.js-data/deu</code> in Quire’s folder). Each extra language makes OCR
            slower.
          </p>
        </div>
        <div class="grid-actions">
          <button type="submit" class="primary" disabled={busy() || unchanged()}>
            {busy() ? 'Saving…' : 'Save OCR settings'}
          </button>
        </div>
      </form>
      <FeedbackLine feedback={feedback()} />
    </section>
  );
}

function DangerSection(props: {
  slug: string;
  settings: () => WorkspaceSettings;
  onDeleted: () => void;
}): JSX.Element {
  const id = createUniqueId();
  const [typed, setTyped] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const matches = () => typed() === props.settings().name;

  const remove = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!matches()) {
      setError(`Type the name exactly as shown (“${props.settings().name}”) to confirm.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await deleteWorkspace(props.slug);
      props.onDeleted();
    } catch (caught) {
      setError(`Could not delete the workspace: ${messageOf(caught)}`);
      setBusy(false);
    }
  };

  return (
    <section class="settings-card danger-zone" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Delete this workspace</h3>
      <p>
        Deletes Quire’s index, settings and question history for “{props.settings().name}”. Your documents and
        folders are never touched: you can create the workspace again later, and Quire will re-index them.
      </p>
      <form class="inline-form" onSubmit={(event) => void remove(event)}>
        <label for={`${id}-confirm`}>
          Type <strong class="confirm-name">{props.settings().name}</strong> to confirm
        </label>
        <input
          id={`${id}-confirm`}
          type="text"
          autocomplete="off"
          spellcheck={false}
          value={typed()}
          onInput={(event) => setTyped(event.currentTarget.value)}
        />
        <button type="submit" class="danger" disabled={busy() || !matches()}>
          {busy() ? 'Deleting…' : 'Delete workspace'}
        </button>
      </form>
      <Show when={error()}>
        {(message) => (
          <p class="feedback error" role="alert">
            {message()}
          </p>
        )}
      </Show>
    </section>
  );
}
