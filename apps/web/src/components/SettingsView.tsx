import { type JSX, Show } from 'solid-js';
import { SettingsScreen, type SettingsScreenProps } from './settings/SettingsScreen.tsx';
import './settings.css';

/** A workspace's settings: name, folders, models, retrieval, OCR; deletion. */
export function SettingsView(props: SettingsScreenProps): JSX.Element {
  // Another workspace's settings start afresh (drafts and messages belong to one workspace).
  return (
    <Show when={props.slug} keyed>
      {(slug) => (
        <SettingsScreen
          slug={slug}
          defaults={props.defaults}
          onChanged={props.onChanged}
          onDeleted={props.onDeleted}
        />
      )}
    </Show>
  );
}
