package dev.twinstorm.storm.submit;

import dev.twinstorm.storm.spec.ComponentSpec;
import dev.twinstorm.storm.spec.InputSpec;
import dev.twinstorm.storm.spec.SpecException;
import dev.twinstorm.storm.spec.TopologySpec;
import dev.twinstorm.storm.worker.TwinstormBolt;
import dev.twinstorm.storm.worker.TwinstormSerializer;
import dev.twinstorm.storm.worker.TwinstormShellBolt;
import dev.twinstorm.storm.worker.TwinstormShellSpout;
import dev.twinstorm.storm.worker.TwinstormSpout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.BoltDeclarer;
import org.apache.storm.topology.IRichBolt;
import org.apache.storm.topology.IRichSpout;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

/** Turns a TopologySpec into Storm's topology and conf: a pure function, so it is unit-tested without a cluster. */
public final class TopologyFactory {
    /** The node runner inside the jar's resources/ (the child's working directory on Storm). */
    public static final String RUNNER = "twinstorm/run.js";
    /** Our multilang serializer, set as topology.multilang.serializer unless the user chose one. */
    public static final String SERIALIZER = TwinstormSerializer.class.getName();

    private TopologyFactory() {
    }

    /** The command Storm launches for a component: {@code node twinstorm/run.js <id>}, or a shell component's own. */
    public static String[] command(ComponentSpec c) {
        if (c.shell() == null) {
            return new String[] {"node", RUNNER, c.id()};
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(c.shell().command());
        cmd.addAll(c.shell().args());
        return cmd.toArray(new String[0]);
    }

    /**
     * Topology conf key: true runs the TypeScript components under ShellBolt/ShellSpout (the path before
     * TwinstormBolt/TwinstormSpout), for comparing the two side by side; default false.
     */
    public static final String SHELL_COMPONENTS = "twinstorm.storm.shell.components";

    /** Builds the StormTopology with the spec's own conf (see {@link #build(TopologySpec, Map)}). */
    public static StormTopology build(TopologySpec spec) {
        return build(spec, spec.conf());
    }

    /**
     * Builds the StormTopology: one TwinstormSpout/TwinstormBolt per component (ShellSpout/ShellBolt for shell
     * components, and for all when conf {@value #SHELL_COMPONENTS} is true), parallelism = tasks, every grouping.
     */
    public static StormTopology build(TopologySpec spec, Map<String, Object> conf) {
        boolean shell = Boolean.TRUE.equals(conf.get(SHELL_COMPONENTS)) || "true".equals(conf.get(SHELL_COMPONENTS));
        TopologyBuilder builder = new TopologyBuilder();
        for (ComponentSpec c : spec.components()) {
            if (c.isSpout()) {
                builder.setSpout(c.id(), spout(c, shell), c.parallelism()).setNumTasks(c.parallelism());
            } else {
                BoltDeclarer bolt = builder.setBolt(c.id(), bolt(c, shell), c.parallelism());
                bolt.setNumTasks(c.parallelism());
                for (InputSpec in : c.inputs()) {
                    subscribe(bolt, in);
                }
            }
        }
        return builder.createTopology();
    }

    /** Our own spout for a TypeScript component; ShellSpout for a shell component (storm.py …), which speaks only stock multilang. */
    static IRichSpout spout(ComponentSpec c, boolean shell) {
        return c.shell() == null && !shell
            ? new TwinstormSpout(command(c), c.streams(), c.conf())
            : new TwinstormShellSpout(command(c), c.streams(), c.conf());
    }

    /** Our own bolt for a TypeScript component; ShellBolt for a shell component. */
    static IRichBolt bolt(ComponentSpec c, boolean shell) {
        return c.shell() == null && !shell
            ? new TwinstormBolt(command(c), c.streams(), c.conf())
            : new TwinstormShellBolt(command(c), c.streams(), c.conf());
    }

    private static void subscribe(BoltDeclarer bolt, InputSpec in) {
        String source = in.component();
        String stream = in.stream();
        switch (in.grouping().type()) {
            case SHUFFLE -> bolt.shuffleGrouping(source, stream);
            case LOCAL_OR_SHUFFLE -> bolt.localOrShuffleGrouping(source, stream);
            case FIELDS -> bolt.fieldsGrouping(source, stream, new Fields(in.grouping().fields()));
            case ALL -> bolt.allGrouping(source, stream);
            case GLOBAL -> bolt.globalGrouping(source, stream);
            case NONE -> bolt.noneGrouping(source, stream);
            case DIRECT -> bolt.directGrouping(source, stream);
            default -> throw new IllegalStateException("unhandled grouping " + in.grouping().type());
        }
    }

    /**
     * Classes Storm's multilang JSON parser puts in tuples that Kryo refuses between workers (registration is required
     * unless topology.fall.back.on.java.serialization is on): nested objects and arrays, and doubles whose text is
     * longer than 18 characters, which json-smart parses as BigDecimal.
     */
    public static final List<String> KRYO_REGISTRATIONS = List.of(
            "java.math.BigDecimal",
            "org.apache.storm.shade.net.minidev.json.JSONObject",
            "org.apache.storm.shade.net.minidev.json.JSONArray");

    /**
     * The topology conf: the spec's conf, then the command line's overrides, then our multilang serializer unless one
     * of those set topology.multilang.serializer, and our Kryo registrations added to the user's.
     */
    public static Map<String, Object> conf(TopologySpec spec, Map<String, Object> overrides) throws SpecException {
        Map<String, Object> conf = new LinkedHashMap<>(spec.conf());
        conf.putAll(overrides);
        if (conf.get(Config.TOPOLOGY_MULTILANG_SERIALIZER) == null) {
            conf.put(Config.TOPOLOGY_MULTILANG_SERIALIZER, SERIALIZER);
        }
        conf.put(Config.TOPOLOGY_KRYO_REGISTER, withRegistrations(conf.get(Config.TOPOLOGY_KRYO_REGISTER)));
        return conf;
    }

    /** The user's topology.kryo.register (class names or {class: serializer} maps) plus ours, each class once. */
    static List<Object> withRegistrations(Object user) throws SpecException {
        List<Object> merged = new ArrayList<>();
        java.util.Set<String> named = new java.util.HashSet<>();
        if (user instanceof List<?> list) {
            for (Object entry : list) {
                merged.add(entry);
                if (entry instanceof String name) named.add(name);
                if (entry instanceof Map<?, ?> map) map.keySet().forEach(k -> named.add(String.valueOf(k)));
            }
        } else if (user != null) {
            throw new SpecException("conf topology.kryo.register must be a list of class names or {class: serializer} maps");
        }
        for (String klass : KRYO_REGISTRATIONS) {
            if (!named.contains(klass)) merged.add(klass);
        }
        return merged;
    }
}
