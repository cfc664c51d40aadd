package org.kizashi.geodata.mmdb;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Build-time tool: turns CSV lists of address ranges and their autonomous systems
 * ({@code first,last,autonomous_system_number,autonomous_system_organization}, as the {@code @ip-location-db/asn}
 * package has them, IPv4 and IPv6 rows alike) into one IPv6 MaxMind DB with the GeoLite2-ASN record layout
 * ({@code autonomous_system_number} as uint32, {@code autonomous_system_organization}). Rows with AS number 0 (not
 * announced) are left out. Adjacent rows of the same AS are joined before the ranges are split into networks.
 *
 * <pre>
 * java org.kizashi.geodata.mmdb.AsnCsvToMmdb --out asn.mmdb [--stamp FILE] [--type T] [--description TEXT]
 *     [--build-time V] a.csv...
 * </pre>
 * {@code --build-time} takes a {@code yyyyMMddHH} stamp, or a version whose last dot-separated part is one (such as
 * {@code 2.3.2026061719}), so that the same input gives the same file. With {@code --stamp}, the conversion is
 * skipped when the output exists and the stamp file says it was made from the same arguments, inputs and tool.
 */
public final class AsnCsvToMmdb {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHH");

    private AsnCsvToMmdb() {
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        Path stamp = null;
        String type = "ASN";
        String description = null;
        Long buildEpoch = null;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--stamp" -> stamp = Path.of(args[++i]);
                case "--type" -> type = args[++i];
                case "--description" -> description = args[++i];
                case "--build-time" -> buildEpoch = parseBuildTime(args[++i]);
                default -> inputs.add(Path.of(args[i]));
            }
        }
        if (out == null || inputs.isEmpty()) {
            System.err.println("usage: AsnCsvToMmdb --out FILE [--stamp FILE] [--type T] [--description TEXT] [--build-time V] CSV...");
            System.exit(2);
            return;
        }
        String signature = signature(args, inputs);
        if (stamp != null && Files.isRegularFile(out) && Files.isRegularFile(stamp)
                && Files.readString(stamp, StandardCharsets.UTF_8).equals(signature)) {
            System.out.println("[geodata] " + out.getFileName() + " is up to date");
            return;
        }
        long started = System.nanoTime();
        MmdbWriter writer = new MmdbWriter(6, type);
        if (description != null) {
            writer.description("en", description);
        }
        if (buildEpoch != null) {
            writer.buildEpoch(buildEpoch);
        }
        int rows = 0;
        for (Path input : inputs) {
            rows += convert(input, writer);
        }
        writer.write(out);
        if (stamp != null) {
            Files.writeString(stamp, signature, StandardCharsets.UTF_8);
        }
        System.out.printf("[geodata] %s: %,d rows, %,d bytes, %d ms%n", out.getFileName(), rows, Files.size(out),
            (System.nanoTime() - started) / 1_000_000);
    }

    /** Adds the rows of one CSV file to the writer and returns how many it had. */
    public static int convert(Path csv, MmdbWriter writer) throws IOException {
        int rows = 0;
        Pending pending = null;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = fields(line);
                if (f.size() < 3) {
                    throw new IOException(csv + ":" + lineNumber + ": expected first,last,asn[,organisation]");
                }
                long asn;
                try {
                    asn = Long.parseLong(f.get(2).trim());
                } catch (NumberFormatException e) {
                    if (lineNumber == 1) {
                        continue; // a header line
                    }
                    throw new IOException(csv + ":" + lineNumber + ": bad AS number '" + f.get(2) + "'");
                }
                rows++;
                if (asn <= 0 || asn > 0xffff_ffffL) {
                    continue;
                }
                String organisation = f.size() > 3 ? f.get(3).trim() : "";
                InetAddress first = InetAddress.getByName(f.get(0).trim()); // literals only: no name look-up
                InetAddress last = InetAddress.getByName(f.get(1).trim());
                if (pending != null && pending.joins(first, asn, organisation)) {
                    pending.last = last;
                    continue;
                }
                if (pending != null) {
                    pending.insertInto(writer);
                }
                pending = new Pending(first, last, asn, organisation);
            }
        }
        if (pending != null) {
            pending.insertInto(writer);
        }
        return rows;
    }

    private static final class Pending {
        final InetAddress first;
        InetAddress last;
        final long asn;
        final String organisation;

        Pending(InetAddress first, InetAddress last, long asn, String organisation) {
            this.first = first;
            this.last = last;
            this.asn = asn;
            this.organisation = organisation;
        }

        boolean joins(InetAddress next, long nextAsn, String nextOrganisation) {
            return nextAsn == asn && nextOrganisation.equals(organisation)
                && next.getClass() == last.getClass()
                && new BigInteger(1, last.getAddress()).add(BigInteger.ONE).equals(new BigInteger(1, next.getAddress()));
        }

        void insertInto(MmdbWriter writer) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("autonomous_system_number", asn);
            if (!organisation.isEmpty()) {
                data.put("autonomous_system_organization", organisation);
            }
            writer.insertRange(first, last, data);
        }
    }

    /** Splits a CSV line; fields may be quoted, with "" for a quote inside. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>(4);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }

    static long parseBuildTime(String value) {
        String stamp = value.substring(value.lastIndexOf('.') + 1);
        return LocalDateTime.parse(stamp, STAMP).toEpochSecond(ZoneOffset.UTC);
    }

    /**
     * What the output was made from: the arguments (which name the package version), and the size and time of each
     * input and of this tool's classes. The unpacked CSV files keep the archive's fixed times, so times alone would
     * not notice a new version.
     */
    private static String signature(String[] args, List<Path> inputs) throws IOException {
        StringBuilder b = new StringBuilder(String.join("\n", args)).append('\n');
        List<Path> sources = new ArrayList<>(inputs);
        for (Class<?> c : new Class<?>[] {AsnCsvToMmdb.class, MmdbWriter.class}) {
            URL url = c.getResource(c.getSimpleName() + ".class");
            if (url != null && "file".equals(url.getProtocol())) {
                try {
                    sources.add(Path.of(url.toURI()));
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
            }
        }
        for (Path source : sources) {
            b.append(source.toAbsolutePath()).append(' ').append(Files.size(source)).append(' ')
                .append(Files.getLastModifiedTime(source).toMillis()).append('\n');
        }
        return b.toString();
    }

}
