package dev.twinstorm.storm.submit;

import dev.twinstorm.storm.spec.SpecException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainArgsTest {
    private static String error(String... args) {
        return assertThrows(SpecException.class, () -> MainArgs.parse(args)).getMessage();
    }

    @Test
    void defaults() throws Exception {
        MainArgs a = MainArgs.parse(new String[0]);
        assertFalse(a.local());
        assertNull(a.name());
        assertNull(a.nimbus());
        assertEquals(Map.of(), a.conf());
        assertEquals(MainArgs.DEFAULT_LOCAL_SECONDS, MainArgs.parse(new String[] {"--local"}).seconds());
    }

    @Test
    void everyOption() throws Exception {
        MainArgs a = MainArgs.parse(new String[] {"--name", "wc-2", "--nimbus", "10.0.0.5:6627", "--conf", "topology.workers=2",
            "--conf", "topology.debug=true", "--conf", "s=\"a=b\"", "--conf", "l=[1,\"x\"]", "--conf", "n=null"});
        assertEquals("wc-2", a.name());
        assertEquals(new HostPort("10.0.0.5", 6627), a.nimbus());
        assertEquals(2, a.conf().get("topology.workers"));
        assertEquals(true, a.conf().get("topology.debug"));
        assertEquals("a=b", a.conf().get("s"));
        assertEquals(List.of(1, "x"), a.conf().get("l"));
        assertTrue(a.conf().containsKey("n"));
        MainArgs local = MainArgs.parse(new String[] {"--local", "--seconds", "12"});
        assertTrue(local.local());
        assertEquals(12, local.seconds());
    }

    @Test
    void badArgumentsAreNamed() {
        assertTrue(error("--bogus").startsWith("unknown argument \"--bogus\"; usage:"));
        assertTrue(error("--name").startsWith("--name needs a value"));
        assertEquals("--nimbus must be host:port, got \"localhost\"", error("--nimbus", "localhost"));
        assertEquals("--nimbus port must be a number, got \"h:66x\"", error("--nimbus", "h:66x"));
        assertEquals("--nimbus port must be 1..65535, got 70000", error("--nimbus", "h:70000"));
        assertEquals("--conf must be key=<JSON value>, got \"=1\"", error("--conf", "=1"));
        assertEquals("--conf k: value is not JSON: \"[1\"", error("--conf", "k=[1"));
        assertEquals("--seconds must be a whole number >= 1, got \"0\"", error("--local", "--seconds", "0"));
        assertEquals("--seconds only applies with --local", error("--seconds", "5"));
        assertEquals("--nimbus and --local exclude each other", error("--local", "--nimbus", "h:1"));
    }

    @Test
    void hostPortParsesIpv6() throws Exception {
        assertEquals(new HostPort("::1", 6627), HostPort.parse("[::1]:6627"));
        assertEquals("[::1]:6627", HostPort.parse("[::1]:6627").toString());
        assertEquals("127.0.0.1:6627", HostPort.parse("127.0.0.1:6627").toString());
    }
}
