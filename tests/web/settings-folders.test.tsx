// The create form and Settings → Folders / OCR (issue 15): a taken name is explained and nothing is
// lost, a folder another workspace reads is named and asked about before it is attached, the folder
// browser picks into the form, and OCR offers only the languages installed on this computer.
import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CreateWorkspaceForm } from '../../apps/web/src/components/CreateWorkspaceForm.tsx';
import { FoldersSection } from '../../apps/web/src/components/settings/FoldersSection.tsx';
import { OcrSection } from '../../apps/web/src/components/settings/OcrSection.tsx';
import type { WorkspaceSettings } from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';
import type { FolderListing, FolderOwner } from '../../apps/web/src/lib/folders-api.ts';
import * as folders from '../../apps/web/src/lib/folders-api.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>();
  return { ...actual, updateWorkspace: vi.fn(), removeFolder: vi.fn() };
});
vi.mock('../../apps/web/src/lib/folders-api.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../apps/web/src/lib/folders-api.ts')>();
  return {
    ...actual,
    browseFolders: vi.fn(),
    createNewWorkspace: vi.fn(),
    attachFolder: vi.fn(),
    ocrLanguages: vi.fn(),
  };
});

const mockedApi = vi.mocked(api);
const mocked = vi.mocked(folders);

function settingsOf(name: string, slug: string, paths: string[] = []): WorkspaceSettings {
  return {
    name,
    slug,
    folders: paths,
    embeddingModel: 'builtin',
    chatModel: null,
    rerankModel: null,
    indexDir: 'index',
    indexUri: null,
    readOnly: false,
    chunking: { maxTokens: 400, overlap: 0.15 },
    retrieval: { passages: 6, refusalThreshold: 0.25, answerThreshold: 0.25 },
    ocr: { enabled: true, languages: ['eng'] },
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

const OWNER: FolderOwner = {
  path: '/home/me/Acme/letters',
  workspace: { slug: 'acme-v-smith', name: 'Acme v Smith' },
  folder: '/home/me/Acme',
  relation: 'parent',
};

function listing(path: string, names: string[], parent: string | null): FolderListing {
  return {
    path,
    parent,
    home: '/home/me',
    folders: names.map((name) => ({ name, path: `${path}/${name}`, workspaces: [] })),
    truncated: false,
  };
}

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('CreateWorkspaceForm', () => {
  function renderForm() {
    const onCreated = vi.fn();
    const onAttempted = vi.fn();
    render(() => <CreateWorkspaceForm onCreated={onCreated} onAttempted={onAttempted} />);
    return { onCreated, onAttempted };
  }

  it('explains a taken name, keeps what was typed, and says nothing was created', async () => {
    const user = userEvent.setup();
    const { onCreated, onAttempted } = renderForm();
    await user.type(screen.getByLabelText('Name'), 'acme v smith');
    await user.type(screen.getByLabelText('Folders'), '/home/me/Beta');
    mocked.createNewWorkspace.mockRejectedValueOnce(
      new api.ApiError(
        'A workspace named "Acme v Smith" already exists; nothing was created. Choose another name …',
        409,
        'conflict',
      ),
    );
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));
    expect(mocked.createNewWorkspace).toHaveBeenCalledWith('acme v smith', ['/home/me/Beta'], {
      confirm: false,
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'That name is already taken by the workspace “Acme v Smith”. Choose a different name. To add these folders to “Acme v Smith” instead, open it and use Add folder in its Settings → Folders. Nothing was created.',
    );
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('acme v smith');
    expect((screen.getByLabelText('Folders') as HTMLTextAreaElement).value).toBe('/home/me/Beta');
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
    expect(onCreated).not.toHaveBeenCalled();
    expect(onAttempted).toHaveBeenCalledTimes(1);
  });

  it('says plainly that nothing was created when a folder does not exist', async () => {
    const user = userEvent.setup();
    renderForm();
    await user.type(screen.getByLabelText('Name'), 'Cobalt');
    await user.type(screen.getByLabelText('Folders'), '/home/me/Cobalt 2');
    mocked.createNewWorkspace.mockRejectedValueOnce(
      new api.ApiError('Not a folder: /home/me/Cobalt 2', 400, 'invalid-request'),
    );
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'There is no folder at /home/me/Cobalt 2 on this computer. Check the spelling; the folder must already exist. Nothing was created: correct the path and press Create workspace again.',
    );
    expect(alert.textContent).not.toContain('was created without');
  });

  it('names the workspace that already reads a folder and creates only once confirmed', async () => {
    const user = userEvent.setup();
    const { onCreated } = renderForm();
    await user.type(screen.getByLabelText('Name'), 'Beta Holdings');
    await user.type(screen.getByLabelText('Folders'), OWNER.path);
    mocked.createNewWorkspace.mockRejectedValueOnce(new folders.FolderInUseError('…', [OWNER]));
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));
    const warning = await screen.findByTestId('folder-in-use');
    expect(warning.textContent).toContain(
      '/home/me/Acme/letters is inside /home/me/Acme, a folder of the workspace “Acme v Smith”.',
    );
    expect(warning.textContent).toContain('Create “Beta Holdings” with it anyway?');
    expect(onCreated).not.toHaveBeenCalled();

    const created = settingsOf('Beta Holdings', 'beta-holdings', [OWNER.path]);
    mocked.createNewWorkspace.mockResolvedValueOnce(created);
    await user.click(within(warning).getByRole('button', { name: 'Create anyway' }));
    expect(mocked.createNewWorkspace).toHaveBeenLastCalledWith('Beta Holdings', [OWNER.path], {
      confirm: true,
    });
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
  });

  it('browses folders, walking down and up, and picks one into the folders box', async () => {
    const user = userEvent.setup();
    renderForm();
    mocked.browseFolders.mockImplementation(async (path) => {
      if (path === undefined || path === '/home/me')
        return listing('/home/me', ['Documents', 'Matters'], null);
      if (path === '/home/me/Matters') return listing('/home/me/Matters', ['Acme', 'Beta'], '/home/me');
      return listing(path, [], '/home/me/Matters');
    });
    await user.type(screen.getByLabelText('Folders'), '/home/me/Typed');
    await user.click(screen.getByRole('button', { name: 'Browse for a folder…' }));
    const picker = await screen.findByTestId('folder-picker');
    await within(picker).findByRole('button', { name: /Matters/ });
    expect(within(picker).getByTestId('folder-picker-path').textContent).toBe('/home/me');
    expect((within(picker).getByRole('button', { name: 'Up' }) as HTMLButtonElement).disabled).toBe(true);

    await user.click(within(picker).getByRole('button', { name: /Matters/ }));
    await within(picker).findByRole('button', { name: /Beta/ });
    await user.click(within(picker).getByRole('button', { name: /Beta/ }));
    await waitFor(() =>
      expect(within(picker).getByTestId('folder-picker-path').textContent).toBe('/home/me/Matters/Beta'),
    );
    expect(within(picker).getByText('No folders inside this one.')).toBeTruthy();
    await user.click(within(picker).getByRole('button', { name: 'Up' }));
    await within(picker).findByRole('button', { name: /Acme/ });
    await user.click(within(picker).getByRole('button', { name: /Acme/ }));
    await waitFor(() =>
      expect(within(picker).getByTestId('folder-picker-path').textContent).toBe('/home/me/Matters/Acme'),
    );
    await user.click(within(picker).getByRole('button', { name: 'Add this folder' }));
    expect(screen.queryByTestId('folder-picker')).toBeNull();
    expect((screen.getByLabelText('Folders') as HTMLTextAreaElement).value).toBe(
      '/home/me/Typed\n/home/me/Matters/Acme',
    );
    expect(mocked.browseFolders.mock.calls.map(([path]) => path)).toEqual([
      undefined,
      '/home/me/Matters',
      '/home/me/Matters/Beta',
      '/home/me/Matters',
      '/home/me/Matters/Acme',
    ]);
  });
});

describe('Settings → Folders', () => {
  it('adds a folder to the workspace it names, asking first when another workspace reads it', async () => {
    const user = userEvent.setup();
    const [settings, setSettings] = createSignal(
      settingsOf('Beta Holdings', 'beta-holdings', ['/home/me/Beta']),
    );
    render(() => <FoldersSection slug="beta-holdings" settings={settings} onSaved={setSettings} />);
    const add = screen.getByRole('button', { name: 'Add folder to “Beta Holdings”' });
    await user.type(screen.getByLabelText('Add a folder to “Beta Holdings”'), OWNER.path);
    mocked.attachFolder.mockRejectedValueOnce(new folders.FolderInUseError('…', [OWNER]));
    await user.click(add);
    expect(mocked.attachFolder).toHaveBeenCalledWith('beta-holdings', OWNER.path, { confirm: false });
    const warning = await screen.findByTestId('folder-in-use');
    expect(warning.textContent).toContain('a folder of the workspace “Acme v Smith”');
    expect(warning.textContent).toContain('Add it to “Beta Holdings” anyway?');
    expect(settings().folders).toEqual(['/home/me/Beta']);

    mocked.attachFolder.mockResolvedValueOnce(
      settingsOf('Beta Holdings', 'beta-holdings', ['/home/me/Beta', OWNER.path]),
    );
    await user.click(within(warning).getByRole('button', { name: 'Add anyway' }));
    expect(mocked.attachFolder).toHaveBeenLastCalledWith('beta-holdings', OWNER.path, { confirm: true });
    expect(
      await screen.findByText(
        `Added ${OWNER.path} to “Beta Holdings”. Its documents are being indexed (see Documents).`,
      ),
    ).toBeTruthy();
    expect(screen.queryByTestId('folder-in-use')).toBeNull();
    expect(settings().folders).toEqual(['/home/me/Beta', OWNER.path]);
  });

  it('picks a folder with the browser and adds it', async () => {
    const user = userEvent.setup();
    const [settings, setSettings] = createSignal(settingsOf('Beta Holdings', 'beta-holdings'));
    render(() => <FoldersSection slug="beta-holdings" settings={settings} onSaved={setSettings} />);
    mocked.browseFolders.mockResolvedValue(listing('/home/me', ['Gamma'], null));
    mocked.attachFolder.mockResolvedValueOnce(settingsOf('Beta Holdings', 'beta-holdings', ['/home/me']));
    await user.click(screen.getByRole('button', { name: 'Browse…' }));
    const picker = await screen.findByTestId('folder-picker');
    await within(picker).findByRole('button', { name: /Gamma/ });
    await user.click(within(picker).getByRole('button', { name: 'Add this folder to “Beta Holdings”' }));
    expect(mocked.attachFolder).toHaveBeenCalledWith('beta-holdings', '/home/me', { confirm: false });
    await waitFor(() => expect(settings().folders).toEqual(['/home/me']));
  });
});

describe('Settings → OCR languages', () => {
  it('offers only the languages installed on this computer, in plain words', async () => {
    const user = userEvent.setup();
    mocked.ocrLanguages.mockResolvedValue([
      { code: 'eng', name: 'English' },
      { code: 'fra', name: 'French' },
    ]);
    const base = settingsOf('Acme', 'acme');
    const [settings, setSettings] = createSignal({
      ...base,
      ocr: { enabled: true, languages: ['eng', 'deu'] },
    });
    mockedApi.updateWorkspace.mockImplementation(async (_slug, patch) => ({
      ...settings(),
      ocr: patch.ocr ?? base.ocr,
    }));
    render(() => <OcrSection slug="acme" settings={settings} onSaved={setSettings} />);
    const section = screen.getByRole('region', { name: 'Reading scanned pages (OCR)' });
    const english = (await within(section).findByRole('checkbox', {
      name: 'English (eng)',
    })) as HTMLInputElement;
    const french = within(section).getByRole('checkbox', { name: 'French (fra)' }) as HTMLInputElement;
    const german = within(section).getByRole('checkbox', {
      name: 'deu (not installed on this computer)',
    }) as HTMLInputElement;
    expect([english.checked, french.checked, german.checked]).toEqual([true, false, true]);
    expect(section.textContent).toContain(
      'Languages installed on this computer: English (eng), French (fra); Quire can read only these.',
    );
    expect(section.textContent).not.toMatch(/npm|tesseract\.js-data/);

    await user.click(german);
    await user.click(french);
    await user.click(within(section).getByRole('button', { name: 'Save OCR settings' }));
    expect(mockedApi.updateWorkspace).toHaveBeenCalledWith('acme', {
      ocr: { enabled: true, languages: ['eng', 'fra'] },
    });
    await waitFor(() =>
      expect(within(section).getByRole('status').textContent).toMatch(/^OCR is on \(eng, fra\)/),
    );
    expect(within(section).queryByRole('checkbox', { name: /not installed/ })).toBeNull();

    await user.click(english);
    await user.click(within(section).getByRole('checkbox', { name: 'French (fra)' }));
    await user.click(within(section).getByRole('button', { name: 'Save OCR settings' }));
    expect((await within(section).findByRole('alert')).textContent).toBe(
      'Tick at least one language: the one your scans are written in.',
    );
    expect(mockedApi.updateWorkspace).toHaveBeenCalledTimes(1);
  });

  it('turns OCR off and on with the right PATCH, and shows a server refusal as it is worded', async () => {
    const user = userEvent.setup();
    mocked.ocrLanguages.mockResolvedValue([{ code: 'eng', name: 'English' }]);
    const base = settingsOf('Acme', 'acme');
    const [settings, setSettings] = createSignal(base);
    mockedApi.updateWorkspace.mockRejectedValueOnce(
      new api.ApiError(
        'OCR cannot read "deu": that language is not installed on this computer. Languages available here: English (eng).',
        400,
        'invalid-request',
      ),
    );
    mockedApi.updateWorkspace.mockImplementation(async (_slug, patch) => ({
      ...base,
      ocr: patch.ocr ?? base.ocr,
    }));
    render(() => <OcrSection slug="acme" settings={settings} onSaved={setSettings} />);
    const section = screen.getByRole('region', { name: 'Reading scanned pages (OCR)' });
    const toggle = within(section).getByLabelText(
      'Read scanned and garbled pages with OCR',
    ) as HTMLInputElement;
    const save = within(section).getByRole('button', { name: 'Save OCR settings' }) as HTMLButtonElement;
    const english = (await within(section).findByRole('checkbox', {
      name: 'English (eng)',
    })) as HTMLInputElement;
    expect(save.disabled).toBe(true);
    await user.click(toggle);
    expect(within(section).getByRole('group', { name: 'Languages' }).hasAttribute('disabled')).toBe(true);
    await user.click(save);
    expect(mockedApi.updateWorkspace).toHaveBeenCalledWith('acme', {
      ocr: { enabled: false, languages: ['eng'] },
    });
    expect((await within(section).findByRole('alert')).textContent).toBe(
      'Could not save the OCR settings: OCR cannot read "deu": that language is not installed on this computer. Languages available here: English (eng).',
    );
    await user.click(save);
    await waitFor(() => expect(within(section).getByRole('status').textContent).toMatch(/^OCR is off/));
    expect(english.checked).toBe(true);
  });
});
