/**
 * storm-kafka-client's exponential back-off: the n-th failure of a record waits `initialMs * 2^(n-1)`, at most `maxMs`.
 */
export function retryDelayMs(failures: number, initialMs: number, maxMs: number): number {
  if (failures < 1 || initialMs === 0) return 0;
  return Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 52));
}
