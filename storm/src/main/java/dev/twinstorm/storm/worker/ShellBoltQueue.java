package dev.twinstorm.storm.worker;

import java.lang.reflect.Field;
import java.util.Queue;
import java.util.function.BooleanSupplier;
import org.apache.storm.multilang.ISerializer;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.utils.ShellBoltMessageQueue;
import org.apache.storm.utils.ShellProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaches into a prepared ShellBolt for what Storm keeps private: its child's serializer and the queue of tuples its
 * writer thread has yet to write. Storm offers no hook for either; without them a serializer cannot know whether
 * another frame follows, so it must flush (one write syscall, one wake-up of the child) per tuple.
 */
final class ShellBoltQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ShellBoltQueue.class);

    private ShellBoltQueue() {
    }

    /** Has the bolt's TwinstormSerializer flush only when the write queue is empty; leaves it flushing per frame if Storm's internals differ. */
    static void batchWrites(ShellBolt bolt) {
        try {
            ShellProcess process = (ShellProcess) field(ShellBolt.class, "process").get(bolt);
            ISerializer serializer = process.serializer;
            if (!(serializer instanceof TwinstormSerializer ours)) {
                return;
            }
            ours.flushOnlyWhenIdle(moreToWrite((ShellBoltMessageQueue) field(ShellBolt.class, "pendingWrites").get(bolt)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("twinstorm: cannot see ShellBolt's write queue ({}); the serializer flushes after every frame", e.toString());
        }
    }

    /** True while the queue holds tuples for the writer thread (task-id replies are not counted: they only flush sooner). */
    static BooleanSupplier moreToWrite(ShellBoltMessageQueue pending) throws ReflectiveOperationException {
        Queue<?> tuples = (Queue<?>) field(ShellBoltMessageQueue.class, "boltMsgQueue").get(pending);
        return () -> !tuples.isEmpty();
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field f = owner.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
