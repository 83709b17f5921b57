/** Counters with thousands separators, so big numbers stay readable in tables. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Rates per second: whole numbers when large, one decimal when small. */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec)) return '-';
  return perSec >= 100 ? formatCount(perSec) : perSec.toFixed(1);
}

/** Milliseconds with a precision that suits the magnitude (0.042, 3.14, 27.5, 1,204). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 1000) return ms.toFixed(1);
  return formatCount(ms);
}

/** Run durations as a person reads them: 850ms, 4.2s, 3m 07s, 2h 05m. */
export function formatUptime(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const totalSeconds = ms / 1000;
  if (totalSeconds < 60) return `${totalSeconds.toFixed(1)}s`;
  const s = Math.floor(totalSeconds);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const pad = (v: number): string => String(v).padStart(2, '0');
  return hours > 0 ? `${hours}h ${pad(minutes)}m` : `${minutes}m ${pad(seconds)}s`;
}

/** Storm's capacity as a number with three decimals (1.000 means saturated). */
export function formatCapacity(capacity: number): string {
  return Number.isFinite(capacity) ? capacity.toFixed(3) : '-';
}

/** Bytes as people read them: 512 B, 12.3 KB, 4.0 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
