package dev.twinstorm.storm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InFlightLimitTest {
    private static final long MS = 1_000_000L;

    /** One period in which {@code trees} trees each took {@code rttMs}; the window was binding when {@code held}. */
    private static long period(InFlightLimit w, long start, int trees, long rttMs, boolean held) {
        if (held) {
            w.heldBack();
        }
        for (int i = 0; i < trees; i++) {
            Object id = start + ":" + i;
            w.emitted(id, start);
            w.acked(id, start + rttMs * MS);
        }
        long end = start + InFlightLimit.PERIOD_NANOS;
        w.emitted("tick" + end, end);
        w.acked("tick" + end, end + rttMs * MS); // ends the period
        return end + rttMs * MS;
    }

    @Test
    void startsAtTheFloorAndGrowsByAnEighthWhileHeldBackAtAFlatLatency() {
        InFlightLimit w = new InFlightLimit(1000, 0);
        assertEquals(InFlightLimit.FLOOR, w.limit());
        long t = period(w, 0, 10, 5, true);
        assertEquals(InFlightLimit.FLOOR + InFlightLimit.FLOOR / 8, w.limit());
        period(w, t, 10, 5, false);
        assertEquals(InFlightLimit.FLOOR + InFlightLimit.FLOOR / 8, w.limit(), "not held back: no reason to grow");
    }

    @Test
    void neverPassesMaxSpoutPending() {
        InFlightLimit w = new InFlightLimit(40, 0);
        long t = 0;
        for (int i = 0; i < 20; i++) {
            t = period(w, t, 10, 5, true);
        }
        assertEquals(40, w.limit());
        assertEquals(3, new InFlightLimit(3, 0).limit(), "a max.spout.pending below the floor is the window");
    }

    @Test
    void shrinksByAQuarterWhenTheLatencyPassesTwiceTheBaseAndNotBelowTheFloor() {
        InFlightLimit w = new InFlightLimit(1000, 0);
        long t = 0;
        for (int i = 0; i < 30; i++) {
            t = period(w, t, 10, 5, true);
        }
        int grown = w.limit();
        t = period(w, t, 10, 11, true); // 11 ms > 2 × 5 ms: queueing
        assertEquals(grown - grown / 4, w.limit());
        for (int i = 0; i < 30; i++) {
            t = period(w, t, 10, 11, true);
        }
        // The 5 ms periods leave the base after 3 s (30 periods): down to the floor, then at the new base it grows.
        assertEquals(InFlightLimit.FLOOR + 4 + 4, w.limit(), "two periods at the new base: grown twice by an eighth");
        for (int i = 0; i < 20; i++) {
            t = period(w, t, 10, 90, true); // 20 periods: the base is still 11 ms
        }
        assertEquals(InFlightLimit.FLOOR, w.limit());
    }

    @Test
    void failedTreesDoNotCount() {
        InFlightLimit w = new InFlightLimit(1000, 0);
        w.heldBack();
        w.emitted("a", 0);
        w.failed("a");
        w.acked("a", InFlightLimit.PERIOD_NANOS); // Storm never acks a failed tree; if it did, it would not count
        assertEquals(InFlightLimit.FLOOR, w.limit(), "a period without a round trip changes nothing");
    }
}
