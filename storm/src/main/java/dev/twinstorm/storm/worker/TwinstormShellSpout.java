package dev.twinstorm.storm.worker;

import dev.twinstorm.storm.spec.StreamSpec;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.storm.spout.ShellSpout;
import org.apache.storm.topology.IRichSpout;
import org.apache.storm.topology.OutputFieldsDeclarer;

/** A spec spout on Storm: a ShellSpout running the component's multilang child, declaring the spec's streams and conf. */
public class TwinstormShellSpout extends ShellSpout implements IRichSpout {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, StreamSpec> streams;
    private final HashMap<String, Object> conf;

    public TwinstormShellSpout(String[] command, Map<String, StreamSpec> streams, Map<String, Object> conf) {
        super(command);
        this.streams = new LinkedHashMap<>(streams);
        this.conf = new HashMap<>(conf);
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
