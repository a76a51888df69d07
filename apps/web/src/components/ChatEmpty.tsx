import { createResource, For, type JSX, Show } from 'solid-js';
import { loadExampleQuestions, MAX_EXAMPLES } from '../lib/example-questions.ts';
import { plural } from '../lib/format.ts';

/**
 * What the Ask screen shows before the first question (`data-testid="chat-empty"`): with no documents,
 * where to add them; else what an answer holds and example questions made from the workspace's own
 * documents (refreshed as the first few get indexed), each putting itself in the question box.
 */
export function ChatEmpty(props: {
  slug: string;
  documents: number;
  onExample: (question: string) => void;
}): JSX.Element {
  const [examples] = createResource(
    () => (props.documents > 0 ? `${props.slug}\n${Math.min(props.documents, MAX_EXAMPLES)}` : false),
    (key) => loadExampleQuestions(key.split('\n')[0] ?? ''),
  );
  const shown = () => (examples.state === 'ready' ? examples() : []);
  return (
    <div class="chat-empty" data-testid="chat-empty">
      <Show
        when={props.documents > 0}
        fallback={
          <>
            <h3>This workspace has no documents yet</h3>
            <p>
              Add the folder that holds your PDFs and Word files on the{' '}
              <a href={`#/w/${encodeURIComponent(props.slug)}/documents`}>Documents</a> screen. Quire reads
              and indexes them on this machine; then ask your questions here.
            </p>
          </>
        }
      >
        <h3>Ask about the {plural(props.documents, 'document')} in this workspace</h3>
        <p>
          Every statement in an answer cites the page and quotes the passage it comes from; when the documents
          hold no answer, Quire says so and shows the closest passages instead.
        </p>
        <Show when={shown().length > 0}>
          <p>For example, from your documents:</p>
        </Show>
        <ul class="examples">
          <For each={shown()}>
            {(example) => (
              <li>
                <button type="button" class="example" onClick={() => props.onExample(example)}>
                  {example}
                </button>
              </li>
            )}
          </For>
        </ul>
        <p class="muted">
          Click a <span class="marker-sample">[1]</span> in an answer, or a source card, to open the page with
          the passage highlighted.
        </p>
      </Show>
    </div>
  );
}
