package dev.twinstorm.storm.submit;

import dev.twinstorm.storm.spec.Fixtures;
import dev.twinstorm.storm.spec.SpecException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.multilang.JsonSerializer;
import org.apache.storm.serialization.KryoValuesDeserializer;
import org.apache.storm.serialization.KryoValuesSerializer;
import org.apache.storm.utils.Utils;
import org.junit.jupiter.api.Test;

/** Tuples parsed from a multilang child cross workers only if Kryo knows the classes Storm's JSON parser made. */
class KryoRegistrationTest {
    /** What ShellBolt hands Storm for `{"tuple":[{"k":[1,2]}, [3], 0.30000000000000004, "s"]}`. */
    private static List<Object> parsedTuple() {
        Map<String, Object> msg = (Map<String, Object>) org.apache.storm.shade.net.minidev.json.JSONValue.parse(
            "{\"tuple\":[{\"k\":[1,2]},[3],0.30000000000000004,\"s\"]}");
        return (List<Object>) msg.get("tuple");
    }

    private static Map<String, Object> stormConf(Map<String, Object> topologyConf) {
        Map<String, Object> conf = new HashMap<>(Utils.readDefaultConfig());
        conf.putAll(topologyConf);
        return conf;
    }

    @Test
    void stormsDefaultKryoRefusesWhatTheMultilangParserMakes() {
        List<Object> tuple = parsedTuple();
        KryoValuesSerializer stock = new KryoValuesSerializer(stormConf(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> stock.serialize(tuple));
    }

    @Test
    void ourRegistrationsLetThoseTuplesRoundTrip() throws Exception {
        Map<String, Object> conf = stormConf(TopologyFactory.conf(Fixtures.spec("wordcount.json"), Map.of()));
        List<Object> tuple = parsedTuple();
        byte[] bytes = new KryoValuesSerializer(conf).serialize(tuple);
        List<Object> back = new KryoValuesDeserializer(conf).deserialize(bytes);
        assertEquals(tuple, back);
    }

    @Test
    void keepsTheUsersRegistrationsAndAddsOursOnce() throws Exception {
        Map<String, Object> conf = TopologyFactory.conf(Fixtures.spec("wordcount.json"),
            Map.of(Config.TOPOLOGY_KRYO_REGISTER, List.of("java.math.BigDecimal", Map.of("my.Type", "my.TypeSerializer"))));
        List<?> registered = (List<?>) conf.get(Config.TOPOLOGY_KRYO_REGISTER);
        assertEquals(List.of("java.math.BigDecimal", Map.of("my.Type", "my.TypeSerializer"),
            "org.apache.storm.shade.net.minidev.json.JSONObject", "org.apache.storm.shade.net.minidev.json.JSONArray"), registered);
        SpecException bad = assertThrows(SpecException.class,
            () -> TopologyFactory.conf(Fixtures.spec("wordcount.json"), Map.of(Config.TOPOLOGY_KRYO_REGISTER, "java.lang.String")));
        assertTrue(bad.getMessage().contains("topology.kryo.register"));
    }
}
