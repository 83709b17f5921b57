package dev.twinstorm.storm.worker;

import dev.twinstorm.storm.spec.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.storm.multilang.BoltMsg;
import org.apache.storm.multilang.ISerializer;
import org.apache.storm.multilang.NoOutputException;
import org.apache.storm.multilang.ShellMsg;
import org.apache.storm.multilang.SpoutMsg;
import org.apache.storm.shade.net.minidev.json.JSONObject;
import org.apache.storm.shade.net.minidev.json.JSONValue;
import org.apache.storm.shade.net.minidev.json.parser.ParseException;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.utils.Utils;

/**
 * Storm's JSON multilang protocol, as org.apache.storm.multilang.JsonSerializer, with the breakage of Storm 2.6+ fixed:
 * json-smart parses small integers as Integer and the stock serializer casts an emit's {@code task} to Long, so every
 * emitDirect from a multilang child kills the worker. Here {@code task} is read as any integral number. Messages that
 * are malformed fail with a message naming the key instead of a bare ClassCastException. What is written to the child
 * and what is parsed from it are byte-for-byte and value-for-value the stock behaviour; the framing is cheaper
 * (FrameReader, FrameWriter) and, for bolts, writes are batched while more are queued. Set as
 * topology.multilang.serializer.
 */
public class TwinstormSerializer implements ISerializer {
    private static final long serialVersionUID = 1L;

    private transient FrameWriter writer;
    private transient FrameReader frames;

    @Override
    public void initialize(OutputStream processIn, InputStream processOut) {
        this.writer = new FrameWriter(processIn);
        this.frames = new FrameReader(processOut);
    }

    /**
     * Lets frames gather while {@code moreToWrite} reports messages still queued for the child (ShellBolt's write
     * queue), so a busy bolt's child gets them in one write; TwinstormShellBolt wires this after prepare.
     */
    public void flushOnlyWhenIdle(BooleanSupplier moreToWrite) {
        writer.flushOnlyWhenIdle(moreToWrite);
    }

    @Override
    public Number connect(Map<String, Object> conf, TopologyContext context) throws IOException, NoOutputException {
        JSONObject setupInfo = new JSONObject();
        setupInfo.put("pidDir", context.getPIDDir());
        setupInfo.put("conf", conf);
        setupInfo.put("context", context);
        writer.writeValue(setupInfo);
        Object reply = readMessage();
        Object pid = reply instanceof Map<?, ?> m ? m.get("pid") : null;
        if (!(pid instanceof Number n)) {
            throw new IOException("multilang handshake: expected {\"pid\": <number>}, got " + Json.describe(reply));
        }
        return n;
    }

    @Override
    public void writeBoltMsg(BoltMsg msg) throws IOException {
        writer.writeBoltMsg(msg);
    }

    @Override
    public void writeSpoutMsg(SpoutMsg msg) throws IOException {
        writer.writeSpoutMsg(msg);
    }

    @Override
    public void writeTaskIds(List<Integer> taskIds) throws IOException {
        writer.writeValue(taskIds);
    }

    @Override
    public ShellMsg readShellMsg() throws IOException, NoOutputException {
        return toShellMsg(readMessage());
    }

    /** Converts one parsed message from the child into Storm's ShellMsg (public for tests). */
    @SuppressWarnings("unchecked")
    public static ShellMsg toShellMsg(Object parsed) throws IOException {
        if (!(parsed instanceof Map<?, ?>)) {
            throw new IOException("multilang: expected a JSON object from the subprocess, got " + Json.describe(parsed));
        }
        Map<String, Object> msg = (Map<String, Object>) parsed;
        ShellMsg shellMsg = new ShellMsg();

        // A missing command stays null: ShellBolt/ShellSpout report "Command not found" with the whole message.
        shellMsg.setCommand(optString(msg, "command"));
        shellMsg.setId(msg.get("id"));
        shellMsg.setMsg(optString(msg, "msg"));

        String stream = optString(msg, "stream");
        shellMsg.setStream(stream == null ? Utils.DEFAULT_STREAM_ID : stream);

        // The fix: Storm 2.6+ parses small integers as Integer; the stock serializer casts to Long.
        Object task = msg.get("task");
        if (task == null) {
            shellMsg.setTask(0);
        } else if (task instanceof Integer || task instanceof Long) {
            shellMsg.setTask(((Number) task).longValue());
        } else if (task instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue())) {
            shellMsg.setTask(n.longValue());
        } else {
            throw new IOException("multilang: \"task\" must be an integer task id, got " + Json.describe(task));
        }

        Object needTaskIds = msg.get("need_task_ids");
        if (needTaskIds != null && !(needTaskIds instanceof Boolean)) {
            throw new IOException("multilang: \"need_task_ids\" must be true or false, got " + Json.describe(needTaskIds));
        }
        shellMsg.setNeedTaskIds(needTaskIds == null || (Boolean) needTaskIds);

        Object tuple = msg.get("tuple");
        if (tuple != null && !(tuple instanceof List)) {
            throw new IOException("multilang: \"tuple\" must be an array, got " + Json.describe(tuple));
        }
        shellMsg.setTuple((List<Object>) tuple);

        Object anchors = msg.get("anchors");
        if (anchors instanceof String s) {
            anchors = List.of(s);
        }
        if (anchors != null) {
            if (!(anchors instanceof List)) {
                throw new IOException("multilang: \"anchors\" must be an array of tuple ids, got " + Json.describe(anchors));
            }
            for (Object anchor : (List<Object>) anchors) {
                if (!(anchor instanceof String a)) {
                    throw new IOException("multilang: anchor ids must be the strings Storm sent as tuple ids, got " + Json.describe(anchor));
                }
                shellMsg.addAnchor(a);
            }
        }

        Object name = msg.get("name");
        shellMsg.setMetricName(name instanceof String s ? s : null);
        shellMsg.setMetricParams(msg.get("params"));

        if ("log".equals(shellMsg.getCommand()) && msg.get("level") instanceof Number level) {
            shellMsg.setLogLevel(level.intValue());
        }
        return shellMsg;
    }

    private static String optString(Map<String, Object> msg, String key) throws IOException {
        Object v = msg.get(key);
        if (v != null && !(v instanceof String)) {
            throw new IOException("multilang: \"" + key + "\" must be a string, got " + Json.describe(v));
        }
        return (String) v;
    }

    private Object readMessage() throws IOException, NoOutputException {
        String text = frames.next();
        if (text == null) {
            StringBuilder error = new StringBuilder("Pipe to subprocess seems to be broken!");
            String partial = frames.partial();
            if (partial.isEmpty()) {
                error.append(" No output read.\n");
            } else {
                error.append(" Currently read output: ").append(partial).append('\n');
            }
            error.append("Serializer Exception:\n");
            throw new NoOutputException(error.toString());
        }
        try {
            return JSONValue.parseWithException(text);
        } catch (ParseException e) {
            throw new IOException("multilang: invalid JSON from the subprocess: " + Json.describe(text), e);
        }
    }
}
