import { createSignal, createUniqueId, For, type JSX, onCleanup, onMount, Show } from 'solid-js';
import type { Citation } from '../lib/api.ts';
import { createConversation } from '../lib/conversation.ts';
import { messageOf, plural } from '../lib/format.ts';
import { CitationsPanel } from './CitationsPanel.tsx';
import { ThreadList } from './ThreadList.tsx';
import { TurnView } from './TurnView.tsx';
import { Viewer } from './Viewer.tsx';
import './chat.css';

const EXAMPLES = [
  'What is the notice period for ending the agreement?',
  'Who are the parties, and when was it signed?',
  'Summarise what the documents say about payment terms.',
];

/** A workspace's conversations: threads, the streamed cited answer, the cited-answers panel and the viewer. */
export function ChatView(props: { slug: string; documents: number }): JSX.Element {
  const questionId = createUniqueId();
  const hintId = createUniqueId();
  let input!: HTMLTextAreaElement;
  let scroller!: HTMLDivElement;
  /** The element that opened the viewer, to return focus to when it closes. */
  let opener: HTMLElement | null = null;
  /** Where the conversation was last scrolled to on its own (not by the reader). */
  let autoScrolled = -1;

  const [draft, setDraft] = createSignal('');
  const conversation = createConversation(() => props.slug, {
    following: () =>
      scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80 ||
      Math.abs(scroller.scrollTop - autoScrolled) < 4,
    follow: (key) => {
      const turn = scroller.querySelector<HTMLElement>(`[data-turn="${key}"]`);
      const bottom = scroller.scrollHeight - scroller.clientHeight;
      const target = turn ? Math.min(bottom, turn.offsetTop - 8) : bottom;
      if (target > scroller.scrollTop) scroller.scrollTop = target;
      autoScrolled = scroller.scrollTop;
    },
    focusQuestion: () => input.focus(),
  });
  const { turns, active, selected, viewing, streaming, stop } = conversation;

  const closeViewer = () => {
    conversation.closeViewer();
    const back =
      opener?.isConnected === true
        ? opener
        : document.querySelector<HTMLElement>(`.citation-card[data-n="${selected()}"] .citation-open`);
    opener = null;
    back?.focus({ preventScroll: true });
  };

  const openCitation = (key: number, citation: Citation) => {
    if (!viewing()) {
      const focused = document.activeElement;
      opener = focused instanceof HTMLElement && focused !== document.body ? focused : null;
    }
    conversation.openCitation(key, citation);
  };

  const send = () => {
    const question = draft().trim();
    if (!question || streaming()) return;
    setDraft('');
    void conversation.ask(question);
  };

  const onQuestionKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    } else if (event.key === 'Escape' && streaming()) {
      event.preventDefault();
      stop();
    }
  };

  onMount(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (viewing()) {
        event.preventDefault();
        closeViewer();
      } else if (streaming()) {
        event.preventDefault();
        stop();
      }
    };
    document.addEventListener('keydown', onKey);
    onCleanup(() => document.removeEventListener('keydown', onKey));
  });

  const panelPlaceholder = (): JSX.Element => {
    const turn = active();
    if (!turn)
      return (
        <p>
          The passages an answer cites appear here, each with its page. Click one to open the page with the
          passage highlighted.
        </p>
      );
    switch (turn.status) {
      case 'waiting':
      case 'streaming':
        return <p>The sources appear when the answer is complete.</p>;
      case 'stopped':
        return <p>The answer was stopped before its sources were checked.</p>;
      case 'error':
        return <p>No sources: the question could not be answered.</p>;
      default:
        return turn.mode === 'refused' ? (
          <p>Nothing was cited: the documents do not answer this question.</p>
        ) : (
          <p>This answer cites no passage. Check it against the documents before relying on it.</p>
        );
    }
  };

  return (
    <section class="chat" classList={{ viewing: viewing() !== null }} aria-label="Chat with your documents">
      <ThreadList
        threads={conversation.threadList.error ? [] : (conversation.threadList.latest ?? [])}
        loading={conversation.threadList.loading}
        error={conversation.threadList.error ? messageOf(conversation.threadList.error) : null}
        current={conversation.threadId()}
        onOpen={(id) => void conversation.openThread(id)}
        onNew={conversation.newConversation}
        onDelete={conversation.removeThread}
        onRetry={conversation.refetchThreads}
      />
      <div class="chat-main">
        <div class="chat-scroll" ref={scroller}>
          <Show when={conversation.threadProblem()}>
            {(message) => (
              <p class="error" role="alert">
                {message()}
              </p>
            )}
          </Show>
          <Show when={conversation.loadingThread()}>
            <p class="muted" role="status">
              Opening the conversation…
            </p>
          </Show>
          <Show when={turns.length === 0 && !conversation.loadingThread()}>
            <div class="chat-empty" data-testid="chat-empty">
              <Show
                when={props.documents > 0}
                fallback={
                  <>
                    <h3>This workspace has no documents yet</h3>
                    <p>
                      Add the folder that holds your PDFs and Word files on the{' '}
                      <a href={`#/w/${encodeURIComponent(props.slug)}/documents`}>Documents</a> screen. Quire
                      reads and indexes them on this machine; then ask your questions here.
                    </p>
                  </>
                }
              >
                <h3>Ask about the {plural(props.documents, 'document')} in this workspace</h3>
                <p>
                  Every statement in an answer cites the page and quotes the passage it comes from. For
                  example:
                </p>
                <ul class="examples">
                  <For each={EXAMPLES}>
                    {(example) => (
                      <li>
                        <button
                          type="button"
                          class="example"
                          onClick={() => {
                            setDraft(example);
                            input.focus();
                          }}
                        >
                          {example}
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
                <p class="muted">
                  Click a <span class="marker-sample">[1]</span> in an answer, or a source card, to open the
                  page with the passage highlighted.
                </p>
              </Show>
            </div>
          </Show>
          <For each={turns}>
            {(turn) => (
              <TurnView
                slug={props.slug}
                threadId={conversation.threadId()}
                turn={turn}
                active={active()?.key === turn.key}
                selected={selected()}
                onCite={(citation) => openCitation(turn.key, citation)}
                onShowSources={() => conversation.showSources(turn.key)}
                onRetry={() => conversation.retry(turn.key)}
              />
            )}
          </For>
        </div>
        <form
          class="composer"
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          <label for={questionId}>Question</label>
          <textarea
            id={questionId}
            ref={input}
            rows={2}
            value={draft()}
            onInput={(event) => setDraft(event.currentTarget.value)}
            onKeyDown={onQuestionKey}
            placeholder="Ask about the documents in this workspace…"
            aria-describedby={hintId}
          />
          <div class="composer-row">
            <p id={hintId} class="composer-hint muted">
              Enter to ask · Shift+Enter for a new line
              <Show when={streaming()}> · Esc to stop</Show>
            </p>
            <Show when={streaming()}>
              <button type="button" class="stop" onClick={stop}>
                Stop
              </button>
            </Show>
            <button type="submit" class="primary" disabled={!draft().trim() || streaming()}>
              Ask
            </button>
          </div>
        </form>
      </div>
      <aside class="chat-aside" aria-label="Sources and page viewer">
        <Show when={viewing()}>
          {(citation) => <Viewer slug={props.slug} citation={citation()} onClose={closeViewer} />}
        </Show>
        <div class="citations-wrap" hidden={viewing() !== null}>
          <CitationsPanel
            slug={props.slug}
            citations={active()?.status === 'done' ? (active()?.citations ?? []) : []}
            selected={selected()}
            question={turns.length > 1 ? active()?.question : null}
            placeholder={panelPlaceholder()}
            onOpen={(citation) => {
              const turn = active();
              if (turn) openCitation(turn.key, citation);
            }}
          />
        </div>
      </aside>
    </section>
  );
}
