import { createSignal, createUniqueId, type JSX, type Resource, Show } from 'solid-js';
import { assignModel, type ModelOverview } from '../../lib/api.ts';
import { messageOf, plural } from '../../lib/format.ts';
import { createSaveAction } from '../../lib/save-action.ts';
import { FeedbackLines } from '../Feedback.tsx';
import { ModelOptions, selectValue } from './ModelOptions.tsx';
import type { SectionProps } from './section-props.ts';

/**
 * The workspace's chat and rerank models (saved together), and its embedding model (switching it
 * re-embeds the workspace, so it has its own form and warning).
 */
export function ModelsSection(
  props: SectionProps & { overview: Resource<ModelOverview>; onReembedded: () => void },
): JSX.Element {
  const id = createUniqueId();
  const installed = () => (props.overview.state === 'ready' ? props.overview().installed : []);
  const [chat, setChat] = createSignal<string | null>(null);
  const [rerank, setRerank] = createSignal<string | null>(null);
  const [embedding, setEmbedding] = createSignal<string | null>(null);
  const saving = createSaveAction();
  const switching = createSaveAction();

  // Drafts are `null` until the user picks something; until then the selects show the saved choice.
  const chatValue = () => chat() ?? selectValue(props.settings().chatModel, installed(), '');
  const rerankValue = () => rerank() ?? selectValue(props.settings().rerankModel, installed(), '');
  const embeddingValue = () =>
    embedding() ?? selectValue(props.settings().embeddingModel, installed(), 'none');
  const savedChat = () => selectValue(props.settings().chatModel, installed(), '');
  const savedRerank = () => selectValue(props.settings().rerankModel, installed(), '');
  const savedEmbedding = () => selectValue(props.settings().embeddingModel, installed(), 'none');
  const modelsChanged = () => chatValue() !== savedChat() || rerankValue() !== savedRerank();

  const nameOf = (value: string, none: string) =>
    value === '' || value === 'none'
      ? none
      : value === 'builtin'
        ? 'the built-in model'
        : (installed().find((m) => m.id === value)?.name ?? value);

  const saveModels = async (event: SubmitEvent) => {
    event.preventDefault();
    await saving.run(
      async () => {
        let next = props.settings();
        if (chatValue() !== savedChat())
          next = (await assignModel(props.slug, 'chat', chatValue() || null)).workspace;
        if (rerankValue() !== savedRerank())
          next = (await assignModel(props.slug, 'rerank', rerankValue() || null)).workspace;
        props.onSaved(next);
        setChat(null);
        setRerank(null);
        return `Saved. Answers: ${nameOf(chatValue(), 'extractive (quoted passages, no chat model)')}; reranking: ${nameOf(rerankValue(), 'none')}.`;
      },
      (error) => `Could not save the models: ${messageOf(error)}`,
    );
  };

  const switchEmbedding = async (event: SubmitEvent) => {
    event.preventDefault();
    const value = embeddingValue();
    await switching.run(
      async () => {
        const result = await assignModel(props.slug, 'embedding', value === 'none' ? null : value);
        props.onSaved(result.workspace);
        setEmbedding(null);
        props.onReembedded();
        return value === 'none'
          ? `Embeddings removed: search now uses keywords only (${plural(result.reembedded, 'passage')} re-indexed).`
          : `Now using ${nameOf(value, 'none')}: ${plural(result.reembedded, 'passage')} re-embedded.`;
      },
      (error) =>
        `Could not switch the embedding model: ${messageOf(error)} The workspace keeps its current model and index.`,
    );
  };

  return (
    <section class="settings-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Models for this workspace</h3>
      <Show when={props.overview.state === 'errored'}>
        <p class="feedback error" role="alert">
          Could not load the installed models: {messageOf(props.overview.error)}
        </p>
      </Show>
      <Show when={props.overview.state === 'ready' && installed().length === 0}>
        <p class="muted">
          No model is installed yet. Download or import one on the <a href="#/models">Models screen</a>; until
          then answers quote the passages that contain them.
        </p>
      </Show>

      <form class="settings-grid" onSubmit={(event) => void saveModels(event)}>
        <label for={`${id}-chat`}>Chat model</label>
        <div>
          <select
            id={`${id}-chat`}
            aria-describedby={`${id}-chat-hint`}
            value={chatValue()}
            onChange={(event) => setChat(event.currentTarget.value)}
          >
            <option value="" selected={chatValue() === ''}>
              None (extractive answers)
            </option>
            <ModelOptions
              installed={installed()}
              modelRole="chat"
              current={props.settings().chatModel}
              value={chatValue()}
              known={props.overview.state === 'ready'}
            />
          </select>
          <p id={`${id}-chat-hint`} class="hint">
            Writes answers in its own words, citing the passages. Without one, answers are the passages
            themselves.
          </p>
        </div>
        <label for={`${id}-rerank`}>Rerank model</label>
        <div>
          <select
            id={`${id}-rerank`}
            aria-describedby={`${id}-rerank-hint`}
            value={rerankValue()}
            onChange={(event) => setRerank(event.currentTarget.value)}
          >
            <option value="" selected={rerankValue() === ''}>
              None
            </option>
            <ModelOptions
              installed={installed()}
              modelRole="rerank"
              current={props.settings().rerankModel}
              value={rerankValue()}
              known={props.overview.state === 'ready'}
            />
          </select>
          <p id={`${id}-rerank-hint`} class="hint">
            Reorders the retrieved passages by how well they answer the question; slower, often more precise.
          </p>
        </div>
        <div class="grid-actions">
          <button type="submit" class="primary" disabled={saving.busy() || !modelsChanged()}>
            {saving.busy() ? 'Saving…' : 'Save models'}
          </button>
        </div>
      </form>
      <FeedbackLines ok={saving.ok()} error={saving.error()} />

      <form class="settings-grid embedding" onSubmit={(event) => void switchEmbedding(event)}>
        <label for={`${id}-embedding`}>Embedding model</label>
        <div>
          <select
            id={`${id}-embedding`}
            aria-describedby={`${id}-embedding-warning`}
            value={embeddingValue()}
            disabled={switching.busy()}
            onChange={(event) => setEmbedding(event.currentTarget.value)}
          >
            <option value="builtin" selected={embeddingValue() === 'builtin'}>
              Built-in (offline, always available)
            </option>
            <ModelOptions
              installed={installed()}
              modelRole="embedding"
              current={props.settings().embeddingModel}
              value={embeddingValue()}
              known={props.overview.state === 'ready'}
            />
            <option value="none" selected={embeddingValue() === 'none'}>
              None (keyword search only)
            </option>
          </select>
          <p id={`${id}-embedding-warning`} class="warning">
            <strong>Changing it re-embeds every document</strong> in this workspace with the new model. Your
            files are not read again, but this can take several minutes for a large workspace; until it
            finishes, searches use the current index.
          </p>
        </div>
        <div class="grid-actions">
          <button
            type="submit"
            class="primary"
            disabled={switching.busy() || embeddingValue() === savedEmbedding()}
          >
            {switching.busy() ? 'Re-embedding…' : 'Switch and re-embed'}
          </button>
        </div>
      </form>
      <Show when={switching.busy()}>
        <p class="muted" role="status">
          Re-embedding every passage with {nameOf(embeddingValue(), 'no model')}… You can keep using Quire
          meanwhile.
        </p>
      </Show>
      <FeedbackLines ok={switching.ok()} error={switching.error()} />
    </section>
  );
}
