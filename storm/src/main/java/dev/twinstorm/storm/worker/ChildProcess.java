package dev.twinstorm.storm.worker;

import dev.twinstorm.storm.spec.Json;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import org.apache.storm.shade.net.minidev.json.JSONObject;
import org.apache.storm.shade.net.minidev.json.JSONValue;
import org.apache.storm.shade.net.minidev.json.parser.ParseException;
import org.apache.storm.task.TopologyContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One multilang child of a TwinstormBolt or TwinstormSpout: started in the topology's resources directory (as
 * ShellProcess does), handshaken with Storm's setup message, read frame by frame, and its stderr logged line by line
 * by a thread of its own (ShellProcess instead polls stderr with two syscalls per message written). Remembers when
 * the child last said anything, for the subprocess timeout.
 */
final class ChildProcess {
    private static final int STDERR_TAIL_LINES = 20;

    private final String[] command;
    private final Process process;
    private final FrameWriter writer;
    private final FrameReader frames;
    private final Logger stderrLog;
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private volatile long lastHeard = System.currentTimeMillis();
    private Number pid;

    private ChildProcess(String[] command, Process process, String componentId) {
        this.command = command;
        this.process = process;
        this.writer = new FrameWriter(process.getOutputStream());
        this.writer.flushOnlyWhenIdle(() -> true);
        this.frames = new FrameReader(process.getInputStream());
        this.stderrLog = LoggerFactory.getLogger(componentId);
    }

    /** Starts the child and does Storm's handshake (setup info out, {"pid": n} back); throws with its stderr on failure. */
    static ChildProcess launch(String[] command, Map<String, Object> conf, TopologyContext context) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(new File(context.getCodeDir()));
        ChildProcess child;
        try {
            child = new ChildProcess(command, builder.start(), context.getThisComponentId());
        } catch (IOException e) {
            throw new IllegalStateException("twinstorm: cannot start " + Arrays.toString(command) + ": " + e.getMessage(), e);
        }
        child.pumpStderr(context.getThisComponentId() + ":" + context.getThisTaskId());
        try {
            JSONObject setupInfo = new JSONObject();
            setupInfo.put("pidDir", context.getPIDDir());
            setupInfo.put("conf", conf);
            setupInfo.put("context", context);
            child.writer.writeValue(setupInfo);
            child.writer.flush();
            Object reply = child.read();
            Object pid = reply instanceof Map<?, ?> m ? m.get("pid") : null;
            if (!(pid instanceof Number n)) {
                throw new IOException("multilang handshake: expected {\"pid\": <number>}, got " + Json.describe(reply));
            }
            child.pid = n;
        } catch (IOException e) {
            child.destroy();
            throw new IllegalStateException("twinstorm: the child " + child.describe() + " failed its handshake: " + e.getMessage(), e);
        }
        return child;
    }

    /** The writer of frames to the child's stdin (one thread writes: the owner's ChildWriter). */
    FrameWriter writer() {
        return writer;
    }

    /** The next message from the child (a parsed JSON value); IOException naming the child when its stdout ends. */
    Object read() throws IOException {
        String text = frames.next();
        if (text == null) {
            String partial = frames.partial();
            throw new IOException("the child's stdout ended" + (partial.isEmpty() ? "" : " after " + Json.describe(partial)));
        }
        lastHeard = System.currentTimeMillis();
        try {
            return JSONValue.parseWithException(text);
        } catch (ParseException e) {
            throw new IOException("multilang: invalid JSON from the child: " + Json.describe(text), e);
        }
    }

    /** When the child last sent a frame (epoch ms). */
    long lastHeard() {
        return lastHeard;
    }

    /** Restarts the subprocess timeout now (a spout's first request after an idle spell). */
    void heardNow() {
        lastHeard = System.currentTimeMillis();
    }

    /** Stops the child (SIGTERM; it flushes and exits on its own). */
    void destroy() {
        process.destroy();
    }

    /** The child for error messages: pid, command, whether and how it exited, its last stderr lines. */
    String describe() {
        StringBuilder s = new StringBuilder("pid ").append(pid == null ? process.pid() : pid).append(' ').append(Arrays.toString(command));
        if (!process.isAlive()) {
            s.append(", exited with code ").append(process.exitValue());
        }
        synchronized (stderrTail) {
            if (!stderrTail.isEmpty()) {
                s.append(", stderr:\n").append(String.join("\n", stderrTail));
            }
        }
        return s.toString();
    }

    /** Logs each stderr line as it comes (logger named by the component, as ShellProcess does), keeping the last few. */
    private void pumpStderr(String who) {
        Thread pump = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    stderrLog.info("{}", line);
                    synchronized (stderrTail) {
                        if (stderrTail.size() == STDERR_TAIL_LINES) {
                            stderrTail.removeFirst();
                        }
                        stderrTail.addLast(line);
                    }
                }
            } catch (IOException e) {
                // The child is gone; its death is reported by the reader.
            }
        }, "twinstorm-stderr-" + who);
        pump.setDaemon(true);
        pump.start();
    }
}
