package dev.twinstorm.storm.submit;

import dev.twinstorm.storm.spec.Json;
import dev.twinstorm.storm.spec.SpecException;
import dev.twinstorm.storm.spec.SpecParser;
import dev.twinstorm.storm.spec.TopologySpec;

import java.io.File;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.AlreadyAliveException;
import org.apache.storm.generated.InvalidTopologyException;
import org.apache.storm.generated.NotAliveException;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.utils.NimbusClient;
import org.apache.storm.utils.Utils;

/**
 * The topology jar's entry point: reads resources/twinstorm/topology.json from the classpath, builds the Storm topology
 * and submits it with StormSubmitter (-Dstorm.jar=app.jar), or runs it in a LocalCluster with --local. Prints one JSON
 * line {"submitted": name, "id": id} on success; one stderr line and a non-zero exit code (see ExitCode) otherwise.
 */
public final class TopologyMain {
    private TopologyMain() {
    }

    public static void main(String[] args) {
        CommandLine.exit((out, err) -> run(args, out, err));
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        try {
            MainArgs args = MainArgs.parse(argv);
            TopologySpec spec = SpecParser.readResource(Thread.currentThread().getContextClassLoader());
            String name = args.name() == null ? spec.name() : args.name();
            try {
                Utils.validateTopologyName(name);
            } catch (IllegalArgumentException e) {
                throw new SpecException(e.getMessage() + (args.name() == null ? " (the spec's name; pass --name)" : ""), e);
            }
            Map<String, Object> conf = TopologyFactory.conf(spec, args.conf());
            StormTopology topology = TopologyFactory.build(spec, conf);
            String id = args.local() ? LocalRunner.run(name, conf, topology, args.seconds(), out, err) : submit(name, conf, topology, args);
            if (!args.local()) {
                out.println(result(name, id));
            }
            return ExitCode.OK;
        } catch (Exception | LinkageError e) {
            return CommandLine.failure(e, "submit failed", err);
        }
    }

    /** The success line. */
    static String result(String name, String id) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("submitted", name);
        r.put("id", id);
        return Json.write(r);
    }

    private static String submit(String name, Map<String, Object> conf, StormTopology topology, MainArgs args) throws Exception {
        String jar = System.getProperty("storm.jar");
        if (jar == null || jar.isEmpty()) {
            throw new CommandFailure(ExitCode.FAILED, "-Dstorm.jar=<topology jar> is required to submit (the jar Nimbus ships to the workers)");
        }
        if (!new File(jar).isFile()) {
            throw new CommandFailure(ExitCode.FAILED, "storm.jar " + jar + " does not exist");
        }
        if (args.nimbus() != null) {
            NimbusConnection.pointAt(conf, args.nimbus());
        }
        Map<String, Object> clientConf = Utils.readStormConfig();
        clientConf.putAll(conf);
        HostPort nimbus = NimbusConnection.address(clientConf);
        // Fail fast and clearly: StormSubmitter retries an unreachable Nimbus for a long time, and reports a running
        // topology of the same name as "not allowed".
        try (NimbusClient client = NimbusConnection.open(clientConf, nimbus)) {
            client.getClient().getTopologySummaryByName(name);
            throw new CommandFailure(ExitCode.ALREADY_RUNNING, "topology \"" + name + "\" is already running on Nimbus " + nimbus
                + " (kill it first, or submit with another --name)");
        } catch (NotAliveException expected) {
            // Not running: go on.
        } catch (CommandFailure e) {
            throw e;
        } catch (Exception e) {
            throw NimbusConnection.isTransport(e) ? NimbusConnection.unreachable(nimbus, e) : e;
        }
        try {
            StormSubmitter.submitTopology(name, conf, topology);
        } catch (AlreadyAliveException e) {
            throw new CommandFailure(ExitCode.ALREADY_RUNNING, "topology \"" + name + "\" is already running on Nimbus " + nimbus, e);
        } catch (InvalidTopologyException e) {
            throw new CommandFailure(ExitCode.FAILED, "Nimbus " + nimbus + " rejected topology \"" + name + "\": " + e.get_msg(), e);
        } catch (RuntimeException e) {
            if (NimbusConnection.isTransport(e)) {
                throw NimbusConnection.unreachable(nimbus, e);
            }
            throw new CommandFailure(ExitCode.FAILED, "submitting topology \"" + name + "\" to Nimbus " + nimbus + " failed: "
                + NimbusConnection.rootMessage(e), e);
        }
        try (NimbusClient client = NimbusConnection.open(clientConf, nimbus)) {
            return client.getClient().getTopologySummaryByName(name).get_id();
        } catch (Exception e) {
            return null;
        }
    }
}
