import { createSignal, For, type JSX, Show } from 'solid-js';
import { copyText, downloadFile, evidenceFileName, evidenceOf } from '../lib/answer-export.ts';
import { type Citation, exportBundle } from '../lib/api.ts';
import type { AnswerMode, Turn } from '../lib/conversation.ts';
import { baseName, messageOf, plural } from '../lib/format.ts';
import { AnswerText } from './AnswerText.tsx';

const MODE_LABELS: Record<AnswerMode, string> = {
  generated: 'Generated',
  extractive: 'Extracted from the documents',
  refused: 'Not found in these documents',
};

const MODE_NOTES: Record<AnswerMode, string> = {
  generated: 'Written by the local chat model from the passages it cites.',
  extractive: 'Sentences quoted from your documents (no chat model was used).',
  refused: 'No passage in this workspace answers the question well enough.',
};

/** A closest passage shortened for display: whitespace collapsed, at most about 320 characters. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= 320) return flat;
  const cut = flat.slice(0, 320);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > 200 ? space : 320).replace(/[\s,;:]+$/, '')}…`;
}

/**
 * One question and its answer (`data-testid="turn"`): the answer mode, the text with its citation
 * markers, the closest passages of a refusal, and Copy / Export evidence / Show its sources.
 */
export function TurnView(props: {
  slug: string;
  threadId: string | null;
  turn: Turn;
  /** Whether this turn's sources are the ones shown in the panel. */
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
