import { For, type JSX, Show } from 'solid-js';
import type { InstalledModel, ModelRole } from '../../lib/api.ts';
import { formatBytes } from '../../lib/format.ts';

/** What the select shows for an installed model. */
function modelLabel(model: InstalledModel): string {
  const details = [model.quantization, formatBytes(model.sizeBytes)].filter(Boolean).join(', ');
  return `${model.name} (${details})`;
}

/** Whether a workspace's model reference (an id or a `.gguf` path) names this installed model. */
function refersTo(ref: string | null, model: InstalledModel): boolean {
  return ref !== null && (ref === model.id || ref === model.file);
}

/** The select value of a model reference: installed models by id, `none` for no model. */
export function selectValue(ref: string | null, installed: InstalledModel[], none: string): string {
  if (ref === null) return none;
  return installed.find((m) => refersTo(ref, m))?.id ?? ref;
}

/** The options of one role's select: models of that role, then models whose role the file does not say. */
export function ModelOptions(props: {
  installed: InstalledModel[];
  modelRole: ModelRole;
  current: string | null;
  /** The select's value (set on the options too: they may arrive after the select's value). */
  value: string;
  /** Whether the installed models are known yet (until then a saved choice is not called missing). */
  known: boolean;
}): JSX.Element {
  const ofRole = () => props.installed.filter((m) => m.role === props.modelRole);
  const unknown = () => props.installed.filter((m) => m.role === null);
  const missing = () =>
    props.current !== null &&
    props.current !== 'builtin' &&
    !props.installed.some((m) => refersTo(props.current, m));
  return (
    <>
      <For each={ofRole()}>
        {(model) => (
          <option value={model.id} selected={props.value === model.id}>
            {modelLabel(model)}
          </option>
        )}
      </For>
      <Show when={unknown().length > 0}>
        <optgroup label="Role not recorded in the file">
          <For each={unknown()}>
            {(model) => (
              <option value={model.id} selected={props.value === model.id}>
                {modelLabel(model)}
              </option>
            )}
          </For>
        </optgroup>
      </Show>
      <Show when={missing() && props.current}>
        {(current) => (
          <option value={current()} selected={props.value === current()}>
            {props.known ? `${current()} (not installed)` : current()}
          </option>
        )}
      </Show>
    </>
  );
}
