import { For, Index, type JSX, Show } from 'solid-js';
import type { Machine, ModelRole } from '../../lib/api.ts';
import { type CatalogueItem, CatalogueRow } from './CatalogueRow.tsx';

const ROLE_GROUPS: { role: ModelRole; title: string; about: string }[] = [
  {
    role: 'chat',
    title: 'Chat models',
    about:
      'Write answers in their own words from the cited passages. Without one, answers quote the passages. Getting one needs an internet connection, once, for its download.',
  },
  {
    role: 'embedding',
    title: 'Embedding models',
    about: 'Find passages by meaning. The built-in model works without one; a larger model finds more.',
  },
  {
    role: 'rerank',
    title: 'Rerank models',
    about: 'Reorder the retrieved passages by how well they answer the question.',
  },
];

/** The recommended models to download, grouped by role. */
export function CatalogueSection(props: {
  catalogue: CatalogueItem[];
  machine: Machine | null;
}): JSX.Element {
  return (
    <section class="models-card" aria-labelledby="catalogue-title">
      <h3 id="catalogue-title">Recommended models</h3>
      <p class="models-online" data-testid="download-needs-internet">
        <strong>Getting a model needs an internet connection:</strong> Download fetches its file once from the
        Hugging Face model hub into Quire’s models folder. That is the only thing Quire downloads, and nothing
        leaves this machine — not your documents, not your questions. Once downloaded, the model works
        offline.
      </p>
      <p class="muted">
        Nothing is downloaded until you click Download. An interrupted download resumes where it stopped.
      </p>
      <For each={ROLE_GROUPS}>
        {(group) => (
          <Show when={props.catalogue.some((e) => e.role === group.role)}>
            <h4 class="group-title">{group.title}</h4>
            <p class="hint">{group.about}</p>
            <ul class="model-list">
              <Index each={props.catalogue.filter((e) => e.role === group.role)}>
                {(entry) => <CatalogueRow entry={entry()} machine={props.machine} />}
              </Index>
            </ul>
          </Show>
        )}
      </For>
    </section>
  );
}
