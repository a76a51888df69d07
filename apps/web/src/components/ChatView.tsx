import { createMemo, createSignal, For, type JSX, onCleanup, onMount, Show } from 'solid-js';
import type { Citation } from '../lib/api.ts';
import { questionProblem } from '../lib/ask-problems.ts';
import { numberCitations, quoteKey } from '../lib/citation-numbering.ts';
import { createConversation } from '../lib/conversation.ts';
import { messageOf } from '../lib/format.ts';
import type { Scope } from '../lib/scope.ts';
import { showsAnswer, turnLabel } from '../lib/turn-evidence.ts';
import { ChatEmpty } from './ChatEmpty.tsx';
import { CitationsPanel } from './CitationsPanel.tsx';
import { Composer } from './Composer.tsx';
import { ThreadList } from './ThreadList.tsx';
import { TurnView } from './TurnView.tsx';
import { Viewer } from './Viewer.tsx';
import './chat.css';

/** A workspace's conversations: threads, the streamed cited answer, the cited-answers panel and the viewer. */
export function ChatView(props: { slug: string; documents: number }): JSX.Element {
  let input!: HTMLTextAreaElement;
  let scroller!: HTMLDivElement;
  /** The element that opened the viewer, to return focus to when it closes. */
  let opener: HTMLElement | null = null;
  /** Where the conversation was last scrolled to on its own (not by the reader). */
  let autoScrolled = -1;

  const [draft, setDraft] = createSignal('');
  /** What the next question is asked of: the chips above the question box (null: the whole workspace). */
  const [scope, setScope] = createSignal<Scope | null>(null);
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
    showScope: setScope,
  });
  const { turns, active, selected, viewing, streaming, stop } = conversation;
  /** The active turn's sources, one card per source numbered as its answer shows them. */
  const cards = createMemo(() => {
    const turn = active();
    return turn?.status === 'done' && showsAnswer(turn)
      ? numberCitations(turn.answer, turn.citations).cards
      : [];
  });
  /** The citation in the viewer, with the number its card shows (a closest passage keeps its own). */
  const shownInViewer = createMemo(() => {
    const citation = viewing();
    if (!citation) return null;
    const card = cards().find((c) => c.quotes.some((q) => quoteKey(q) === quoteKey(citation)));
    return card ? { ...citation, n: card.number } : citation;
  });

  const closeViewer = () => {
    conversation.closeViewer();
    const back =
      opener?.isConnected === true
        ? opener
        : document.querySelector<HTMLElement>(`[data-key="${selected()}"] .citation-open`);
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

  /** Asks the drafted question; on failure it comes back to the box (unless a new one was started). */
  const send = async () => {
    const question = draft().trim();
    if (!question || streaming() || questionProblem(draft())) return;
    setDraft('');
    const answered = await conversation.ask(question, scope());
    if (!answered && draft() === '') setDraft(question);
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
        switch (turnLabel(turn)) {
          case 'closest':
            return (
              <p>
                No answer was found, so nothing is cited. The closest passages are listed under the question.
              </p>
            );
          case 'not-found':
            return (
              <p>Nothing was cited: nothing in the documents relates closely enough to this question.</p>
            );
          default:
            return <p>This answer cites no passage. Check it against the documents before relying on it.</p>;
        }
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
            <ChatEmpty
              slug={props.slug}
              documents={props.documents}
              onExample={(example) => {
                setDraft(example);
                input.focus();
              }}
            />
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
        <Composer
          slug={props.slug}
          draft={draft()}
          onDraft={setDraft}
          streaming={streaming()}
          onSend={() => void send()}
          onStop={stop}
          scope={scope()}
          onScope={setScope}
          ref={input}
        />
      </div>
      <aside class="chat-aside" aria-label="Sources and page viewer">
        <Show when={shownInViewer()}>
          {(citation) => <Viewer slug={props.slug} citation={citation()} onClose={closeViewer} />}
        </Show>
        <div class="citations-wrap" hidden={viewing() !== null}>
          <CitationsPanel
            slug={props.slug}
            cards={cards()}
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
