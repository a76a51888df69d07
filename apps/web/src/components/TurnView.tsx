import { createSignal, type JSX, Show } from 'solid-js';
import { copyText, downloadFile, evidenceFileName, evidenceOf } from '../lib/answer-export.ts';
import { type Citation, exportBundle } from '../lib/api.ts';
import { numberCitations } from '../lib/citation-numbering.ts';
import { messageOf, plural } from '../lib/format.ts';
import type { Turn } from '../lib/turn.ts';
import {
  closestPassages,
  showsAnswer,
  TURN_LABELS,
  type TurnLabel,
  turnLabel,
} from '../lib/turn-evidence.ts';
import { AnswerText } from './AnswerText.tsx';
import { ClosestPassages } from './ClosestPassages.tsx';
import { ScopeNote } from './ScopeBar.tsx';

const LABEL_NOTES: Record<TurnLabel, string> = {
  generated: 'Written by the local chat model from the passages it cites.',
  extractive: 'Sentences quoted from your documents (no chat model was used).',
  closest: 'Quire found related passages but no answer in them.',
  'not-found': 'Nothing in this workspace relates closely enough to the question.',
};

/** Questions longer than this (or with more lines) show folded, with a button to show them whole. */
const LONG_QUESTION_CHARS = 600;
const LONG_QUESTION_LINES = 8;

/**
 * One question and its answer (`data-testid="turn"`, `data-support`). An answer the sources support
 * shows with its numbered citation markers; otherwise no answer: "No answer found — closest passages"
 * with the passages to read (`data-testid="closest-passage"`, each opening its page), or "Not found".
 * A failure says what happened and offers "Try again" only when trying again can help. Copy / Export
 * evidence / Show its sources follow a complete turn.
 */
export function TurnView(props: {
  slug: string;
  threadId: string | null;
  turn: Turn;
  /** Whether this turn's sources are the ones shown in the panel. */
  active: boolean;
  /** The quote shown in the panel (`quoteKey`). */
  selected: string | null;
  onCite: (citation: Citation) => void;
  onShowSources: () => void;
  onRetry: () => void;
}): JSX.Element {
  const [note, setNote] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);
  const [exporting, setExporting] = createSignal(false);
  const [unfolded, setUnfolded] = createSignal(false);
  const turn = () => props.turn;
  const busy = () => turn().status === 'waiting' || turn().status === 'streaming';
  const long = () =>
    turn().question.length > LONG_QUESTION_CHARS || turn().question.split('\n').length > LONG_QUESTION_LINES;
  const label = () => turnLabel(turn());
  const sourceCount = () =>
    showsAnswer(turn()) ? numberCitations(turn().answer, turn().citations).cards.length : 0;
  /** Why the passages are not an answer, in the words of what the workspace could check. */
  const closestWhy = () =>
    turn().models?.chat === null
      ? 'Without a chat model, Quire answers only when a passage clearly holds the answer, and could not confirm that these do. Read them to judge, or add a chat model in Settings.'
      : 'Quire could not confirm that these passages answer the question. Read them to judge.';

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
    const evidence = evidenceOf(turn(), props.threadId);
    if (!evidence) return;
    setExporting(true);
    setProblem(null);
    setNote(null);
    try {
      const markdown = await exportBundle(props.slug, evidence);
      const name = evidenceFileName(props.slug, evidence.time);
      downloadFile(name, markdown, 'text/markdown;charset=utf-8');
      setNote(`Saved the evidence as ${name}.`);
    } catch (error) {
      setProblem(`The evidence could not be exported: ${messageOf(error)}`);
    } finally {
      setExporting(false);
    }
  };

  return (
    <article class="turn" classList={{ active: props.active }} data-testid="turn" data-turn={turn().key}>
      <div class="turn-question" classList={{ folded: long() && !unfolded() }}>
        <span class="visually-hidden">You asked: </span>
        <p data-testid="turn-question">{turn().question}</p>
        <Show when={long()}>
          <button
            type="button"
            class="link-button unfold"
            aria-expanded={unfolded()}
            onClick={() => setUnfolded(!unfolded())}
          >
            {unfolded()
              ? 'Show less of the question'
              : `Show the whole question (${plural(turn().question.length, 'character')})`}
          </button>
        </Show>
      </div>
      <div
        class="turn-answer"
        data-testid="answer"
        data-status={turn().status}
        data-mode={turn().mode ?? undefined}
        data-support={turn().status === 'done' ? (turn().support ?? undefined) : undefined}
      >
        <ScopeNote scope={turn().scope} documents={turn().scopeDocuments} />
        <div class="answer-live" aria-live="polite" aria-busy={busy()}>
          <Show when={label()}>
            {(shown) => (
              <p
                class="mode-label"
                classList={{ [`mode-${shown()}`]: true }}
                data-testid="mode-label"
                data-mode={shown()}
                title={
                  shown() === 'generated' && turn().models?.chat
                    ? `${LABEL_NOTES.generated} Model: ${turn().models?.chat}`
                    : LABEL_NOTES[shown()]
                }
              >
                {TURN_LABELS[shown()]}
              </p>
            )}
          </Show>
          <Show when={turn().status === 'waiting'}>
            <p class="answer-waiting muted">Searching your documents…</p>
          </Show>
          <Show when={showsAnswer(turn())}>
            <div class="answer-text" data-testid="answer-text">
              <AnswerText
                text={turn().answer}
                citations={turn().status === 'done' ? turn().citations : null}
                selected={props.active ? props.selected : null}
                onCite={props.onCite}
              />
              <Show when={turn().status === 'streaming'}>
                <span class="caret" aria-hidden="true" />
              </Show>
            </div>
          </Show>
          <Show when={label() === 'closest'}>
            <p class="refused-note muted" data-testid="closest-why">
              {closestWhy()}
            </p>
          </Show>
          <Show when={label() === 'not-found'}>
            <p class="refused-note muted" data-testid="not-found-note">
              Nothing in this workspace’s documents relates closely enough to this question. Try other words,
              or check that the document that holds the answer is in this workspace.
            </p>
          </Show>
        </div>
        <Show when={closestPassages(turn()).length > 0}>
          <ClosestPassages
            slug={props.slug}
            passages={closestPassages(turn())}
            citations={turn().citations}
            onCite={props.onCite}
          />
        </Show>
        <Show when={turn().status === 'stopped'}>
          <p class="stopped-note" data-testid="stopped-note">
            Stopped. This answer is incomplete and its citations were not checked.
          </p>
        </Show>
        <Show when={turn().status === 'error' && turn().problem}>
          {(failed) => (
            <div class="error turn-problem" role="alert" data-testid="ask-problem">
              <p class="turn-problem-text">{failed().message}</p>
              <Show when={failed().retryable}>
                <button type="button" onClick={() => props.onRetry()}>
                  Try again
                </button>
              </Show>
            </div>
          )}
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
            <Show when={!props.active && sourceCount() > 0}>
              <button type="button" class="link-button" onClick={() => props.onShowSources()}>
                Show its {plural(sourceCount(), 'source')}
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
