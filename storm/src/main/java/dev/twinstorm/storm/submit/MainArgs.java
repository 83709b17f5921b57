package dev.twinstorm.storm.submit;

import dev.twinstorm.storm.spec.Json;
import dev.twinstorm.storm.spec.SpecException;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.storm.shade.net.minidev.json.parser.ParseException;

/** TopologyMain's command line: {@code [--local [--seconds N]] [--name NAME] [--nimbus host:port] [--conf key=<JSON>]...}. */
public record MainArgs(boolean local, int seconds, String name, HostPort nimbus, Map<String, Object> conf) {
    /** How long --local runs when --seconds is not given. */
    public static final int DEFAULT_LOCAL_SECONDS = 30;

    public static final String USAGE =
        "usage: TopologyMain [--local [--seconds N]] [--name NAME] [--nimbus host:port] [--conf key=<JSON value>]...";

    /** Parses the arguments; the message names the bad one. */
    public static MainArgs parse(String[] args) throws SpecException {
        boolean local = false;
        Integer seconds = null;
        String name = null;
        HostPort nimbus = null;
        Map<String, Object> conf = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--local" -> local = true;
                case "--seconds" -> {
                    String v = value(args, ++i, arg);
                    try {
                        seconds = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        seconds = -1;
                    }
                    if (seconds < 1) {
                        throw new SpecException("--seconds must be a whole number >= 1, got " + Json.describe(v));
                    }
                }
                case "--name" -> {
                    name = value(args, ++i, arg);
                    if (name.isBlank()) {
                        throw new SpecException("--name must not be empty");
                    }
                }
                case "--nimbus" -> nimbus = HostPort.parse(value(args, ++i, arg));
                case "--conf" -> {
                    String kv = value(args, ++i, arg);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new SpecException("--conf must be key=<JSON value>, got " + Json.describe(kv));
                    }
                    String key = kv.substring(0, eq);
                    try {
                        conf.put(key, Json.parse(kv.substring(eq + 1)));
                    } catch (ParseException e) {
                        throw new SpecException("--conf " + key + ": value is not JSON: " + Json.describe(kv.substring(eq + 1)));
                    }
                }
                default -> throw new SpecException("unknown argument " + Json.describe(arg) + "; " + USAGE);
            }
        }
        if (seconds != null && !local) {
            throw new SpecException("--seconds only applies with --local");
        }
        if (local && nimbus != null) {
            throw new SpecException("--nimbus and --local exclude each other");
        }
        return new MainArgs(local, seconds == null ? DEFAULT_LOCAL_SECONDS : seconds, name, nimbus, conf);
    }

    private static String value(String[] args, int i, String flag) throws SpecException {
        if (i >= args.length) {
            throw new SpecException(flag + " needs a value; " + USAGE);
        }
        return args[i];
    }
}
