import { render, screen } from '@solidjs/testing-library';
import { afterEach, expect, it, vi } from 'vitest';
import type { ModelBuildEvent } from '../../apps/web/src/lib/api.ts';

// The shared event feed, driven by the test.
const feed = vi.hoisted(() => ({ listeners: [] as ((event: ModelBuildEvent) => void)[] }));
vi.mock('../../apps/web/src/lib/ingest-feed.ts', () => ({
  onModelBuildEvent: (listener: (event: ModelBuildEvent) => void) => feed.listeners.push(listener),
}));

const { ModelBuildNotice } = await import('../../apps/web/src/components/ModelBuildNotice.tsx');

const send = (fields: Omit<ModelBuildEvent, 'type' | 'model'>) => {
  for (const listener of feed.listeners) listener({ type: 'model-build', model: 'builtin', ...fields });
};

afterEach(() => {
  feed.listeners.length = 0;
});

it('shows the build progress while the built-in model is generated, and nothing once it is ready', async () => {
  const { container } = render(() => <ModelBuildNotice />);
  expect(container.textContent).toBe('');
  send({ state: 'building', share: 0 });
  expect(screen.getByRole('status').textContent).toContain('Preparing the built-in search model');
  send({ state: 'building', share: 0.42 });
  expect(screen.getByRole('status').textContent).toContain('42%');
  expect(container.querySelector('progress')?.getAttribute('value')).toBe('42');
  send({ state: 'ready', share: 1 });
  expect(container.textContent).toBe('');
});

it('says why the build failed', () => {
  render(() => <ModelBuildNotice />);
  send({ state: 'failed', error: 'disk full' });
  expect(screen.getByRole('status').textContent).toContain('disk full');
});
