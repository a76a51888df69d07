// The Ask screen's conversation, apart from how it is drawn: its turns (asked live with a streamed answer,
// or loaded from a thread), the thread it belongs to, and which answer's sources and page are shown.
import {
  type Accessor,
  createEffect,
  createMemo,
  createResource,
  createSignal,
  on,
  onCleanup,
  type Resource,
} from 'solid-js';
import { createStore } from 'solid-js/store';
import {
  ApiError,
  askStream,
  type Citation,
  deleteThread,
  type ThreadSummary,
  threads,
  threadTurns,
} from './api.ts';
import { askProblem } from './ask-problems.ts';
import { quoteKey } from './citation-numbering.ts';
import { messageOf } from './format.ts';
import type { Scope } from './scope.ts';
import { newTurnKey, pendingTurn, supportOf, type Turn, turnOf } from './turn.ts';

/** What the conversation asks of the screen that shows it. */
export interface ConversationView {
  /** Whether the reader is where the conversation follows the answer (not scrolled away from it). */
  following(): boolean;
  /** Scrolls down with turn `key` as it grows, but never past its question. */
  follow(key: number | undefined): void;
  /** Puts the focus in the question box (a new conversation starts there). */
  focusQuestion(): void;
  /**
   * Shows `scope` as the one the next question is asked of: a thread's (its last turn's) when it is
   * opened, none when another workspace is shown.
   */
  showScope(scope: Scope | null): void;
}

/** A workspace's conversation; see {@link createConversation}. */
export interface Conversation {
  readonly turns: readonly Turn[];
  /** The thread the turns belong to (`null` until the first answer of a new conversation). */
  readonly threadId: Accessor<string | null>;
  /** Whether an answer is streaming. */
  readonly streaming: Accessor<boolean>;
  readonly loadingThread: Accessor<boolean>;
  /** Why a thread could not be opened, in words. */
  readonly threadProblem: Accessor<string | null>;
  /** The workspace's threads, newest first. */
  readonly threadList: Resource<ThreadSummary[]>;
  refetchThreads(): void;
  /** The turn whose sources are shown: the one last chosen, else the last. */
  active(): Turn | undefined;
  /** The quote shown in the panel ({@link quoteKey}), if any. */
  readonly selected: Accessor<string | null>;
  /** The citation whose page is open in the viewer. */
  readonly viewing: Accessor<Citation | null>;
  /**
   * Asks `question` of `scope` (null: the whole workspace) in this conversation, streaming the answer
   * (nothing while another streams); resolves false when it failed, so the screen can give the question
   * back. The scope is always sent, so what the chips show is what is asked, in a thread too.
   */
  ask(question: string, scope: Scope | null): Promise<boolean>;
  /** Stops the answer that is streaming (it stays, marked incomplete). */
  stop(): void;
  /** Asks a failed turn's question again, in place of that turn. */
  retry(key: number): void;
  openThread(id: string): Promise<void>;
  /** Starts afresh (the next question starts a new thread). */
  newConversation(): void;
  /** Deletes a thread; deleting the open one starts a new conversation. */
  removeThread(id: string): Promise<void>;
  /** Shows citation `citation` of turn `key`: its card selected, its page in the viewer. */
  openCitation(key: number, citation: Citation): void;
  closeViewer(): void;
  /** Shows the sources of turn `key` in the panel. */
  showSources(key: number): void;
}

/** The conversation open in each workspace, so coming back to the Ask screen shows it again. */
const openThreads = new Map<string, string>();

/**
 * The conversation of workspace `slug()`: a change of workspace shows that workspace's open thread
 * (or a new conversation). Call inside a component; leaving it stops a streaming answer.
 */
export function createConversation(slug: Accessor<string>, view: ConversationView): Conversation {
  const [turns, setTurns] = createStore<Turn[]>([]);
  const [threadId, setThreadId] = createSignal<string | null>(null);
  const [streaming, setStreaming] = createSignal<AbortController | null>(null);
  const [activeKey, setActiveKey] = createSignal<number | null>(null);
  const [selected, setSelected] = createSignal<string | null>(null);
  const [viewing, setViewing] = createSignal<Citation | null>(null);
  const [loadingThread, setLoadingThread] = createSignal(false);
  const [threadProblem, setThreadProblem] = createSignal<string | null>(null);
  // A memo: what depends on the workspace must follow a change of workspace, not every reload of its
  // summary (which gives a new object with the same slug).
  const currentSlug = createMemo(slug);
  const [threadList, { refetch }] = createResource(currentSlug, threads);
  const refetchThreads = () => void refetch();

  const active = () => turns.find((t) => t.key === activeKey()) ?? turns.at(-1);

  const stop = () => streaming()?.abort();

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
    const workspace = slug();
    const request = ++openRequest;
    stop();
    setLoadingThread(true);
    setThreadProblem(null);
    try {
      const loaded = await threadTurns(workspace, id);
      if (request !== openRequest || workspace !== slug()) return;
      const list = loaded.map(turnOf);
      setTurns(list);
      setThreadId(id);
      openThreads.set(workspace, id);
      setActiveKey(list.at(-1)?.key ?? null);
      setSelected(null);
      setViewing(null);
      view.showScope(list.at(-1)?.scope ?? null);
      queueMicrotask(() => view.follow(list.at(-1)?.key));
    } catch (error) {
      if (request !== openRequest) return;
      if (error instanceof ApiError && error.status === 404) {
        openThreads.delete(workspace);
        setThreadProblem('That conversation no longer exists.');
        refetchThreads();
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
    openThreads.delete(slug());
    view.focusQuestion();
  };

  const removeThread = async (id: string) => {
    await deleteThread(slug(), id);
    if (threadId() === id) newConversation();
    await refetch();
  };

  // A different workspace (or the first showing): its open conversation, if any.
  createEffect(
    on(currentSlug, (workspace) => {
      openRequest++;
      setLoadingThread(false);
      reset();
      view.showScope(null);
      const open = openThreads.get(workspace);
      if (open) void openThread(open);
    }),
  );

  const ask = async (text: string, scope: Scope | null) => {
    const question = text.trim();
    if (!question || streaming()) return false;
    const workspace = slug();
    const thread = threadId();
    const controller = new AbortController();
    const key = newTurnKey();
    openRequest++;
    setLoadingThread(false);
    setThreadProblem(null);
    setTurns(turns.length, pendingTurn(key, question, scope));
    setActiveKey(key);
    setSelected(null);
    setStreaming(controller);
    queueMicrotask(() => view.follow(key));
    const update = (patch: Partial<Turn>) => setTurns((t) => t.key === key, patch);
    try {
      const result = await askStream(workspace, question, {
        ...(thread ? { threadId: thread } : { newThread: true }),
        scope,
        signal: controller.signal,
        onToken: (piece) => {
          const stick = view.following();
          setTurns(
            (t) => t.key === key,
            (t) => ({ answer: t.answer + piece, status: 'streaming' }),
          );
          if (stick) view.follow(key);
        },
      });
      const stick = view.following();
      update({
        answer: result.answer,
        status: 'done',
        mode: result.mode,
        support: supportOf(result.mode, result.support, result.passages ?? []),
        citations: result.citations,
        passages: result.passages ?? [],
        standaloneQuery: result.standaloneQuery,
        time: result.time,
        models: result.models,
        scope: result.scope,
        scopeDocuments: result.scopeDocuments,
      });
      if (stick) queueMicrotask(() => view.follow(key));
      if (workspace === slug() && result.threadId) {
        setThreadId(result.threadId);
        openThreads.set(workspace, result.threadId);
      }
      refetchThreads();
      return true;
    } catch (error) {
      if (controller.signal.aborted) update({ status: 'stopped' });
      else update({ status: 'error', problem: askProblem(error) });
      return controller.signal.aborted;
    } finally {
      if (streaming() === controller) setStreaming(null);
    }
  };

  const retry = (key: number) => {
    const turn = turns.find((t) => t.key === key);
    if (!turn || streaming()) return;
    setTurns((list) => list.filter((t) => t.key !== key));
    void ask(turn.question, turn.scope);
  };

  onCleanup(stop);

  return {
    turns,
    threadId,
    streaming: () => streaming() !== null,
    loadingThread,
    threadProblem,
    threadList,
    refetchThreads,
    active,
    selected,
    viewing,
    ask,
    stop,
    retry,
    openThread,
    newConversation,
    removeThread,
    openCitation: (key, citation) => {
      setActiveKey(key);
      setSelected(quoteKey(citation));
      setViewing(citation);
    },
    closeViewer: () => setViewing(null),
    showSources: (key) => {
      setActiveKey(key);
      setSelected(null);
      setViewing(null);
    },
  };
}
