package dev.twinstorm.storm.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.storm.shade.net.minidev.json.parser.ParseException;

/**
 * Reads and validates topology.json (the TopologySpec of packages/core/src/spec.ts), so that a spec Storm would reject
 * or run wrongly fails at submit time with the component, stream or grouping named.
 */
public final class SpecParser {
    /** Where a topology jar keeps its spec (Storm extracts the jar's top-level resources/ for multilang children). */
    public static final String RESOURCE = "resources/twinstorm/topology.json";

    private SpecParser() {
    }

    /** Reads the spec from the classpath resource {@link #RESOURCE}. */
    public static TopologySpec readResource(ClassLoader loader) throws SpecException {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new SpecException(RESOURCE + " is not on the classpath (is the topology jar built by `twinstorm package`?)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SpecException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates spec JSON text. */
    public static TopologySpec parse(String text) throws SpecException {
        Object root;
        try {
            root = Json.parse(text);
        } catch (ParseException e) {
            throw new SpecException("topology.json is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, Object> spec = object(root, "topology.json");
        Object version = spec.get("specVersion");
        if (!(version instanceof Number n) || n.doubleValue() != TopologySpec.SPEC_VERSION) {
            throw new SpecException("topology.json has specVersion " + Json.describe(version) + "; this runner understands "
                + TopologySpec.SPEC_VERSION + " only (rebuild the jar with the twinstorm version that matches this runner)");
        }
        String name = string(spec.get("name"), "topology name");
        Map<String, Object> conf = spec.get("conf") == null ? new LinkedHashMap<>() : object(spec.get("conf"), "topology conf");
        List<Object> rawComponents = list(spec.get("components"), "components");
        List<ComponentSpec> components = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Object raw : rawComponents) {
            ComponentSpec c = component(raw);
            if (!ids.add(c.id())) {
                throw new SpecException("component \"" + c.id() + "\" is declared twice; component ids must be unique");
            }
            components.add(c);
        }
        TopologySpec result = new TopologySpec(name, conf, List.copyOf(components));
        if (components.stream().noneMatch(ComponentSpec::isSpout)) {
            throw new SpecException("topology \"" + name + "\" has no spout");
        }
        for (ComponentSpec c : components) {
            checkInputs(result, c);
        }
        return result;
    }

    private static ComponentSpec component(Object raw) throws SpecException {
        Map<String, Object> c = object(raw, "a component");
        String id = string(c.get("id"), "component id");
        String where = "component \"" + id + "\"";
        if (id.startsWith("__")) {
            throw new SpecException(where + ": ids starting with \"__\" are reserved by Storm");
        }
        Object kindRaw = c.get("kind");
        ComponentSpec.Kind kind = kindRaw instanceof String s ? ComponentSpec.Kind.fromJson(s) : null;
        if (kind == null) {
            throw new SpecException(where + ": unknown kind " + Json.describe(kindRaw) + " (expected spout, bolt or basic-bolt)");
        }
        Object p = c.get("parallelism");
        if (!(p instanceof Integer || p instanceof Long) || ((Number) p).longValue() < 1 || ((Number) p).longValue() > Integer.MAX_VALUE) {
            throw new SpecException(where + ": parallelism must be an integer >= 1, got " + Json.describe(p));
        }
        Map<String, StreamSpec> streams = new LinkedHashMap<>();
        Map<String, Object> rawStreams = c.get("streams") == null ? Map.of() : object(c.get("streams"), where + " streams");
        for (Map.Entry<String, Object> e : rawStreams.entrySet()) {
            streams.put(e.getKey(), stream(where, e.getKey(), e.getValue()));
        }
        List<InputSpec> inputs = new ArrayList<>();
        for (Object in : c.get("inputs") == null ? List.of() : list(c.get("inputs"), where + " inputs")) {
            inputs.add(input(where, in));
        }
        if (kind == ComponentSpec.Kind.SPOUT && !inputs.isEmpty()) {
            throw new SpecException(where + ": a spout cannot subscribe to streams");
        }
        Map<String, Object> conf = c.get("conf") == null ? new LinkedHashMap<>() : object(c.get("conf"), where + " conf");
        ShellCommand shell = c.get("shell") == null ? null : shell(where, c.get("shell"));
        return new ComponentSpec(id, kind, ((Number) p).intValue(), streams, List.copyOf(inputs), conf, shell);
    }

    private static StreamSpec stream(String where, String id, Object raw) throws SpecException {
        String at = where + " stream \"" + id + "\"";
        if (id.isEmpty() || id.startsWith("__")) {
            throw new SpecException(at + ": stream ids that are empty or start with \"__\" are reserved by Storm");
        }
        Map<String, Object> s = object(raw, at);
        List<String> fields = strings(s.get("fields"), at + " fields");
        if (new HashSet<>(fields).size() != fields.size()) {
            throw new SpecException(at + ": a field is declared twice in " + Json.describe(fields));
        }
        Object direct = s.get("direct");
        if (direct != null && !(direct instanceof Boolean)) {
            throw new SpecException(at + ": direct must be true or false, got " + Json.describe(direct));
        }
        return new StreamSpec(fields, Boolean.TRUE.equals(direct));
    }

    private static InputSpec input(String where, Object raw) throws SpecException {
        Map<String, Object> in = object(raw, where + " input");
        String source = string(in.get("component"), where + " input component");
        String stream = string(in.get("stream"), where + " input stream (from \"" + source + "\")");
        String at = where + " input from \"" + source + "\" stream \"" + stream + "\"";
        Map<String, Object> g = object(in.get("grouping"), at + " grouping");
        Object typeRaw = g.get("type");
        GroupingSpec.Type type = typeRaw instanceof String s ? GroupingSpec.Type.fromJson(s) : null;
        if (type == null) {
            throw new SpecException(at + ": unknown grouping " + Json.describe(typeRaw)
                + " (expected shuffle, localOrShuffle, fields, all, global, none or direct)");
        }
        List<String> fields = List.of();
        if (type == GroupingSpec.Type.FIELDS) {
            fields = strings(g.get("fields"), at + " fields grouping");
            if (fields.isEmpty()) {
                throw new SpecException(at + ": fields grouping needs at least one field");
            }
        }
        return new InputSpec(source, stream, new GroupingSpec(type, fields));
    }

    private static ShellCommand shell(String where, Object raw) throws SpecException {
        Map<String, Object> s = object(raw, where + " shell");
        String command = string(s.get("command"), where + " shell command");
        List<String> args = s.get("args") == null ? List.of() : strings(s.get("args"), where + " shell args", true);
        return new ShellCommand(command, args);
    }

    private static void checkInputs(TopologySpec spec, ComponentSpec c) throws SpecException {
        Set<String> seen = new HashSet<>();
        for (InputSpec in : c.inputs()) {
            String at = "component \"" + c.id() + "\" input from \"" + in.component() + "\" stream \"" + in.stream() + "\"";
            String grouping = in.grouping().type().json() + " grouping";
            if (!seen.add(in.component() + "\u0000" + in.stream())) {
                throw new SpecException(at + ": subscribes to the same stream twice");
            }
            ComponentSpec source = spec.component(in.component());
            if (source == null) {
                throw new SpecException(at + ": unknown component \"" + in.component() + "\"");
            }
            StreamSpec stream = source.streams().get(in.stream());
            if (stream == null) {
                throw new SpecException(at + ": \"" + in.component() + "\" declares no stream \"" + in.stream()
                    + "\" (declared: " + String.join(", ", source.streams().keySet()) + ")");
            }
            for (String f : in.grouping().fields()) {
                if (!stream.fields().contains(f)) {
                    throw new SpecException(at + ": " + grouping + " on field \"" + f + "\", which the stream does not declare (fields: "
                        + String.join(", ", stream.fields()) + ")");
                }
            }
            boolean directGrouping = in.grouping().type() == GroupingSpec.Type.DIRECT;
            if (directGrouping && !stream.direct()) {
                throw new SpecException(at + ": direct grouping on a stream that is not declared direct");
            }
            if (!directGrouping && stream.direct()) {
                throw new SpecException(at + ": " + grouping + " on a direct stream (use direct grouping)");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String what) throws SpecException {
        if (!(v instanceof Map)) {
            throw new SpecException(what + " must be a JSON object, got " + Json.describe(v));
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object v, String what) throws SpecException {
        if (!(v instanceof List)) {
            throw new SpecException(what + " must be a JSON array, got " + Json.describe(v));
        }
        return (List<Object>) v;
    }

    private static String string(Object v, String what) throws SpecException {
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new SpecException(what + " must be a non-empty string, got " + Json.describe(v));
        }
        return s;
    }

    private static List<String> strings(Object v, String what) throws SpecException {
        return strings(v, what, false);
    }

    private static List<String> strings(Object v, String what, boolean allowEmpty) throws SpecException {
        List<String> out = new ArrayList<>();
        for (Object item : list(v, what)) {
            if (!(item instanceof String s) || (s.isEmpty() && !allowEmpty)) {
                throw new SpecException(what + " must be an array of " + (allowEmpty ? "" : "non-empty ") + "strings, got "
                    + Json.describe(v));
            }
            out.add(s);
        }
        return out;
    }
}
