import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelsView } from '../../apps/web/src/components/ModelsView.tsx';
import type {
  CatalogueEntry,
  DownloadProgress,
  InstalledModel,
  ModelOverview,
} from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>();
  return {
    ...actual,
    models: vi.fn(),
    hardware: vi.fn(),
    discoverModels: vi.fn(),
    pullModel: vi.fn(),
    importModel: vi.fn(),
    removeModel: vi.fn(),
  };
});

const mocked = vi.mocked(api);
const GB = 1_000_000_000;

function entry(id: string, name: string, role: CatalogueEntry['role'], sizeBytes: number, ramBytes: number) {
  return {
    id,
    role,
    name,
    family: 'test',
    hfUri: `hf:test/${id}/${id}.gguf`,
    url: `https://huggingface.co/test/${id}/resolve/main/${id}.gguf`,
    quantization: 'Q4_K_M',
    sizeBytes,
    sizeApproximate: true,
    ramBytes,
    license: 'Apache-2.0',
    contextLength: 4096,
    installed: false,
  };
}

const CHAT_SMALL = entry('small-chat', 'Small Chat 1B', 'chat', 1.1 * GB, 2 * GB);
const CHAT_HUGE = entry('huge-chat', 'Huge Chat 70B', 'chat', 40 * GB, 48 * GB);
const EMBED = entry('tiny-embed', 'Tiny Embed', 'embedding', 36_800_000, 150_000_000);
const RERANK = entry('some-rerank', 'Some Reranker', 'rerank', 636_000_000, 1.2 * GB);

const INSTALLED: InstalledModel = {
  id: 'my-model',
  name: 'My Model 3B',
  file: '/home/me/models/my-model.Q5_K_M.gguf',
  role: 'chat',
  sizeBytes: 2_020_000_000,
  sha256: 'b'.repeat(64),
  source: 'import',
  managed: false,
  architecture: 'llama',
  quantization: 'Q5_K_M',
  addedAt: '2025-01-01T00:00:00.000Z',
};

function overview(installed: InstalledModel[], installedIds: string[] = []): ModelOverview {
  return {
    builtin: { id: 'builtin', file: '/home/me/.quire/models/builtin.gguf', built: false },
    installed,
    catalogue: [CHAT_SMALL, CHAT_HUGE, EMBED, RERANK].map((e) => ({
      ...e,
      installed: installedIds.includes(e.id),
    })),
  } as unknown as ModelOverview;
}

beforeEach(() => {
  mocked.models.mockResolvedValue(overview([INSTALLED]));
  mocked.hardware.mockResolvedValue({
    report: {
      totalRamBytes: 16 * GB,
      freeRamBytes: 9 * GB,
      cpuCount: 8,
      gpu: false,
      gpuNames: [],
      vramTotalBytes: null,
      vramFreeBytes: null,
    },
    recommendation: {
      chat: CHAT_SMALL,
      embedding: EMBED,
      budgetBytes: 9.6 * GB,
      reason: 'Small Chat 1B needs about 2.0 GB, within 9.6 GB (60% of RAM).',
    },
  });
  mocked.discoverModels.mockResolvedValue([
    {
      source: 'ollama',
      name: 'llama3.2:3b',
      file: '/home/me/.ollama/models/blobs/sha256-abc',
      sizeBytes: 2 * GB,
    },
  ]);
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

/** The catalogue entry's list item, found by its heading. */
async function item(name: string): Promise<HTMLElement> {
  const heading = await screen.findByRole('heading', { name });
  const li = heading.closest('li');
  if (!li) throw new Error(`no list item for ${name}`);
  return li;
}

describe('ModelsView', () => {
  it('shows the built-in model, installed models, the catalogue with what fits, and models found on disk', async () => {
    render(() => <ModelsView />);
    expect(await screen.findByText(/always available and works offline/)).toBeTruthy();
    expect(screen.getByText(/Models are only downloaded when you click Download/)).toBeTruthy();

    const mine = await item('My Model 3B');
    expect(mine.textContent).toContain('Chat (writes answers)');
    expect(mine.textContent).toContain('2.0 GB');
    expect(mine.textContent).toContain('Q5_K_M');
    expect(mine.textContent).toContain('Your file, used where it is');
    expect(mine.textContent).toContain('/home/me/models/my-model.Q5_K_M.gguf');

    const small = await item('Small Chat 1B');
    expect(small.textContent).toContain('about 1.1 GB');
    await waitFor(() => expect(small.textContent).toContain('Recommended for this machine'));
    expect(small.textContent).toContain('Fits this machine.');
    const huge = await item('Huge Chat 70B');
    expect(huge.textContent).toContain('Too large for this machine');
    expect(within(huge).getByRole('button', { name: 'Download' })).toBeTruthy();

    // Before any Download button: getting a model needs the internet, once, and nothing else goes online.
    const online = screen.getByTestId('download-needs-internet');
    expect(online.textContent).toMatch(/needs an internet connection/);
    expect(online.textContent).toMatch(/Hugging Face model hub/);
    expect(online.textContent).toMatch(/nothing leaves this machine/);
    expect(
      online.compareDocumentPosition(within(small).getByRole('button', { name: 'Download' })) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(screen.getByText(/Getting one needs an internet connection/)).toBeTruthy();

    expect(await screen.findByText(/16\.0 GB memory \(9\.0 GB free\), 8 CPU cores/)).toBeTruthy();
    const found = await item('llama3.2:3b');
    expect(within(found).getByRole('button', { name: 'Import' })).toBeTruthy();
  });

  it('downloads with live progress and ends in the installed state', async () => {
    const user = userEvent.setup();
    let report: ((progress: DownloadProgress) => void) | undefined;
    let finish: ((model: InstalledModel) => void) | undefined;
    mocked.pullModel.mockImplementation(
      (_ref, options) =>
        new Promise<InstalledModel>((resolve) => {
          report = options?.onProgress;
          finish = resolve;
        }),
    );
    render(() => <ModelsView />);
    const small = await item('Small Chat 1B');
    await user.click(within(small).getByRole('button', { name: 'Download' }));
    expect(mocked.pullModel).toHaveBeenCalledWith(
      'small-chat',
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    );

    const progress = within(small).getByTestId('download-progress');
    expect(progress.textContent).toContain('Starting…');
    report?.({
      receivedBytes: 550_000_000,
      totalBytes: 1_100_000_000,
      bytesPerSecond: 11_000_000,
      etaSeconds: 50,
    });
    await waitFor(() => expect(progress.textContent).toContain('550 MB of 1.1 GB (50%)'));
    expect(progress.textContent).toContain('11.0 MB/s');
    expect(progress.textContent).toContain('about 50 s left');
    const bar = progress.querySelector('progress');
    expect(bar?.getAttribute('value')).toBe('550000000');
    expect(bar?.getAttribute('max')).toBe('1100000000');
    expect(within(small).getByRole('button', { name: 'Cancel' })).toBeTruthy();

    const downloaded: InstalledModel = {
      ...INSTALLED,
      id: 'small-chat',
      name: 'Small Chat 1B',
      source: 'download',
      managed: true,
      catalogueId: 'small-chat',
    };
    mocked.models.mockResolvedValue(overview([INSTALLED, downloaded], ['small-chat']));
    finish?.(downloaded);

    await waitFor(() => expect(within(small).queryByTestId('download-progress')).toBeNull());
    await waitFor(() => expect(within(small).getByText('Installed')).toBeTruthy());
    expect(within(small).queryByRole('button', { name: 'Download' })).toBeNull();
    expect(screen.getByText(/Small Chat 1B is downloaded/)).toBeTruthy();
    const installed = screen.getByRole('region', { name: 'Installed models' });
    expect(within(installed).getByRole('heading', { name: 'Small Chat 1B' })).toBeTruthy();
  });

  it('cancels a download with its Cancel button', async () => {
    const user = userEvent.setup();
    let signal: AbortSignal | undefined;
    mocked.pullModel.mockImplementation(
      (_ref, options) =>
        new Promise<InstalledModel>((_resolve, reject) => {
          signal = options?.signal;
          signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    render(() => <ModelsView />);
    const rerank = await item('Some Reranker');
    await user.click(within(rerank).getByRole('button', { name: 'Download' }));
    await user.click(within(rerank).getByRole('button', { name: 'Cancel' }));
    expect(signal?.aborted).toBe(true);
    await waitFor(() => expect(rerank.textContent).toContain('Cancelled.'));
    expect(within(rerank).queryByTestId('download-progress')).toBeNull();
    expect(within(rerank).getByRole('button', { name: 'Download' })).toBeTruthy();
  });

  it('explains a download that cannot reach the hub in plain words', async () => {
    const user = userEvent.setup();
    mocked.pullModel.mockRejectedValue(
      new api.ApiError(
        'Download failed (fetch failed): could not reach huggingface.co. Pull again to resume.',
        null,
        'download-failed',
      ),
    );
    render(() => <ModelsView />);
    const embed = await item('Tiny Embed');
    await user.click(within(embed).getByRole('button', { name: 'Download' }));
    expect((await within(embed).findByRole('alert')).textContent).toBe(
      'Could not reach the model hub. You can import a .gguf file you already have.',
    );
  });

  it('imports a .gguf file (optionally copied) and removes a model after confirming', async () => {
    const user = userEvent.setup();
    mocked.importModel.mockResolvedValue({ ...INSTALLED, id: 'other', name: 'Other', file: '/x/other.gguf' });
    mocked.removeModel.mockResolvedValue();
    render(() => <ModelsView />);

    await user.type(await screen.findByLabelText('Path of the .gguf file'), '/x/other.gguf');
    await user.click(screen.getByLabelText('Copy into Quire’s folder'));
    const form = screen.getByRole('form', { name: 'Import a .gguf file' });
    await user.click(within(form).getByRole('button', { name: 'Import' }));
    expect(mocked.importModel).toHaveBeenCalledWith('/x/other.gguf', true);
    expect(await screen.findByText(/Imported Other/)).toBeTruthy();

    const mine = await item('My Model 3B');
    await user.click(within(mine).getByRole('button', { name: 'Remove' }));
    expect(mine.textContent).toContain('Quire only forgets it; the file stays where it is.');
    expect(mocked.removeModel).not.toHaveBeenCalled();
    await user.click(within(mine).getByRole('button', { name: 'Remove model' }));
    expect(mocked.removeModel).toHaveBeenCalledWith('my-model');
  });
});
