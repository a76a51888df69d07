import {
  createEffect,
  createMemo,
  createResource,
  createSignal,
  type JSX,
  on,
  onCleanup,
  Show,
} from 'solid-js';
import { ApiError, type Citation, documents, getWorkspace, type IngestEvent, reindex } from '../lib/api.ts';
import { pageOneCitation } from '../lib/email.ts';
import { baseName, messageOf } from '../lib/format.ts';
import { onIngestEvent } from '../lib/ingest-feed.ts';
import {
  applyIngestEvent,
  applyIngestEvents,
  type IngestView,
  viewFromSnapshot,
} from '../lib/ingest-state.ts';
import { EraseDialog, type EraseTarget } from './documents/EraseDialog.tsx';
import { ErasedFiles, isErased } from './documents/ErasedFiles.tsx';
import { ModelWait } from './documents/ModelWait.tsx';
import { ProgressList } from './ProgressList.tsx';
import { Viewer } from './Viewer.tsx';
import './documents.css';

/** Wait after a run finishes before reloading the list, so that a burst of small runs reloads it once. */
const REFRESH_DELAY_MS = 300;

/** Why a reindex request failed, in plain words. */
function reindexFailure(path: string, error: unknown): string {
  const name = baseName(path);
  if (error instanceof ApiError && error.code === 'not-found') {
    return `${name} is no longer in the index (it was changed, moved or deleted since the list was loaded). The list has been refreshed.`;
  }
  if (error instanceof ApiError && error.status === null) return messageOf(error);
  return `Could not reindex ${name}: ${messageOf(error)}`;
}

/**
 * Every document of a workspace with its live ingestion state; a click on an indexed document's name
 * opens it in the viewer at page 1, over the list (close with its button or Esc); "Erase…" on its row
 * erases it from Quire after a confirmation that says what will be removed.
 */
export function DocumentsView(props: { slug: string }): JSX.Element {
  // The memo keeps the same slug from reloading when the workspace list around it is refreshed.
  const slug = createMemo(() => props.slug);
  const [folders] = createResource(slug, getWorkspace);
  const [view, setView] = createSignal<IngestView | null>(null);
  const [loadError, setLoadError] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [reindexing, setReindexing] = createSignal<ReadonlySet<string>>(new Set());
  const [actionError, setActionError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [opened, setOpened] = createSignal<Citation | null>(null);
  const [erasing, setErasing] = createSignal<EraseTarget | null>(null);
  /** The name that opened the viewer (or the button that opened the erase dialog), to focus when it closes. */
  let opener: HTMLElement | null = null;
  let heading: HTMLHeadingElement | undefined;

  // Events that arrive while a snapshot is being fetched are applied again on top of it when it comes,
  // since the snapshot may have been taken before them.
  let since: IngestEvent[] | null = null;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let alive = true;

  async function load(): Promise<void> {
    const mine = ++generation;
    const wanted = slug();
    since ??= [];
    setLoading(true);
    try {
      const status = await documents(wanted);
      if (mine !== generation || !alive) return;
      setView(applyIngestEvents(viewFromSnapshot(status), since ?? []));
      setLoadError(null);
    } catch (error) {
      if (mine !== generation || !alive) return;
      setLoadError(messageOf(error));
    } finally {
      if (mine === generation) {
        since = null;
        setLoading(false);
      }
    }
  }

  function refreshSoon(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), REFRESH_DELAY_MS);
  }

  createEffect(
    on(slug, () => {
      clearTimeout(timer);
      setView(null);
      setLoadError(null);
      setActionError(null);
      setNotice(null);
      setOpened(null);
      setErasing(null);
      setReindexing(new Set<string>());
      void load();
    }),
  );

  onIngestEvent((event) => {
    if (event.workspace !== slug()) return;
    since?.push(event);
    setView((current) => (current ? applyIngestEvent(current, event) : current));
    // At the end of a run the index is written: the snapshot is exact again (page counts of documents
    // that were only linked, states of files the stream may have missed).
    if (event.type === 'progress' && event.finished) refreshSoon();
  });

  // Events sent while the page was hidden (a sleeping laptop) may have been missed.
  const onVisible = () => {
    if (document.visibilityState === 'visible' && view()) refreshSoon();
  };
  document.addEventListener('visibilitychange', onVisible);
  onCleanup(() => {
    alive = false;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
  });

  async function onReindex(documentId: string, path: string): Promise<void> {
    const forSlug = slug();
    setActionError(null);
    setNotice(null);
    setReindexing((ids) => new Set(ids).add(documentId));
    try {
      await reindex(forSlug, documentId);
      if (forSlug === slug()) setNotice(`Reindexing of ${baseName(path)} finished.`);
    } catch (error) {
      if (forSlug === slug()) setActionError(reindexFailure(path, error));
    } finally {
      setReindexing((ids) => {
        const next = new Set(ids);
        next.delete(documentId);
        return next;
      });
      if (forSlug === slug() && alive) refreshSoon();
    }
  }

  /** The workspace's folders; null while unknown (still loading, or the request failed). */
  const folderList = (): readonly string[] | null =>
    folders.state === 'ready' || folders.state === 'refreshing' ? folders.latest.folders : null;

  return (
    <section class="documents-view" aria-labelledby="documents-heading">
      <div class="documents-header">
        <h3 id="documents-heading" ref={heading} tabindex="-1">
          Documents
        </h3>
        <Show when={notice()}>
          {(text) => (
            <p class="documents-notice" role="status">
              {text()}
            </p>
          )}
        </Show>
        <button
          type="button"
          class="documents-refresh"
          onClick={() => void load()}
          disabled={loading()}
          title="Load the list again from the index"
        >
          {loading() && view() ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <Show when={actionError()}>
        {(text) => (
          <p class="documents-alert" role="alert">
            <span>{text()}</span>
            <button type="button" onClick={() => setActionError(null)}>
              Dismiss
            </button>
          </p>
        )}
      </Show>
      <Show when={loadError()}>
        {(text) => (
          <p class="documents-alert" role="alert">
            <span>
              {view() ? 'Could not refresh the list of documents' : 'Could not load the documents'}: {text()}
            </span>
            <button type="button" onClick={() => void load()}>
              Try again
            </button>
          </p>
        )}
      </Show>
      <Show
        when={folders.state !== 'unresolved' && folders.state !== 'pending' ? view() : null}
        fallback={
          <Show when={!loadError()}>
            <ModelWait
              loading
              fallback={
                <p class="muted" role="status">
                  Loading documents…
                </p>
              }
            />
          </Show>
        }
      >
        {(current) => (
          <>
            <ModelWait loading={false} />
            <ProgressList
              documents={current().documents.filter((row) => !isErased(row))}
              folders={folderList()}
              indexing={current().indexing}
              progress={current().progress}
              reindexing={reindexing()}
              onReindex={(documentId, path) => void onReindex(documentId, path)}
              onErase={(documentId, path) => {
                opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
                setErasing({ documentId, path });
              }}
              onOpen={(row) => {
                if (!row.documentId) return;
                opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
                setOpened(pageOneCitation({ documentId: row.documentId, path: row.path }));
              }}
            />
            <ErasedFiles rows={current().documents.filter(isErased)} />
          </>
        )}
      </Show>
      <Show when={opened()}>
        {(citation) => (
          <div class="documents-viewer">
            <Viewer
              slug={slug()}
              citation={citation()}
              onClose={() => {
                setOpened(null);
                opener?.focus();
              }}
            />
          </div>
        )}
      </Show>
      <Show when={erasing()}>
        {(target) => (
          <EraseDialog
            slug={slug()}
            target={target()}
            onErased={() => {
              setNotice(`${baseName(target().path)} was erased from Quire.`);
              void load();
            }}
            onClose={() => {
              setErasing(null);
              // The erased document's row (and its button) may be gone: the heading takes the focus then.
              if (opener?.isConnected) opener.focus();
              else heading?.focus();
            }}
          />
        )}
      </Show>
    </section>
  );
}
