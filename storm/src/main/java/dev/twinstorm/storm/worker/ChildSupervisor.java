package dev.twinstorm.storm.worker;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.storm.Config;
import org.apache.storm.metric.api.IMetric;
import org.apache.storm.metric.api.rpc.IShellMetric;
import org.apache.storm.task.IErrorReporter;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.utils.ConfigUtils;
import org.apache.storm.utils.ObjectReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What TwinstormBolt and TwinstormSpout keep of ShellBolt/ShellSpout's supervision: the subprocess timeout
 * (topology.subprocess.timeout.secs, else supervisor.worker.timeout.secs) checked every second, the child's death
 * or a protocol error halting the worker with exit code 11 (Storm restarts it; in local mode the component throws
 * instead), and the child's log, error and metrics commands reaching Storm's log, UI and metrics.
 */
final class ChildSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(ChildSupervisor.class);
    /** ShellBolt's and ShellSpout's exit code when their child dies. */
    static final int EXIT_CODE = 11;

    private final ChildProcess child;
    private final IErrorReporter reporter;
    private final TopologyContext context;
    private final String who;
    private final boolean localMode;
    private final long timeoutMs;
    private final ScheduledExecutorService timer;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    ChildSupervisor(ChildProcess child, IErrorReporter reporter, Map<String, Object> conf, TopologyContext context) {
        this.child = child;
        this.reporter = reporter;
        this.context = context;
        this.who = context.getThisComponentId() + ":" + context.getThisTaskId();
        this.localMode = ConfigUtils.isLocalMode(conf);
        Object timeout = conf.containsKey(Config.TOPOLOGY_SUBPROCESS_TIMEOUT_SECS)
            ? conf.get(Config.TOPOLOGY_SUBPROCESS_TIMEOUT_SECS)
            : conf.get(Config.SUPERVISOR_WORKER_TIMEOUT_SECS);
        this.timeoutMs = 1000L * ObjectReader.getInt(timeout, 30);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "twinstorm-heartbeat-" + who);
            t.setDaemon(true);
            return t;
        });
    }

    /** Every second: the child dies if {@code waiting} and it has been silent past the timeout; else {@code tick} runs. */
    void everySecond(BooleanSupplier waiting, Runnable tick) {
        timer.scheduleAtFixedRate(() -> {
            if (waiting.getAsBoolean() && System.currentTimeMillis() - child.lastHeard() > timeoutMs) {
                die(new IOException("subprocess heartbeat timeout: the child sent nothing for " + timeoutMs + " ms"));
            } else {
                tick.run();
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Throws the failure that ended the child, if any (the executor calls this before each use). */
    void check() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    /** The child died or broke the protocol: report it, log it, and halt the worker as ShellBolt does. */
    void die(Throwable cause) {
        if (failure != null) {
            return;
        }
        String info = child.describe();
        failure = new RuntimeException("twinstorm: the child of " + who + " failed (" + info + ")", cause);
        if (!running) {
            return;
        }
        LOG.error("Halting process: twinstorm child of {} died. {}", who, info, cause);
        reporter.reportError(failure);
        if (!localMode) {
            System.exit(EXIT_CODE);
        }
    }

    /** Stops the timer and the child (cleanup / close). */
    void stop() {
        running = false;
        timer.shutdownNow();
        child.destroy();
    }

    /** A `log` command: Storm's log at the child's level (0 trace … 4 error, default info). */
    void log(Map<String, Object> msg) throws IOException {
        String text = ChildMessage.string(msg, "msg");
        int level = msg.get("level") instanceof Number n ? n.intValue() : 2;
        switch (level) {
            case 0 -> LOG.trace("{}: {}", who, text);
            case 1 -> LOG.debug("{}: {}", who, text);
            case 3 -> LOG.warn("{}: {}", who, text);
            case 4 -> LOG.error("{}: {}", who, text);
            default -> LOG.info("{}: {}", who, text);
        }
    }

    /** An `error` command: shown in Storm's UI and logs as ShellBolt shows it. */
    void error(Map<String, Object> msg) throws IOException {
        reporter.reportError(new Exception("Shell Process Exception: " + ChildMessage.string(msg, "msg")));
    }

    /** A `metrics` command: updates the IShellMetric registered under its name, as ShellBolt does. */
    void metrics(Map<String, Object> msg) throws Exception {
        String name = ChildMessage.string(msg, "name");
        if (name == null || name.isEmpty()) {
            throw new IOException("multilang: a metrics command needs a non-empty \"name\"");
        }
        IMetric metric = context.getRegisteredMetricByName(name);
        if (!(metric instanceof IShellMetric shellMetric)) {
            throw new IOException("multilang: metric \"" + name + "\" is " + (metric == null ? "not registered" : "not an IShellMetric"));
        }
        shellMetric.updateMetricFromRPC(msg.get("params"));
    }
}
