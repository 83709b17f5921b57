package dev.twinstorm.storm.submit;

import dev.twinstorm.storm.spec.ComponentSpec;
import dev.twinstorm.storm.spec.Fixtures;
import dev.twinstorm.storm.spec.Json;
import dev.twinstorm.storm.spec.TopologySpec;
import dev.twinstorm.storm.worker.TwinstormBolt;
import dev.twinstorm.storm.worker.TwinstormSerializer;
import dev.twinstorm.storm.worker.TwinstormShellBolt;
import dev.twinstorm.storm.worker.TwinstormShellSpout;
import dev.twinstorm.storm.worker.TwinstormSpout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.storm.Config;
import org.apache.storm.generated.Bolt;
import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.Grouping;
import org.apache.storm.generated.SpoutSpec;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.generated.StreamInfo;
import org.apache.storm.spout.ShellSpout;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopologyFactoryTest {
    private static TopologySpec spec;
    private static StormTopology topology;

    @BeforeAll
    static void build() throws Exception {
        spec = Fixtures.spec("all-groupings.json");
        topology = TopologyFactory.build(spec);
    }

    private static ComponentCommon common(String id) {
        SpoutSpec spout = topology.get_spouts().get(id);
        if (spout != null) {
            return spout.get_common();
        }
        return topology.get_bolts().get(id).get_common();
    }

    private static Grouping input(String bolt, String source, String stream) {
        Grouping g = common(bolt).get_inputs().get(new GlobalStreamId(source, stream));
        assertTrue(g != null, bolt + " subscribes to " + source + "/" + stream);
        return g;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonConf(String id) throws Exception {
        return (Map<String, Object>) Json.parse(common(id).get_json_conf());
    }

    private static String[] command(Object component) throws Exception {
        if (component instanceof TwinstormBolt bolt) {
            return bolt.command();
        }
        if (component instanceof TwinstormSpout spout) {
            return spout.command();
        }
        Class<?> owner = component instanceof ShellBolt ? ShellBolt.class : ShellSpout.class;
        Field f = owner.getDeclaredField("command");
        f.setAccessible(true);
        return (String[]) f.get(component);
    }

    @Test
    void spoutsAndBoltsAreTheSpecsComponents() {
        assertEquals(Set.of("src", "py-src"), topology.get_spouts().keySet());
        assertEquals(Set.of("shuffled", "local", "keyed", "everyone", "one", "whatever", "picked", "py-split"), topology.get_bolts().keySet());
        assertEquals(0, topology.get_state_spouts_size());
    }

    @Test
    void everyGroupingOnItsStream() {
        assertEquals(Grouping._Fields.SHUFFLE, input("shuffled", "src", "default").getSetField());
        assertEquals(Grouping._Fields.LOCAL_OR_SHUFFLE, input("local", "src", "default").getSetField());
        assertEquals(List.of("k"), input("keyed", "src", "default").get_fields());
        assertEquals(List.of("k"), input("keyed", "src", "side").get_fields());
        assertEquals(2, common("keyed").get_inputs_size());
        assertEquals(Grouping._Fields.ALL, input("everyone", "keyed", "default").getSetField());
        // Storm encodes global grouping as a fields grouping on no fields.
        assertEquals(List.of(), input("one", "keyed", "default").get_fields());
        assertEquals(Grouping._Fields.NONE, input("whatever", "py-src", "default").getSetField());
        assertEquals(Grouping._Fields.DIRECT, input("picked", "src", "targeted").getSetField());
        assertEquals(Grouping._Fields.SHUFFLE, input("py-split", "py-src", "default").getSetField());
    }

    @Test
    void everyStreamWithItsFieldsAndDirectFlag() {
        Map<String, StreamInfo> streams = common("src").get_streams();
        assertEquals(Set.of("default", "side", "targeted"), streams.keySet());
        assertEquals(new StreamInfo(List.of("k", "v"), false), streams.get("default"));
        assertEquals(new StreamInfo(List.of("k"), false), streams.get("side"));
        assertEquals(new StreamInfo(List.of("x"), true), streams.get("targeted"));
        assertEquals(new StreamInfo(List.of("k", "count"), false), common("keyed").get_streams().get("default"));
        assertEquals(0, common("everyone").get_streams_size());
    }

    @Test
    void parallelismIsTheHintAndTheTaskCount() throws Exception {
        for (ComponentSpec c : spec.components()) {
            assertEquals(c.parallelism(), common(c.id()).get_parallelism_hint(), c.id());
            assertEquals(c.parallelism(), ((Number) jsonConf(c.id()).get(Config.TOPOLOGY_TASKS)).intValue(), c.id());
        }
    }

    @Test
    void componentConfReachesStorm() throws Exception {
        Map<String, Object> keyed = jsonConf("keyed");
        assertEquals(5, ((Number) keyed.get(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS)).intValue());
        assertEquals("x", keyed.get("my.key"));
        assertEquals(7, ((Number) jsonConf("src").get(Config.TOPOLOGY_MAX_SPOUT_PENDING)).intValue());
        assertFalse(jsonConf("shuffled").containsKey("my.key"));
    }

    @Test
    void typescriptComponentsRunTheNodeRunnerAndShellComponentsTheirCommand() throws Exception {
        Bolt keyed = topology.get_bolts().get("keyed");
        Object bolt = Utils.javaDeserialize(keyed.get_bolt_object().get_serialized_java(), Object.class);
        assertTrue(bolt instanceof TwinstormBolt, "a basic bolt is a plain TwinstormBolt on Storm");
        assertArrayEquals(new String[] {"node", "twinstorm/run.js", "keyed"}, command(bolt));

        Object spout = Utils.javaDeserialize(topology.get_spouts().get("src").get_spout_object().get_serialized_java(), Object.class);
        assertTrue(spout instanceof TwinstormSpout);
        assertArrayEquals(new String[] {"node", "twinstorm/run.js", "src"}, command(spout));

        Object pySpout = Utils.javaDeserialize(topology.get_spouts().get("py-src").get_spout_object().get_serialized_java(), Object.class);
        assertTrue(pySpout instanceof TwinstormShellSpout, "a shell component keeps ShellSpout");
        assertArrayEquals(new String[] {"python3", "sentence_spout.py"}, command(pySpout));
        Object pyBolt = Utils.javaDeserialize(topology.get_bolts().get("py-split").get_bolt_object().get_serialized_java(), Object.class);
        assertTrue(pyBolt instanceof TwinstormShellBolt, "a shell component keeps ShellBolt");
        assertArrayEquals(new String[] {"python3", "-u", "split_sentence.py", ""}, command(pyBolt));
    }

    @Test
    void deserializedComponentsStillDeclareStreamsAndConf() throws Exception {
        TwinstormBolt bolt = Utils.javaDeserialize(topology.get_bolts().get("keyed").get_bolt_object().get_serialized_java(),
            TwinstormBolt.class);
        org.apache.storm.topology.OutputFieldsGetter getter = new org.apache.storm.topology.OutputFieldsGetter();
        bolt.declareOutputFields(getter);
        assertEquals(Map.of("default", new StreamInfo(List.of("k", "count"), false)), getter.getFieldsDeclaration());
        assertEquals(Map.of("topology.tick.tuple.freq.secs", 5, "my.key", "x"), bolt.getComponentConfiguration());
        TwinstormBolt plain = Utils.javaDeserialize(topology.get_bolts().get("one").get_bolt_object().get_serialized_java(),
            TwinstormBolt.class);
        assertNull(plain.getComponentConfiguration());
    }

    @Test
    void topologyConfDefaultsToOurSerializer() throws Exception {
        Map<String, Object> conf = TopologyFactory.conf(spec, Map.of());
        assertEquals("dev.twinstorm.storm.worker.TwinstormSerializer", conf.get(Config.TOPOLOGY_MULTILANG_SERIALIZER));
        assertEquals(100, conf.get(Config.TOPOLOGY_MAX_SPOUT_PENDING));
        assertEquals(10, conf.get(Config.TOPOLOGY_MESSAGE_TIMEOUT_SECS));
        assertTrue(Utils.isValidConf(conf), "conf survives Storm's JSON round trip");
        // The serializer named in the conf is loadable the way ShellProcess loads it.
        assertTrue(org.apache.storm.multilang.ISerializer.class.isAssignableFrom(
            Class.forName((String) conf.get(Config.TOPOLOGY_MULTILANG_SERIALIZER))));
    }

    @Test
    void commandLineConfOverridesTheSpecAndKeepsAUsersSerializer() throws Exception {
        Map<String, Object> conf = TopologyFactory.conf(spec, MainArgs.parse(new String[] {
            "--conf", "topology.max.spout.pending=5", "--conf", "topology.workers=2", "--conf", "custom.map={\"a\":[1,2]}"}).conf());
        assertEquals(5, conf.get(Config.TOPOLOGY_MAX_SPOUT_PENDING));
        assertEquals(2, conf.get(Config.TOPOLOGY_WORKERS));
        assertEquals(Map.of("a", List.of(1, 2)), conf.get("custom.map"));
        assertEquals(TopologyFactory.SERIALIZER, conf.get(Config.TOPOLOGY_MULTILANG_SERIALIZER));

        Map<String, Object> user = TopologyFactory.conf(Fixtures.spec("serializer-user.json"), Map.of());
        assertEquals("org.apache.storm.multilang.JsonSerializer", user.get(Config.TOPOLOGY_MULTILANG_SERIALIZER));
        Map<String, Object> cli = TopologyFactory.conf(spec, Map.of(Config.TOPOLOGY_MULTILANG_SERIALIZER, "my.Serializer"));
        assertEquals("my.Serializer", cli.get(Config.TOPOLOGY_MULTILANG_SERIALIZER));
    }

    @Test
    void wordcountBuildsAsOnTheLocalEngine() throws Exception {
        StormTopology wc = TopologyFactory.build(Fixtures.spec("wordcount.json"));
        assertEquals(List.of("word"), wc.get_bolts().get("count").get_common().get_inputs().get(new GlobalStreamId("split", "default"))
            .get_fields());
        assertEquals(2, wc.get_bolts().get("split").get_common().get_parallelism_hint());
    }

    @Test
    void shellComponentsConfPutsTypescriptComponentsBackOnShellBoltAndShellSpout() throws Exception {
        StormTopology shell = TopologyFactory.build(spec, Map.of(TopologyFactory.SHELL_COMPONENTS, true));
        Object bolt = Utils.javaDeserialize(shell.get_bolts().get("keyed").get_bolt_object().get_serialized_java(), Object.class);
        assertTrue(bolt instanceof TwinstormShellBolt);
        assertArrayEquals(new String[] {"node", "twinstorm/run.js", "keyed"}, command(bolt));
        Object spout = Utils.javaDeserialize(shell.get_spouts().get("src").get_spout_object().get_serialized_java(), Object.class);
        assertTrue(spout instanceof TwinstormShellSpout);
        StormTopology own = TopologyFactory.build(spec, Map.of(TopologyFactory.SHELL_COMPONENTS, false));
        assertTrue(Utils.javaDeserialize(own.get_bolts().get("keyed").get_bolt_object().get_serialized_java(), Object.class) instanceof TwinstormBolt);
    }
}
