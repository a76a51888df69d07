import {
  createEffect,
  createMemo,
  createResource,
  createSignal,
  createUniqueId,
  For,
  type JSX,
  on,
  onCleanup,
  onMount,
  Show,
} from 'solid-js';
import { createStore } from 'solid-js/store';
import {
  ApiError,
  type AskResult,
  askStream,
  type Citation,
  deleteThread,
  exportBundle,
  type ThreadTurn,
  threads,
  threadTurns,
} from '../lib/api.ts';
import { baseName, messageOf, plural } from '../lib/format.ts';
import { AnswerText } from './AnswerText.tsx';
import { CitationsPanel } from './CitationsPanel.tsx';
import { ThreadList } from './ThreadList.tsx';
import { Viewer } from './Viewer.tsx';
import './chat.css';

type Mode = AskResult['mode'];
type TurnStatus = 'waiting' | 'streaming' | 'done' | 'stopped' | 'error';

/** One question and its answer as shown: live (streamed) or loaded from the thread. */
interface Turn {
  key: number;
  question: string;
  answer: string;
  status: TurnStatus;
  mode: Mode | null;
  citations: Citation[];
  passages: AskResult['passages'];
  standaloneQuery: string;
  time: string;
  models: AskResult['models'] | null;
  error: string | null;
}

const MODE_LABELS: Record<Mode, string> = {
  generated: 'Generated',
  extractive: 'Extracted from the documents',
  refused: 'Not found in these documents',
};

const MODE_NOTES: Record<Mode, string> = {
  generated: 'Written by the local chat model from the passages it cites.',
  extractive: 'Sentences quoted from your documents (no chat model was used).',
  refused: 'No passage in this workspace answers the question well enough.',
};

const EXAMPLES = [
  'What is the notice period for ending the agreement?',
  'Who are the parties, and when was it signed?',
  'Summarise what the documents say about payment terms.',
];

/** The conversation open in each workspace, so coming back to the Ask screen shows it again. */
const openThreads = new Map<string, string>();

let nextKey = 1;

function turnOf(turn: ThreadTurn): Turn {
  return {
    key: nextKey++,
    question: turn.question,
    answer: turn.answer,
    status: 'done',
    mode: turn.mode,
    citations: turn.citations,
    passages: [],
    standaloneQuery: turn.standaloneQuery,
    time: turn.time,
    models: null,
    error: null,
  };
}

/** The answer and its sources as plain text, for the clipboard. */
function copyText(turn: Turn): string {
  const sources = turn.citations.map(
    (c) => `[${c.n}] ${baseName(c.path)}, page ${c.page}: “${c.quote.replace(/\s+/g, ' ')}”`,
  );
  return sources.length > 0 ? `${turn.answer}\n\nSources:\n${sources.join('\n')}\n` : `${turn.answer}\n`;
}

/** A closest passage shortened for display: whitespace collapsed, at most about 320 characters. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= 320) return flat;
  const cut = flat.slice(0, 320);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > 200 ? space : 320).replace(/[\s,;:]+$/, '')}…`;
}

/** Offers `text` as a file download named `name`, through a temporary Blob URL. */
function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

function evidenceFileName(slug: string, time: string): string {
  const stamp = (time || new Date().toISOString()).replace(/\.\d+Z$/, 'Z').replace(/[:]/g, '-');
  return `quire-evidence-${slug}-${stamp}.md`;
}

function TurnView(props: {
  slug: string;
  threadId: string | null;
  turn: Turn;
  active: boolean;
  selected: number | null;
  onCite: (citation: Citation) => void;
  onShowSources: () => void;
  onRetry: () => void;
}): JSX.Element {
  const [note, setNote] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);
  const [exporting, setExporting] = createSignal(false);
  const turn = () => props.turn;
  const busy = () => turn().status === 'waiting' || turn().status === 'streaming';

  const copy = async () => {
    setProblem(null);
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(copyText(turn()));
      setNote('Copied the answer and its sources.');
    } catch {
      setNote(null);
      setProblem(
        'This browser did not allow copying. Select the answer text and press Ctrl+C (⌘C on a Mac).',
      );
    }
  };

  const exportEvidence = async () => {
    const t = turn();
    if (!t.mode) return;
    setExporting(true);
    setProblem(null);
    setNote(null);
    try {
      const result: AskResult = {
        answer: t.answer,
        mode: t.mode,
        citations: t.citations,
        question: t.question,
        standaloneQuery: t.standaloneQuery || t.question,
        time: t.time,
        threadId: props.threadId,
        models: t.models ?? { embedding: null, chat: null, rerank: null },
        retrieval: 'hybrid',
        evidence: 0,
        threshold: 0,
        passages: [],
        sources: [],
      };
      const markdown = await exportBundle(props.slug, result);
      const name = evidenceFileName(props.slug, t.time);
      download(name, markdown, 'text/markdown;charset=utf-8');
      setNote(`Saved the evidence as ${name}.`);
    } catch (error) {
      setProblem(`The evidence could not be exported: ${messageOf(error)}`);
    } finally {
      setExporting(false);
    }
  };

  return (
    <article class="turn" classList={{ active: props.active }} data-testid="turn" data-turn={turn().key}>
      <div class="turn-question">
        <span class="visually-hidden">You asked: </span>
        <p>{turn().question}</p>
      </div>
      <div
        class="turn-answer"
        data-testid="answer"
        data-status={turn().status}
        data-mode={turn().mode ?? undefined}
      >
        <div class="answer-live" aria-live="polite" aria-busy={busy()}>
          <Show when={turn().mode}>
            {(mode) => (
              <p
                class="mode-label"
                classList={{ [`mode-${mode()}`]: true }}
                data-testid="mode-label"
                data-mode={mode()}
                title={
                  mode() === 'generated' && turn().models?.chat
                    ? `${MODE_NOTES.generated} Model: ${turn().models?.chat}`
                    : MODE_NOTES[mode()]
                }
              >
                {MODE_LABELS[mode()]}
              </p>
            )}
          </Show>
          <Show when={turn().status === 'waiting'}>
            <p class="answer-waiting muted">Searching your documents…</p>
          </Show>
          <Show when={turn().mode !== 'refused' && turn().answer}>
            <div class="answer-text" data-testid="answer-text">
              <AnswerText
                text={turn().answer}
                citations={turn().status === 'done' ? turn().citations : []}
                selected={props.active ? props.selected : null}
                onCite={props.onCite}
              />
              <Show when={turn().status === 'streaming'}>
                <span class="caret" aria-hidden="true" />
              </Show>
            </div>
          </Show>
          <Show when={turn().mode === 'refused'}>
            <p class="refused-note muted">
              None of the passages in this workspace answers this well enough to quote.
              <Show when={turn().passages.length > 0}> These came closest:</Show>
            </p>
          </Show>
        </div>
        <Show when={turn().mode === 'refused' && turn().passages.length > 0}>
          <ol class="closest-passages" aria-label="Closest passages">
            <For each={turn().passages}>
              {(passage) => (
                <li class="closest-passage" data-testid="closest-passage">
                  <p class="closest-source">
                    <span class="closest-doc" title={passage.path}>
                      {baseName(passage.path)}
                    </span>
                    , page {passage.page}
                    <Show when={passage.heading}>{(heading) => <> · {heading()}</>}</Show>
                  </p>
                  <blockquote class="closest-text">{excerpt(passage.text)}</blockquote>
                  <button
                    type="button"
                    class="closest-open"
                    onClick={() =>
                      props.onCite({
                        n: passage.n,
                        chunkId: passage.chunkId,
                        documentId: passage.documentId,
                        path: passage.path,
                        page: passage.page,
                        heading: passage.heading,
                        quote: passage.text,
                        start: passage.start,
                        end: passage.end,
                        verified: false,
                      })
                    }
                  >
                    Open page {passage.page}
                  </button>
                </li>
              )}
            </For>
          </ol>
        </Show>
        <Show when={turn().status === 'stopped'}>
          <p class="stopped-note" data-testid="stopped-note">
            Stopped. This answer is incomplete and its citations were not checked.
          </p>
        </Show>
        <Show when={turn().status === 'error'}>
          <p class="error" role="alert">
            The question could not be answered: {turn().error}{' '}
            <button type="button" onClick={() => props.onRetry()}>
              Try again
            </button>
          </p>
        </Show>
        <Show when={turn().status === 'done' || (turn().status === 'stopped' && turn().answer)}>
          <div class="answer-actions">
            <button type="button" onClick={() => void copy()}>
              Copy
            </button>
            <Show when={turn().status === 'done'}>
              <button type="button" onClick={() => void exportEvidence()} disabled={exporting()}>
                {exporting() ? 'Exporting…' : 'Export evidence'}
              </button>
            </Show>
            <Show when={!props.active && turn().citations.length > 0}>
              <button type="button" class="link-button" onClick={() => props.onShowSources()}>
                Show its {plural(turn().citations.length, 'source')}
              </button>
            </Show>
          </div>
        </Show>
        <Show when={note()}>
          <p class="action-note" role="status">
            {note()}
          </p>
        </Show>
        <Show when={problem()}>
          <p class="error" role="alert">
            {problem()}
          </p>
        </Show>
      </div>
    </article>
  );
}

/** A workspace's conversations: threads, the streamed cited answer, the cited-answers panel and the viewer. */
export function ChatView(props: { slug: string; documents: number }): JSX.Element {
  const questionId = createUniqueId();
  const hintId = createUniqueId();
  let input!: HTMLTextAreaElement;
  let scroller!: HTMLDivElement;
  /** The element that opened the viewer, to return focus to when it closes. */
  let opener: HTMLElement | null = null;

  const [turns, setTurns] = createStore<Turn[]>([]);
  const [threadId, setThreadId] = createSignal<string | null>(null);
  const [draft, setDraft] = createSignal('');
  const [streaming, setStreaming] = createSignal<AbortController | null>(null);
  const [activeKey, setActiveKey] = createSignal<number | null>(null);
  const [selected, setSelected] = createSignal<number | null>(null);
  const [viewing, setViewing] = createSignal<Citation | null>(null);
  const [loadingThread, setLoadingThread] = createSignal(false);
  const [threadProblem, setThreadProblem] = createSignal<string | null>(null);
  // A memo: what depends on the workspace must follow a change of workspace, not every reload of its
  // summary (which gives a new object with the same slug).
  const currentSlug = createMemo(() => props.slug);
  const [threadList, { refetch: refetchThreads }] = createResource(currentSlug, threads);

  const active = () => turns.find((t) => t.key === activeKey()) ?? turns.at(-1);

  /** Where the conversation was last scrolled to on its own (not by the reader). */
  let autoScrolled = -1;
  /** Whether the reader is where the conversation follows the answer (not scrolled away from it). */
  const following = () =>
    scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80 ||
    Math.abs(scroller.scrollTop - autoScrolled) < 4;
  /** Scrolls down with turn `key` as it grows, but never past its question. */
  const follow = (key: number | undefined) => {
    const turn = scroller.querySelector<HTMLElement>(`[data-turn="${key}"]`);
    const bottom = scroller.scrollHeight - scroller.clientHeight;
    const target = turn ? Math.min(bottom, turn.offsetTop - 8) : bottom;
    if (target > scroller.scrollTop) scroller.scrollTop = target;
    autoScrolled = scroller.scrollTop;
  };

  const stop = () => streaming()?.abort();

  const closeViewer = () => {
    setViewing(null);
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
    setActiveKey(key);
    setSelected(citation.n);
    setViewing(citation);
  };

  const reset = () => {
    stop();
    setTurns([]);
    setThreadId(null);
    setActiveKey(null);
    setSelected(null);
    setViewing(null);
    setThreadProblem(null);
  };

  let openRequest = 0;
  const openThread = async (id: string) => {
    const slug = props.slug;
    const request = ++openRequest;
    stop();
    setLoadingThread(true);
    setThreadProblem(null);
    try {
      const loaded = await threadTurns(slug, id);
      if (request !== openRequest || slug !== props.slug) return;
      const list = loaded.map(turnOf);
      setTurns(list);
      setThreadId(id);
      openThreads.set(slug, id);
      setActiveKey(list.at(-1)?.key ?? null);
      setSelected(null);
      setViewing(null);
      queueMicrotask(() => follow(list.at(-1)?.key));
    } catch (error) {
      if (request !== openRequest) return;
      if (error instanceof ApiError && error.status === 404) {
        openThreads.delete(slug);
        setThreadProblem('That conversation no longer exists.');
        void refetchThreads();
      } else {
        setThreadProblem(`The conversation could not be opened: ${messageOf(error)}`);
      }
    } finally {
      if (request === openRequest) setLoadingThread(false);
    }
  };

  const newConversation = () => {
    openRequest++;
    setLoadingThread(false);
    reset();
    openThreads.delete(props.slug);
    input.focus();
  };

  const removeThread = async (id: string) => {
    await deleteThread(props.slug, id);
    if (threadId() === id) newConversation();
    await refetchThreads();
  };

  // A different workspace (or the first showing): its open conversation, if any.
  createEffect(
    on(currentSlug, (slug) => {
      openRequest++;
      setLoadingThread(false);
      reset();
      const open = openThreads.get(slug);
      if (open) void openThread(open);
    }),
  );

  const ask = async (text: string) => {
    const question = text.trim();
    if (!question || streaming()) return;
    const slug = props.slug;
    const thread = threadId();
    const controller = new AbortController();
    const key = nextKey++;
    openRequest++;
    setLoadingThread(false);
    setThreadProblem(null);
    setTurns(turns.length, {
      key,
      question,
      answer: '',
      status: 'waiting',
      mode: null,
      citations: [],
      passages: [],
      standaloneQuery: question,
      time: new Date().toISOString(),
      models: null,
      error: null,
    });
    setActiveKey(key);
    setSelected(null);
    setStreaming(controller);
    queueMicrotask(() => follow(key));
    const update = (patch: Partial<Turn>) => setTurns((t) => t.key === key, patch);
    try {
      const result = await askStream(slug, question, {
        ...(thread ? { threadId: thread } : { newThread: true }),
        signal: controller.signal,
        onToken: (piece) => {
          const stick = following();
          setTurns(
            (t) => t.key === key,
            (t) => ({ answer: t.answer + piece, status: 'streaming' }),
          );
          if (stick) follow(key);
        },
      });
      const stick = following();
      update({
        answer: result.answer,
        status: 'done',
        mode: result.mode,
        citations: result.citations,
        passages: result.passages ?? [],
        standaloneQuery: result.standaloneQuery,
        time: result.time,
        models: result.models,
      });
      if (stick) queueMicrotask(() => follow(key));
      if (slug === props.slug && result.threadId) {
        setThreadId(result.threadId);
        openThreads.set(slug, result.threadId);
      }
      void refetchThreads();
    } catch (error) {
      if (controller.signal.aborted) update({ status: 'stopped' });
      else update({ status: 'error', error: messageOf(error) });
    } finally {
      if (streaming() === controller) setStreaming(null);
    }
  };

  const send = () => {
    const question = draft().trim();
    if (!question || streaming()) return;
    setDraft('');
    void ask(question);
  };

  const retry = (key: number) => {
    const turn = turns.find((t) => t.key === key);
    if (!turn || streaming()) return;
    setTurns((list) => list.filter((t) => t.key !== key));
    void ask(turn.question);
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
  onCleanup(stop);

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
        threads={threadList.error ? [] : (threadList.latest ?? [])}
        loading={threadList.loading}
        error={threadList.error ? messageOf(threadList.error) : null}
        current={threadId()}
        onOpen={(id) => void openThread(id)}
        onNew={newConversation}
        onDelete={removeThread}
        onRetry={() => void refetchThreads()}
      />
      <div class="chat-main">
        <div class="chat-scroll" ref={scroller}>
          <Show when={threadProblem()}>
            {(message) => (
              <p class="error" role="alert">
                {message()}
              </p>
            )}
          </Show>
          <Show when={loadingThread()}>
            <p class="muted" role="status">
              Opening the conversation…
            </p>
          </Show>
          <Show when={turns.length === 0 && !loadingThread()}>
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
                threadId={threadId()}
                turn={turn}
                active={active()?.key === turn.key}
                selected={selected()}
                onCite={(citation) => openCitation(turn.key, citation)}
                onShowSources={() => {
                  setActiveKey(turn.key);
                  setSelected(null);
                  setViewing(null);
                }}
                onRetry={() => retry(turn.key)}
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
            <button type="submit" class="primary" disabled={!draft().trim() || streaming() !== null}>
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
