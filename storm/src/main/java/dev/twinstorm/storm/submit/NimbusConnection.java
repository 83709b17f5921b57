package dev.twinstorm.storm.submit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.thrift.transport.TTransportException;
import org.apache.storm.utils.NimbusClient;
import org.apache.storm.utils.Utils;

/** Opens a Thrift client to one Nimbus with a short timeout, so an unreachable Nimbus is reported fast and clearly. */
public final class NimbusConnection {
    /** Connect / read timeout of the client, in ms. */
    public static final int TIMEOUT_MS = 15_000;

    private NimbusConnection() {
    }

    /** Storm's client conf (defaults.yaml + storm.yaml if any) pointed at {@code nimbus} when given. */
    public static Map<String, Object> clientConf(HostPort nimbus) {
        Map<String, Object> conf = Utils.readStormConfig();
        if (nimbus != null) {
            pointAt(conf, nimbus);
        }
        return conf;
    }

    /** Sets nimbus.seeds and nimbus.thrift.port, as {@code storm jar -c} would. */
    public static void pointAt(Map<String, Object> conf, HostPort nimbus) {
        conf.put(Config.NIMBUS_SEEDS, List.of(nimbus.host()));
        conf.put(Config.NIMBUS_THRIFT_PORT, nimbus.port());
    }

    /** The Nimbus a conf points at: its first seed and thrift port. */
    public static HostPort address(Map<String, Object> conf) {
        Object seeds = conf.get(Config.NIMBUS_SEEDS);
        String host = seeds instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0)) : "localhost";
        Object port = conf.get(Config.NIMBUS_THRIFT_PORT);
        return new HostPort(host, port instanceof Number n ? n.intValue() : 6627);
    }

    /**
     * Opens a client; an unreachable Nimbus is a CommandFailure with exit code UNREACHABLE after one quick retry (Storm's
     * default backoff takes about 10 s; callers that wait for Nimbus poll instead).
     */
    public static NimbusClient open(Map<String, Object> conf, HostPort nimbus) throws CommandFailure {
        Map<String, Object> quick = new HashMap<>(conf);
        quick.put(Config.STORM_NIMBUS_RETRY_TIMES, 1);
        quick.put(Config.STORM_NIMBUS_RETRY_INTERVAL, 300);
        quick.put(Config.STORM_NIMBUS_RETRY_INTERVAL_CEILING, 600);
        try {
            return NimbusClient.Builder.withConf(quick).withTimeout(TIMEOUT_MS).buildWithNimbusHostPort(nimbus.host(), nimbus.port());
        } catch (TTransportException | RuntimeException e) {
            throw unreachable(nimbus, e);
        }
    }

    /** The failure for a Nimbus that does not answer. */
    public static CommandFailure unreachable(HostPort nimbus, Throwable e) {
        return new CommandFailure(ExitCode.UNREACHABLE, "Nimbus at " + nimbus + " is unreachable: " + rootMessage(e), e);
    }

    /** Whether a failure comes from the connection (not from Nimbus's answer). */
    public static boolean isTransport(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TTransportException || t instanceof java.net.SocketException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message of a failure, on one line. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
