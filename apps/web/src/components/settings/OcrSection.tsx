import { createResource, createSignal, createUniqueId, For, type JSX, Show, untrack } from 'solid-js';
import { updateWorkspace } from '../../lib/api.ts';
import { type OcrLanguage, ocrLanguages } from '../../lib/folders-api.ts';
import { messageOf } from '../../lib/format.ts';
import { formatLanguages } from '../../lib/ocr.ts';
import { createSaveAction } from '../../lib/save-action.ts';
import { FeedbackLines } from '../Feedback.tsx';
import type { SectionProps } from './section-props.ts';

/** `English (eng), German (deu)`. */
function languageList(languages: readonly OcrLanguage[]): string {
  return languages.map((l) => `${l.name} (${l.code})`).join(', ');
}

/**
 * Whether scanned and garbled pages and images are read by OCR, and in which languages: only those
 * installed on this computer are offered (a saved language that is not installed is shown, to be unticked).
 */
export function OcrSection(props: SectionProps): JSX.Element {
  const id = createUniqueId();
  const saved = () => props.settings().ocr;
  const initial = untrack(saved);
  const [enabled, setEnabled] = createSignal(initial.enabled);
  const [chosen, setChosen] = createSignal<readonly string[]>(initial.languages);
  const [installed] = createResource(ocrLanguages);
  const action = createSaveAction();
  /** The installed languages once listed (none while loading, or if they could not be listed). */
  const here = () => (installed.error ? [] : (installed.latest ?? []));

  /** The codes offered: the installed languages, then any chosen one that is not installed. */
  const offered = () => {
    if (here().length === 0) return [];
    const installedCodes = here().map((l) => l.code);
    return [...installedCodes, ...chosen().filter((code) => !installedCodes.includes(code))];
  };
  const labelOf = (code: string) => {
    const language = here().find((l) => l.code === code);
    return language ? `${language.name} (${code})` : `${code} (not installed on this computer)`;
  };
  const toggle = (code: string, on: boolean) => {
    const next = new Set(chosen());
    if (on) next.add(code);
    else next.delete(code);
    setChosen(offered().filter((c) => next.has(c)));
  };
  const unchanged = () =>
    enabled() === saved().enabled && formatLanguages(chosen()) === formatLanguages(saved().languages);

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    // With OCR off the languages cannot be changed; the saved ones are kept for when it is turned on.
    const codes = enabled() ? chosen() : saved().languages;
    if (codes.length === 0) {
      action.refuse('Tick at least one language: the one your scans are written in.');
      return;
    }
    await action.run(
      async () => {
        const next = await updateWorkspace(props.slug, {
          ocr: { enabled: enabled(), languages: [...codes] },
        });
        props.onSaved(next);
        setEnabled(next.ocr.enabled);
        setChosen(next.ocr.languages);
        return next.ocr.enabled
          ? `OCR is on (${formatLanguages(next.ocr.languages)}). New and changed files are read with it; to read an indexed document again, reindex it on the Documents screen.`
          : 'OCR is off: pages without a usable text layer are skipped, and images are no longer read. Documents already indexed keep their text until they are reindexed.';
      },
      (error) => `Could not save the OCR settings: ${messageOf(error)}`,
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
        <span class="settings-grid-label" id={`${id}-languages`}>
          Languages
        </span>
        <fieldset
          class="ocr-languages"
          aria-labelledby={`${id}-languages`}
          aria-describedby={`${id}-languages-hint`}
          disabled={!enabled()}
        >
          <For each={offered()}>
            {(code) => (
              <label class="checkbox">
                <input
                  type="checkbox"
                  checked={chosen().includes(code)}
                  onChange={(event) => toggle(code, event.currentTarget.checked)}
                />
                {labelOf(code)}
              </label>
            )}
          </For>
          <p id={`${id}-languages-hint`} class="hint">
            <Show
              when={here().length > 0 && here()}
              fallback={
                installed.error
                  ? `The installed languages could not be listed: ${messageOf(installed.error)}`
                  : 'Looking for the installed languages…'
              }
            >
              {(listed) => (
                <>
                  Tick the languages your scans are written in. Languages installed on this computer:{' '}
                  {languageList(listed())}; Quire can read only these. Each extra language makes OCR slower.
                </>
              )}
            </Show>
          </p>
        </fieldset>
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
