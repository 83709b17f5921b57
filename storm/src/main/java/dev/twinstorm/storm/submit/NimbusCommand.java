package dev.twinstorm.storm.submit;

import dev.twinstorm.storm.spec.Json;
import dev.twinstorm.storm.spec.SpecException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.generated.ClusterSummary;
import org.apache.storm.generated.KillOptions;
import org.apache.storm.generated.Nimbus;
import org.apache.storm.generated.NimbusSummary;
import org.apache.storm.generated.NotAliveException;
import org.apache.storm.generated.RebalanceOptions;
import org.apache.storm.generated.SupervisorSummary;
import org.apache.storm.generated.TopologySummary;
import org.apache.storm.utils.NimbusClient;

/**
 * A small Nimbus Thrift CLI (there is no Storm UI REST API here):
 * {@code --nimbus host:port <ping | list | kill NAME [--wait S] | status NAME | activate NAME | deactivate NAME |
 * rebalance NAME [--wait S] [--workers N] [--executors COMPONENT=N]...>}, one JSON document on stdout (what Storm's
 * {@code storm kill / activate / deactivate / rebalance -w -n -e} do).
 * Exit codes: 0 ok, 2 topology not found, 3 Nimbus unreachable, 1 anything else (one stderr line).
 */
public final class NimbusCommand {
    /** Where Nimbus is when --nimbus is absent: $TWINSTORM_NIMBUS, else this. */
    public static final String DEFAULT_NIMBUS = "127.0.0.1:6627";

    public static final String USAGE = "usage: NimbusCommand [--nimbus host:port] <ping | list | kill NAME [--wait S] | status NAME"
        + " | activate NAME | deactivate NAME | rebalance NAME [--wait S] [--workers N] [--executors COMPONENT=N]...>";

    private NimbusCommand() {
    }

    public static void main(String[] args) {
        CommandLine.exit((out, err) -> run(args, out, err));
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        try {
            Parsed p = parse(argv);
            Map<String, Object> conf = NimbusConnection.clientConf(p.nimbus);
            try (NimbusClient client = NimbusConnection.open(conf, p.nimbus)) {
                out.println(Json.write(execute(client.getClient(), p)));
            } catch (NotAliveException e) {
                throw new CommandFailure(ExitCode.NOT_FOUND, "topology \"" + p.name + "\" is not running on Nimbus " + p.nimbus, e);
            } catch (CommandFailure e) {
                throw e;
            } catch (Exception e) {
                if (NimbusConnection.isTransport(e)) {
                    throw NimbusConnection.unreachable(p.nimbus, e);
                }
                throw new CommandFailure(ExitCode.FAILED, p.command + " failed on Nimbus " + p.nimbus + ": "
                    + NimbusConnection.rootMessage(e), e);
            }
            return ExitCode.OK;
        } catch (Exception | LinkageError e) {
            return CommandLine.failure(e, "failed", err);
        }
    }

    /** Runs one parsed command against a Nimbus (remote client or LocalCluster). */
    static Map<String, Object> execute(Nimbus.Iface nimbus, Parsed p) throws Exception {
        return switch (p.command) {
            case "ping" -> ping(nimbus, p.nimbus);
            case "list" -> list(nimbus);
            case "kill" -> kill(nimbus, p.name, p.waitSecs);
            case "status" -> TopologyStatus.of(nimbus, p.name);
            case "activate" -> {
                nimbus.activate(p.name);
                yield Map.of("activated", p.name);
            }
            case "deactivate" -> {
                nimbus.deactivate(p.name);
                yield Map.of("deactivated", p.name);
            }
            case "rebalance" -> rebalance(nimbus, p);
            default -> throw new SpecException("unknown command " + p.command + "; " + USAGE);
        };
    }

    /** Nimbus answers: the leader, its version, the supervisors and slots (so callers can wait for a supervisor). */
    static Map<String, Object> ping(Nimbus.Iface nimbus, HostPort address) throws Exception {
        NimbusSummary leader = nimbus.getLeader();
        ClusterSummary cluster = nimbus.getClusterInfo();
        int slotsTotal = 0;
        int slotsUsed = 0;
        for (SupervisorSummary s : cluster.get_supervisors()) {
            slotsTotal += s.get_num_workers();
            slotsUsed += s.get_num_used_workers();
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("host", leader.get_host());
        l.put("port", leader.get_port());
        l.put("version", leader.get_version());
        l.put("uptimeSecs", leader.get_uptime_secs());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nimbus", address.toString());
        out.put("leader", l);
        out.put("supervisors", cluster.get_supervisors_size());
        out.put("slotsTotal", slotsTotal);
        out.put("slotsUsed", slotsUsed);
        out.put("topologies", cluster.get_topologies_size());
        return out;
    }

    /** The running topologies, by name. */
    static Map<String, Object> list(Nimbus.Iface nimbus) throws Exception {
        List<TopologySummary> summaries = new ArrayList<>(nimbus.getClusterInfo().get_topologies());
        summaries.sort(Comparator.comparing(TopologySummary::get_name));
        List<Object> topologies = new ArrayList<>();
        for (TopologySummary s : summaries) {
            topologies.add(TopologyStatus.summary(s));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topologies", topologies);
        return out;
    }

    /** Kills a topology; without --wait Storm waits the topology's message timeout before tearing it down. */
    static Map<String, Object> kill(Nimbus.Iface nimbus, String name, Integer waitSecs) throws Exception {
        KillOptions opts = new KillOptions();
        if (waitSecs != null) {
            opts.set_wait_secs(waitSecs);
        }
        nimbus.killTopologyWithOpts(name, opts);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("killed", name);
        out.put("waitSecs", waitSecs);
        return out;
    }

    /** Rebalances a topology: wait, then redistribute over --workers workers and --executors per component. */
    static Map<String, Object> rebalance(Nimbus.Iface nimbus, Parsed p) throws Exception {
        RebalanceOptions opts = new RebalanceOptions();
        if (p.waitSecs != null) {
            opts.set_wait_secs(p.waitSecs);
        }
        if (p.workers != null) {
            opts.set_num_workers(p.workers);
        }
        if (!p.executors.isEmpty()) {
            opts.set_num_executors(new LinkedHashMap<>(p.executors));
        }
        nimbus.rebalance(p.name, opts);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rebalanced", p.name);
        out.put("waitSecs", p.waitSecs);
        out.put("workers", p.workers);
        out.put("executors", new LinkedHashMap<>(p.executors));
        return out;
    }

    /** A parsed command line. */
    record Parsed(HostPort nimbus, String command, String name, Integer waitSecs, Integer workers, Map<String, Integer> executors) {
        Parsed(HostPort nimbus, String command, String name, Integer waitSecs) {
            this(nimbus, command, name, waitSecs, null, Map.of());
        }
    }

    /** Parses the command line; the message names what is wrong. */
    static Parsed parse(String[] args) throws SpecException {
        String env = System.getenv("TWINSTORM_NIMBUS");
        HostPort nimbus = null;
        String command = null;
        String name = null;
        Integer wait = null;
        Integer workers = null;
        Map<String, Integer> executors = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--nimbus")) {
                nimbus = HostPort.parse(value(args, ++i, a));
            } else if (a.equals("--wait")) {
                wait = whole(value(args, ++i, a), 0, "--wait must be a whole number of seconds >= 0");
            } else if (a.equals("--workers")) {
                workers = whole(value(args, ++i, a), 1, "--workers must be a positive whole number");
            } else if (a.equals("--executors")) {
                String v = value(args, ++i, a);
                int eq = v.lastIndexOf('=');
                if (eq <= 0) {
                    throw new SpecException("--executors takes COMPONENT=N, got " + Json.describe(v));
                }
                executors.put(v.substring(0, eq), whole(v.substring(eq + 1), 1, "--executors " + v.substring(0, eq) + "=N needs a positive whole N"));
            } else if (a.startsWith("--")) {
                throw new SpecException("unknown option " + Json.describe(a) + "; " + USAGE);
            } else if (command == null) {
                command = a;
            } else if (name == null) {
                name = a;
            } else {
                throw new SpecException("unexpected argument " + Json.describe(a) + "; " + USAGE);
            }
        }
        if (command == null) {
            throw new SpecException("no command; " + USAGE);
        }
        switch (command) {
            case "ping", "list" -> {
                if (name != null) {
                    throw new SpecException(command + " takes no topology name; " + USAGE);
                }
            }
            case "kill", "status", "activate", "deactivate", "rebalance" -> {
                if (name == null) {
                    throw new SpecException(command + " needs a topology name; " + USAGE);
                }
            }
            default -> throw new SpecException("unknown command " + Json.describe(command) + "; " + USAGE);
        }
        if (wait != null && !command.equals("kill") && !command.equals("rebalance")) {
            throw new SpecException("--wait only applies to kill and rebalance");
        }
        if ((workers != null || !executors.isEmpty()) && !command.equals("rebalance")) {
            throw new SpecException("--workers and --executors only apply to rebalance");
        }
        if (nimbus == null) {
            nimbus = HostPort.parse(env == null || env.isEmpty() ? DEFAULT_NIMBUS : env);
        }
        return new Parsed(nimbus, command, name, wait, workers, Map.copyOf(executors));
    }

    /** A whole number of at least {@code min}, or the message with what was given. */
    private static int whole(String v, int min, String message) throws SpecException {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min) {
            throw new SpecException(message + ", got " + Json.describe(v));
        }
        return n;
    }

    private static String value(String[] args, int i, String flag) throws SpecException {
        if (i >= args.length) {
            throw new SpecException(flag + " needs a value; " + USAGE);
        }
        return args[i];
    }
}
