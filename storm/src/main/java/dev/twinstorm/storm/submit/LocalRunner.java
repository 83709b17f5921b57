package dev.twinstorm.storm.submit;

import dev.twinstorm.storm.spec.Json;

import java.io.PrintStream;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.generated.StormTopology;

/**
 * Runs a topology for a while in an in-process LocalCluster (needs storm-server on the classpath): for trying a jar
 * without a cluster. Kept apart so LocalCluster is loaded only with --local.
 */
final class LocalRunner {
    /** How often executors report stats to Nimbus in the local cluster. */
    static final int METRICS_SECS = 3;

    private LocalRunner() {
    }

    /** Submits, prints the success line, runs {@code seconds}, prints the final status JSON on stderr, shuts down. */
    @SuppressWarnings("try") // LocalCluster.close() may throw InterruptedException: fine, we exit right after.
    static String run(String name, Map<String, Object> conf, StormTopology topology, int seconds, PrintStream out, PrintStream err)
        throws Exception {
        // Executors report their stats to Nimbus every executor.metrics.frequency.secs (a daemon setting, 60 s by
        // default): report every few seconds so the final status has figures.
        try (LocalCluster cluster = new LocalCluster.Builder().withDaemonConf(Config.EXECUTOR_METRICS_FREQUENCY_SECS, METRICS_SECS).build()) {
            cluster.submitTopology(name, conf, topology);
            String id = cluster.getTopologySummaryByName(name).get_id();
            out.println(TopologyMain.result(name, id));
            Thread.sleep(seconds * 1000L);
            try {
                err.println("final status: " + Json.write(TopologyStatus.of(cluster.getNimbus(), name)));
            } catch (Exception e) {
                err.println("final status unavailable: " + NimbusConnection.rootMessage(e));
            }
            return id;
        }
    }
}
