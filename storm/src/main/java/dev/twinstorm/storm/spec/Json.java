package dev.twinstorm.storm.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.shade.net.minidev.json.JSONValue;
import org.apache.storm.shade.net.minidev.json.parser.ParseException;

/**
 * JSON through the parser Storm itself uses for multilang and conf (storm-client's shaded json-smart), so numbers get
 * the same Java types Storm gives them (small integers Integer, larger Long, fractions Double).
 */
public final class Json {
    private Json() {
    }

    /** Parses JSON text into plain Java values: LinkedHashMap, ArrayList, String, Integer/Long/Double, Boolean, null. */
    public static Object parse(String text) throws ParseException {
        return plain(JSONValue.parseWithException(text));
    }

    /** Deep-copies a parsed value into plain JDK collections, so nothing of the shaded parser ends up serialized. */
    public static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), plain(e.getValue()));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(plain(item));
            }
            return out;
        }
        return value;
    }

    /** Writes a value (maps, lists, strings, numbers, booleans, null) as one line of JSON. */
    public static String write(Object value) {
        return JSONValue.toJSONString(value);
    }

    /** A short JSON rendering of a value for error messages. */
    public static String describe(Object value) {
        String s = value == null ? "null" : write(value);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
