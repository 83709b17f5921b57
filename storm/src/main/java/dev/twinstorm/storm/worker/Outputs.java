package dev.twinstorm.storm.worker;

import dev.twinstorm.storm.spec.StreamSpec;

import java.util.HashMap;
import java.util.Map;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.tuple.Fields;

/** What the shell spout and bolt share: declaring the spec's streams, and handing Storm the component conf. */
final class Outputs {
    private Outputs() {
    }

    /** Declares every stream with its fields; direct streams as direct, so emitDirect and direct grouping work. */
    static void declare(OutputFieldsDeclarer declarer, Map<String, StreamSpec> streams) {
        for (Map.Entry<String, StreamSpec> e : streams.entrySet()) {
            declarer.declareStream(e.getKey(), e.getValue().direct(), new Fields(e.getValue().fields()));
        }
    }

    /** The component conf for getComponentConfiguration: a copy, or null when empty (Storm's default). */
    static Map<String, Object> componentConf(Map<String, Object> conf) {
        return conf.isEmpty() ? null : new HashMap<>(conf);
    }
}
