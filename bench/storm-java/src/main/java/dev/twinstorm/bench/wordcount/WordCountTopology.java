package dev.twinstorm.bench.wordcount;

import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

/** The wiring of examples/wordcount/topology.ts: sentences -shuffle-> split -fields(word)-> count, same component ids. */
public final class WordCountTopology {
    private WordCountTopology() {
    }

    /** Builds the topology with the given task counts (examples/wordcount: 1, 2, 2). */
    public static StormTopology build(int spouts, int splits, int counts) {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("sentences", new SentenceSpout(), spouts);
        builder.setBolt("split", new SplitBolt(), splits).shuffleGrouping("sentences");
        builder.setBolt("count", new CountBolt(), counts).fieldsGrouping("split", new Fields("word"));
        return builder.createTopology();
    }
}
