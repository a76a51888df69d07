import { createResource, For, type JSX, Show } from 'solid-js';
import type { EmailRef, EmailView } from '../lib/api.ts';
import { attachmentProblem, formatEmailDate, personName, subjectText } from '../lib/email.ts';
import { loadEmailView } from '../lib/email-views.ts';
import { formatBytes, messageOf, plural } from '../lib/format.ts';
import { AttachedTo } from './EmailSource.tsx';
import './email-card.css';

/** A document to open from the card at its first page, and the emails it came attached to. */
export interface EmailTarget {
  documentId: string;
  path: string;
  attachedTo?: readonly EmailRef[];
}

function refOf(email: EmailView): EmailRef {
  const { subject, from, to, date } = email.headers;
  return { path: email.path, documentId: email.documentId, subject, from, to, date };
}

function People(props: { label: string; people: readonly string[]; testId: string }): JSX.Element {
  return (
    <Show when={props.people.length > 0}>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>
        <For each={props.people}>
          {(person, i) => (
            <>
              <Show when={i() > 0}>, </Show>
              <span title={person}>{person}</span>
            </>
          )}
        </For>
      </dd>
    </Show>
  );
}

/**
 * An email's header card (`data-testid="email-card"`): its subject as the title, From, To, Cc and the
 * date for people; the emails it came attached to; its attachments (`data-testid="email-attachment"`,
 * name and size), each read one a button opening its own document at page 1, each failed one with why in
 * plain words; and the other messages of its conversation (`data-testid="email-thread"`), oldest first,
 * each opening its email.
 */
export function EmailCard(props: {
  slug: string;
  documentId: string;
  onOpen: (target: EmailTarget) => void;
}): JSX.Element {
  const [email] = createResource(
    () => ({ slug: props.slug, documentId: props.documentId }),
    (key) => loadEmailView(key.slug, key.documentId),
  );
  const shown = () => (email.state === 'ready' ? email() : undefined);
  return (
    <section class="email-card" data-testid="email-card" aria-label="Email">
      <Show when={email.error}>
        <p class="error" role="alert">
          The email’s details could not be loaded: {messageOf(email.error)}
        </p>
      </Show>
      <Show when={email.loading && !shown()}>
        <p class="muted" role="status">
          Loading the email…
        </p>
      </Show>
      <Show when={shown()}>
        {(view) => (
          <>
            <h4 class="email-subject" data-testid="email-subject">
              {subjectText(view().headers.subject)}
            </h4>
            <dl class="email-headers">
              <People
                label="From"
                people={[view().headers.from].filter((from) => from !== null)}
                testId="email-from"
              />
              <People label="To" people={view().headers.to} testId="email-to" />
              <People label="Cc" people={view().headers.cc} testId="email-cc" />
              <Show when={formatEmailDate(view().headers.date, true)}>
                {(date) => (
                  <>
                    <dt>Date</dt>
                    <dd data-testid="email-date">
                      <time datetime={view().headers.date ?? undefined}>{date()}</time>
                    </dd>
                  </>
                )}
              </Show>
            </dl>
            <AttachedTo
              refs={view().attachedTo}
              onOpen={(ref) => props.onOpen({ documentId: ref.documentId, path: ref.path })}
            />
            <Show when={view().attachments.length > 0}>
              <h5 class="email-section">Attachments ({view().attachments.length})</h5>
              <ul class="email-attachments" data-testid="email-attachments">
                <For each={view().attachments}>
                  {(attachment) => (
                    <li
                      class="email-attachment"
                      data-testid="email-attachment"
                      data-state={attachment.error ? 'failed' : attachment.documentId ? 'read' : 'pending'}
                    >
                      <Show
                        when={!attachment.error && attachment.documentId}
                        fallback={<span class="email-attachment-name">{attachment.name}</span>}
                      >
                        {(documentId) => (
                          <button
                            type="button"
                            class="link-button email-attachment-name"
                            data-testid="email-attachment-open"
                            title={`Open ${attachment.name}`}
                            onClick={() =>
                              props.onOpen({
                                documentId: documentId(),
                                path: attachment.path,
                                attachedTo: [refOf(view())],
                              })
                            }
                          >
                            {attachment.name}
                          </button>
                        )}
                      </Show>{' '}
                      <span class="email-attachment-size muted">{formatBytes(attachment.size)}</span>
                      <Show when={attachment.error}>
                        {(error) => (
                          <p class="email-attachment-problem" data-testid="email-attachment-problem">
                            {attachmentProblem(error())}
                          </p>
                        )}
                      </Show>
                      <Show when={!attachment.error && !attachment.documentId}>
                        <p class="email-attachment-problem muted">Not indexed yet.</p>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={view().thread.length > 1}>
              <h5 class="email-section">Conversation ({plural(view().thread.length, 'message')})</h5>
              <ol class="email-thread" data-testid="email-thread">
                <For each={view().thread}>
                  {(message) => {
                    const text = () =>
                      [
                        subjectText(message.subject),
                        message.from === null ? null : personName(message.from),
                        formatEmailDate(message.date),
                      ]
                        .filter(Boolean)
                        .join(' · ');
                    return (
                      <li
                        data-testid="email-thread-message"
                        data-current={message.current ? 'true' : 'false'}
                      >
                        <Show
                          when={!message.current}
                          fallback={
                            <span aria-current="true">
                              {text()} <span class="muted">(this message)</span>
                            </span>
                          }
                        >
                          <button
                            type="button"
                            class="link-button"
                            onClick={() =>
                              props.onOpen({ documentId: message.documentId, path: message.path })
                            }
                          >
                            {text()}
                          </button>
                        </Show>
                      </li>
                    );
                  }}
                </For>
              </ol>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
