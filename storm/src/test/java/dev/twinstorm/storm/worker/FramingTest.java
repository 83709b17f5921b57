package dev.twinstorm.storm.worker;

import dev.twinstorm.storm.spec.Json;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.storm.multilang.BoltMsg;
import org.apache.storm.multilang.ISerializer;
import org.apache.storm.multilang.JsonSerializer;
import org.apache.storm.multilang.NoOutputException;
import org.apache.storm.multilang.ShellMsg;
import org.apache.storm.multilang.SpoutMsg;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.utils.ShellBoltMessageQueue;
import org.junit.jupiter.api.Test;

/** FrameReader and FrameWriter against the stock JsonSerializer, on random messages, framings and read sizes. */
class FramingTest {
    private static final String[] ALPHABETS = {
        "abc xyz019", "\"\\/", "\b\f\n\r\t\u0000\u001f", "\u007f\u0080\u009f\u00a0\u00e9", "\u2000\u2028\u2029\u20ff\u2100",
        "\ud83d\ude00\ud83d\udc69\u200d\ud83d\udcbb", "</script>", "\ufffd\uffff",
    };

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            String alphabet = ALPHABETS[random.nextInt(ALPHABETS.length)];
            int at = random.nextInt(alphabet.length());
            // Keep surrogate pairs whole: the child never sends lone surrogates (strict mode refuses them).
            if (Character.isHighSurrogate(alphabet.charAt(at)) && at + 1 < alphabet.length()) {
                s.append(alphabet, at, at + 2);
            } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
                s.append(alphabet.charAt(at));
            }
        }
        return s.toString();
    }

    private static Object randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 1 ? 8 : 10)) {
            case 0, 1, 2 -> randomString(random);
            case 3 -> random.nextInt();
            case 4 -> random.nextLong();
            case 5 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 6 -> random.nextBoolean() ? Boolean.TRUE : null;
            case 7 -> random.nextBoolean() ? 0 : -1L;
            case 8 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(randomString(random), randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static List<Object> randomTuple(Random random) {
        List<Object> tuple = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            tuple.add(randomValue(random, 0));
        }
        return tuple;
    }

    private static String written(ISerializer serializer, IoAction<ISerializer> write) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.initialize(out, new ByteArrayInputStream(new byte[0]));
        write.run(serializer);
        return out.toString(StandardCharsets.UTF_8);
    }

    private interface IoAction<T> {
        void run(T target) throws Exception;
    }

    @Test
    void writesTheSameBytesAsStockForRandomMessages() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            BoltMsg bolt = new BoltMsg();
            bolt.setId(Long.toString(random.nextLong()));
            bolt.setComp(random.nextInt(10) == 0 ? null : randomString(random));
            bolt.setStream(random.nextInt(10) == 0 ? "__heartbeat" : randomString(random));
            bolt.setTask(random.nextInt(100) - 1);
            bolt.setTuple(randomTuple(random));
            SpoutMsg spout = new SpoutMsg();
            spout.setCommand(random.nextBoolean() ? "next" : "ack");
            spout.setId(randomValue(random, 0));
            List<Integer> taskIds = List.of(random.nextInt(9), random.nextInt(9));
            IoAction<ISerializer> write = s -> {
                s.writeBoltMsg(bolt);
                s.writeSpoutMsg(spout);
                s.writeTaskIds(taskIds);
            };
            assertEquals(written(new JsonSerializer(), write), written(new TwinstormSerializer(), write), bolt.getTuple().toString());
        }
    }

    /** Child output in random framings: \n, \r\n or \r line ends, frames split over several lines. */
    private static String randomChildOutput(Random random, List<String> messages) {
        StringBuilder out = new StringBuilder();
        for (String m : messages) {
            String eol = switch (random.nextInt(4)) {
                case 0 -> "\r\n";
                case 1 -> "\r";
                default -> "\n";
            };
            String body = random.nextInt(4) == 0 ? m.replace(",", "," + eol) : m;
            out.append(body).append(eol).append("end").append(eol);
        }
        return out.toString();
    }

    /** Hands out its bytes a random few at a time, as a pipe may. */
    private static InputStream trickle(byte[] bytes, Random random) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos == bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 1 + random.nextInt(7)), bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    private static List<String> readAll(ISerializer serializer, byte[] output, InputStream in) throws IOException {
        serializer.initialize(new ByteArrayOutputStream(), in);
        List<String> read = new ArrayList<>();
        while (true) {
            try {
                ShellMsg msg = serializer.readShellMsg();
                read.add(msg.toString() + " tuple=" + (msg.getTuple() == null ? null : types(msg.getTuple())));
            } catch (NoOutputException e) {
                read.add("end of output: " + e.getMessage());
                return read;
            }
        }
    }

    /** Values with their Java classes, so Integer 1 and Long 1 differ (they group to different tasks). */
    private static String types(Object value) {
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object v : list) {
                out.add(types(v));
            }
            return out.toString();
        }
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }

    @Test
    void readsWhatStockReadsForRandomFramingsAndReadSizes() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            List<String> messages = new ArrayList<>();
            for (int i = random.nextInt(6) + 1; i > 0; i--) {
                Map<String, Object> msg = new LinkedHashMap<>();
                msg.put("command", "emit");
                msg.put("tuple", randomTuple(random));
                msg.put("anchors", List.of(Long.toString(random.nextLong())));
                msg.put("need_task_ids", random.nextBoolean());
                messages.add(Json.write(msg));
            }
            String output = randomChildOutput(random, messages);
            if (random.nextInt(5) == 0) {
                output += "{\"command\":\"ack\",";
            }
            byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
            List<String> stock = readAll(new JsonSerializer(), bytes, new ByteArrayInputStream(bytes));
            assertEquals(stock, readAll(new TwinstormSerializer(), bytes, new ByteArrayInputStream(bytes)), output);
            assertEquals(stock, readAll(new TwinstormSerializer(), bytes, trickle(bytes, random)), output);
        }
    }

    @Test
    void aFrameLargerThanTheReadBufferIsReadWhole() throws Exception {
        String big = "x".repeat(300_000) + "\u00e9";
        byte[] bytes = ("{\"command\":\"emit\",\"tuple\":[\"" + big + "\"]}\nend\n{\"command\":\"sync\"}\nend\n").getBytes(StandardCharsets.UTF_8);
        TwinstormSerializer ours = new TwinstormSerializer();
        ours.initialize(new ByteArrayOutputStream(), trickle(bytes, new Random(1)));
        assertEquals(List.of(big), ours.readShellMsg().getTuple());
        assertEquals("sync", ours.readShellMsg().getCommand());
        assertThrows(NoOutputException.class, ours::readShellMsg);
    }

    @Test
    void aLastEndLineWithoutItsNewlineEndsTheFrame() throws Exception {
        byte[] bytes = "{\"command\":\"sync\"}\nend".getBytes(StandardCharsets.UTF_8);
        assertEquals(readAll(new JsonSerializer(), bytes, new ByteArrayInputStream(bytes)),
            readAll(new TwinstormSerializer(), bytes, new ByteArrayInputStream(bytes)));
    }

    /** Counts the writes and flushes that reach the pipe. */
    private static final class CountingPipe extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int flushes;

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    private static BoltMsg tuple(String word) {
        BoltMsg msg = new BoltMsg();
        msg.setId("1");
        msg.setComp("split");
        msg.setStream("default");
        msg.setTask(5);
        msg.setTuple(new ArrayList<>(List.of(word)));
        return msg;
    }

    @Test
    void framesGatherWhileMoreAreQueuedAndGoOutWhenTheQueueIsEmpty() throws Exception {
        CountingPipe pipe = new CountingPipe();
        TwinstormSerializer ours = new TwinstormSerializer();
        ours.initialize(pipe, new ByteArrayInputStream(new byte[0]));
        ours.writeBoltMsg(tuple("a"));
        assertEquals(1, pipe.flushes, "until wired to a queue, every frame is flushed, as stock does");

        int[] queued = {2};
        ours.flushOnlyWhenIdle(() -> queued[0] > 0);
        ours.writeBoltMsg(tuple("b"));
        queued[0]--;
        ours.writeBoltMsg(tuple("c"));
        queued[0]--;
        assertEquals(1, pipe.flushes);
        assertFalse(pipe.bytes.toString(StandardCharsets.UTF_8).contains("\"b\""), "b waits in the buffer while c is queued");
        ours.writeBoltMsg(tuple("d"));
        assertEquals(2, pipe.flushes, "the queue is empty after d: b, c and d go out together");
        String sent = pipe.bytes.toString(StandardCharsets.UTF_8);
        assertTrue(sent.endsWith("{\"comp\":\"split\",\"tuple\":[\"d\"],\"task\":5,\"stream\":\"default\",\"id\":\"1\"}\nend\n"), sent);
        assertEquals(4, sent.split("\nend\n").length);
    }

    @Test
    void shellBoltsWriteQueueIsVisible() throws Exception {
        // Storm keeps the queue private; this fails when a Storm upgrade renames it (writes would then flush per frame).
        ShellBoltMessageQueue queue = new ShellBoltMessageQueue();
        BooleanSupplier moreToWrite = ShellBoltQueue.moreToWrite(queue);
        assertFalse(moreToWrite.getAsBoolean());
        queue.putBoltMsg(tuple("a"));
        assertTrue(moreToWrite.getAsBoolean());
        queue.poll(1, TimeUnit.SECONDS);
        assertFalse(moreToWrite.getAsBoolean());
        assertDoesNotThrow(() -> ShellBolt.class.getDeclaredField("process"));
        assertDoesNotThrow(() -> ShellBolt.class.getDeclaredField("pendingWrites"));
    }
}
