/** The part of `process` that delivers stop signals (a fake EventEmitter in tests). */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/**
 * Ctrl-C semantics of a long-running command: the first SIGINT/SIGTERM asks for a graceful stop, a second one
 * means "now". Returns a function that removes the listeners.
 */
export function handleStopSignals(
  source: SignalSource,
  onFirst: (signal: 'SIGINT' | 'SIGTERM') => void,
  onSecond: (signal: 'SIGINT' | 'SIGTERM') => void,
): () => void {
  let received = 0;
  const listeners = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const listener = (): void => {
      received += 1;
      if (received === 1) onFirst(signal);
      else onSecond(signal);
    };
    source.on(signal, listener);
    return { signal, listener };
  });
  return () => {
    for (const { signal, listener } of listeners) source.off(signal, listener);
  };
}
