package dev.twinstorm.storm.worker;

import dev.twinstorm.storm.spec.Json;
import dev.twinstorm.storm.spec.StreamSpec;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.storm.Config;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.IRichSpout;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.utils.ObjectReader;

/**
 * A spec spout on Storm, running its node child itself instead of through ShellSpout, without ShellSpout's
 * synchronous round trip per call: nextTuple keeps up to {@value #MAX_NEXTS_IN_FLIGHT} `next` requests at the child
 * (fewer when the in-flight window, {@link InFlightLimit}, at most topology.max.spout.pending, leaves less room: each
 * request may become a tree), and emits on the executor thread what the child has sent meanwhile (a reader thread
 * parses it). ack, fail, activate and deactivate are sent without waiting. The child still
 * sees ShellSpout's protocol: requests, each answered by its emits and a sync, in order. The subprocess timeout
 * applies while requests are unanswered, as ShellSpout's applies while it waits.
 */
public class TwinstormSpout implements IRichSpout {
    private static final long serialVersionUID = 1L;
    /** `next` requests sent ahead of the executor: enough to keep the child busy while Storm emits the last batch. */
    static final int MAX_NEXTS_IN_FLIGHT = 64;
    private static final int WRITE_QUEUE = 1024;

    private final String[] command;
    private final LinkedHashMap<String, StreamSpec> streams;
    private final HashMap<String, Object> conf;

    private transient SpoutOutputCollector collector;
    private transient ChildProcess child;
    private transient ChildWriter writer;
    private transient ChildSupervisor supervisor;
    /** Parsed messages from the child, emitted by the executor thread in nextTuple. */
    private transient ConcurrentLinkedQueue<Map<String, Object>> inbox;
    /** Requests sent and not answered by a sync yet (all kinds: the child answers in order). */
    private transient AtomicInteger unanswered;
    /** The kinds of the unanswered requests, oldest first (true for next); executor thread only. */
    private transient java.util.ArrayDeque<Boolean> requests;
    private transient int nextsInFlight;
    /** Emits with a message id not yet acked or failed (executor thread only). */
    private transient int pending;
    /** How many trees may be in flight (executor thread only). */
    private transient InFlightLimit window;
    private transient boolean active;
    private transient volatile boolean running;

    public TwinstormSpout(String[] command, Map<String, StreamSpec> streams, Map<String, Object> conf) {
        this.command = command.clone();
        this.streams = new LinkedHashMap<>(streams);
        this.conf = new HashMap<>(conf);
    }

    @Override
    public void open(Map<String, Object> topoConf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        this.inbox = new ConcurrentLinkedQueue<>();
        this.unanswered = new AtomicInteger();
        this.requests = new java.util.ArrayDeque<>();
        Object max = topoConf.get(Config.TOPOLOGY_MAX_SPOUT_PENDING);
        int maxPending = max == null ? Integer.MAX_VALUE : Math.max(1, ObjectReader.getInt(max));
        this.window = new InFlightLimit(maxPending, System.nanoTime());
        this.child = ChildProcess.launch(command, topoConf, context);
        this.supervisor = new ChildSupervisor(child, collector, topoConf, context);
        String who = context.getThisComponentId() + "-" + context.getThisTaskId();
        this.writer = new ChildWriter(child.writer(), WRITE_QUEUE, who, supervisor::die);
        this.running = true;
        Thread reader = new Thread(this::readLoop, "twinstorm-reader-" + who);
        reader.setDaemon(true);
        reader.start();
        supervisor.everySecond(() -> unanswered.get() > 0, () -> { });
    }

    @Override
    public void nextTuple() {
        supervisor.check();
        try {
            drainInbox();
            int free = window.limit() - pending - nextsInFlight;
            if (free <= 0) {
                window.heldBack();
            }
            int room = Math.min(MAX_NEXTS_IN_FLIGHT - nextsInFlight, free);
            for (int i = 0; i < room && active; i++) {
                request("next", "", true);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            supervisor.die(e);
            supervisor.check();
        }
    }

    @Override
    public void ack(Object msgId) {
        pending--;
        window.acked(msgId, System.nanoTime());
        send("ack", msgId);
    }

    @Override
    public void fail(Object msgId) {
        pending--;
        window.failed(msgId);
        send("fail", msgId);
    }

    @Override
    public void activate() {
        active = true;
        send("activate", "");
    }

    @Override
    public void deactivate() {
        active = false;
        send("deactivate", "");
    }

    @Override
    public void close() {
        running = false;
        writer.stop();
        supervisor.stop();
    }

    /** The child's command line, as TopologyFactory built it (read by the submit package's tests). */
    public String[] command() {
        return command.clone();
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        Outputs.declare(declarer, streams);
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
        return Outputs.componentConf(conf);
    }

    private void send(String command, Object id) {
        supervisor.check();
        try {
            request(command, id, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the spout is being shut down
        }
    }

    private void request(String command, Object id, boolean isNext) throws InterruptedException {
        if (unanswered.getAndIncrement() == 0) {
            child.heardNow(); // the timeout counts from the first unanswered request, not from the last idle reply
        }
        requests.addLast(isNext);
        if (isNext) {
            nextsInFlight++;
        }
        writer.put(w -> w.writeSpoutRequest(command, id));
    }

    /** Emits, logs, errors and metrics the child sent; each sync answers the oldest request. */
    private void drainInbox() throws Exception {
        for (Map<String, Object> msg = inbox.poll(); msg != null; msg = inbox.poll()) {
            switch (ChildMessage.command(msg)) {
                case "emit" -> emit(msg);
                case "sync" -> {
                    unanswered.decrementAndGet();
                    Boolean wasNext = requests.pollFirst();
                    if (wasNext == null) {
                        throw new IOException("multilang: the spout's child sent a sync no request asked for");
                    }
                    if (wasNext) {
                        nextsInFlight--;
                    }
                }
                case "log" -> supervisor.log(msg);
                case "error" -> supervisor.error(msg);
                case "metrics" -> supervisor.metrics(msg);
                default -> throw new IOException("multilang: unknown command from a spout's child: " + Json.describe(msg));
            }
        }
    }

    private void emit(Map<String, Object> msg) throws Exception {
        List<Object> values = ChildMessage.tuple(msg);
        String stream = ChildMessage.stream(msg);
        Object msgId = msg.get("id");
        int task = ChildMessage.task(msg);
        if (msgId != null) {
            pending++;
            window.emitted(msgId, System.nanoTime());
        }
        if (task != 0) {
            collector.emitDirect(task, stream, values, msgId);
            return;
        }
        List<Integer> tasks = collector.emit(stream, values, msgId);
        if (ChildMessage.needTaskIds(msg)) {
            writer.put(w -> w.writeValue(tasks));
        }
    }

    private void readLoop() {
        try {
            while (running) {
                inbox.add(ChildMessage.object(child.read()));
            }
        } catch (Throwable t) {
            if (running) {
                supervisor.die(t);
            }
        }
    }
}
