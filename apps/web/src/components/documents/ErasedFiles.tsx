import { For, type JSX, Show } from 'solid-js';
import { plural } from '../../lib/format.ts';
import type { DocumentRow } from '../../lib/ingest-state.ts';

/** The status code of a file whose content was erased from the workspace (it stays in its folder). */
const ERASED_CODE = 'erased';

/** Whether a row is a file erased from Quire: it is no longer one of the workspace's documents. */
export const isErased = (row: DocumentRow): boolean => row.error?.code === ERASED_CODE;

/**
 * The files in the workspace's folders whose content was erased from Quire, listed apart from the
 * documents (folded): Quire does not read them again unless their content changes.
 */
export function ErasedFiles(props: { rows: readonly DocumentRow[] }): JSX.Element {
  return (
    <Show when={props.rows.length > 0}>
      <details class="docs-erased" data-testid="erased-files">
        <summary>Erased from Quire: {plural(props.rows.length, 'file')}</summary>
        <p>
          {props.rows.length === 1 ? 'It stays' : 'They stay'} in the folder; Quire does not read{' '}
          {props.rows.length === 1 ? 'it again unless its' : 'them again unless their'} content changes.
        </p>
        <ul>
          <For each={props.rows}>{(row) => <li title={row.error?.message}>{row.path}</li>}</For>
        </ul>
      </details>
    </Show>
  );
}
