package dev.twinstorm.storm.worker;

import dev.twinstorm.storm.spec.Fixtures;
import dev.twinstorm.storm.submit.TopologyFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.storm.multilang.BoltMsg;
import org.apache.storm.multilang.ISerializer;
import org.apache.storm.multilang.JsonSerializer;
import org.apache.storm.multilang.NoOutputException;
import org.apache.storm.multilang.ShellMsg;
import org.apache.storm.multilang.SpoutMsg;
import org.junit.jupiter.api.Test;

class TwinstormSerializerTest {
    /** Feeds {@code childOutput} as the child's stdout and reads one message with {@code serializer}. */
    private static ShellMsg read(ISerializer serializer, String childOutput) throws Exception {
        serializer.initialize(new ByteArrayOutputStream(), new ByteArrayInputStream(childOutput.getBytes(StandardCharsets.UTF_8)));
        return serializer.readShellMsg();
    }

    /** A message parsed exactly as Storm parses it (shaded json-smart, permissive). */
    private static Object parsed(String json) {
        return org.apache.storm.shade.net.minidev.json.JSONValue.parse(json);
    }

    // Exactly what packages/multilang's bolt runner writes for emitDirect(7, "targeted", ["x", 1], anchors [t]).
    private static final String BOLT_DIRECT_EMIT =
        "{\"command\":\"emit\",\"stream\":\"targeted\",\"tuple\":[\"x\",1],\"anchors\":[\"-6917529027641081856\"],\"task\":7}\nend\n";
    // What the spout runner writes for emitDirect(3, "targeted", ["y"], { msgId: 42 }).
    private static final String SPOUT_DIRECT_EMIT = "{\"command\":\"emit\",\"stream\":\"targeted\",\"tuple\":[\"y\"],\"id\":42,\"task\":3}\nend\n";

    @Test
    void stockSerializerBreaksOnADirectEmit() {
        // The bug this class exists for: json-smart gives Integer 7, JsonSerializer casts it to Long.
        assertThrows(ClassCastException.class, () -> read(new JsonSerializer(), BOLT_DIRECT_EMIT));
    }

    @Test
    void directEmitFromABoltCarriesTheTaskAsALong() throws Exception {
        ShellMsg msg = read(new TwinstormSerializer(), BOLT_DIRECT_EMIT);
        assertEquals("emit", msg.getCommand());
        assertEquals("targeted", msg.getStream());
        assertEquals(7L, msg.getTask());
        assertEquals(List.of("x", 1), msg.getTuple());
        assertEquals(List.of("-6917529027641081856"), msg.getAnchors());
        assertTrue(msg.areTaskIdsNeeded(), "absent need_task_ids means true, as in Storm (ignored for direct emits)");
    }

    @Test
    void directEmitFromASpoutKeepsItsMessageId() throws Exception {
        ShellMsg msg = read(new TwinstormSerializer(), SPOUT_DIRECT_EMIT);
        assertEquals(3L, msg.getTask());
        assertEquals(42, msg.getId());
        assertEquals(List.of("y"), msg.getTuple());
        assertNull(msg.getAnchors());
    }

    @Test
    void largeTaskIdsAndIntegralFloatsAreTaskIds() throws IOException {
        assertEquals(3_000_000_000L, TwinstormSerializer.toShellMsg(parsed("{\"command\":\"emit\",\"tuple\":[],\"task\":3000000000}")).getTask());
        assertEquals(5L, TwinstormSerializer.toShellMsg(parsed("{\"command\":\"emit\",\"tuple\":[],\"task\":5.0}")).getTask());
        IOException e = assertThrows(IOException.class,
            () -> TwinstormSerializer.toShellMsg(parsed("{\"command\":\"emit\",\"tuple\":[],\"task\":\"5\"}")));
        assertEquals("multilang: \"task\" must be an integer task id, got \"5\"", e.getMessage());
    }

    @Test
    void regularEmitsAreReadAsByStock() throws Exception {
        String emit = "{\"command\":\"emit\",\"tuple\":[\"a b\",2.5,null,true],\"anchors\":[\"1\",\"2\"],\"need_task_ids\":false}\nend\n";
        ShellMsg ours = read(new TwinstormSerializer(), emit);
        ShellMsg stock = read(new JsonSerializer(), emit);
        assertEquals(stock.toString(), ours.toString());
        assertEquals(0L, ours.getTask());
        assertFalse(ours.areTaskIdsNeeded());
        assertEquals("default", ours.getStream());
        assertEquals(Arrays.asList("a b", 2.5, null, true), ours.getTuple());
    }

    @Test
    void otherCommandsAreReadAsByStock() throws Exception {
        for (String m : List.of(
            "{\"command\":\"ack\",\"id\":\"-42\"}",
            "{\"command\":\"fail\",\"id\":\"17\"}",
            "{\"command\":\"sync\"}",
            "{\"command\":\"log\",\"msg\":\"h\u00e9llo \ud83d\ude00\",\"level\":3}",
            "{\"command\":\"error\",\"msg\":\"boom\"}",
            "{\"command\":\"metrics\",\"name\":\"m\",\"params\":[1,2]}",
            "{\"command\":\"emit\",\"tuple\":[1],\"id\":{\"__twinstorm_token\":3},\"need_task_ids\":true}",
            "{\"command\":\"emit\",\"stream\":\"s\",\"tuple\":[1],\"anchors\":\"5\"}")) {
            String framed = m + "\nend\n";
            assertEquals(read(new JsonSerializer(), framed).toString(), read(new TwinstormSerializer(), framed).toString(), m);
        }
    }

    @Test
    void multiLineJsonIsJoinedUntilEnd() throws Exception {
        ShellMsg msg = read(new TwinstormSerializer(), "{\"command\":\n\"emit\",\"tuple\":[1],\n\"task\":2}\nend\n");
        assertEquals(2L, msg.getTask());
    }

    @Test
    void malformedMessagesAreNamed() {
        assertEquals("multilang: expected a JSON object from the subprocess, got [1,2]",
            assertThrows(IOException.class, () -> read(new TwinstormSerializer(), "[1,2]\nend\n")).getMessage());
        assertEquals("multilang: anchor ids must be the strings Storm sent as tuple ids, got 12",
            assertThrows(IOException.class, () -> read(new TwinstormSerializer(), "{\"command\":\"emit\",\"tuple\":[],\"anchors\":[12]}\nend\n"))
                .getMessage());
        assertEquals("multilang: \"need_task_ids\" must be true or false, got \"no\"",
            assertThrows(IOException.class, () -> read(new TwinstormSerializer(), "{\"command\":\"emit\",\"tuple\":[],\"need_task_ids\":\"no\"}\nend\n"))
                .getMessage());
        assertTrue(assertThrows(IOException.class, () -> read(new TwinstormSerializer(), "{\"command\":\nend\n")).getMessage()
            .startsWith("multilang: invalid JSON from the subprocess"));
        // Stock throws a NullPointerException here; we hand ShellBolt the null command so it reports "Command not found".
        assertThrows(NullPointerException.class, () -> read(new JsonSerializer(), "{\"id\":\"1\"}\nend\n"));
        assertDoesNotThrow(() -> assertNull(read(new TwinstormSerializer(), "{\"id\":\"1\"}\nend\n").getCommand()));
    }

    private static void assertDoesNotThrow(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(e);
    }

    @Test
    void aClosedPipeIsNoOutput() {
        assertThrows(NoOutputException.class, () -> read(new TwinstormSerializer(), ""));
        NoOutputException e = assertThrows(NoOutputException.class, () -> read(new TwinstormSerializer(), "{\"command\":"));
        assertTrue(e.getMessage().contains("Currently read output: {\"command\":"), e.getMessage());
    }

    @Test
    void writesTheSameBytesAsStock() throws Exception {
        BoltMsg bolt = new BoltMsg();
        bolt.setId("-123");
        bolt.setComp("src");
        bolt.setStream("default");
        bolt.setTask(4);
        bolt.setTuple(new ArrayList<>(Arrays.asList("h\u00e9 \ud83d\ude00", 1, 2.5, 9007199254740993L, null)));
        SpoutMsg spout = new SpoutMsg();
        spout.setCommand("ack");
        spout.setId(42);
        for (int i = 0; i < 3; i++) {
            ByteArrayOutputStream stockOut = new ByteArrayOutputStream();
            ByteArrayOutputStream ourOut = new ByteArrayOutputStream();
            ISerializer stock = new JsonSerializer();
            ISerializer ours = new TwinstormSerializer();
            stock.initialize(stockOut, new ByteArrayInputStream(new byte[0]));
            ours.initialize(ourOut, new ByteArrayInputStream(new byte[0]));
            switch (i) {
                case 0 -> {
                    stock.writeBoltMsg(bolt);
                    ours.writeBoltMsg(bolt);
                }
                case 1 -> {
                    stock.writeSpoutMsg(spout);
                    ours.writeSpoutMsg(spout);
                }
                default -> {
                    stock.writeTaskIds(List.of(3, 5));
                    ours.writeTaskIds(List.of(3, 5));
                }
            }
            assertEquals(stockOut.toString(StandardCharsets.UTF_8), ourOut.toString(StandardCharsets.UTF_8));
            assertTrue(ourOut.toString(StandardCharsets.UTF_8).endsWith("\nend\n"));
        }
    }

    @Test
    void isLoadableByClassNameAsShellProcessDoes() throws Exception {
        Object s = Class.forName(TopologyFactory.SERIALIZER).getDeclaredConstructor().newInstance();
        assertTrue(s instanceof ISerializer);
        assertTrue(s instanceof java.io.Serializable);
        Map<String, Object> conf = TopologyFactory.conf(Fixtures.spec("wordcount.json"), Map.of());
        assertEquals(TwinstormSerializer.class.getName(), conf.get("topology.multilang.serializer"));
    }
}
