package org.kizashi.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.kizashi.aggregate.DarknetSummary;
import org.kizashi.aggregate.SeriesKey;
import org.kizashi.core.telescope.DosAttack;
import org.kizashi.core.telescope.InfectedHost;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.core.telescope.PortSurge;
import org.kizashi.core.telescope.TelescopeAlert;

/**
 * The human summary of `telescope analyze`, in Japanese when the locale (LANG / LC_ALL) is Japanese, else English.
 */
final class AnalysisText {
    private static final Map<String, String[]> LABELS = Map.ofEntries(
            Map.entry("files", new String[] {"Files", "ファイル"}),
            Map.entry("incomplete", new String[] {"read up to byte %s: %s", "%s バイト目まで読みました: %s"}),
            Map.entry("frames", new String[] {"frames", "フレーム"}),
            Map.entry("period", new String[] {"Period", "期間"}),
            Map.entry("packets", new String[] {"Packets", "パケット"}),
            Map.entry("total", new String[] {"total", "合計"}),
            Map.entry("darknet", new String[] {"darknet", "ダークネット宛"}),
            Map.entry("not_darknet", new String[] {"not darknet", "ダークネット以外"}),
            Map.entry("malformed", new String[] {"malformed", "不正"}),
            Map.entry("classes", new String[] {"By class", "種別"}),
            Map.entry("tags", new String[] {"Fingerprints", "特徴"}),
            Map.entry("sources", new String[] {"Unique sources", "送信元ユニーク数"}),
            Map.entry("top_ports", new String[] {"Top ports by unique sources", "宛先ポート上位（送信元ユニーク数順）"}),
            Map.entry("top_countries", new String[] {"Top countries by unique sources", "送信元の国上位（ユニーク数順）"}),
            Map.entry("dos", new String[] {"DoS attacks inferred from backscatter", "バックスキャッタから推定した DoS 攻撃"}),
            Map.entry("alerts", new String[] {"Alerts", "アラート"}),
            Map.entry("none", new String[] {"none", "なし"}),
            Map.entry("surge", new String[] {"surge on %s: %s %s, %.1f× the baseline %.0f; countries %s; e.g. %s",
                    "%s の急増: %s %s（基準値 %.0f の %.1f 倍）; 国 %s; 例 %s"}),
            Map.entry("infected", new String[] {"infected host %s of %s (%s): %s packets to %s, %s",
                    "感染の疑い %s（%s, %s）: %s パケット, 宛先 %s, %s"}),
            Map.entry("geo", new String[] {"Geolocation", "位置情報"}));

    private AnalysisText() {
    }

    static boolean japanese() {
        for (String variable : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.startsWith("ja");
            }
        }
        return Locale.getDefault().getLanguage().equals("ja");
    }

    static void print(AnalysisReport report, PrintWriter out) {
        print(report, out, japanese());
    }

    static void print(AnalysisReport report, PrintWriter out, boolean japanese) {
        int lang = japanese ? 1 : 0;
        DarknetSummary s = report.summary();
        out.println(label("files", lang) + ":");
        for (TelescopeAnalyzeCommand.FileOutcome f : report.files()) {
            out.printf("  %s  %s %s%n", f.file(), Numbers.grouped(f.frames()), label("frames", lang));
            if (f.error() != null) {
                out.println("    " + String.format(label("incomplete", lang),
                        f.errorOffset() >= 0 ? Numbers.grouped(f.errorOffset()) : "?", f.error()));
            }
        }
        if (s.firstPacket() != null) {
            out.printf("%s: %s – %s%n", label("period", lang), s.firstPacket(), s.lastPacket());
        }
        out.printf("%s: %s %s, %s %s, %s %s, %s %s%n", label("packets", lang),
                label("total", lang), Numbers.grouped(report.counts().total()),
                label("darknet", lang), Numbers.grouped(report.counts().darknet()),
                label("not_darknet", lang), Numbers.grouped(report.counts().notDarknet()),
                label("malformed", lang), Numbers.grouped(report.counts().malformed()));
        StringBuilder classes = new StringBuilder();
        for (PacketClass c : PacketClass.values()) {
            classes.append(classes.isEmpty() ? "" : ", ").append(c.id()).append(' ')
                    .append(Numbers.grouped(s.byClass().get(c).packets()));
        }
        out.printf("  %s: %s%n", label("classes", lang), classes);
        StringBuilder tags = new StringBuilder();
        for (PacketTag t : PacketTag.values()) {
            tags.append(tags.isEmpty() ? "" : ", ").append(t.id()).append(' ')
                    .append(Numbers.grouped(s.byTag().get(t).packets()));
        }
        out.printf("  %s: %s%n", label("tags", lang), tags);
        out.printf("%s: %s%n", label("sources", lang), Numbers.grouped(s.totals().sources()));

        out.println(label("top_ports", lang) + ":");
        for (DarknetSummary.TopEntry<SeriesKey.Port> e : s.top().ports()) {
            out.printf("  %-12s %12s  %14s%n", e.key().protocolPort(), Numbers.grouped(e.sources()),
                    Numbers.grouped(e.packets()));
        }
        if (!s.top().countries().isEmpty()) {
            out.println(label("top_countries", lang) + ":");
            for (DarknetSummary.TopEntry<SeriesKey.Country> e : s.top().countries()) {
                out.printf("  %-12s %12s  %14s%n", e.key().code(), Numbers.grouped(e.sources()),
                        Numbers.grouped(e.packets()));
            }
        }
        out.println(label("dos", lang) + ":");
        if (report.dosAttacks().isEmpty()) {
            out.println("  " + label("none", lang));
        }
        for (DosAttack a : report.dosAttacks()) {
            out.printf("  %s %s %s  %s – %s  %s pkts  peak %.0f/min%n", a.victim(), a.protocolName(), a.ports(),
                    a.start(), a.end(), Numbers.grouped(a.packets()), a.peakPerMinute());
        }
        out.println(label("alerts", lang) + ":");
        if (report.otherAlerts().isEmpty()) {
            out.println("  " + label("none", lang));
        }
        for (TelescopeAlert alert : report.otherAlerts()) {
            out.println("  " + alert.start() + "  " + describe(alert, lang));
        }
        out.printf("%s: %s%n", label("geo", lang), report.geolocation());
        out.flush();
    }

    private static String describe(TelescopeAlert alert, int lang) {
        return switch (alert) {
            case PortSurge s -> lang == 0
                    ? String.format(Locale.ROOT, label("surge", lang), s.port(), Numbers.grouped(s.observed()), s.metric(),
                            s.factor(), s.baseline(), s.topCountries(), s.sampleSources())
                    : String.format(Locale.ROOT, label("surge", lang), s.port(), Numbers.grouped(s.observed()), s.metric(),
                            s.baseline(), s.factor(), s.topCountries(), s.sampleSources());
            case InfectedHost h -> String.format(Locale.ROOT, label("infected", lang), h.host(), h.organisationId(),
                    h.network(), Numbers.grouped(h.packets()), h.ports(),
                    h.tags().stream().map(PacketTag::id).sorted().toList());
            case DosAttack d -> d.victim() + " " + d.protocolName();
        };
    }

    private static String label(String key, int lang) {
        return LABELS.get(key)[lang];
    }
}
