import { For, type JSX, Match, Switch } from 'solid-js';

/** What to do when a workspace has no documents yet: where to put files (its folders, when known). */
export function EmptyState(props: { folders: readonly string[] | null }): JSX.Element {
  const folders = () => props.folders ?? [];
  return (
    <div class="docs-empty-state">
      <p>
        <strong>No documents yet.</strong>
      </p>
      <Switch>
        <Match when={props.folders === null}>
          <p>
            Put PDF, Word (.docx), image (PNG, JPEG, TIFF), web page (.html) or text (.txt, .md) files in this
            workspace’s folders (listed under Settings); Quire picks them up on its own.
          </p>
        </Match>
        <Match when={folders().length === 0}>
          <p>
            This workspace has no folder yet. Add the folder that holds its PDF, Word, image, web page and
            text files under Settings; Quire picks them up on its own.
          </p>
        </Match>
        <Match when={folders().length === 1}>
          <p>
            Put PDF, Word (.docx), image (PNG, JPEG, TIFF), web page (.html) or text (.txt, .md) files in{' '}
            <code>{folders()[0]}</code> (subfolders count too); Quire picks them up on its own.
          </p>
        </Match>
        <Match when={folders().length > 1}>
          <p>
            Put PDF, Word (.docx), image (PNG, JPEG, TIFF), web page (.html) or text (.txt, .md) files in one
            of these folders (subfolders count too):
          </p>
          <ul class="docs-folders">
            <For each={folders()}>
              {(folder) => (
                <li>
                  <code>{folder}</code>
                </li>
              )}
            </For>
          </ul>
          <p>Quire picks them up on its own.</p>
        </Match>
      </Switch>
    </div>
  );
}
