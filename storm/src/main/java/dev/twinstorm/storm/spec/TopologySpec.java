package dev.twinstorm.storm.spec;

import java.util.List;
import java.util.Map;

/** The topology spec read from topology.json: the Java side of packages/core/src/spec.ts (specVersion 1). */
public record TopologySpec(String name, Map<String, Object> conf, List<ComponentSpec> components) {
    /** The only spec version this runner understands (TOPOLOGY_SPEC_VERSION in packages/core/src/spec.ts). */
    public static final int SPEC_VERSION = 1;

    /** The component with this id, or null. */
    public ComponentSpec component(String id) {
        for (ComponentSpec c : components) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }
}
