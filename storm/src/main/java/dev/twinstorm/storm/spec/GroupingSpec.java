package dev.twinstorm.storm.spec;

import java.util.List;

/** How one subscription distributes tuples among the subscriber's tasks, as in the spec's GroupingSpec. */
public record GroupingSpec(Type type, List<String> fields) {
    /** The groupings a spec may name, with their JSON names. */
    public enum Type {
        SHUFFLE("shuffle"),
        LOCAL_OR_SHUFFLE("localOrShuffle"),
        FIELDS("fields"),
        ALL("all"),
        GLOBAL("global"),
        NONE("none"),
        DIRECT("direct");

        private final String json;

        Type(String json) {
            this.json = json;
        }

        /** The name used in topology.json. */
        public String json() {
            return json;
        }

        /** The type named {@code json}, or null when the spec names a grouping this runner does not know. */
        public static Type fromJson(String json) {
            for (Type t : values()) {
                if (t.json.equals(json)) {
                    return t;
                }
            }
            return null;
        }
    }

    public GroupingSpec {
        fields = List.copyOf(fields);
    }
}
