// Prints the handshake Storm 2.8.4 writes to a multilang child (JsonSerializer.connect) for a fixed topology, from
// storm-client itself; the golden files test/fixtures/storm-context/task-<id>.json come from it. Regenerate with
//   java -cp storm-client-2.8.4.jar:storm-shaded-deps-2.8.4.jar:slf4j-api.jar ContextDump.java <task> > task-<task>.json
// (conf is left empty: the real one is the worker conf, see src/protocol/storm-context.ts).
import java.util.*;
import org.apache.storm.generated.*;
import org.apache.storm.task.*;
import org.apache.storm.topology.*;
import org.apache.storm.topology.base.*;
import org.apache.storm.tuple.*;
import org.apache.storm.spout.*;
import org.apache.storm.shade.net.minidev.json.JSONObject;
import org.apache.storm.shade.net.minidev.json.JSONValue;

public class ContextDump {
  static class S extends BaseRichSpout {
    public void open(Map<String,Object> c, TopologyContext x, SpoutOutputCollector o) {}
    public void nextTuple() {}
    public void declareOutputFields(OutputFieldsDeclarer d) { d.declare(new Fields("word")); d.declareStream("odd", new Fields("word","n")); d.declareStream("pick", true, new Fields("n")); }
  }
  static class Split extends BaseRichBolt {
    public void prepare(Map<String,Object> c, TopologyContext x, OutputCollector o) {}
    public void execute(Tuple t) {}
    public void declareOutputFields(OutputFieldsDeclarer d) { d.declare(new Fields("word")); }
  }
  static class Count extends BaseRichBolt {
    public void prepare(Map<String,Object> c, TopologyContext x, OutputCollector o) {}
    public void execute(Tuple t) {}
    public void declareOutputFields(OutputFieldsDeclarer d) { d.declare(new Fields("word","count")); d.declareStream("totals", new Fields("total")); }
  }
  static class Sink extends BaseRichBolt {
    public void prepare(Map<String,Object> c, TopologyContext x, OutputCollector o) {}
    public void execute(Tuple t) {}
    public void declareOutputFields(OutputFieldsDeclarer d) {}
  }
  public static void main(String[] a) throws Exception {
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("words", new S(), 2);
    b.setBolt("split", new Split(), 3).shuffleGrouping("words").localOrShuffleGrouping("words", "odd");
    b.setBolt("count", new Count(), 2).fieldsGrouping("split", new Fields("word")).allGrouping("words", "odd").directGrouping("words", "pick");
    b.setBolt("sink", new Sink(), 1).globalGrouping("count").noneGrouping("count", "totals").shuffleGrouping("split");
    StormTopology topo = b.createTopology();
    String[] order = {"__acker","count","sink","split","words"};
    int[] n = {1,2,1,3,2};
    Map<Integer,String> t2c = new HashMap<>(); Map<String,List<Integer>> c2t = new HashMap<>();
    int id = 1;
    for (int i = 0; i < order.length; i++) { List<Integer> l = new ArrayList<>(); for (int k = 0; k < n[i]; k++) { t2c.put(id, order[i]); l.add(id++); } c2t.put(order[i], l); }
    Map<String,Map<String,Fields>> c2s2f = new HashMap<>();
    for (Map.Entry<String,SpoutSpec> e : topo.get_spouts().entrySet()) { Map<String,Fields> m = new HashMap<>(); for (Map.Entry<String,StreamInfo> s : e.getValue().get_common().get_streams().entrySet()) m.put(s.getKey(), new Fields(s.getValue().get_output_fields())); c2s2f.put(e.getKey(), m); }
    for (Map.Entry<String,Bolt> e : topo.get_bolts().entrySet()) { Map<String,Fields> m = new HashMap<>(); for (Map.Entry<String,StreamInfo> s : e.getValue().get_common().get_streams().entrySet()) m.put(s.getKey(), new Fields(s.getValue().get_output_fields())); c2s2f.put(e.getKey(), m); }
    int task = Integer.parseInt(a[0]);
    TopologyContext ctx = new TopologyContext(topo, new HashMap<>(), t2c, c2t, c2s2f, new HashMap<>(), "t-1-0", "/code", "/tmp/pids", task, 6700, new ArrayList<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new java.util.concurrent.atomic.AtomicBoolean(false), null);
    JSONObject setup = new JSONObject();
    setup.put("pidDir", "/tmp/pids");
    setup.put("conf", new HashMap<String,Object>());
    setup.put("context", ctx);
    System.out.println(JSONValue.toJSONString(setup));
  }
}
