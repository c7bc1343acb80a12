package ai.vantage.maven.slurm.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamListenerTest {

    private static final URI URL = URI.create("https://cache.test/noble/25.11/x.tar.gz");

    @Test
    void loggingSaysEachEventInOneLineAfterTellingTheOtherListener() {
        List<String> told = new ArrayList<>();
        List<String> logged = new ArrayList<>();
        UpstreamListener metrics = new UpstreamListener() {
            @Override
            public void retrying(URI url, String reason, int attempt, long delayMillis) {
                told.add("retrying " + attempt);
            }

            @Override
            public void failover(URI base, String reason) {
                told.add("failover");
            }
        };
        UpstreamListener listener = UpstreamListener.logging(logged::add, metrics);

        listener.retrying(URL, "HTTP 503", 1, 250);
        listener.resuming(URL, 4096);
        listener.failover(URI.create("https://cache.test/"), "connection refused");

        assertEquals(List.of("retrying 1", "failover"), told);
        assertEquals(List.of(URL + " failed (HTTP 503); retry 1 in 250 ms",
                "Download of " + URL + " broke off after 4096 bytes; resuming with a Range request",
                "Slurm cache https://cache.test/ is unreachable (connection refused); using the next base URL"), logged);
    }
}
