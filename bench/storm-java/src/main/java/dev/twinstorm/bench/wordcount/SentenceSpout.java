package dev.twinstorm.bench.wordcount;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;

/**
 * examples/wordcount/sentence-spout.ts in Java: emits [sentence] with the sentence number as msgId (sentence i is
 * corpus[i % size]), replays failed ones before new ones, forgets acked ones. Task k of n emits k, k + n, ...; conf
 * "wordcount.sentences" bounds the total (unset: forever).
 */
public final class SentenceSpout extends BaseRichSpout {
    /** Conf key of the total number of sentences, as in sentence-spout.ts. */
    public static final String SENTENCES_CONF = "wordcount.sentences";

    private transient SpoutOutputCollector collector;
    private transient List<String> corpus;
    private transient Map<Long, String> pending;
    private transient ArrayDeque<Long> replay;
    private long next;
    private long step;
    private long limit;

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        this.corpus = Corpus.load();
        this.pending = new HashMap<>();
        this.replay = new ArrayDeque<>();
        this.next = context.getThisTaskIndex();
        this.step = Math.max(1, context.getComponentTasks(context.getThisComponentId()).size());
        Object limit = conf.get(SENTENCES_CONF);
        this.limit = limit instanceof Number n ? n.longValue() : Long.MAX_VALUE;
    }

    @Override
    public void nextTuple() {
        Long replayId = replay.poll();
        if (replayId != null) {
            String sentence = pending.get(replayId);
            if (sentence != null) {
                collector.emit(new Values(sentence), replayId);
            }
            return;
        }
        if (next >= limit) {
            return;
        }
        long msgId = next;
        next += step;
        String sentence = corpus.get((int) (msgId % corpus.size()));
        pending.put(msgId, sentence);
        collector.emit(new Values(sentence), msgId);
    }

    @Override
    public void ack(Object msgId) {
        pending.remove(msgId);
    }

    @Override
    public void fail(Object msgId) {
        if (pending.containsKey(msgId)) {
            replay.add((Long) msgId);
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("sentence"));
    }
}
