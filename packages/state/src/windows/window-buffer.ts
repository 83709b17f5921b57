import type { Tuple } from '@twinstorm/core';
import { Window } from './tuple-window.ts';
import type { WindowSpec } from './window-conf.ts';

interface Entry {
  readonly tuple: Tuple;
  readonly ts: number;
  /** Already in a window handed to execute (so not in a later window's getNew()). */
  shown: boolean;
}

/**
 * The tuples of one windowed task and the eviction rules of its window. A tuple leaves the buffer, and is acked, as
 * soon as no later window can hold it, so the buffer never holds more than the window (plus what arrived since).
 */
export class WindowBuffer {
  #entries: Entry[] = [];
  #expired: Tuple[] = [];
  #sinceTrigger = 0;

  constructor(
    private readonly spec: WindowSpec,
    private readonly ack: (tuple: Tuple) => void,
  ) {}

  /** Tuples held now. */
  get size(): number {
    return this.#entries.length;
  }

  /** Adds a tuple with its timestamp; true when a count-based slide says a window is due. */
  add(tuple: Tuple, ts: number): boolean {
    this.#entries.push({ tuple, ts, shown: false });
    if (!('count' in this.spec.slide)) return false;
    if (++this.#sinceTrigger < this.spec.slide.count) return false;
    this.#sinceTrigger = 0;
    return true;
  }

  /** The earliest timestamp held, or undefined when empty. */
  earliest(): number | undefined {
    let min: number | undefined;
    for (const e of this.#entries) if (min === undefined || e.ts < min) min = e.ts;
    return min;
  }

  /**
   * The window ending at `end` (exclusive): evicts what is too old for it, and returns the window, or null when it
   * would be empty with nothing expired (Storm does not call execute then). A duration window starts at `start`
   * (default `end` − length; earlier when its timer fired late, so no tuple falls between two windows).
   */
  windowAt(end: number, start?: number): Window | null {
    const { length } = this.spec;
    const eligible = this.#entries.filter((e) => e.ts < end);
    const from = start ?? ('ms' in length ? end - length.ms : 0);
    let keep: Entry[];
    if ('ms' in length) keep = eligible.filter((e) => e.ts >= from);
    else keep = eligible.slice(Math.max(0, eligible.length - length.count));
    if (keep.length < eligible.length) {
      const kept = new Set(keep);
      this.#evict((e) => e.ts < end && !kept.has(e));
    }
    const expired = this.#expired;
    this.#expired = [];
    if (keep.length === 0 && expired.length === 0) return null;
    const fresh = keep.filter((e) => !e.shown).map((e) => e.tuple);
    for (const e of keep) e.shown = true;
    return new Window(
      keep.map((e) => e.tuple),
      fresh,
      expired,
      'ms' in length ? from : (keep[0]?.ts ?? end),
      end,
    );
  }

  /** After the window ending at `end` ran: evicts what no later window can hold. */
  afterWindow(end: number): void {
    const { length, slide } = this.spec;
    if ('ms' in length && 'ms' in slide) {
      const nextStart = end + slide.ms - length.ms;
      this.#evict((e) => e.ts < nextStart);
    } else if ('count' in length && 'count' in slide) {
      const eligible = this.#entries.filter((e) => e.ts < end);
      const excess = eligible.length - Math.max(0, length.count - slide.count);
      if (excess > 0) {
        const gone = new Set(eligible.slice(0, excess));
        this.#evict((e) => gone.has(e));
      }
    }
    // Mixed count/duration windows: the next window's bounds are not known yet; windowAt evicts then.
  }

  /** Acks and forgets every tuple held (the bolt is shutting down; its windows will not run). */
  drop(): void {
    this.#evict(() => true);
  }

  #evict(gone: (e: Entry) => boolean): void {
    const keep: Entry[] = [];
    for (const e of this.#entries) {
      if (gone(e)) {
        this.#expired.push(e.tuple);
        this.ack(e.tuple);
      } else keep.push(e);
    }
    this.#entries = keep;
  }
}
