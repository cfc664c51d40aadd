package org.kizashi.core.telescope;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.kizashi.core.net.IpAddress;

/**
 * New or suddenly grown activity on one port (like 2323/tcp in September 2016): in the interval [start, end) the
 * series' {@code metric} reached {@code observed}, {@code factor} times its robust baseline.
 *
 * @param metric        "sources" (distinct source addresses) or "packets"
 * @param baseline      the expected value (median of the recent intervals; 0 when the port was silent)
 * @param factor        observed over baseline; when the baseline is 0, observed over 1
 * @param topCountries  source countries with the most sources in the interval, most first
 * @param sampleSources some sources seen in the interval
 */
public record PortSurge(ProtocolPort port, Instant start, Instant end, String metric, long observed, double baseline,
                        double factor, List<String> topCountries, List<IpAddress> sampleSources)
        implements TelescopeAlert {
    public PortSurge {
        Objects.requireNonNull(port, "port");
        topCountries = List.copyOf(topCountries);
        sampleSources = List.copyOf(sampleSources);
    }

    @Override
    public String kind() {
        return "surge";
    }
}
