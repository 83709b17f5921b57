package dev.twinstorm.storm.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecParserTest {
    private static final String WORDCOUNT = Fixtures.text("wordcount.json");

    private static String bad(String from, String to) {
        assertTrue(WORDCOUNT.contains(from), "fixture contains " + from);
        return WORDCOUNT.replace(from, to);
    }

    private static String error(String json) {
        return assertThrows(SpecException.class, () -> SpecParser.parse(json)).getMessage();
    }

    @Test
    void parsesEveryPartOfTheSpec() throws Exception {
        TopologySpec spec = Fixtures.spec("all-groupings.json");
        assertEquals("all-groupings", spec.name());
        assertEquals(10, spec.components().size());
        assertEquals(100, spec.conf().get("topology.max.spout.pending"));
        assertEquals(java.util.Arrays.asList("a", 1, 2.5, true, null), spec.conf().get("custom.list"));

        ComponentSpec src = spec.component("src");
        assertTrue(src.isSpout());
        assertEquals(2, src.parallelism());
        assertEquals(List.of("default", "side", "targeted"), List.copyOf(src.streams().keySet()));
        assertEquals(new StreamSpec(List.of("x"), true), src.streams().get("targeted"));
        assertNull(src.shell());

        ComponentSpec keyed = spec.component("keyed");
        assertEquals(ComponentSpec.Kind.BASIC_BOLT, keyed.kind());
        assertEquals(2, keyed.inputs().size());
        assertEquals(new GroupingSpec(GroupingSpec.Type.FIELDS, List.of("k")), keyed.inputs().get(1).grouping());
        assertEquals(Map.of("topology.tick.tuple.freq.secs", 5, "my.key", "x"), keyed.conf());

        assertEquals(new ShellCommand("python3", List.of("-u", "split_sentence.py", "")), spec.component("py-split").shell());
    }

    @Test
    void refusesAnotherSpecVersion() {
        String m = assertThrows(SpecException.class, () -> Fixtures.spec("version-2.json")).getMessage();
        assertTrue(m.contains("specVersion 2") && m.contains("understands 1"), m);
        assertTrue(error(bad("\"specVersion\":1", "\"specVersion\":\"1\"")).contains("specVersion \"1\""));
        assertTrue(error(bad("\"specVersion\":1,", "")).contains("specVersion null"));
    }

    @Test
    void refusesInvalidJson() {
        assertTrue(error("{\"specVersion\":1,").startsWith("topology.json is not valid JSON"));
        assertTrue(error("[1]").contains("must be a JSON object"));
    }

    @Test
    void namesTheComponentStreamAndGroupingThatIsWrong() {
        assertEquals("component \"count\" input from \"split\" stream \"default\": unknown grouping \"partial\" "
                + "(expected shuffle, localOrShuffle, fields, all, global, none or direct)",
            error(bad("{\"type\":\"fields\",\"fields\":[\"word\"]}", "{\"type\":\"partial\"}")));
        assertEquals("component \"count\" input from \"spilt\" stream \"default\": unknown component \"spilt\"",
            error(bad("\"component\":\"split\"", "\"component\":\"spilt\"")));
        assertEquals("component \"count\" input from \"split\" stream \"words\": \"split\" declares no stream \"words\" (declared: default)",
            error(bad("\"component\":\"split\",\"stream\":\"default\"", "\"component\":\"split\",\"stream\":\"words\"")));
        assertEquals("component \"count\" input from \"split\" stream \"default\": fields grouping on field \"wrd\", "
                + "which the stream does not declare (fields: word)",
            error(bad("\"fields\":[\"word\"]}", "\"fields\":[\"wrd\"]}")));
        assertTrue(error(bad("\"fields\":[\"word\"]}", "\"fields\":[]}")).endsWith("fields grouping needs at least one field"));
    }

    @Test
    void checksDirectStreamsAgainstDirectGrouping() {
        String directStream = bad("\"fields\":[\"word\"],\"direct\":false", "\"fields\":[\"word\"],\"direct\":true");
        assertEquals("component \"count\" input from \"split\" stream \"default\": fields grouping on a direct stream (use direct grouping)",
            error(directStream));
        assertEquals("component \"count\" input from \"split\" stream \"default\": direct grouping on a stream that is not declared direct",
            error(bad("{\"type\":\"fields\",\"fields\":[\"word\"]}", "{\"type\":\"direct\"}")));
        String ok = directStream.replace("{\"type\":\"fields\",\"fields\":[\"word\"]}", "{\"type\":\"direct\"}");
        assertFalse(assertDoesNotThrow(ok).component("count").inputs().isEmpty());
    }

    private static TopologySpec assertDoesNotThrow(String json) {
        try {
            return SpecParser.parse(json);
        } catch (SpecException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void checksComponents() {
        assertEquals("component \"split\": parallelism must be an integer >= 1, got 0",
            error(bad("\"parallelism\":2,\"streams\":{\"default\":{\"fields\":[\"word\"]", "\"parallelism\":0,\"streams\":{\"default\":{\"fields\":[\"word\"]")));
        assertEquals("component \"split\": parallelism must be an integer >= 1, got 1.5",
            error(bad("\"parallelism\":2,\"streams\":{\"default\":{\"fields\":[\"word\"]", "\"parallelism\":1.5,\"streams\":{\"default\":{\"fields\":[\"word\"]")));
        assertEquals("component \"split\": unknown kind \"sink\" (expected spout, bolt or basic-bolt)",
            error(bad("\"kind\":\"basic-bolt\"", "\"kind\":\"sink\"")));
        assertEquals("component \"count\" is declared twice; component ids must be unique", error(bad("\"id\":\"split\"", "\"id\":\"count\"")));
        assertEquals("component \"__split\": ids starting with \"__\" are reserved by Storm", error(bad("\"id\":\"split\"", "\"id\":\"__split\"")));
        assertEquals("topology \"wordcount\" has no spout", error(bad("\"kind\":\"spout\"", "\"kind\":\"bolt\"")));
        assertTrue(error(bad("\"streams\":{\"default\":{\"fields\":[\"word\"]", "\"streams\":{\"__tick\":{\"fields\":[\"word\"]"))
            .startsWith("component \"split\" stream \"__tick\": stream ids that are empty or start with \"__\""));
        assertEquals("component \"count\" stream \"default\": a field is declared twice in [\"word\",\"word\"]",
            error(bad("\"fields\":[\"word\",\"count\"]", "\"fields\":[\"word\",\"word\"]")));
        assertTrue(error(bad("\"name\":\"wordcount\"", "\"name\":\"\"")).startsWith("topology name must be a non-empty string"));
        assertEquals("component \"count\" shell command must be a non-empty string, got 3",
            error(bad("\"conf\":{}}],\"source\"", "\"conf\":{},\"shell\":{\"command\":3}}],\"source\"")));
    }

    @Test
    void readsTheSpecFromTheClasspathResource() throws Exception {
        assertEquals("wordcount", SpecParser.readResource(getClass().getClassLoader()).name());
        ClassLoader empty = new ClassLoader(null) {
        };
        String m = assertThrows(SpecException.class, () -> SpecParser.readResource(empty)).getMessage();
        assertTrue(m.startsWith("resources/twinstorm/topology.json is not on the classpath"), m);
    }
}
