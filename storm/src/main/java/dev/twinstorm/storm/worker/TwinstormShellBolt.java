package dev.twinstorm.storm.worker;

import dev.twinstorm.storm.spec.StreamSpec;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.IRichBolt;
import org.apache.storm.topology.OutputFieldsDeclarer;

/**
 * A spec bolt (or basic bolt: the node runner anchors and acks for it) on Storm: a ShellBolt running the component's
 * multilang child, declaring the spec's streams and conf. Its serializer batches writes to the child while more tuples
 * are queued for it (ShellBoltQueue).
 */
public class TwinstormShellBolt extends ShellBolt implements IRichBolt {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, StreamSpec> streams;
    private final HashMap<String, Object> conf;

    public TwinstormShellBolt(String[] command, Map<String, StreamSpec> streams, Map<String, Object> conf) {
        super(command);
        this.streams = new LinkedHashMap<>(streams);
        this.conf = new HashMap<>(conf);
    }

    @Override
    public void prepare(Map<String, Object> topoConf, TopologyContext context, OutputCollector collector) {
        super.prepare(topoConf, context, collector);
        ShellBoltQueue.batchWrites(this);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        Outputs.declare(declarer, streams);
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
        return Outputs.componentConf(conf);
    }
}
