import type { JSX } from 'solid-js';

/** Every document of a workspace with its live ingestion state. */
export function DocumentsView(props: { slug: string }): JSX.Element {
  return <section>Documents of {props.slug}</section>;
}
