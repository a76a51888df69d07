import type { JSX } from 'solid-js';

/** Installed and recommended models, downloads with progress. */
export function ModelsView(): JSX.Element {
  return <section>Models</section>;
}
