import { createUniqueId, type JSX, Show } from 'solid-js';
import { questionCounter, questionProblem } from '../lib/ask-problems.ts';
import type { Scope } from '../lib/scope.ts';
import { ScopeBar } from './ScopeBar.tsx';

/**
 * The question box with the scope chips above it ({@link ScopeBar}): Enter asks, Shift+Enter adds a line,
 * Esc stops a streaming answer; the character counter near the limit and the plain message past it.
 */
export function Composer(props: {
  slug: string;
  draft: string;
  onDraft: (text: string) => void;
  streaming: boolean;
  /** Asks the drafted question (not called while it is too long or an answer streams). */
  onSend: () => void;
  onStop: () => void;
  scope: Scope | null;
  onScope: (scope: Scope | null) => void;
  /** The question box (Solid's `ref`: the variable it is assigned to). */
  ref: HTMLTextAreaElement | ((textarea: HTMLTextAreaElement) => void);
}): JSX.Element {
  const questionId = createUniqueId();
  const hintId = createUniqueId();
  const limitId = createUniqueId();
  const counter = () => questionCounter(props.draft);
  const tooLong = () => questionProblem(props.draft);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      props.onSend();
    } else if (event.key === 'Escape' && props.streaming) {
      event.preventDefault();
      props.onStop();
    }
  };

  return (
    <div class="composer-area">
      <ScopeBar slug={props.slug} scope={props.scope} onChange={props.onScope} />
      <form
        class="composer"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSend();
        }}
      >
        <label for={questionId}>Question</label>
        <textarea
          id={questionId}
          ref={props.ref}
          rows={2}
          value={props.draft}
          onInput={(event) => props.onDraft(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          placeholder="Ask about the documents in this workspace…"
          aria-describedby={`${hintId} ${limitId}`}
          aria-invalid={tooLong() ? 'true' : undefined}
        />
        <p id={limitId} class="composer-limit" aria-live="polite">
          <Show when={tooLong()}>
            {(problem) => (
              <span class="composer-problem" data-testid="question-problem">
                {problem()}
              </span>
            )}
          </Show>
        </p>
        <div class="composer-row">
          <p id={hintId} class="composer-hint muted">
            Enter to ask · Shift+Enter for a new line
            <Show when={props.streaming}> · Esc to stop</Show>
          </p>
          <Show when={counter()}>
            {(shown) => (
              <span
                class="composer-counter"
                classList={{ over: shown().over }}
                data-testid="question-counter"
                aria-hidden="true"
              >
                {shown().text}
              </span>
            )}
          </Show>
          <Show when={props.streaming}>
            <button type="button" class="stop" onClick={() => props.onStop()}>
              Stop
            </button>
          </Show>
          <button
            type="submit"
            class="primary"
            disabled={!props.draft.trim() || props.streaming || tooLong() !== null}
          >
            Ask
          </button>
        </div>
      </form>
    </div>
  );
}
