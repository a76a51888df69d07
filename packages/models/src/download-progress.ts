/** One progress report of a download. */
export interface DownloadProgress {
  /** Bytes on disk so far, including bytes kept from an earlier, interrupted attempt. */
  receivedBytes: number;
  /** Size of the whole file when the server said it, else `null`. */
  totalBytes: number | null;
  /** Average speed of this attempt. */
  bytesPerSecond: number;
  /** Seconds left at that speed, or `null` when the size or the speed is unknown. */
  etaSeconds: number | null;
}

/** Turns byte counts into {@link DownloadProgress} events, at most one per `intervalMs` (plus a final one). */
export class ProgressMeter {
  private readonly started = performance.now();
  private lastEmit = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly onProgress: ((progress: DownloadProgress) => void) | undefined,
    private readonly totalBytes: number | null,
    private readonly startBytes: number,
    private readonly intervalMs: number,
  ) {}

  update(receivedBytes: number, final = false): void {
    if (!this.onProgress) return;
    const now = performance.now();
    if (!final && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    const seconds = Math.max((now - this.started) / 1000, 1e-3);
    const bytesPerSecond = (receivedBytes - this.startBytes) / seconds;
    const etaSeconds =
      this.totalBytes !== null && bytesPerSecond > 0
        ? Math.max(this.totalBytes - receivedBytes, 0) / bytesPerSecond
        : null;
    this.onProgress({ receivedBytes, totalBytes: this.totalBytes, bytesPerSecond, etaSeconds });
  }
}
