package org.kizashi.server.telescope;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kizashi.aggregate.DarknetAggregatorConfig;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.core.net.OrganisationNetwork;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.telescope.analyze.AnalysisSettings;
import org.kizashi.telescope.analyze.DarknetSpace;
import org.kizashi.telescope.analyze.TelescopeAnalysis;
import org.kizashi.telescope.capture.CaptureReader;
import org.kizashi.telescope.capture.LinkType;
import org.kizashi.telescope.capture.PacketBuilder;
import org.kizashi.telescope.capture.PcapWriter;
import org.kizashi.telescope.enrich.SourceEnricher;
import org.kizashi.telescope.report.LiveSampler;
import org.kizashi.telescope.report.SensorReport;

/**
 * Sensor reports for tests, made the way a sensor makes them: a small capture built with {@link PacketBuilder}, run
 * through {@link TelescopeAnalysis}. In the 20 minutes after {@code start}, to the darknet 192.0.2.0/24:
 *
 * <ul>
 *   <li>{@link #MIRAI_SOURCES} sources send a Mirai SYN each to 23/tcp (country CN by the test enricher);</li>
 *   <li>5 sources send 4 SYNs each to 445/tcp (country BR);</li>
 *   <li>10 UDP packets to 53/udp from one source;</li>
 *   <li>{@link #DOS_PACKETS} SYN-ACKs from {@link #DOS_VICTIM}:80 over 90 seconds (backscatter: a DoS alert);</li>
 *   <li>{@link #INFECTED_PACKETS} SYNs to 2323/tcp from {@link #INFECTED_HOST}, in the range {@link #ORGANISATION_RANGE}
 *       that the sensor attributes to organisation {@link #SENSOR_ORGANISATION_ID} (a DAEDALUS alert);</li>
 *   <li>3 packets to addresses outside the darknet.</li>
 * </ul>
 */
public final class TestReports {
    public static final IpPrefix DARKNET = IpPrefix.parse("192.0.2.0/24");
    public static final IpPrefix ORGANISATION_RANGE = IpPrefix.parse("198.51.100.0/24");
    public static final String INFECTED_HOST = "198.51.100.23";
    public static final String DOS_VICTIM = "73.158.201.12";
    public static final long SENSOR_ORGANISATION_ID = 999;
    public static final int MIRAI_SOURCES = 40;
    public static final int DOS_PACKETS = 60;
    public static final int INFECTED_PACKETS = 6;
    /** Darknet packets in one report. */
    public static final int DARKNET_PACKETS = MIRAI_SOURCES + 20 + 10 + DOS_PACKETS + INFECTED_PACKETS;

    private TestReports() {
    }

    /** Countries by first octet: 61.x is CN, 177.x is BR, the rest unknown. */
    public static final SourceEnricher ENRICHER = new SourceEnricher() {
        @Override
        public String country(long high, long low) {
            int first = (int) ((low >>> 24) & 0xff);
            return first == 61 ? "CN" : first == 177 ? "BR" : "";
        }

        @Override
        public long asn(long high, long low) {
            return 0;
        }
    };

    public static SensorReport report(String sensor, Instant start) {
        return report(sensor, start, DarknetAggregatorConfig.defaults());
    }

    public static SensorReport report(String sensor, Instant start, DarknetAggregatorConfig aggregation) {
        byte[] capture = capture(start);
        AnalysisSettings settings = AnalysisSettings.defaults()
                .withDarknet(DarknetSpace.of(List.of(DARKNET)))
                .withEnricher(ENRICHER)
                .withAggregation(aggregation)
                .withOrganisationNetworks(List.of(new OrganisationNetwork(1, SENSOR_ORGANISATION_ID,
                        ORGANISATION_RANGE, "sensor's view")));
        List<TelescopeAlert> alerts = new ArrayList<>();
        TelescopeAnalysis analysis = new TelescopeAnalysis(settings, alerts::add);
        LiveSampler sampler = new LiveSampler(50, 7);
        analysis.tap(sampler::offer);
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(capture), "test capture")) {
            reader.read(analysis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        analysis.finish();
        return new SensorReport(sensor, start, start.plusSeconds(20 * 60), analysis.counts(),
                analysis.takeAccumulator(), alerts, sampler.drain());
    }

    static byte[] capture(Instant start) {
        long t0 = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter w = PcapWriter.open(bytes, LinkType.ETHERNET)) {
            long second = 1_000_000_000L;
            for (int i = 0; i < MIRAI_SOURCES; i++) {
                int host = 1 + i;
                w.write(t0 + i * 5 * second, PacketBuilder.tcp().src("61.177.10." + (i + 1), 40000 + i)
                        .dst("192.0.2." + host, 23).syn().seq((192L << 24) | (2 << 8) | host).ethernet());
            }
            for (int i = 0; i < 20; i++) {
                w.write(t0 + (200 + i) * second, PacketBuilder.tcp().src("177.20.0." + (1 + i % 5), 50000 + i)
                        .dst("192.0.2." + (100 + i), 445).syn().seq(1000 + i).ethernet());
            }
            for (int i = 0; i < 10; i++) {
                w.write(t0 + (300 + i) * second, PacketBuilder.udp().src("45.33.1.1", 5353)
                        .dst("192.0.2.7", 53).payload(20).ethernet());
            }
            for (int i = 0; i < DOS_PACKETS; i++) {
                w.write(t0 + 400 * second + i * (90 * second / DOS_PACKETS), PacketBuilder.tcp()
                        .src(DOS_VICTIM, 80).dst("192.0.2." + (i % 250 + 1), 1024 + i).synAck().seq(i).ack(i + 1)
                        .ethernet());
            }
            for (int i = 0; i < INFECTED_PACKETS; i++) {
                w.write(t0 + (600 + i * 10) * second, PacketBuilder.tcp().src(INFECTED_HOST, 33000 + i)
                        .dst("192.0.2." + (200 + i), 2323).syn().seq(7 + i).ethernet());
            }
            for (int i = 0; i < 3; i++) {
                w.write(t0 + (700 + i) * second, PacketBuilder.udp().src("192.0.2.1", 123)
                        .dst("203.0.113." + (1 + i), 123).payload(48).ethernet());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
