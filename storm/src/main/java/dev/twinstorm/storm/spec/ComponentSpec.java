package dev.twinstorm.storm.spec;

import java.util.List;
import java.util.Map;

/**
 * One component of the spec: kind, parallelism, streams, inputs, its own conf, and the shell command of a foreign
 * multilang component (null for a TypeScript component, which runs through twinstorm/run.js).
 */
public record ComponentSpec(
    String id,
    Kind kind,
    int parallelism,
    Map<String, StreamSpec> streams,
    List<InputSpec> inputs,
    Map<String, Object> conf,
    ShellCommand shell) {

    /** The component kinds of the spec (a basic bolt anchors and acks inside the node runner, so Storm sees a bolt). */
    public enum Kind {
        SPOUT("spout"),
        BOLT("bolt"),
        BASIC_BOLT("basic-bolt");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        /** The name used in topology.json. */
        public String json() {
            return json;
        }

        /** The kind named {@code json}, or null. */
        public static Kind fromJson(String json) {
            for (Kind k : values()) {
                if (k.json.equals(json)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** Whether Storm runs this component as a spout. */
    public boolean isSpout() {
        return kind == Kind.SPOUT;
    }
}
