package dev.twinstorm.bench.wordcount;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.shade.net.minidev.json.JSONValue;

/**
 * Submits the Java word count with StormSubmitter, as storm/'s TopologyMain submits a twinstorm jar:
 * <pre>
 * java -cp "&lt;storm lib&gt;/*:wordcount-java.jar" -Dstorm.jar=wordcount-java.jar dev.twinstorm.bench.wordcount.WordCountMain \
 *   --name NAME [--nimbus host:port] [--parallelism SPOUTS,SPLITS,COUNTS] [--conf key=&lt;JSON value&gt;]...
 * </pre>
 * Conf: topology.max.spout.pending 1000 (examples/wordcount's default), then each --conf (a value that is not JSON is
 * a string). --nimbus sets nimbus.seeds and nimbus.thrift.port; without it Storm's config decides. Prints one line
 * {"submitted": name} on stdout (everything else goes to stderr); on failure one stderr line and exit code 1.
 */
public final class WordCountMain {
    private WordCountMain() {
    }

    public static void main(String[] argv) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // stdout is for the result line alone
        int code = 0;
        try {
            String name = submit(argv);
            out.println("{\"submitted\":" + JSONValue.toJSONString(name) + "}");
        } catch (Exception e) {
            System.err.println("submit failed: " + rootMessage(e));
            code = 1;
        }
        System.err.flush();
        // Storm's client leaves non-daemon threads behind.
        System.exit(code);
    }

    /** Parses the arguments, submits, returns the topology name. */
    static String submit(String[] argv) throws Exception {
        String name = null;
        int[] parallelism = {1, 2, 2};
        Map<String, Object> conf = new HashMap<>();
        conf.put(Config.TOPOLOGY_MAX_SPOUT_PENDING, 1000);
        for (int i = 0; i < argv.length; i++) {
            String flag = argv[i];
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = argv[++i];
            switch (flag) {
                case "--name" -> name = value;
                case "--nimbus" -> {
                    int colon = value.lastIndexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("--nimbus must be host:port, got " + value);
                    }
                    conf.put(Config.NIMBUS_SEEDS, List.of(value.substring(0, colon)));
                    conf.put(Config.NIMBUS_THRIFT_PORT, Integer.parseInt(value.substring(colon + 1)));
                }
                case "--parallelism" -> {
                    String[] parts = value.split(",");
                    if (parts.length != 3) {
                        throw new IllegalArgumentException("--parallelism must be SPOUTS,SPLITS,COUNTS, got " + value);
                    }
                    for (int k = 0; k < 3; k++) {
                        parallelism[k] = Integer.parseInt(parts[k].trim());
                    }
                }
                case "--conf" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--conf must be key=value, got " + value);
                    }
                    conf.put(value.substring(0, eq), parseValue(value.substring(eq + 1)));
                }
                default -> throw new IllegalArgumentException("unknown argument " + flag);
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("--name is required");
        }
        if (System.getProperty("storm.jar") == null) {
            throw new IllegalArgumentException("-Dstorm.jar=<this jar> is required (the jar Nimbus ships to the workers)");
        }
        StormSubmitter.submitTopology(name, conf, WordCountTopology.build(parallelism[0], parallelism[1], parallelism[2]));
        return name;
    }

    /** A --conf value: JSON as Storm's own parser reads it (same number types as a twinstorm jar's conf), else a string. */
    static Object parseValue(String text) {
        try {
            Object v = JSONValue.parseWithException(text);
            return v == null && !"null".equals(text.trim()) ? text : v;
        } catch (Exception e) {
            return text;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
