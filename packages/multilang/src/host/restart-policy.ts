/**
 * When to respawn a dead subprocess: after a delay that doubles with each failure in the window (bounded), and
 * never again once `maxRestarts` failures happened within `windowMs` — a crash loop is reported, not hidden.
 */
export class RestartPolicy {
  readonly #failures: number[] = [];

  constructor(
    private readonly settings: {
      readonly maxRestarts: number;
      readonly restartWindowMs: number;
      readonly backoffInitialMs: number;
      readonly backoffMaxMs: number;
    },
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records a failure; returns the delay before the respawn, or null to give up. */
  failed(): number | null {
    const t = this.now();
    this.#failures.push(t);
    while (this.#failures.length > 0 && t - this.#failures[0]! > this.settings.restartWindowMs) this.#failures.shift();
    const recent = this.#failures.length;
    if (recent > this.settings.maxRestarts) return null;
    return Math.min(this.settings.backoffMaxMs, this.settings.backoffInitialMs * 2 ** (recent - 1));
  }

  /** Failures within the window (for messages). */
  get recentFailures(): number {
    return this.#failures.length;
  }
}
