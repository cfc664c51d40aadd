package org.kizashi.server.telescope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates {@code web/static/geo/country-centroids.json}: for each ISO 3166-1 alpha-2 country code, the point the
 * live map draws its packets from. Run at development time, when the map data changes; the output is committed.
 *
 * <pre>
 * java -cp ... org.kizashi.server.telescope.CountryCentroids [iso_3166-1.json] [out]
 * </pre>
 *
 * The map's countries ({@code countries-110m.json}) are keyed by ISO 3166-1 numeric code; Debian's iso-codes package
 * ({@code /usr/share/iso-codes/json/iso_3166-1.json}) gives alpha-2 for each numeric code. The point is the centroid
 * of the country's largest polygon (so France is placed in Europe, not between Europe and Guiana), in longitude and
 * latitude, to a tenth of a degree. Small countries missing from the 1:110m data are placed at their capitals
 * ({@link #SMALL}).
 */
public final class CountryCentroids {
    static final Path MAP = Path.of("src/main/resources/web/static/geo/countries-110m.json");
    static final Path OUT = Path.of("src/main/resources/web/static/geo/country-centroids.json");
    static final Path ISO = Path.of("/usr/share/iso-codes/json/iso_3166-1.json");

    /** Countries and territories too small for the 1:110m map, at their capitals: {lon, lat}. */
    static final Map<String, double[]> SMALL = Map.ofEntries(
            Map.entry("SG", new double[] {103.8, 1.4}), Map.entry("HK", new double[] {114.2, 22.3}),
            Map.entry("MO", new double[] {113.5, 22.2}), Map.entry("BH", new double[] {50.6, 26.2}),
            Map.entry("MT", new double[] {14.5, 35.9}), Map.entry("MU", new double[] {57.5, -20.2}),
            Map.entry("MV", new double[] {73.5, 4.2}), Map.entry("AD", new double[] {1.5, 42.5}),
            Map.entry("LI", new double[] {9.5, 47.1}), Map.entry("MC", new double[] {7.4, 43.7}),
            Map.entry("SM", new double[] {12.4, 43.9}), Map.entry("BB", new double[] {-59.6, 13.1}),
            Map.entry("SC", new double[] {55.5, -4.6}), Map.entry("CV", new double[] {-23.5, 14.9}),
            Map.entry("WS", new double[] {-171.8, -13.8}), Map.entry("TO", new double[] {-175.2, -21.1}),
            Map.entry("GU", new double[] {144.8, 13.4}), Map.entry("BM", new double[] {-64.8, 32.3}),
            Map.entry("AW", new double[] {-70.0, 12.5}), Map.entry("CW", new double[] {-68.9, 12.1}),
            Map.entry("KY", new double[] {-81.4, 19.3}), Map.entry("GI", new double[] {-5.4, 36.1}),
            Map.entry("JE", new double[] {-2.1, 49.2}), Map.entry("GG", new double[] {-2.5, 49.5}),
            Map.entry("IM", new double[] {-4.5, 54.2}), Map.entry("AG", new double[] {-61.8, 17.1}),
            Map.entry("LC", new double[] {-61.0, 14.0}), Map.entry("GD", new double[] {-61.7, 12.1}),
            Map.entry("KN", new double[] {-62.7, 17.3}), Map.entry("VC", new double[] {-61.2, 13.2}),
            Map.entry("DM", new double[] {-61.4, 15.3}), Map.entry("KM", new double[] {43.3, -11.7}),
            Map.entry("ST", new double[] {6.7, 0.3}), Map.entry("MH", new double[] {171.4, 7.1}),
            Map.entry("FM", new double[] {158.2, 6.9}), Map.entry("PW", new double[] {134.5, 7.5}),
            Map.entry("KI", new double[] {173.0, 1.4}), Map.entry("NR", new double[] {166.9, -0.5}),
            Map.entry("TV", new double[] {179.2, -8.5}), Map.entry("PF", new double[] {-149.6, -17.5}),
            Map.entry("RE", new double[] {55.5, -21.1}), Map.entry("MQ", new double[] {-61.0, 14.6}),
            Map.entry("GP", new double[] {-61.6, 16.2}), Map.entry("VI", new double[] {-64.9, 18.3}),
            Map.entry("XK", new double[] {21.0, 42.6}));

    private CountryCentroids() {
    }

    public static void main(String[] args) throws IOException {
        Path iso = args.length > 0 ? Path.of(args[0]) : ISO;
        Path out = args.length > 1 ? Path.of(args[1]) : OUT;
        Files.writeString(out, generate(Files.readString(MAP), Files.readString(iso)), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    static String generate(String topoJson, String isoJson) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, String> alpha2ByNumeric = new TreeMap<>();
        for (JsonNode c : mapper.readTree(isoJson).get("3166-1")) {
            alpha2ByNumeric.put(c.get("numeric").asText(), c.get("alpha_2").asText());
        }
        Map<String, double[]> points = new TreeMap<>();
        for (Map.Entry<String, double[]> e : centroidsByNumericId(topoJson).entrySet()) {
            String alpha2 = alpha2ByNumeric.get(e.getKey());
            if (alpha2 != null) {
                points.put(alpha2, e.getValue());
            }
        }
        SMALL.forEach(points::putIfAbsent);
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"about\": \"Point per ISO 3166-1 alpha-2 code where the live map draws a country's packets"
                + " from: centroid of the country's largest polygon in countries-110m.json (Natural Earth via"
                + " world-atlas), capitals for small countries missing there. Generated by"
                + " server/src/test/java/org/kizashi/server/telescope/CountryCentroids.java.\",\n");
        sb.append("  \"centroids\": {\n");
        int i = 0;
        for (Map.Entry<String, double[]> e : points.entrySet()) {
            sb.append(String.format(Locale.ROOT, "    \"%s\": [%.1f, %.1f]%s%n", e.getKey(), e.getValue()[0],
                    e.getValue()[1], ++i < points.size() ? "," : ""));
        }
        sb.append("  }\n}\n");
        return sb.toString();
    }

    /** Numeric id -> {lon, lat} of the centroid of the largest polygon of each country that has an id. */
    static Map<String, double[]> centroidsByNumericId(String topoJson) throws IOException {
        JsonNode topo = new ObjectMapper().readTree(topoJson);
        double[] scale = {topo.at("/transform/scale/0").asDouble(), topo.at("/transform/scale/1").asDouble()};
        double[] translate = {topo.at("/transform/translate/0").asDouble(), topo.at("/transform/translate/1").asDouble()};
        List<double[][]> arcs = new ArrayList<>();
        for (JsonNode arc : topo.get("arcs")) {
            double[][] points = new double[arc.size()][];
            long x = 0;
            long y = 0;
            for (int k = 0; k < arc.size(); k++) {
                x += arc.get(k).get(0).asLong();
                y += arc.get(k).get(1).asLong();
                points[k] = new double[] {x * scale[0] + translate[0], y * scale[1] + translate[1]};
            }
            arcs.add(points);
        }
        Map<String, double[]> out = new TreeMap<>();
        for (JsonNode g : topo.at("/objects/countries/geometries")) {
            if (!g.hasNonNull("id")) {
                continue;
            }
            List<JsonNode> polygons = new ArrayList<>();
            if (g.get("type").asText().equals("Polygon")) {
                polygons.add(g.get("arcs"));
            } else if (g.get("type").asText().equals("MultiPolygon")) {
                g.get("arcs").forEach(polygons::add);
            }
            double bestArea = -1;
            double[] best = null;
            for (JsonNode polygon : polygons) {
                List<double[]> ring = ring(polygon.get(0), arcs);
                double[] c = centroid(ring);
                if (c != null && c[2] > bestArea) {
                    bestArea = c[2];
                    best = new double[] {c[0], c[1]};
                }
            }
            if (best != null) {
                out.put(g.get("id").asText(), best);
            }
        }
        return out;
    }

    private static List<double[]> ring(JsonNode arcIndexes, List<double[][]> arcs) {
        List<double[]> ring = new ArrayList<>();
        for (JsonNode index : arcIndexes) {
            int i = index.asInt();
            double[][] arc = arcs.get(i >= 0 ? i : ~i);
            List<double[]> points = new ArrayList<>(List.of(arc));
            if (i < 0) {
                java.util.Collections.reverse(points);
            }
            if (!ring.isEmpty()) {
                points.remove(0); // shared with the end of the previous arc
            }
            ring.addAll(points);
        }
        // A ring across the antimeridian (Russia, Fiji) jumps from +180 to -180: keep its longitudes continuous.
        for (int k = 1; k < ring.size(); k++) {
            double previous = ring.get(k - 1)[0];
            double[] p = ring.get(k);
            while (p[0] - previous > 180) {
                p = new double[] {p[0] - 360, p[1]};
            }
            while (previous - p[0] > 180) {
                p = new double[] {p[0] + 360, p[1]};
            }
            ring.set(k, p);
        }
        return ring;
    }

    /** {lon, lat, |area|} of a closed ring by the shoelace formula, in degrees; null when degenerate. */
    private static double[] centroid(List<double[]> ring) {
        double area = 0;
        double cx = 0;
        double cy = 0;
        for (int k = 0; k + 1 < ring.size(); k++) {
            double[] a = ring.get(k);
            double[] b = ring.get(k + 1);
            double cross = a[0] * b[1] - b[0] * a[1];
            area += cross;
            cx += (a[0] + b[0]) * cross;
            cy += (a[1] + b[1]) * cross;
        }
        if (Math.abs(area) < 1e-9) {
            return null;
        }
        double lon = cx / (3 * area);
        lon = ((lon + 180) % 360 + 360) % 360 - 180;
        return new double[] {lon, cy / (3 * area), Math.abs(area / 2)};
    }
}
