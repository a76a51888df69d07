import { createSignal, createUniqueId, type JSX } from 'solid-js';
import { importModel } from '../../lib/api.ts';
import { modelsChanged } from '../../lib/downloads.ts';
import { explainImportError, roleLabel } from '../../lib/model-text.ts';
import { createSaveAction } from '../../lib/save-action.ts';
import { cleanPath, pathProblem } from '../CreateWorkspaceForm.tsx';
import { FeedbackLines } from '../Feedback.tsx';

/** Imports a `.gguf` file by path: used where it is, or copied into Quire's folder. */
export function ImportSection(): JSX.Element {
  const id = createUniqueId();
  const [path, setPath] = createSignal('');
  const [copy, setCopy] = createSignal(false);
  const action = createSaveAction();
  let pathInput: HTMLInputElement | undefined;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const file = cleanPath(path());
    const problem = file ? pathProblem(file) : 'Type the full path of a .gguf file first.';
    if (problem) {
      action.refuse(problem);
      pathInput?.focus();
      return;
    }
    const imported = await action.run(async () => {
      const model = await importModel(file, copy());
      setPath('');
      modelsChanged();
      return `Imported ${model.name} (${roleLabel(model.role).toLowerCase()}). Choose it in a workspace’s Settings to use it.`;
    }, explainImportError);
    if (!imported) pathInput?.focus();
  };

  return (
    <section class="models-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Import a .gguf file</h3>
      <p class="muted">Use a model file you already have; nothing is downloaded.</p>
      <form class="import-form" aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)}>
        <label for={`${id}-path`}>Path of the .gguf file</label>
        <input
          id={`${id}-path`}
          ref={pathInput}
          type="text"
          class="path-input"
          spellcheck={false}
          autocomplete="off"
          placeholder="/home/you/models/model.gguf"
          value={path()}
          onInput={(event) => setPath(event.currentTarget.value)}
        />
        <div class="checkbox">
          <input
            id={`${id}-copy`}
            type="checkbox"
            checked={copy()}
            aria-describedby={`${id}-copy-hint`}
            onChange={(event) => setCopy(event.currentTarget.checked)}
          />
          <label for={`${id}-copy`}>Copy into Quire’s folder</label>
        </div>
        <p id={`${id}-copy-hint`} class="hint">
          Without copying, Quire uses the file where it is and never deletes it (moving the file breaks the
          model). A copy is Quire’s own: removing the model later deletes the copy.
        </p>
        <div>
          <button type="submit" class="primary" disabled={action.busy()}>
            {action.busy() ? (copy() ? 'Copying…' : 'Importing…') : 'Import'}
          </button>
        </div>
      </form>
      <FeedbackLines ok={action.ok()} error={action.error()} />
    </section>
  );
}
