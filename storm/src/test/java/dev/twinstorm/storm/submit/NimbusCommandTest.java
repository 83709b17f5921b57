package dev.twinstorm.storm.submit;

import dev.twinstorm.storm.spec.SpecException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NimbusCommandTest {
    private static String error(String... args) {
        return assertThrows(SpecException.class, () -> NimbusCommand.parse(args)).getMessage();
    }

    @Test
    void parsesEveryCommand() throws Exception {
        NimbusCommand.Parsed kill = NimbusCommand.parse(new String[] {"--nimbus", "h:7000", "kill", "wc", "--wait", "0"});
        assertEquals(new HostPort("h", 7000), kill.nimbus());
        assertEquals("kill", kill.command());
        assertEquals("wc", kill.name());
        assertEquals(0, kill.waitSecs());
        assertNull(NimbusCommand.parse(new String[] {"--nimbus", "h:1", "kill", "wc"}).waitSecs());
        assertEquals("status", NimbusCommand.parse(new String[] {"status", "wc", "--nimbus", "h:1"}).command());
        assertEquals("ping", NimbusCommand.parse(new String[] {"--nimbus", "h:1", "ping"}).command());
        assertEquals("list", NimbusCommand.parse(new String[] {"--nimbus", "h:1", "list"}).command());
        assertEquals("activate", NimbusCommand.parse(new String[] {"--nimbus", "h:1", "activate", "wc"}).command());
        assertEquals("deactivate", NimbusCommand.parse(new String[] {"--nimbus", "h:1", "deactivate", "wc"}).command());
        NimbusCommand.Parsed rebalance = NimbusCommand.parse(
            new String[] {"--nimbus", "h:1", "rebalance", "wc", "--wait", "5", "--workers", "2", "--executors", "split=1", "--executors", "a=b=3"});
        assertEquals(5, rebalance.waitSecs());
        assertEquals(2, rebalance.workers());
        assertEquals(java.util.Map.of("split", 1, "a=b", 3), rebalance.executors());
    }

    @Test
    void badCommandLinesAreNamed() {
        assertTrue(error().startsWith("no command; usage:"));
        assertTrue(error("--nimbus", "h:1", "stop", "wc").startsWith("unknown command \"stop\""));
        assertTrue(error("--nimbus", "h:1", "status").startsWith("status needs a topology name"));
        assertTrue(error("--nimbus", "h:1", "list", "wc").startsWith("list takes no topology name"));
        assertEquals("--wait only applies to kill and rebalance", error("--nimbus", "h:1", "status", "wc", "--wait", "3"));
        assertEquals("--workers and --executors only apply to rebalance", error("--nimbus", "h:1", "kill", "wc", "--workers", "3"));
        assertEquals("--workers must be a positive whole number, got \"0\"", error("--nimbus", "h:1", "rebalance", "wc", "--workers", "0"));
        assertEquals("--executors takes COMPONENT=N, got \"split\"", error("--nimbus", "h:1", "rebalance", "wc", "--executors", "split"));
        assertTrue(error("--nimbus", "h:1", "activate").startsWith("activate needs a topology name"));
        assertEquals("--wait must be a whole number of seconds >= 0, got \"-1\"", error("--nimbus", "h:1", "kill", "wc", "--wait", "-1"));
        assertTrue(error("--nimbus", "h:1", "kill", "wc", "extra").startsWith("unexpected argument \"extra\""));
    }

    @Test
    void anUnreachableNimbusExitsWith3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = NimbusCommand.run(new String[] {"--nimbus", "127.0.0.1:" + port, "list"}, new PrintStream(out), new PrintStream(err));
        assertEquals(ExitCode.UNREACHABLE, code);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        String line = err.toString(StandardCharsets.UTF_8);
        assertTrue(line.startsWith("Nimbus at 127.0.0.1:" + port + " is unreachable: "), line);
        assertEquals(1, line.lines().count(), line);
    }

    @Test
    void aBadCommandLineExitsWith1() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(ExitCode.FAILED, NimbusCommand.run(new String[] {"--nimbus", "h:1"}, new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("no command"));
    }
}
