package org.kizashi.active.notify;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kizashi.active.hits.BlockEvent;
import org.kizashi.active.hits.SinkholeDetail;

/**
 * Writes events as rows of Shadowserver's sinkhole report, so that an ISP already reading Shadowserver's daily files
 * reads ours with the same tools. Only what the platform knows is filled in; the rest stays empty as in Shadowserver's
 * own files when a value is unknown.
 */
final class SinkholeCsvWriter {
    /** The event4_sinkhole (and event6_sinkhole) columns in Shadowserver's order. */
    static final List<String> COLUMNS = List.of("timestamp", "protocol", "src_ip", "src_port", "src_asn", "src_geo",
            "src_region", "src_city", "src_hostname", "src_naics", "src_sector", "device_vendor", "device_type",
            "device_model", "severity", "dst_ip", "dst_port", "dst_asn", "dst_geo", "dst_region", "dst_city",
            "dst_hostname", "dst_naics", "dst_sector", "public_source", "infection", "family", "tag", "application",
            "version", "event_id", "ssl_cipher", "ssl_servername", "machine_name");

    /**
     * A host whose malware reached a sinkhole or asked for a C&amp;C name is infected whatever else is known: the
     * highest of the values the reports use (high, medium, low, info).
     */
    static final String SEVERITY = "high";

    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private static final String CRLF = "\r\n";

    private SinkholeCsvWriter() {
    }

    /** The whole file: header and one row per event, in the order given. */
    static String write(Collection<BlockEvent> events) {
        StringBuilder out = new StringBuilder();
        appendRecord(out, COLUMNS);
        for (BlockEvent event : events) {
            appendRecord(out, row(event));
        }
        return out.toString();
    }

    static List<String> row(BlockEvent event) {
        Map<String, String> fields = new HashMap<>();
        fields.put("timestamp", TIMESTAMP.format(event.time()));
        fields.put("src_ip", event.client().toString());
        fields.put("severity", SEVERITY);
        fields.put("dst_hostname", event.queryName());
        fields.put("public_source", event.list());
        if (event.sinkhole().isPresent()) {
            SinkholeDetail d = event.sinkhole().get();
            fields.put("protocol", d.protocol());
            fields.put("src_port", positive(d.sourcePort()));
            fields.put("src_asn", positive(d.sourceAsn()));
            fields.put("dst_ip", d.destination().map(Object::toString).orElse(""));
            fields.put("dst_port", positive(d.destinationPort()));
            fields.put("infection", d.infection());
            fields.put("family", d.family());
            fields.put("tag", d.tag());
        } else {
            // A resolver kept the host from a listed name: the evidence is the DNS question itself.
            fields.put("application", "dns");
            fields.put("tag", event.action());
        }
        List<String> row = new ArrayList<>(COLUMNS.size());
        for (String column : COLUMNS) {
            row.add(fields.getOrDefault(column, ""));
        }
        return row;
    }

    private static String positive(long value) {
        return value > 0 ? Long.toString(value) : "";
    }

    private static void appendRecord(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quoted(fields.get(i)));
        }
        out.append(CRLF);
    }

    /**
     * RFC 4180: a field with a comma, a quote or a line break is quoted and its quotes doubled. Line breaks and other
     * control characters become spaces first, since many readers of these files go line by line.
     */
    static String quoted(String field) {
        StringBuilder clean = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            clean.append(Character.isISOControl(c) ? ' ' : c);
        }
        String text = clean.toString();
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
