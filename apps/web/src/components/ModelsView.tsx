import { createResource, type JSX, Match, Switch } from 'solid-js';
import { discoverModels, hardware, models } from '../lib/api.ts';
import { downloadNotice, installedVersion } from '../lib/downloads.ts';
import { messageOf } from '../lib/format.ts';
import { CatalogueSection } from './models/CatalogueSection.tsx';
import { FoundSection } from './models/FoundSection.tsx';
import { ImportSection } from './models/ImportSection.tsx';
import { InstalledSection } from './models/InstalledSection.tsx';
import { MachineSection } from './models/MachineSection.tsx';
import './models.css';

/** Installed and recommended models, downloads with progress. */
export function ModelsView(): JSX.Element {
  const [overview, { refetch }] = createResource(installedVersion, () => models());
  const [machine] = createResource(hardware);
  const [found, { refetch: refetchFound }] = createResource(installedVersion, () => discoverModels());

  return (
    <section class="models" aria-labelledby="models-title">
      <h2 id="models-title">Models</h2>
      <p class="models-intro">
        Every model runs on this machine. Quire works out of the box with its built-in model; the models below
        make answers and search better. <strong>Models are only downloaded when you click Download</strong> —
        nothing else in Quire goes online, and your documents never leave this computer.
      </p>
      <p class="models-notice" role="status">
        {downloadNotice()}
      </p>

      <MachineSection machine={machine.state === 'ready' ? machine() : null} error={machine.error} />

      <Switch>
        <Match when={overview.state === 'errored'}>
          <p class="feedback error" role="alert">
            Could not load the models: {messageOf(overview.error)}{' '}
            <button type="button" onClick={() => void refetch()}>
              Try again
            </button>
          </p>
        </Match>
        <Match when={overview.latest === undefined}>
          <p class="muted" role="status">
            Loading models…
          </p>
        </Match>
        <Match when={overview.latest}>
          {(current) => (
            <>
              <section class="models-card" aria-labelledby="builtin-title">
                <h3 id="builtin-title">Built-in model</h3>
                <p>
                  <strong>Quire’s built-in embedding model</strong> is always available and works offline. It
                  is generated on first use from word vectors shipped with Quire, so it needs no download.
                </p>
                <p class="muted">
                  {current().builtin.built ? (
                    <>
                      Generated: <code class="path">{current().builtin.file}</code>
                    </>
                  ) : current().builtin.building ? (
                    'Being generated now (a few seconds).'
                  ) : (
                    'Not generated yet: it will be the first time a workspace indexes its documents.'
                  )}
                </p>
              </section>

              <InstalledSection installed={current().installed} />
              <CatalogueSection
                catalogue={current().catalogue}
                machine={machine.state === 'ready' ? machine() : null}
              />
            </>
          )}
        </Match>
      </Switch>

      <ImportSection />
      <FoundSection
        found={found.state === 'ready' ? found() : null}
        error={found.state === 'errored' ? messageOf(found.error) : null}
        onRetry={() => void refetchFound()}
      />
    </section>
  );
}
