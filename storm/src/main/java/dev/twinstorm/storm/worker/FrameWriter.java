package dev.twinstorm.storm.worker;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.storm.multilang.BoltMsg;
import org.apache.storm.multilang.SpoutMsg;
import org.apache.storm.shade.net.minidev.json.JSONValue;

/**
 * Writes multilang frames to the child's stdin with the bytes the stock serializer writes (same keys, same order, same
 * json-smart escaping), but builds them without a JSONObject per message, and flushes only when nothing more is about
 * to be written: while ShellBolt's write queue holds messages, frames gather in one buffer and go out in one write
 * instead of one write (and one wake-up of the child) per tuple.
 */
final class FrameWriter {
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final String FRAME_END = "\nend\n";

    private final OutputStream out;
    private final StringBuilder text = new StringBuilder(256);
    /** True while more messages are queued for this writer; until set, every frame is flushed (the stock behaviour). */
    private volatile BooleanSupplier moreToWrite = () -> false;

    FrameWriter(OutputStream processIn) {
        this.out = new BufferedOutputStream(processIn, BUFFER_SIZE);
    }

    /** From now on, frames are flushed only when {@code moreToWrite} says nothing else is queued. */
    void flushOnlyWhenIdle(BooleanSupplier moreToWrite) {
        this.moreToWrite = moreToWrite;
    }

    /** A tuple (or heartbeat) for a bolt, keys in the order json-smart's JSONObject writes them. */
    void writeBoltMsg(BoltMsg msg) throws IOException {
        text.setLength(0);
        text.append("{\"comp\":");
        appendValue(msg.getComp());
        text.append(",\"tuple\":");
        appendList(msg.getTuple());
        text.append(",\"task\":").append(msg.getTask());
        text.append(",\"stream\":");
        appendValue(msg.getStream());
        text.append(",\"id\":");
        appendValue(msg.getId());
        text.append('}');
        send();
    }

    /** A tuple for a TwinstormBolt's child: as writeBoltMsg, with the tuple id as a number (no BoltMsg, no id string). */
    void writeTuple(String comp, List<Object> values, int task, String stream, long id) throws IOException {
        text.setLength(0);
        text.append("{\"comp\":");
        appendValue(comp);
        text.append(",\"tuple\":");
        appendList(values);
        text.append(",\"task\":").append(task);
        text.append(",\"stream\":");
        appendValue(stream);
        text.append(",\"id\":").append(id);
        text.append('}');
        send();
    }

    /** A request (next, ack, fail, activate, deactivate) for a TwinstormSpout's child, as writeSpoutMsg writes it. */
    void writeSpoutRequest(String command, Object id) throws IOException {
        text.setLength(0);
        text.append("{\"id\":");
        appendValue(id);
        text.append(",\"command\":\"").append(command).append("\"}");
        send();
    }

    /** Writes what is buffered to the child (the owner of a batch calls this when its queue has drained). */
    void flush() throws IOException {
        out.flush();
    }

    /** A command (next, ack, fail, activate, deactivate) for a spout. */
    void writeSpoutMsg(SpoutMsg msg) throws IOException {
        text.setLength(0);
        text.append("{\"id\":");
        appendValue(msg.getId());
        text.append(",\"command\":");
        appendValue(msg.getCommand());
        text.append('}');
        send();
    }

    /** Any value as one frame: the handshake's setup info, task ids. */
    void writeValue(Object value) throws IOException {
        text.setLength(0);
        appendValue(value);
        send();
    }

    private void send() throws IOException {
        text.append(FRAME_END);
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        if (!moreToWrite.getAsBoolean()) {
            out.flush();
        }
    }

    private void appendList(List<Object> values) throws IOException {
        if (values == null) {
            text.append("null");
            return;
        }
        text.append('[');
        for (int i = 0, n = values.size(); i < n; i++) {
            if (i > 0) {
                text.append(',');
            }
            appendValue(values.get(i));
        }
        text.append(']');
    }

    /** Strings that need no escaping and integers are written here; everything else by json-smart, as stock. */
    private void appendValue(Object value) throws IOException {
        if (value instanceof String s && isPlain(s)) {
            text.append('"').append(s).append('"');
        } else if (value instanceof Integer || value instanceof Long) {
            text.append(((Number) value).longValue());
        } else {
            JSONValue.writeJSONString(value, text);
        }
    }

    /** Printable ASCII other than the three characters json-smart escapes in a string (" \ /). */
    private static boolean isPlain(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '/') {
                return false;
            }
        }
        return true;
    }
}
