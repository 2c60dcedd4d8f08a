package io.promptstudio.sync;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters and gauges of the running server, written as Prometheus text for {@code GET /metrics}. Rates such as
 * updates per second are computed by Prometheus from the counters ({@code rate(promptstudio_updates_received_total[1m])}).
 */
public final class ServerMetrics {

    /** Upper bounds of the storage-latency histogram, in seconds. */
    private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    public final LongAdder connectionsOpened = new LongAdder();
    public final AtomicLong connectionsOpen = new AtomicLong();
    public final LongAdder updatesReceived = new LongAdder();
    public final LongAdder updatesDelivered = new LongAdder();
    public final LongAdder updatesRefused = new LongAdder();
    public final LongAdder authFailures = new LongAdder();
    public final LongAdder rateLimited = new LongAdder();
    public final LongAdder protocolErrors = new LongAdder();
    public final LongAdder slowClientsClosed = new LongAdder();
    private final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BUCKETS.length];
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();
    private volatile LongSupplier documentsLoaded = () -> 0;

    public ServerMetrics() {
        for (int i = 0; i < latencyBuckets.length; i++) {
            latencyBuckets[i] = new LongAdder();
        }
    }

    public void documentsLoaded(LongSupplier gauge) {
        this.documentsLoaded = gauge;
    }

    public void storageCommitted(long nanos) {
        latencyCount.increment();
        latencyNanos.add(nanos);
        double seconds = nanos / 1e9;
        for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
            if (seconds <= LATENCY_BUCKETS[i]) {
                latencyBuckets[i].increment();
            }
        }
    }

    public String prometheusText() {
        StringBuilder out = new StringBuilder();
        gauge(out, "promptstudio_connections", "Open WebSocket connections.", connectionsOpen.get());
        counter(out, "promptstudio_connections_opened_total", "WebSocket connections accepted since start.", connectionsOpened.sum());
        gauge(out, "promptstudio_documents_loaded", "Documents held in memory.", documentsLoaded.getAsLong());
        counter(out, "promptstudio_updates_received_total", "Document updates received and stored.", updatesReceived.sum());
        counter(out, "promptstudio_updates_delivered_total", "Document updates sent to other connections.", updatesDelivered.sum());
        counter(out, "promptstudio_updates_refused_total", "Updates refused (read-only role, limits, storage failure).", updatesRefused.sum());
        counter(out, "promptstudio_auth_failures_total", "Refused tokens.", authFailures.sum());
        counter(out, "promptstudio_rate_limited_total", "Connections closed or refused by a rate limit.", rateLimited.sum());
        counter(out, "promptstudio_protocol_errors_total", "Connections closed for malformed frames.", protocolErrors.sum());
        counter(out, "promptstudio_slow_clients_closed_total", "Connections closed because they did not read.", slowClientsClosed.sum());
        String name = "promptstudio_storage_commit_seconds";
        out.append("# HELP ").append(name).append(" Time to commit one batch of updates.\n");
        out.append("# TYPE ").append(name).append(" histogram\n");
        for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
            out.append(name).append("_bucket{le=\"").append(LATENCY_BUCKETS[i]).append("\"} ").append(latencyBuckets[i].sum()).append('\n');
        }
        out.append(name).append("_bucket{le=\"+Inf\"} ").append(latencyCount.sum()).append('\n');
        out.append(name).append("_sum ").append(latencyNanos.sum() / 1e9).append('\n');
        out.append(name).append("_count ").append(latencyCount.sum()).append('\n');
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value).append('\n');
    }
}
