import { createResource, For, type JSX, Show } from 'solid-js';
import type { EmailRef } from '../lib/api.ts';
import { emailRefText, isEmailPath, sourceName } from '../lib/email.ts';
import { loadEmailView } from '../lib/email-views.ts';

/**
 * What a source is called: an email by its subject (its file name until the email is loaded, or if it
 * cannot be), anything else by its file name.
 */
export function SourceName(props: { slug: string; documentId: string; path: string }): JSX.Element {
  const [email] = createResource(
    () => (isEmailPath(props.path) ? { slug: props.slug, documentId: props.documentId } : false),
    (key) => loadEmailView(key.slug, key.documentId),
  );
  return <>{sourceName(props.path, email.state === 'ready' ? email().headers.subject : undefined)}</>;
}

/**
 * "attached to 'Q3 numbers', J. Smith → A. Jones, 17 Mar 2014" (`data-testid="attached-to"`), one button
 * per email the document came attached to (`data-testid="attached-to-email"`), each opening that email;
 * nothing for a file of its own. The click stays here (the cards around it open their own page).
 */
export function AttachedTo(props: {
  refs: readonly EmailRef[];
  onOpen: (ref: EmailRef) => void;
}): JSX.Element {
  return (
    <Show when={props.refs.length > 0}>
      <p class="attached-to" data-testid="attached-to">
        attached to{' '}
        <For each={props.refs}>
          {(ref, i) => (
            <>
              <Show when={i() > 0}> and to </Show>
              <button
                type="button"
                class="link-button attached-to-email"
                data-testid="attached-to-email"
                title={`Open the email ${ref.path}`}
                onClick={(event) => {
                  event.stopPropagation();
                  props.onOpen(ref);
                }}
              >
                {emailRefText(ref)}
              </button>
            </>
          )}
        </For>
      </p>
    </Show>
  );
}
