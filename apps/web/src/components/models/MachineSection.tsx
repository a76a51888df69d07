import { type JSX, Match, Switch } from 'solid-js';
import type { Machine } from '../../lib/api.ts';
import { formatBytes, messageOf, plural } from '../../lib/format.ts';

/** This machine's memory, CPUs and GPU, and the models recommended for it. */
export function MachineSection(props: { machine: Machine | null; error: unknown }): JSX.Element {
  return (
    <section class="models-card" aria-labelledby="machine-title">
      <h3 id="machine-title">This machine</h3>
      <Switch fallback={<p class="muted">Checking this machine’s memory and GPU…</p>}>
        <Match when={props.error}>
          <p class="muted">Could not check this machine: {messageOf(props.error)}</p>
        </Match>
        <Match when={props.machine}>
          {(machine) => {
            const report = () => machine().report;
            const gpu = () => {
              const r = report();
              if (r.gpu === false) return 'no GPU in use (models run on the CPU)';
              const names = r.gpuNames.length > 0 ? r.gpuNames.join(', ') : 'GPU';
              const vram = r.vramTotalBytes ? `, ${formatBytes(r.vramTotalBytes)} video memory` : '';
              return `${names} (${r.gpu.toUpperCase()}${vram})`;
            };
            return (
              <>
                <p>
                  {formatBytes(report().totalRamBytes)} memory ({formatBytes(report().freeRamBytes)} free),{' '}
                  {plural(report().cpuCount, 'CPU core')}, {gpu()}. Models may use about{' '}
                  <strong>{formatBytes(machine().recommendation.budgetBytes)}</strong>.
                </p>
                <p class="muted">
                  {machine().recommendation.reason} Recommended here:{' '}
                  {machine().recommendation.chat
                    ? `${machine().recommendation.chat?.name} for answers and `
                    : ''}
                  {machine().recommendation.embedding.name} for search.
                </p>
              </>
            );
          }}
        </Match>
      </Switch>
    </section>
  );
}
