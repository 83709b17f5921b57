package dev.twinstorm.storm.worker;

import dev.twinstorm.storm.spec.Json;
import dev.twinstorm.storm.spec.StreamSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.storm.Config;
import org.apache.storm.Constants;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.IRichBolt;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.utils.ObjectReader;

/**
 * A spec bolt (or basic bolt: the node runner anchors and acks for it) on Storm, running its node child itself
 * instead of through ShellBolt. The executor only numbers the tuple and queues it; one writer thread sends whatever
 * is queued in one write (ChildWriter); one reader thread turns the child's emits, acks, fails, logs, errors and
 * metrics into Storm calls, as ShellBolt's reader does. Tuple ids are numbers. Heartbeats, the subprocess timeout and
 * the worker halting when the child dies are ShellBolt's (ChildSupervisor).
 */
public class TwinstormBolt implements IRichBolt {
    private static final long serialVersionUID = 1L;
    /** ShellBolt's heartbeat stream, which the child answers with sync. */
    static final String HEARTBEAT_STREAM = "__heartbeat";

    private final String[] command;
    private final LinkedHashMap<String, StreamSpec> streams;
    private final HashMap<String, Object> conf;

    private transient OutputCollector collector;
    private transient ChildProcess child;
    private transient ChildWriter writer;
    private transient ChildSupervisor supervisor;
    private transient ConcurrentHashMap<Long, Tuple> inputs;
    private transient long lastId;
    private transient volatile boolean running;

    public TwinstormBolt(String[] command, Map<String, StreamSpec> streams, Map<String, Object> conf) {
        this.command = command.clone();
        this.streams = new LinkedHashMap<>(streams);
        this.conf = new HashMap<>(conf);
    }

    @Override
    public void prepare(Map<String, Object> topoConf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        this.inputs = new ConcurrentHashMap<>();
        this.child = ChildProcess.launch(command, topoConf, context);
        this.supervisor = new ChildSupervisor(child, collector, topoConf, context);
        String who = context.getThisComponentId() + "-" + context.getThisTaskId();
        int capacity = ObjectReader.getInt(topoConf.get(Config.TOPOLOGY_SHELLBOLT_MAX_PENDING), 100);
        this.writer = new ChildWriter(child.writer(), Math.max(1, capacity), who, supervisor::die);
        this.running = true;
        Thread reader = new Thread(this::readLoop, "twinstorm-reader-" + who);
        reader.setDaemon(true);
        reader.start();
        supervisor.everySecond(() -> true, () -> writer.offer(TwinstormBolt::writeHeartbeat));
    }

    @Override
    public void execute(Tuple input) {
        supervisor.check();
        long id = ++lastId;
        inputs.put(id, input);
        try {
            writer.put(w -> w.writeTuple(input.getSourceComponent(), input.getValues(), input.getSourceTask(), input.getSourceStreamId(), id));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the bolt is being shut down
        }
    }

    @Override
    public void cleanup() {
        running = false;
        writer.stop();
        supervisor.stop();
        inputs.clear();
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

    private static void writeHeartbeat(FrameWriter w) throws IOException {
        w.writeTuple(null, List.of(), (int) Constants.SYSTEM_TASK_ID, HEARTBEAT_STREAM, 0);
    }

    private void readLoop() {
        try {
            while (running) {
                handle(ChildMessage.object(child.read()));
            }
        } catch (Throwable t) {
            if (running) {
                supervisor.die(t);
            }
        }
    }

    private void handle(Map<String, Object> msg) throws Exception {
        switch (ChildMessage.command(msg)) {
            case "emit" -> emit(msg);
            case "ack" -> collector.ack(settle(msg, "acked"));
            case "fail" -> collector.fail(settle(msg, "failed"));
            case "sync" -> {
                // a heartbeat's answer: child.read() has already noted that the child is alive
            }
            case "log" -> supervisor.log(msg);
            case "error" -> supervisor.error(msg);
            case "metrics" -> supervisor.metrics(msg);
            default -> throw new IOException("multilang: unknown command from a bolt's child: " + Json.describe(msg));
        }
    }

    private Tuple settle(Map<String, Object> msg, String what) throws IOException {
        Tuple tuple = inputs.remove(ChildMessage.tupleId(msg.get("id")));
        if (tuple == null) {
            throw new IOException("multilang: the child " + what + " a non-existent or already acked/failed tuple id " + Json.describe(msg.get("id")));
        }
        return tuple;
    }

    private void emit(Map<String, Object> msg) throws Exception {
        List<Object> values = ChildMessage.tuple(msg);
        String stream = ChildMessage.stream(msg);
        List<Tuple> anchors = anchors(msg.get("anchors"));
        int task = ChildMessage.task(msg);
        if (task != 0) {
            collector.emitDirect(task, stream, anchors, values);
            return;
        }
        List<Integer> tasks = collector.emit(stream, anchors, values);
        if (ChildMessage.needTaskIds(msg)) {
            writer.put(w -> w.writeValue(tasks));
        }
    }

    private List<Tuple> anchors(Object ids) throws IOException {
        if (ids == null) {
            return List.of();
        }
        if (!(ids instanceof List<?> list)) {
            throw new IOException("multilang: \"anchors\" must be an array of tuple ids, got " + Json.describe(ids));
        }
        List<Tuple> anchors = new ArrayList<>(list.size());
        for (Object id : list) {
            Tuple t = inputs.get(ChildMessage.tupleId(id));
            if (t == null) {
                throw new IOException("multilang: the child anchored onto tuple " + Json.describe(id) + " after it was acked or failed");
            }
            anchors.add(t);
        }
        return anchors;
    }
}
