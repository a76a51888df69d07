import { createSignal, For, type JSX, Show } from 'solid-js';
import type { ThreadSummary } from '../lib/api.ts';
import { messageOf, plural } from '../lib/format.ts';

/** "14:05" for today, else "3 Mar" (or "3 Mar 2024" for another year). */
export function shortTime(iso: string, now = new Date()): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return '';
  if (time.toDateString() === now.toDateString()) {
    return time.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  }
  return time.toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    ...(time.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  });
}

/**
 * The workspace's past conversations, newest first (`data-testid="thread-item"`), with "New
 * conversation" and a delete button per conversation that asks for confirmation in place.
 */
export function ThreadList(props: {
  threads: readonly ThreadSummary[];
  loading: boolean;
  error: string | null;
  current: string | null;
  onOpen: (id: string) => void;
  onNew: () => void;
  onDelete: (id: string) => Promise<void>;
  onRetry: () => void;
}): JSX.Element {
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const [deleting, setDeleting] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);

  const remove = async (id: string) => {
    setDeleting(id);
    setProblem(null);
    try {
      await props.onDelete(id);
      setConfirming(null);
    } catch (error) {
      setProblem(`The conversation could not be deleted: ${messageOf(error)}`);
    } finally {
      setDeleting(null);
    }
  };

  return (
    <nav class="thread-list" aria-label="Conversations" data-testid="thread-list">
      <div class="thread-list-head">
        <h3>Conversations</h3>
        <button type="button" class="primary new-conversation" onClick={() => props.onNew()}>
          New conversation
        </button>
      </div>
      <Show when={props.error}>
        {(message) => (
          <p class="error" role="alert">
            The conversations could not be loaded: {message()}{' '}
            <button type="button" onClick={() => props.onRetry()}>
              Try again
            </button>
          </p>
        )}
      </Show>
      <Show when={problem()}>
        {(message) => (
          <p class="error" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <Show
        when={props.threads.length > 0}
        fallback={
          <p class="muted thread-empty">
            {props.loading ? 'Loading conversations…' : 'No conversations yet. Your questions are kept here.'}
          </p>
        }
      >
        <ul class="threads">
          <For each={props.threads}>
            {(thread) => (
              <li
                class="thread-item"
                data-testid="thread-item"
                data-thread-id={thread.id}
                classList={{ current: props.current === thread.id }}
              >
                <button
                  type="button"
                  class="thread-open"
                  aria-current={props.current === thread.id ? 'true' : undefined}
                  onClick={() => props.onOpen(thread.id)}
                  title={thread.title}
                >
                  <span class="thread-title">{thread.title}</span>
                  <span class="thread-meta">
                    {plural(thread.turns, 'question')} · {shortTime(thread.updatedAt)}
                  </span>
                </button>
                <Show
                  when={confirming() === thread.id}
                  fallback={
                    <button
                      type="button"
                      class="thread-delete"
                      title="Delete this conversation"
                      onClick={() => setConfirming(thread.id)}
                    >
                      <span aria-hidden="true">✕</span>
                      <span class="visually-hidden">Delete conversation “{thread.title}”</span>
                    </button>
                  }
                >
                  <fieldset class="thread-confirm">
                    <legend>Delete this conversation?</legend>
                    <button
                      type="button"
                      class="danger"
                      disabled={deleting() === thread.id}
                      onClick={() => void remove(thread.id)}
                    >
                      Delete
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      Keep
                    </button>
                  </fieldset>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </nav>
  );
}
