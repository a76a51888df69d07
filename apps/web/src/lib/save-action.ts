import { type Accessor, createSignal } from 'solid-js';

/**
 * One form's call to the server (save, add, remove, import…) and its last outcome in words, for
 * `FeedbackLines`: a success line or an error, never both.
 */
export interface SaveAction {
  /** Whether the call is under way (the form's buttons are disabled meanwhile). */
  readonly busy: Accessor<boolean>;
  /** What the last call did, in words; `null` when there is nothing to say. */
  readonly ok: Accessor<string | null>;
  /** Why the last call failed or was refused, in words; `null` when it did not. */
  readonly error: Accessor<string | null>;
  /** Shows a problem found before anything is sent (such as an empty field); nothing runs. */
  refuse(message: string): void;
  /**
   * Runs `action`: busy meanwhile, with the last outcome cleared; then shows the message `action`
   * resolves to (if any), or `explain(error)` if it throws. Resolves to whether `action` succeeded.
   */
  run(action: () => Promise<string | null>, explain: (error: unknown) => string): Promise<boolean>;
}

/** A form's busy flag and feedback lines, shared by every settings and models form. */
export function createSaveAction(): SaveAction {
  const [busy, setBusy] = createSignal(false);
  const [ok, setOk] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);

  const refuse = (message: string) => {
    setOk(null);
    setError(message);
  };

  const run = async (action: () => Promise<string | null>, explain: (error: unknown) => string) => {
    setBusy(true);
    setOk(null);
    setError(null);
    try {
      setOk(await action());
      return true;
    } catch (caught) {
      setError(explain(caught));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { busy, ok, error, refuse, run };
}
