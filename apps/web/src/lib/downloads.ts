// Model downloads live outside the models screen: leaving the screen does not stop them, and coming back
// shows their progress. Every change to the installed models bumps `installedVersion`, which reloads the
// screen's lists.
import { createSignal } from 'solid-js';
import { ApiError, type CatalogueEntry, type DownloadProgress, pullModel } from './api.ts';
import { formatBytes, formatDuration } from './format.ts';

/** A catalogue model's download: under way, or how it ended if not in success. */
export interface DownloadState {
  phase: 'downloading' | 'failed' | 'cancelled';
  progress: DownloadProgress | null;
  /** Why it failed, in plain words. */
  error: string | null;
  /** Cancels it (while downloading). */
  controller: AbortController | null;
}

const [downloads, setDownloads] = createSignal<Record<string, DownloadState>>({});
const [installedVersion, setInstalledVersion] = createSignal(1);
const [downloadNotice, setDownloadNotice] = createSignal('');

/**
 * `downloads`: the downloads by catalogue id (a finished one leaves: its model is installed);
 * `downloadNotice`: the last news in words (started, finished, cancelled), for a polite status line;
 * `installedVersion`: goes up whenever the installed models change.
 */
export { downloadNotice, downloads, installedVersion };

/** Says that models were installed or removed (the models screen reloads its lists). */
export function modelsChanged(): void {
  setInstalledVersion((v) => v + 1);
}

function setDownload(id: string, state: DownloadState | null): void {
  setDownloads((all) => {
    const next = { ...all };
    if (state) next[id] = state;
    else delete next[id];
    return next;
  });
}

/** A failed download in plain words. */
export function explainDownloadError(error: unknown): string {
  if (!(error instanceof ApiError))
    return 'The connection to the Quire server broke during the download. Press Download again to resume where it stopped.';
  const trimmed = error.message.replace(/\s*Pull again to resume\.?$/, '');
  const message = /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
  switch (error.code) {
    case 'download-failed':
      if (
        /could not reach|fetch failed|network|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|timed? ?out/i.test(
          message,
        )
      )
        return 'Could not reach the model hub. You can import a .gguf file you already have.';
      return `The download failed: ${message} Press Download again to resume where it stopped.`;
    case 'download-aborted':
      return 'The download was interrupted. Press Download again to resume where it stopped.';
    case 'model-invalid':
      return `The downloaded file is not a usable model: ${message}`;
    case 'bad-model-reference':
    case 'model-not-found':
      return `Quire does not know this model: ${message}`;
    default:
      return message;
  }
}

/** Downloads a catalogue model unless it is already downloading; its state follows in `downloads`. */
export function startDownload(entry: CatalogueEntry): void {
  const current = downloads()[entry.id];
  if (current?.phase === 'downloading') return;
  const controller = new AbortController();
  setDownload(entry.id, { phase: 'downloading', progress: null, error: null, controller });
  setDownloadNotice(`Downloading ${entry.name}…`);
  pullModel(entry.id, {
    signal: controller.signal,
    onProgress: (progress) => {
      const state = downloads()[entry.id];
      if (state?.controller === controller) setDownload(entry.id, { ...state, progress });
    },
  }).then(
    () => {
      setDownload(entry.id, null);
      setDownloadNotice(`${entry.name} is downloaded. Choose it in a workspace’s Settings to use it.`);
      modelsChanged();
    },
    (error: unknown) => {
      const state = downloads()[entry.id];
      const progress = state?.progress ?? null;
      if (controller.signal.aborted) {
        setDownload(entry.id, {
          phase: 'cancelled',
          progress,
          error: null,
          controller: null,
        });
        setDownloadNotice(`Download of ${entry.name} cancelled.`);
      } else {
        const text = explainDownloadError(error);
        setDownload(entry.id, { phase: 'failed', progress, error: text, controller: null });
        setDownloadNotice('');
      }
    },
  );
}

/** `"1.2 GB of 4.1 GB (29%) · 35 MB/s · about 1 min 23 s left"`. */
export function progressText(progress: DownloadProgress): string {
  const { receivedBytes, totalBytes, bytesPerSecond, etaSeconds } = progress;
  const parts = [
    totalBytes
      ? `${formatBytes(receivedBytes)} of ${formatBytes(totalBytes)} (${Math.floor((receivedBytes / totalBytes) * 100)}%)`
      : `${formatBytes(receivedBytes)} so far`,
  ];
  if (bytesPerSecond > 0) parts.push(`${formatBytes(bytesPerSecond)}/s`);
  if (etaSeconds !== null && Number.isFinite(etaSeconds))
    parts.push(`about ${formatDuration(etaSeconds)} left`);
  return parts.join(' · ');
}
