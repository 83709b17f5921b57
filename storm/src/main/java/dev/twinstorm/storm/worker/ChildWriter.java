package dev.twinstorm.storm.worker;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The one thread that writes to a child: takes what the executor queued, writes everything queued in one go and
 * flushes only when the queue has drained. A busy component's child gets many frames per write; a lone tuple is
 * flushed at once, so batching adds no latency at low rates. The queue is bounded (back-pressure on the executor).
 */
final class ChildWriter {
    /** Something to write to the child. */
    @FunctionalInterface
    interface Frame {
        void writeTo(FrameWriter writer) throws IOException;
    }

    private final LinkedBlockingQueue<Frame> queue;
    private final FrameWriter writer;
    private final Consumer<Throwable> onFailure;
    private final Thread thread;
    private volatile boolean running = true;

    ChildWriter(FrameWriter writer, int capacity, String who, Consumer<Throwable> onFailure) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.writer = writer;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, "twinstorm-writer-" + who);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a frame, waiting while the queue is full. */
    void put(Frame frame) throws InterruptedException {
        queue.put(frame);
    }

    /** Queues a frame unless the queue is full (heartbeats: a full queue means the child is being written to anyway). */
    boolean offer(Frame frame) {
        return queue.offer(frame);
    }

    /** Stops the thread (what is still queued is dropped: the child is being stopped too). */
    void stop() {
        running = false;
        thread.interrupt();
    }

    private void run() {
        try {
            while (running) {
                Frame frame = queue.take();
                do {
                    frame.writeTo(writer);
                    frame = queue.poll();
                } while (frame != null);
                writer.flush();
            }
        } catch (InterruptedException e) {
            // stop()
        } catch (Throwable t) {
            if (running) {
                onFailure.accept(t);
            }
        }
    }
}
