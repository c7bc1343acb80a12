package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.upstream.UpstreamListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;

/**
 * What the bridge server counts, in a Prometheus registry of its own, written in the Prometheus text format by the
 * Prometheus Java client: requests by kind of file and status, bytes served, upstream requests, bytes, retries and
 * failures, refusals by reason, the disk cache, downloads in flight and the requests waiting on them.
 */
public final class BridgeMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder().name("slurm_bridge_requests")
            .help("Requests answered, by kind of file and status").labelNames("kind", "status").register(registry);
    private final Counter served = Counter.builder().name("slurm_bridge_served_bytes")
            .help("Response body bytes sent, by kind of file").labelNames("kind").register(registry);
    private final Counter refusals = Counter.builder().name("slurm_bridge_refusals")
            .help("Builds refused, by reason (BAD_SIGNATURE, UNTRUSTED_KEY, ROLLBACK, ...)").labelNames("reason")
            .register(registry);
    private final Counter upstreamRequests = Counter.builder().name("slurm_bridge_upstream_requests")
            .help("Requests to the Slurm cache, by what was asked").labelNames("what").register(registry);
    private final Counter upstreamFailures = Counter.builder().name("slurm_bridge_upstream_failures")
            .help("Requests to the Slurm cache that failed after their retries, by what was asked").labelNames("what")
            .register(registry);
    private final Counter upstreamBytes = Counter.builder().name("slurm_bridge_upstream_bytes")
            .help("Tarball bytes read from the Slurm cache").register(registry);
    private final Counter upstreamRetries = Counter.builder().name("slurm_bridge_upstream_retries")
            .help("Upstream requests tried again after a failure").register(registry);

    /** The Prometheus text format's media type. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Writes every metric, in the Prometheus text format. */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** Counts retries: give it to the upstream client. */
    public UpstreamListener upstreamListener() {
        return new UpstreamListener() {
            @Override
            public void retrying(URI url, String reason, int attempt, long delayMillis) {
                upstreamRetries.inc();
            }
        };
    }

    /** The disk cache's gauges and evictions, and the downloads of {@code store}. */
    void watch(TarballStore store) {
        GaugeWithCallback.builder().name("slurm_bridge_cache_bytes").help("Bytes of tarballs in the disk cache")
                .callback(cb -> cb.call(usage(store).bytes())).register(registry);
        GaugeWithCallback.builder().name("slurm_bridge_cache_entries").help("Builds in the disk cache")
                .callback(cb -> cb.call(usage(store).entries())).register(registry);
        CounterWithCallback.builder().name("slurm_bridge_cache_evictions")
                .help("Builds removed from the disk cache to stay within its size")
                .callback(cb -> cb.call(store.evictions())).register(registry);
        GaugeWithCallback.builder().name("slurm_bridge_downloads_in_flight").help("Upstream tarball downloads running")
                .callback(cb -> cb.call(store.downloadsInFlight())).register(registry);
        GaugeWithCallback.builder().name("slurm_bridge_clients_waiting")
                .help("Requests waiting for a tarball download to finish")
                .callback(cb -> cb.call(store.clientsWaiting())).register(registry);
    }

    private static TarballStore.Usage usage(TarballStore store) {
        try {
            return store.usage();
        } catch (IOException e) {
            return new TarballStore.Usage(0, 0, 0);
        }
    }

    void request(String kind, int status, long bytes) {
        requests.labelValues(kind, Integer.toString(status)).inc();
        served.labelValues(kind).inc(bytes);
    }

    void refused(String reason) {
        refusals.labelValues(reason).inc();
    }

    void upstreamRequest(String what) {
        upstreamRequests.labelValues(what).inc();
    }

    void upstreamFailure(String what) {
        upstreamFailures.labelValues(what).inc();
    }

    void upstreamBytes(long bytes) {
        upstreamBytes.inc(bytes);
    }
}
