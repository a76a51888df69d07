import { createResource, createSignal, createUniqueId, For, type JSX, onMount, Show } from 'solid-js';
import { type ErasedAttachment, type EraseResult, eraseDocument, erasePreview } from '../../lib/api.ts';
import { baseName, messageOf, plural } from '../../lib/format.ts';
import './erase.css';

/** The document an "Erase…" action was chosen for. */
export interface EraseTarget {
  documentId: string;
  path: string;
}

const MOMENT = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });

/** The text the server writes in place of an erased quote (its date is the day of the erasure, UTC). */
const removalMarker = (at: Date) => `[removed: erased on ${at.toISOString().slice(0, 10)}]`;

/** An attachment's name: the part of its path after the email's `::`. */
const attachmentName = (path: string) => path.slice(path.lastIndexOf('::') + 2) || baseName(path);

/**
 * Erasing one document from Quire, in a modal dialog: first what will be removed (asked of the server,
 * nothing removed yet) and that the file in the folder is not deleted, with Cancel focused; then, once
 * confirmed, what was removed. Esc, Cancel or Close closes it; `onErased` is called as soon as the server
 * has erased the document.
 */
export function EraseDialog(props: {
  slug: string;
  target: EraseTarget;
  onClose: () => void;
  onErased: (result: EraseResult) => void;
}): JSX.Element {
  const id = createUniqueId();
  const name = () => baseName(props.target.path);
  const [preview, { refetch }] = createResource(
    () => ({ slug: props.slug, documentId: props.target.documentId }),
    (key) => erasePreview(key.slug, key.documentId),
  );
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<string | null>(null);
  const [result, setResult] = createSignal<EraseResult | null>(null);
  let dialog: HTMLDialogElement | undefined;
  let close: HTMLButtonElement | undefined;

  onMount(() => dialog?.showModal());

  const erase = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const done = await eraseDocument(props.slug, props.target.documentId);
      setResult(done);
      close?.focus();
      props.onErased(done);
    } catch (error) {
      setFailure(`Could not erase ${name()}: ${messageOf(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      class="erase-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      data-testid="erase-dialog"
      onClose={() => props.onClose()}
    >
      <Show
        when={result()}
        fallback={
          <>
            <h2 id={`${id}-title`}>Erase “{name()}” from Quire?</h2>
            <div id={`${id}-body`}>
              <Show when={preview.error}>
                <p class="erase-error" role="alert">
                  Could not find out what would be removed: {messageOf(preview.error)}
                </p>
              </Show>
              <Show
                when={preview.state === 'ready' ? preview() : null}
                fallback={
                  <Show when={!preview.error}>
                    <p role="status">Checking what would be removed…</p>
                  </Show>
                }
              >
                {(what) => (
                  <div data-testid="erase-preview">
                    <p>Quire will remove everything it keeps of this document, at once:</p>
                    <ul class="erase-list">
                      <li>
                        its text in the index, and every older version of the index that still holds it;
                      </li>
                      <li>what the timeline, overview and versions screens read from it;</li>
                      <li>
                        {what().threads > 0
                          ? `its quotes in ${plural(what().threads, 'answer')} of your conversations, replaced by “${removalMarker(new Date())}”;`
                          : 'no answer in your conversations cites it;'}
                      </li>
                      <li>
                        {what().audit > 0
                          ? `its file name in ${plural(what().audit, 'audit log entry', 'audit log entries')} citing it, which ${what().audit === 1 ? 'keeps' : 'keep'} its fingerprint (sha256) and a note that it was erased;`
                          : 'no entry of the audit log cites it;'}
                      </li>
                      <li>its file name in the ingest log, replaced by “{removalMarker(new Date())}”.</li>
                    </ul>
                    <Paths paths={what().paths} />
                    <Attachments attachments={what().attachments} future />
                  </div>
                )}
              </Show>
              <p class="erase-keep">
                <strong>The file in your folder is not deleted.</strong> Quire will not read it again unless
                its content changes. This cannot be undone.
              </p>
            </div>
            <Show when={failure()}>
              {(text) => (
                <p class="erase-error" role="alert">
                  {text()}
                </p>
              )}
            </Show>
            <div class="erase-buttons">
              <button type="button" autofocus disabled={busy()} onClick={() => dialog?.close()}>
                Cancel
              </button>
              <Show
                when={preview.state === 'ready'}
                fallback={
                  <Show when={preview.error}>
                    <button type="button" onClick={() => void refetch()}>
                      Try again
                    </button>
                  </Show>
                }
              >
                <button type="button" class="danger" disabled={busy()} onClick={() => void erase()}>
                  {busy() ? 'Erasing…' : 'Erase from Quire'}
                </button>
              </Show>
            </div>
          </>
        }
      >
        {(done) => (
          <>
            <h2 id={`${id}-title`}>“{name()}” was erased from Quire</h2>
            <div id={`${id}-body`} role="status" data-testid="erase-result">
              <Erased result={done()} />
            </div>
            <div class="erase-buttons">
              <button type="button" ref={close} onClick={() => dialog?.close()}>
                Close
              </button>
            </div>
          </>
        )}
      </Show>
    </dialog>
  );
}

/** The paths the document is read from (copies of one content are one document). */
function Paths(props: { paths: readonly string[] }): JSX.Element {
  return (
    <>
      <p>{props.paths.length === 1 ? 'Its file:' : `Its ${props.paths.length} copies:`}</p>
      <ul class="erase-paths">
        <For each={props.paths}>{(path) => <li>{path}</li>}</For>
      </ul>
    </>
  );
}

/** An email's attachments: erased with it, or kept because another path holds the same content. */
function Attachments(props: { attachments: readonly ErasedAttachment[]; future?: boolean }): JSX.Element {
  const state = (attachment: ErasedAttachment) =>
    attachment.erased
      ? props.future
        ? 'to be erased with it'
        : 'erased with it'
      : 'kept: another file or email holds the same content';
  return (
    <Show when={props.attachments.length > 0}>
      <p>Its attachments:</p>
      <ul class="erase-paths">
        <For each={props.attachments}>
          {(attachment) => (
            <li>
              {attachmentName(attachment.paths[0] ?? '')} — {state(attachment)}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

/** What was removed, as the server reported it. */
function Erased(props: { result: EraseResult }): JSX.Element {
  const threads = () => props.result.threads;
  const audit = () => props.result.audit;
  return (
    <>
      <p>Erased on {MOMENT.format(new Date(props.result.erased.at))}:</p>
      <ul class="erase-list">
        <li>its text is no longer in the index, nor in any older version of it;</li>
        <li>
          {threads() > 0
            ? `its quotes were replaced in ${plural(threads(), 'answer')} of your conversations;`
            : 'no answer in your conversations cited it;'}
        </li>
        <li>
          {audit() > 0
            ? `${plural(audit(), 'audit log entry', 'audit log entries')} now ${audit() === 1 ? 'keeps' : 'keep'} its fingerprint and a note that it was erased, not its name.`
            : 'no entry of the audit log cited it.'}
        </li>
      </ul>
      <Paths paths={props.result.erased.paths} />
      <Attachments attachments={props.result.erased.attachments} />
      <p class="erase-keep">
        The file is still in your folder; Quire will not read it again unless it changes.
      </p>
    </>
  );
}
