package dev.twinstorm.storm.worker;

import dev.twinstorm.storm.spec.Json;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.storm.utils.Utils;

/**
 * Reads the fields of one message from a child (a parsed JSON object), with Storm's defaults and an error naming the
 * key when a value has the wrong type. No ShellMsg is built: the bolt and spout read what they need straight from the
 * parsed map, and tuple values pass to Storm as json-smart parsed them (the types ShellBolt emits).
 */
final class ChildMessage {
    private ChildMessage() {
    }

    /** The message as a map; a child sends only JSON objects. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object parsed) throws IOException {
        if (parsed instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IOException("multilang: expected a JSON object from the child, got " + Json.describe(parsed));
    }

    /** "command" (required). */
    static String command(Map<String, Object> msg) throws IOException {
        String command = string(msg, "command");
        if (command == null) {
            throw new IOException("multilang: a message from the child has no \"command\": " + Json.describe(msg));
        }
        return command;
    }

    /** "stream", default Storm's default stream. */
    static String stream(Map<String, Object> msg) throws IOException {
        String stream = string(msg, "stream");
        return stream == null ? Utils.DEFAULT_STREAM_ID : stream;
    }

    /** "task" of a direct emit, 0 when absent (any integral number: json-smart makes small ones Integer). */
    static int task(Map<String, Object> msg) throws IOException {
        Object task = msg.get("task");
        if (task == null) {
            return 0;
        }
        if (task instanceof Integer || task instanceof Long) {
            return ((Number) task).intValue();
        }
        throw new IOException("multilang: \"task\" must be an integer task id, got " + Json.describe(task));
    }

    /** "tuple": the values, as parsed. */
    @SuppressWarnings("unchecked")
    static List<Object> tuple(Map<String, Object> msg) throws IOException {
        Object tuple = msg.get("tuple");
        if (tuple instanceof List<?>) {
            return (List<Object>) tuple;
        }
        throw new IOException("multilang: an emit's \"tuple\" must be an array, got " + Json.describe(tuple));
    }

    /** "need_task_ids", default true (Storm's default). */
    static boolean needTaskIds(Map<String, Object> msg) throws IOException {
        Object need = msg.get("need_task_ids");
        if (need == null) {
            return true;
        }
        if (need instanceof Boolean b) {
            return b;
        }
        throw new IOException("multilang: \"need_task_ids\" must be true or false, got " + Json.describe(need));
    }

    /** A tuple id the bolt sent (a number; a decimal string is accepted too, as other multilang libraries echo strings). */
    static long tupleId(Object id) throws IOException {
        if (id instanceof Integer || id instanceof Long) {
            return ((Number) id).longValue();
        }
        if (id instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw new IOException("multilang: tuple ids are the numbers Storm's bolt sent, got " + Json.describe(id));
    }

    /** An optional string field. */
    static String string(Map<String, Object> msg, String key) throws IOException {
        Object v = msg.get(key);
        if (v != null && !(v instanceof String)) {
            throw new IOException("multilang: \"" + key + "\" must be a string, got " + Json.describe(v));
        }
        return (String) v;
    }
}
