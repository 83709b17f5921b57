package dev.twinstorm.storm.worker;

import java.util.HashMap;
import java.util.Map;

/**
 * How many tuple trees a TwinstormSpout keeps in flight, at most topology.max.spout.pending: a delay-based window
 * (after TCP Vegas). Once the topology is saturated, every tree more in flight only waits in a queue (Little's law:
 * complete latency = trees in flight / trees per second), so the window shrinks while the mean complete latency of
 * the last period exceeds twice the lowest period mean of the last few seconds, and grows while it does not and the
 * spout was held back by it. A topology below saturation never reaches the window, so it is never held back.
 * Executor thread only.
 */
final class InFlightLimit {
    /** The window never goes below this (or the ceiling): enough trees for the children to batch. */
    static final int FLOOR = 32;
    /** One period's length: the window changes at most this often. */
    static final long PERIOD_NANOS = 100_000_000L;
    /** Periods whose means count as the base round trip (3 s). */
    private static final int BASE_PERIODS = 30;
    /** A base round trip below this is noise; the target latency is at least twice it. */
    private static final long MIN_BASE_NANOS = 1_000_000L;

    private final int ceiling;
    private final Map<Object, Long> emittedAt = new HashMap<>();
    private final long[] periodMeans = new long[BASE_PERIODS];
    private int periods;
    private int limit;
    private long periodStart;
    private long sum;
    private int count;
    private boolean heldBack;

    /** {@code ceiling}: topology.max.spout.pending (Integer.MAX_VALUE when unset). */
    InFlightLimit(int ceiling, long now) {
        this.ceiling = ceiling;
        this.limit = Math.min(ceiling, FLOOR);
        this.periodStart = now;
    }

    /** The current window. */
    int limit() {
        return limit;
    }

    /** The spout had room for fewer requests than it could have sent because of the window. */
    void heldBack() {
        heldBack = true;
    }

    /** A tree with this message id was emitted. */
    void emitted(Object msgId, long now) {
        emittedAt.put(msgId, now);
    }

    /** The tree was acked: its round trip counts. */
    void acked(Object msgId, long now) {
        Long at = emittedAt.remove(msgId);
        if (at != null) {
            sum += now - at;
            count++;
        }
        if (now - periodStart >= PERIOD_NANOS) {
            endPeriod(now);
        }
    }

    /** The tree failed (timed out or failed downstream): it says nothing about queueing. */
    void failed(Object msgId) {
        emittedAt.remove(msgId);
    }

    private void endPeriod(long now) {
        if (count > 0) {
            long mean = sum / count;
            periodMeans[periods++ % BASE_PERIODS] = mean;
            long base = MIN_BASE_NANOS;
            long lowest = Long.MAX_VALUE;
            for (int i = 0; i < Math.min(periods, BASE_PERIODS); i++) {
                lowest = Math.min(lowest, periodMeans[i]);
            }
            base = Math.max(base, lowest);
            if (mean > 2 * base) {
                limit = Math.max(Math.min(ceiling, FLOOR), limit - limit / 4);
            } else if (heldBack) {
                limit = (int) Math.min(ceiling, (long) limit + Math.max(1, limit / 8));
            }
        }
        periodStart = now;
        sum = 0;
        count = 0;
        heldBack = false;
    }
}
