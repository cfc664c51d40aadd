package org.kizashi.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kizashi.aggregate.DarknetSummary;
import org.kizashi.aggregate.SeriesKey;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DosAttack;
import org.kizashi.core.telescope.InfectedHost;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.core.telescope.PortSurge;
import org.kizashi.core.telescope.Protocols;
import org.kizashi.core.telescope.TelescopeAlert;

/**
 * The JSON report of `telescope analyze` (the documented contract: docs/capabilities/telescope.md). Field names are
 * snake_case; times are ISO-8601 UTC; counts are integers.
 */
final class AnalysisJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AnalysisJson() {
    }

    static String write(AnalysisReport report, Map<Long, String> organisationNames) {
        try {
            return MAPPER.writeValueAsString(tree(report, organisationNames));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report could not be serialised", e);
        }
    }

    static Map<String, Object> tree(AnalysisReport report, Map<Long, String> organisationNames) {
        DarknetSummary s = report.summary();
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> files = new ArrayList<>();
        for (TelescopeAnalyzeCommand.FileOutcome f : report.files()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", f.file());
            m.put("frames", f.frames());
            m.put("complete", f.error() == null);
            if (f.error() != null) {
                m.put("error", f.error());
                if (f.errorOffset() >= 0) {
                    m.put("error_offset", f.errorOffset());
                }
            }
            files.add(m);
        }
        root.put("files", files);
        root.put("darknet", report.darknet().isEverything() ? List.of()
                : report.darknet().prefixes().stream().map(Object::toString).toList());
        root.put("first_packet", time(s.firstPacket()));
        root.put("last_packet", time(s.lastPacket()));

        Map<String, Object> packets = new LinkedHashMap<>();
        packets.put("total", report.counts().total());
        packets.put("darknet", report.counts().darknet());
        packets.put("not_darknet", report.counts().notDarknet());
        packets.put("malformed", report.counts().malformed());
        Map<String, Object> byClass = new LinkedHashMap<>();
        for (PacketClass c : PacketClass.values()) {
            byClass.put(c.id(), s.byClass().get(c).packets());
        }
        packets.put("by_class", byClass);
        Map<String, Object> byTag = new LinkedHashMap<>();
        for (PacketTag t : PacketTag.values()) {
            byTag.put(t.id(), s.byTag().get(t).packets());
        }
        packets.put("by_tag", byTag);
        root.put("packets", packets);
        root.put("bytes", s.totals().bytes());
        root.put("sources", s.totals().sources());
        root.put("destinations", s.totals().destinations());

        List<Object> ports = new ArrayList<>();
        for (DarknetSummary.TopEntry<SeriesKey.Port> e : s.top().ports()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("proto", Protocols.name(e.key().protocol()));
            m.put("port", e.key().port());
            m.put("packets", e.packets());
            m.put("sources", e.sources());
            ports.add(m);
        }
        root.put("top_ports", ports);
        List<Object> countries = new ArrayList<>();
        for (DarknetSummary.TopEntry<SeriesKey.Country> e : s.top().countries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("country", e.key().code());
            m.put("packets", e.packets());
            m.put("sources", e.sources());
            countries.add(m);
        }
        root.put("top_countries", countries);
        List<Object> asns = new ArrayList<>();
        for (DarknetSummary.TopEntry<SeriesKey.Asn> e : s.top().asns()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("asn", e.key().asn());
            m.put("packets", e.packets());
            m.put("sources", e.sources());
            asns.add(m);
        }
        root.put("top_asns", asns);
        root.put("dos_attacks", report.dosAttacks().stream().map(AnalysisJson::dos).toList());
        root.put("alerts", report.otherAlerts().stream().map(a -> alert(a, organisationNames)).toList());
        root.put("geolocation", report.geolocation());
        return root;
    }

    private static Map<String, Object> dos(DosAttack a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("victim", a.victim().toString());
        m.put("proto", a.protocolName());
        m.put("ports", a.ports());
        m.put("start", time(a.start()));
        m.put("end", time(a.end()));
        m.put("packets", a.packets());
        m.put("bytes", a.bytes());
        m.put("peak_ppm", Math.round(a.peakPerMinute() * 10) / 10.0);
        m.put("country", a.country());
        m.put("asn", a.asn());
        return m;
    }

    static Map<String, Object> alert(TelescopeAlert alert, Map<Long, String> organisationNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", alert.kind());
        m.put("start", time(alert.start()));
        m.put("end", time(alert.end()));
        switch (alert) {
            case PortSurge s -> {
                m.put("proto", s.port().protocolName());
                m.put("port", s.port().port());
                m.put("metric", s.metric());
                m.put("observed", s.observed());
                m.put("baseline", s.baseline());
                m.put("factor", Math.round(s.factor() * 10) / 10.0);
                m.put("top_countries", s.topCountries());
                m.put("sample_sources", s.sampleSources().stream().map(IpAddress::toString).toList());
            }
            case InfectedHost h -> {
                m.put("organisation", organisationNames.getOrDefault(h.organisationId(), String.valueOf(h.organisationId())));
                m.put("network", h.network());
                m.put("host", h.host().toString());
                m.put("packets", h.packets());
                m.put("ports", h.ports().stream().map(Object::toString).toList());
                m.put("tags", h.tags().stream().map(PacketTag::id).sorted().toList());
            }
            case DosAttack d -> m.putAll(dos(d));
        }
        return m;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
