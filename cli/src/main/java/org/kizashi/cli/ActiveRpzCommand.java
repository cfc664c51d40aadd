package org.kizashi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.kizashi.active.LineProblem;
import org.kizashi.active.list.ListFileReader;
import org.kizashi.active.list.ListImport;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.active.rpz.RpzValidator;
import org.kizashi.active.rpz.RpzZone;
import org.kizashi.core.active.DomainNames;
import org.kizashi.core.active.PolicyAction;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ./kizashi active rpz: a validated Response Policy Zone file from block lists. Unusable lines are reported with
 * file and line and left out; the zone is still written unless nothing usable remains.
 */
@Command(name = "rpz", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build a validated Response Policy Zone (RPZ) file from list files: one domain, *.domain, IP "
                + "address, CIDR prefix or URL per line, hosts-file lines, '#' comments. Lines that cannot be used "
                + "are reported on standard error with file and line number and left out.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the zone was written (some lines may have been left out; see standard error)",
                "2:bad usage, an unreadable list, or nothing usable in the lists (no zone written)"})
final class ActiveRpzCommand implements Callable<Integer> {
    @Option(names = "--list", paramLabel = "FILE", arity = "1..*", required = true,
            description = "list files (repeatable)")
    List<Path> lists;

    @Option(names = "--zone", paramLabel = "NAME", defaultValue = "rpz.kizashi",
            description = "the zone's name (default: ${DEFAULT-VALUE})")
    String zone;

    @Option(names = "--action", paramLabel = "ACTION", defaultValue = "nxdomain",
            description = "nxdomain (default), nodata, drop or walled-garden (needs --warning-host)")
    String action;

    @Option(names = "--warning-host", paramLabel = "HOST",
            description = "the warning page's host, for walled-garden: blocked names become a CNAME to it")
    String warningHost;

    @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "60",
            description = "TTL of the policy records: how long resolvers keep a rewritten answer (default: 60)")
    long ttl;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "the zone file to write")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Clock clock;

    ActiveRpzCommand() {
        this(Clock.systemUTC());
    }

    ActiveRpzCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean ja = AnalysisText.japanese();
        PolicyAction policyAction = parseAction();
        Name origin = name(zone, "--zone");
        Name warning = warningHost == null ? null : name(warningHost, "--warning-host");
        if (policyAction == PolicyAction.WALLED_GARDEN && warning == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--action walled-garden needs --warning-host HOST");
        }
        Instant now = clock.instant();
        ListImport imported = new ListImport(origin);
        ProgressBar progress = ProgressBar.onTerminal(err, ja ? "件" : "entries");
        long[] problems = {0};
        long[] entries = {0};
        for (Path list : lists) {
            ListFileReader.Options options = new ListFileReader.Options(policyAction, list.getFileName().toString(),
                    "", now, null);
            String label = list.toString();
            try {
                ListFileReader.read(list, options, (entry, line) -> {
                    imported.add(label, line, entry, problem -> report(err, progress, problems, problem));
                    progress.update(label, -1, -1, ++entries[0]);
                }, problem -> report(err, progress, problems, problem));
            } catch (NoSuchFileException e) {
                progress.finish();
                err.println(list + ": " + (ja ? "ファイルがありません" : "no such file"));
                return 2;
            } catch (IOException e) {
                progress.finish();
                err.println(list + ": " + Failures.oneLine(e));
                return 2;
            }
        }
        progress.finish();
        for (ListImport.Located url : imported.urls()) {
            report(err, progress, problems, new LineProblem(url.source(), url.line(), url.entry().trigger()
                    + (ja ? ": パスを含む URL は DNS では遮断できないためゾーンに入れません（プロキシの URL 照会で扱います）"
                    : ": a URL with a path cannot be blocked by DNS; left out of the zone (the proxy URL check "
                    + "handles it)")));
        }
        PolicySet policies = imported.policies().build();
        if (policies.size() == 0) {
            err.println(ja ? "使える行がありません。ゾーンは書き出していません。" : "nothing usable in the lists; no zone written");
            return 2;
        }
        RpzZone.Settings defaults = RpzZone.Settings.of(origin, warning);
        RpzZone.Settings settings = new RpzZone.Settings(origin, ttl, warning, defaults.nameServer(),
                defaults.hostmaster(), defaults.refresh(), defaults.retry(), defaults.expire(), defaults.minimum());
        RpzZone rpz = new RpzZone(settings, now.getEpochSecond(), policies);
        RpzValidator.Result validation = RpzValidator.validate(rpz);
        if (!validation.valid()) {
            validation.problems().forEach(p -> err.println(out + ": " + p));
            err.println(ja ? "検証に失敗したためゾーンは書き出していません。" : "the zone failed validation; not written");
            return 2;
        }
        try {
            rpz.writeZoneFile(out);
        } catch (IOException e) {
            err.println(out + ": " + Failures.oneLine(e));
            return 2;
        }
        stdout.println(ja
                ? out + " を書き出しました: " + origin + " シリアル " + rpz.serial() + "、エントリ " + policies.size()
                  + " 件（重複 " + imported.merged() + " 件をまとめ、" + problems[0] + " 行を除外）"
                : "wrote " + out + ": " + origin + " serial " + rpz.serial() + ", " + policies.size() + " entries ("
                  + imported.merged() + " duplicates merged, " + problems[0] + " lines left out)");
        return 0;
    }

    private static void report(PrintWriter err, ProgressBar progress, long[] problems, LineProblem problem) {
        progress.finish();
        err.println(problem);
        problems[0]++;
    }


    private PolicyAction parseAction() {
        PolicyAction parsed;
        try {
            parsed = PolicyAction.parse(action);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--action: " + e.getMessage());
        }
        if (parsed == PolicyAction.PASSTHRU) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--action: expected nxdomain, nodata, drop or walled-garden (passthru lists go in their own zone)");
        }
        return parsed;
    }

    private Name name(String text, String option) {
        try {
            return Name.fromString(DomainNames.canonical(text) + ".");
        } catch (IllegalArgumentException | TextParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }
}
