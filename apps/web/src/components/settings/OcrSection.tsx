import { createSignal, createUniqueId, type JSX, untrack } from 'solid-js';
import { updateWorkspace } from '../../lib/api.ts';
import { messageOf } from '../../lib/format.ts';
import { explainOcrRefusal, formatLanguages, parseLanguages } from '../../lib/ocr.ts';
import { createSaveAction } from '../../lib/save-action.ts';
import { FeedbackLines } from '../Feedback.tsx';
import type { SectionProps } from './section-props.ts';

/** Whether two lists of language codes are the same, in the same order. */
function sameLanguages(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((code, i) => code === b[i]);
}

/** Some Tesseract language codes, for the hint. */
const LANGUAGE_EXAMPLES =
  'eng (English), deu (German), fra (French), spa (Spanish), ita (Italian), nld (Dutch)';

/** Whether scanned and garbled pages and images are read by OCR, and in which languages. */
export function OcrSection(props: SectionProps): JSX.Element {
  const id = createUniqueId();
  const saved = () => props.settings().ocr;
  const initial = untrack(saved);
  const [enabled, setEnabled] = createSignal(initial.enabled);
  const [languages, setLanguages] = createSignal(formatLanguages(initial.languages));
  const action = createSaveAction();

  const parsed = () => parseLanguages(languages());
  const problem = () => {
    const result = parsed();
    return 'problem' in result ? result.problem : null;
  };
  const unchanged = () => {
    const result = parsed();
    return (
      enabled() === saved().enabled &&
      'languages' in result &&
      sameLanguages(result.languages, saved().languages)
    );
  };

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = parsed();
    // With OCR off the languages field cannot be edited; a draft it kept is not worth refusing for.
    if ('problem' in result && enabled()) {
      action.refuse(result.problem);
      return;
    }
    const codes = 'languages' in result ? result.languages : saved().languages;
    await action.run(
      async () => {
        const next = await updateWorkspace(props.slug, { ocr: { enabled: enabled(), languages: codes } });
        props.onSaved(next);
        setEnabled(next.ocr.enabled);
        setLanguages(formatLanguages(next.ocr.languages));
        return next.ocr.enabled
          ? `OCR is on (${formatLanguages(next.ocr.languages)}). New and changed files are read with it; to read an indexed document again, reindex it on the Documents screen.`
          : 'OCR is off: pages without a usable text layer are skipped, and images are no longer read. Documents already indexed keep their text until they are reindexed.';
      },
      (error) => `Could not save the OCR settings: ${explainOcrRefusal(messageOf(error))}`,
    );
  };

  return (
    <section class="settings-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Reading scanned pages (OCR)</h3>
      <p class="muted">
        Pages of a PDF without a usable text layer (scans, or text that comes out garbled) and images (PNG,
        JPEG, TIFF) are read by optical character recognition, on this computer. It is slower than reading a
        text layer (a few seconds a page) and may misread words; citations from such pages say so.
      </p>
      <form class="settings-grid" noValidate onSubmit={(event) => void save(event)}>
        <span class="settings-grid-label">OCR</span>
        <div>
          <label class="checkbox" for={`${id}-enabled`}>
            <input
              id={`${id}-enabled`}
              type="checkbox"
              aria-describedby={`${id}-enabled-hint`}
              checked={enabled()}
              onChange={(event) => setEnabled(event.currentTarget.checked)}
            />
            Read scanned and garbled pages with OCR
          </label>
          <p id={`${id}-enabled-hint`} class="hint">
            Off: such pages are left out of the index, and image files are not read.
          </p>
        </div>
        <label for={`${id}-languages`}>Languages</label>
        <div>
          <input
            id={`${id}-languages`}
            type="text"
            class="languages-input"
            autocomplete="off"
            spellcheck={false}
            placeholder="eng"
            disabled={!enabled()}
            aria-describedby={`${id}-languages-hint`}
            aria-invalid={enabled() && problem() !== null}
            value={languages()}
            onInput={(event) => setLanguages(event.currentTarget.value)}
          />
          <p id={`${id}-languages-hint`} class="hint">
            The languages of your scans, as Tesseract codes separated by commas: {LANGUAGE_EXAMPLES}. English
            comes with Quire; for another language, install its data first (for German:{' '}
            <code>npm install @tesseract.js-data/deu</code> in Quire’s folder). Each extra language makes OCR
            slower.
          </p>
        </div>
        <div class="grid-actions">
          <button type="submit" class="primary" disabled={action.busy() || unchanged()}>
            {action.busy() ? 'Saving…' : 'Save OCR settings'}
          </button>
        </div>
      </form>
      <FeedbackLines ok={action.ok()} error={action.error()} />
    </section>
  );
}
