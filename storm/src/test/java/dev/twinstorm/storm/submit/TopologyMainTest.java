package dev.twinstorm.storm.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    File tmp;

    @AfterEach
    void clearStormJar() {
        System.clearProperty("storm.jar");
    }

    private int run(String... args) {
        return TopologyMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSuccessLineIsOneJsonObject() {
        assertEquals("{\"submitted\":\"wc\",\"id\":\"wc-1-1700000000\"}", TopologyMain.result("wc", "wc-1-1700000000"));
        assertEquals("{\"submitted\":\"wc\",\"id\":null}", TopologyMain.result("wc", null));
    }

    @Test
    void submittingNeedsStormJar() {
        assertEquals(ExitCode.FAILED, run());
        assertTrue(stderr().startsWith("-Dstorm.jar=<topology jar> is required"), stderr());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsFailWithOneLine() {
        assertEquals(ExitCode.FAILED, run("--conf", "x"));
        assertEquals("--conf must be key=<JSON value>, got \"x\"", stderr().trim());
    }

    @Test
    void anInvalidTopologyNameIsRefusedBeforeConnecting() {
        assertEquals(ExitCode.FAILED, run("--name", "bad/name", "--nimbus", "127.0.0.1:1"));
        assertTrue(stderr().startsWith("Topology name 'bad/name' is not valid"), stderr());
    }

    @Test
    void anUnreachableNimbusExitsWith3() throws Exception {
        File jar = new File(tmp, "app.jar");
        assertTrue(jar.createNewFile());
        System.setProperty("storm.jar", jar.getPath());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertEquals(ExitCode.UNREACHABLE, run("--nimbus", "127.0.0.1:" + port));
        assertTrue(stderr().startsWith("Nimbus at 127.0.0.1:" + port + " is unreachable"), stderr());
        assertEquals(1, stderr().lines().count());
    }
}
