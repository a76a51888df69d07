import { type JSX, Show } from 'solid-js';

/** A section's last outcome: a polite status line for success, an alert for a failure. */
export function FeedbackLines(props: { ok?: string | null; error?: string | null }): JSX.Element {
  return (
    <>
      <p class="feedback ok" role="status">
        {props.ok ?? ''}
      </p>
      <Show when={props.error}>
        {(message) => (
          <p class="feedback error" role="alert">
            {message()}
          </p>
        )}
      </Show>
    </>
  );
}

/**
 * Asks in place before something is removed: the message, a focused danger button and "Keep it".
 * `label` names the question for screen readers.
 */
export function ConfirmInline(props: {
  label: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: JSX.Element;
}): JSX.Element {
  return (
    <fieldset class="confirm">
      <legend class="visually-hidden">{props.label}</legend>
      <p>{props.children}</p>
      <button
        type="button"
        class="danger"
        disabled={props.busy}
        ref={(button) => queueMicrotask(() => button.focus())}
        onClick={() => props.onConfirm()}
      >
        {props.confirmLabel}
      </button>
      <button type="button" disabled={props.busy} onClick={() => props.onCancel()}>
        Keep it
      </button>
    </fieldset>
  );
}
