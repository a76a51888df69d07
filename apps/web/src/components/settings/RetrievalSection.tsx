import { createSignal, createUniqueId, type JSX, Show, untrack } from 'solid-js';
import { updateWorkspace, type WorkspaceDefaults } from '../../lib/api.ts';
import { messageOf } from '../../lib/format.ts';
import { createSaveAction } from '../../lib/save-action.ts';
import { FeedbackLines } from '../Feedback.tsx';
import type { SectionProps } from './section-props.ts';

/** How many passages an answer draws on, and how much evidence it needs before Quire answers. */
export function RetrievalSection(
  props: SectionProps & {
    /** The server's defaults, shown and restored by "Restore defaults" once known. */
    defaults: WorkspaceDefaults['retrieval'] | null;
  },
): JSX.Element {
  const id = createUniqueId();
  const initial = untrack(() => props.settings().retrieval);
  const [passages, setPassages] = createSignal(String(initial.passages));
  const [threshold, setThreshold] = createSignal(initial.refusalThreshold);
  const action = createSaveAction();

  const passagesNumber = () => Number(passages());
  const passagesProblem = () => {
    const n = passagesNumber();
    return passages().trim() === '' || !Number.isInteger(n) || n < 1 || n > 50
      ? 'Passages must be a whole number from 1 to 50.'
      : null;
  };
  const unchanged = () =>
    passagesNumber() === props.settings().retrieval.passages &&
    threshold() === props.settings().retrieval.refusalThreshold;

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const problem = passagesProblem();
    if (problem) {
      action.refuse(problem);
      return;
    }
    await action.run(
      async () => {
        const next = await updateWorkspace(props.slug, {
          retrieval: { passages: passagesNumber(), refusalThreshold: Math.round(threshold() * 100) / 100 },
        });
        props.onSaved(next);
        return 'Retrieval settings saved; the next question uses them.';
      },
      (error) => `Could not save: ${messageOf(error)}`,
    );
  };

  return (
    <section class="settings-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Retrieval</h3>
      <form class="settings-grid" noValidate onSubmit={(event) => void save(event)}>
        <label for={`${id}-passages`}>Passages per answer</label>
        <div>
          <input
            id={`${id}-passages`}
            type="number"
            min={1}
            max={50}
            step={1}
            inputMode="numeric"
            class="narrow"
            aria-describedby={`${id}-passages-hint`}
            aria-invalid={passagesProblem() !== null}
            value={passages()}
            onInput={(event) => setPassages(event.currentTarget.value)}
          />
          <p id={`${id}-passages-hint`} class="hint">
            How many passages are retrieved for each question (1–50
            {props.defaults ? `, default ${props.defaults.passages}` : ''}). More gives the answer more to
            draw on, but is slower with a chat model.
          </p>
        </div>
        <label for={`${id}-threshold`}>Refusal threshold</label>
        <div>
          <div class="slider">
            <input
              id={`${id}-threshold`}
              type="range"
              min={0}
              max={1}
              step={0.01}
              aria-describedby={`${id}-threshold-hint`}
              aria-valuetext={threshold().toFixed(2)}
              value={threshold()}
              onInput={(event) => setThreshold(Number(event.currentTarget.value))}
            />
            <output for={`${id}-threshold`} class="slider-value">
              {threshold().toFixed(2)}
            </output>
          </div>
          <p id={`${id}-threshold-hint`} class="hint">
            How much of the question’s wording the best passage must contain before Quire answers (0–1
            {props.defaults ? `, default ${props.defaults.refusalThreshold}` : ''}). Higher refuses more often
            when the documents don’t contain the answer; lower answers more often, from weaker evidence.
          </p>
        </div>
        <div class="grid-actions">
          <button type="submit" class="primary" disabled={action.busy() || unchanged()}>
            {action.busy() ? 'Saving…' : 'Save retrieval settings'}
          </button>
          <Show when={props.defaults}>
            {(restored) => (
              <button
                type="button"
                disabled={
                  action.busy() ||
                  (passagesNumber() === restored().passages && threshold() === restored().refusalThreshold)
                }
                onClick={() => {
                  setPassages(String(restored().passages));
                  setThreshold(restored().refusalThreshold);
                }}
              >
                Restore defaults
              </button>
            )}
          </Show>
        </div>
      </form>
      <FeedbackLines ok={action.ok()} error={action.error()} />
    </section>
  );
}
