package dev.twinstorm.storm.submit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.storm.generated.BoltStats;
import org.apache.storm.generated.ErrorInfo;
import org.apache.storm.generated.ExecutorStats;
import org.apache.storm.generated.ExecutorSummary;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.Nimbus;
import org.apache.storm.generated.SpoutStats;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.generated.TopologyInfo;
import org.apache.storm.generated.TopologySummary;
import org.apache.storm.thrift.TException;

/**
 * One topology's status as JSON-ready maps, from Nimbus's TopologyInfo: per component (and per task) executed, emitted,
 * transferred, acked, failed, latencies and last errors, all-time window, Storm's system streams ("__"-prefixed, e.g.
 * __ack_init, __ack_ack, __metrics, __tick, __system) and system components (__acker, __system...) left out, as the
 * Storm UI does by default. Works against a remote Nimbus or a LocalCluster (both are Nimbus.Iface).
 */
public final class TopologyStatus {
    /** Storm's all-time stats window key. */
    public static final String ALL_TIME = ":all-time";

    private TopologyStatus() {
    }

    /** The status of the topology named {@code name}; NotAliveException when it is not running. */
    public static Map<String, Object> of(Nimbus.Iface nimbus, String name) throws TException {
        TopologySummary summary = nimbus.getTopologySummaryByName(name);
        String id = summary.get_id();
        return build(summary, nimbus.getTopologyInfo(id), nimbus.getUserTopology(id));
    }

    /** A topology as Nimbus lists it: one row of {@code list}, and the head of {@code status}. */
    static Map<String, Object> summary(TopologySummary summary) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", summary.get_name());
        out.put("id", summary.get_id());
        out.put("status", summary.get_status());
        out.put("uptimeSecs", summary.get_uptime_secs());
        out.put("workers", summary.get_num_workers());
        out.put("executors", summary.get_num_executors());
        out.put("tasks", summary.get_num_tasks());
        return out;
    }

    /** The status from what Nimbus returned (package-private for tests). */
    static Map<String, Object> build(TopologySummary summary, TopologyInfo info, StormTopology topology) {
        Map<String, Object> out = summary(summary);
        out.put("stormVersion", summary.get_storm_version());
        List<Object> components = new ArrayList<>();
        for (String c : new TreeSet<>(topology.get_spouts().keySet())) {
            components.add(component(c, "spout", info));
        }
        for (String c : new TreeSet<>(topology.get_bolts().keySet())) {
            components.add(component(c, "bolt", info));
        }
        out.put("components", components);
        return out;
    }

    /** Whether a stream or component id is Storm's own (Utils.isSystemId). */
    public static boolean isSystem(String id) {
        return id != null && id.startsWith("__");
    }

    private static Map<String, Object> component(String id, String type, TopologyInfo info) {
        List<ExecutorSummary> executors = new ArrayList<>();
        for (ExecutorSummary e : info.get_executors()) {
            if (id.equals(e.get_component_id())) {
                executors.add(e);
            }
        }
        executors.sort(Comparator.comparingInt(e -> e.get_executor_info().get_task_start()));
        List<Integer> taskIds = new ArrayList<>();
        for (ExecutorSummary e : executors) {
            for (int t = e.get_executor_info().get_task_start(); t <= e.get_executor_info().get_task_end(); t++) {
                taskIds.add(t);
            }
        }
        Counts total = new Counts();
        Map<String, Object> taskStats = new LinkedHashMap<>();
        for (ExecutorSummary e : executors) {
            Counts c = Counts.of(e.get_stats());
            total.add(c);
            int start = e.get_executor_info().get_task_start();
            int end = e.get_executor_info().get_task_end();
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("taskIndex", taskIds.indexOf(start));
            t.put("host", e.get_host());
            t.put("port", e.get_port());
            t.put("uptimeSecs", e.get_uptime_secs());
            c.put(t, type);
            taskStats.put(start == end ? Integer.toString(start) : start + "-" + end, t);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("type", type);
        out.put("executors", executors.size());
        out.put("tasks", taskIds.size());
        total.put(out, type);
        out.put("errors", errors(info.get_errors() == null ? null : info.get_errors().get(id)));
        out.put("taskStats", taskStats);
        return out;
    }

    private static List<Object> errors(List<ErrorInfo> errors) {
        List<Object> out = new ArrayList<>();
        if (errors == null) {
            return out;
        }
        List<ErrorInfo> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(ErrorInfo::get_error_time_secs).reversed());
        for (ErrorInfo e : sorted) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", e.get_error_time_secs());
            m.put("host", e.get_host());
            m.put("port", e.get_port());
            m.put("message", e.get_error());
            out.add(m);
        }
        return out;
    }

    /** The counters of one executor or a sum of them; latencies kept as weighted sums. */
    private static final class Counts {
        long executed;
        long emitted;
        long transferred;
        long acked;
        long failed;
        double completeWeighted;
        long completeWeight;
        double executeWeighted;
        long executeWeight;
        double processWeighted;
        long processWeight;

        static Counts of(ExecutorStats stats) {
            Counts c = new Counts();
            if (stats == null) {
                return c;
            }
            c.emitted = sumStreams(window(stats.get_emitted()));
            c.transferred = sumStreams(window(stats.get_transferred()));
            if (stats.get_specific() == null) {
                return c;
            }
            if (stats.get_specific().is_set_spout()) {
                SpoutStats s = stats.get_specific().get_spout();
                Map<String, Long> acked = window(s.get_acked());
                c.acked = sumStreams(acked);
                c.failed = sumStreams(window(s.get_failed()));
                for (Map.Entry<String, Double> e : window(s.get_complete_ms_avg()).entrySet()) {
                    long n = acked.getOrDefault(e.getKey(), 0L);
                    if (!isSystem(e.getKey()) && n > 0) {
                        c.completeWeighted += e.getValue() * n;
                        c.completeWeight += n;
                    }
                }
            } else if (stats.get_specific().is_set_bolt()) {
                BoltStats b = stats.get_specific().get_bolt();
                Map<GlobalStreamId, Long> executed = window(b.get_executed());
                Map<GlobalStreamId, Long> acked = window(b.get_acked());
                c.executed = sumInputs(executed);
                c.acked = sumInputs(acked);
                c.failed = sumInputs(window(b.get_failed()));
                for (Map.Entry<GlobalStreamId, Double> e : window(b.get_execute_ms_avg()).entrySet()) {
                    long n = executed.getOrDefault(e.getKey(), 0L);
                    if (!isSystem(e.getKey().get_streamId()) && n > 0) {
                        c.executeWeighted += e.getValue() * n;
                        c.executeWeight += n;
                    }
                }
                for (Map.Entry<GlobalStreamId, Double> e : window(b.get_process_ms_avg()).entrySet()) {
                    long n = acked.getOrDefault(e.getKey(), 0L);
                    if (!isSystem(e.getKey().get_streamId()) && n > 0) {
                        c.processWeighted += e.getValue() * n;
                        c.processWeight += n;
                    }
                }
            }
            return c;
        }

        void add(Counts o) {
            executed += o.executed;
            emitted += o.emitted;
            transferred += o.transferred;
            acked += o.acked;
            failed += o.failed;
            completeWeighted += o.completeWeighted;
            completeWeight += o.completeWeight;
            executeWeighted += o.executeWeighted;
            executeWeight += o.executeWeight;
            processWeighted += o.processWeighted;
            processWeight += o.processWeight;
        }

        void put(Map<String, Object> out, String type) {
            boolean spout = "spout".equals(type);
            out.put("executed", spout ? null : executed);
            out.put("emitted", emitted);
            out.put("transferred", transferred);
            out.put("acked", acked);
            out.put("failed", failed);
            if (spout) {
                out.put("completeLatencyMs", avg(completeWeighted, completeWeight));
            } else {
                out.put("executeLatencyMs", avg(executeWeighted, executeWeight));
                out.put("processLatencyMs", avg(processWeighted, processWeight));
            }
        }

        private static Double avg(double weighted, long weight) {
            return weight == 0 ? null : Math.round(weighted / weight * 1000.0) / 1000.0;
        }

        private static <K, V> Map<K, V> window(Map<String, Map<K, V>> byWindow) {
            if (byWindow == null) {
                return new TreeMap<>();
            }
            Map<K, V> m = byWindow.get(ALL_TIME);
            return m == null ? new LinkedHashMap<>() : m;
        }

        private static long sumStreams(Map<String, Long> byStream) {
            long sum = 0;
            for (Map.Entry<String, Long> e : byStream.entrySet()) {
                if (!isSystem(e.getKey()) && e.getValue() != null) {
                    sum += e.getValue();
                }
            }
            return sum;
        }

        private static long sumInputs(Map<GlobalStreamId, Long> byInput) {
            long sum = 0;
            for (Map.Entry<GlobalStreamId, Long> e : byInput.entrySet()) {
                if (!isSystem(e.getKey().get_streamId()) && e.getValue() != null) {
                    sum += e.getValue();
                }
            }
            return sum;
        }
    }
}
