import type { JSX } from 'solid-js';

/** A workspace's settings: name, folders, models, retrieval; deletion. */
export function SettingsView(props: {
  slug: string;
  onChanged: () => void;
  onDeleted: () => void;
}): JSX.Element {
  return <section>Settings of {props.slug}</section>;
}
