import { createResource, type JSX, Match, Switch } from 'solid-js';
import { getWorkspace, models, type WorkspaceDefaults, type WorkspaceSettings } from '../../lib/api.ts';
import { messageOf } from '../../lib/format.ts';
import { DangerSection } from './DangerSection.tsx';
import { FoldersSection } from './FoldersSection.tsx';
import { ModelsSection } from './ModelsSection.tsx';
import { NameSection } from './NameSection.tsx';
import { OcrSection } from './OcrSection.tsx';
import { RetrievalSection } from './RetrievalSection.tsx';

export interface SettingsScreenProps {
  slug: string;
  /** The server's defaults for a workspace's settings, once known (`null` or absent: not shown). */
  defaults?: WorkspaceDefaults | null;
  onChanged: () => void;
  onDeleted: () => void;
}

/** One workspace's settings, loaded from the server; each section saves on its own. */
export function SettingsScreen(props: SettingsScreenProps): JSX.Element {
  const [settings, { mutate, refetch }] = createResource(() => props.slug, getWorkspace);
  const [overview] = createResource(models);
  const saved = (next: WorkspaceSettings, listChanged = false) => {
    mutate(next);
    if (listChanged) props.onChanged();
  };

  return (
    <section class="settings" aria-label="Workspace settings">
      <Switch
        fallback={
          <p class="muted" role="status">
            Loading settings…
          </p>
        }
      >
        <Match when={settings.state === 'errored'}>
          <p class="feedback error" role="alert">
            Could not load this workspace’s settings: {messageOf(settings.error)}{' '}
            <button type="button" onClick={() => void refetch()}>
              Try again
            </button>
          </p>
        </Match>
        <Match when={settings.state !== 'unresolved' && settings.state !== 'pending' && settings.latest}>
          {(current) => (
            <>
              <NameSection slug={props.slug} settings={current} onSaved={(s) => saved(s, true)} />
              <FoldersSection slug={props.slug} settings={current} onSaved={(s) => saved(s, true)} />
              <ModelsSection
                slug={props.slug}
                settings={current}
                overview={overview}
                onSaved={(s) => saved(s)}
                onReembedded={() => void refetch()}
              />
              <RetrievalSection
                slug={props.slug}
                settings={current}
                defaults={props.defaults?.retrieval ?? null}
                onSaved={(s) => saved(s)}
              />
              <OcrSection slug={props.slug} settings={current} onSaved={(s) => saved(s)} />
              <DangerSection slug={props.slug} settings={current} onDeleted={props.onDeleted} />
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
