package org.kizashi.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.intel.exchange.ImportReport;
import org.kizashi.intel.exchange.StixImport;
import org.kizashi.intel.misp.MispFormatException;
import org.kizashi.intel.stix.StixProblem;
import org.kizashi.server.Mode;
import org.kizashi.server.Platform;
import org.kizashi.server.intel.IntelDesk;
import org.kizashi.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * ./kizashi intel import: stores the valid objects of STIX 2.1 bundles in a community at a level, and names every
 * invalid or refused object with its reasons.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import STIX 2.1 bundles into a sharing community at a level, on behalf of a provider. Every "
                + "object is validated on its own: valid ones are stored, invalid ones are listed with their "
                + "problems.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every object was stored (or was there already)",
                "1:some objects were invalid or refused (the others were stored)",
                "2:bad usage, or a file is not a readable bundle (the objects before the fault were stored)"})
final class IntelImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "STIX 2.1 bundle files ('-' is standard input)")
    List<String> files;

    @CommandLine.Mixin
    IntelTargetOptions into = new IntelTargetOptions();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "stix", description = "stix (bundles, the "
            + "default) or misp (MISP event exports: each object at the level asked for or the narrower one its TLP "
            + "tags and distribution allow)")
    String format;

    @Option(names = "--anonymised", description = "the secretariat publishes on the provider's behalf: readers do "
            + "not see who provided the objects")
    boolean anonymised;

    @CommandLine.Mixin
    ServerOptions server = new ServerOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean ja = AnalysisText.japanese();
        SharingLevel sharingLevel = into.level(spec.commandLine());
        if (!format.equals("stix") && !format.equals("misp")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format: expected stix or misp, got '"
                    + format + "'");
        }
        try (Database database = Platform.openDatabase(server.load(Map.of()), Mode.DEVELOPMENT, Clock.systemUTC())) {
            IntelDesk desk = new IntelDesk(database);
            IntelTargetOptions.Target target = into.resolve(desk, spec.commandLine());
            int worst = 0;
            for (String file : files) {
                worst = Math.max(worst, importOne(desk, file, target.community(), sharingLevel, target.provider(),
                        out, err, ja));
            }
            return worst;
        }
    }

    private int importOne(IntelDesk desk, String file, Community target, SharingLevel sharingLevel,
                          Organisation organisation, PrintWriter out, PrintWriter err, boolean ja) {
        String label = "-".equals(file) ? "standard input" : file;
        ProgressBar progress = ProgressBar.onTerminal(err);
        try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
            if (format.equals("misp")) {
                IntelDesk.MispOutcome outcome = desk.importMisp(in, label, target, sharingLevel, organisation,
                        anonymised);
                int worst = 0;
                for (ImportReport report : outcome.reports()) {
                    print(report, out, ja);
                    worst = Math.max(worst, failed(report) ? 1 : 0);
                }
                outcome.warnings().forEach(w -> out.println((ja ? "  注意: " : "  warning: ") + w));
                return worst;
            }
            ImportReport report = desk.importBundle(in, label, target, sharingLevel, organisation, anonymised,
                    read -> progress.update(label, -1, -1, read));
            progress.finish();
            print(report, out, ja);
            return failed(report) ? 1 : 0;
        } catch (MispFormatException e) {
            err.println("kizashi: " + label + ": not a MISP export: " + e.getMessage());
            return 2;
        } catch (StixImport.Interrupted e) {
            progress.finish();
            print(e.partial(), out, ja);
            err.println("kizashi: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println("kizashi: " + label + ": no such file");
            return 2;
        } catch (IOException e) {
            err.println("kizashi: " + label + ": " + Failures.oneLine(e));
            return 2;
        } finally {
            err.flush();
            out.flush();
        }
    }

    private static boolean failed(ImportReport report) {
        return report.count(ImportReport.Status.INVALID) + report.count(ImportReport.Status.REFUSED) > 0
                || report.bundleProblems().stream().anyMatch(p -> p.severity() == StixProblem.Severity.ERROR);
    }

    /** One line of counts per file, then every object that was not stored, with its reasons. */
    static void print(ImportReport report, PrintWriter out, boolean ja) {
        Locale locale = ja ? Locale.JAPANESE : Locale.ENGLISH;
        long added = report.count(ImportReport.Status.ADDED);
        long present = report.count(ImportReport.Status.ALREADY_PRESENT);
        long invalid = report.count(ImportReport.Status.INVALID);
        long refused = report.count(ImportReport.Status.REFUSED);
        out.println(ja
                ? String.format(Locale.ROOT, "%s: %s 件を登録、%s 件は登録済み、%s 件は不正、%s 件は拒否", report.source(),
                        Numbers.grouped(added), Numbers.grouped(present), Numbers.grouped(invalid),
                        Numbers.grouped(refused))
                : String.format(Locale.ROOT, "%s: %s stored, %s already there, %s invalid, %s refused", report.source(),
                        Numbers.grouped(added), Numbers.grouped(present), Numbers.grouped(invalid),
                        Numbers.grouped(refused)));
        for (StixProblem p : report.bundleProblems()) {
            out.println("  bundle " + p.message(locale));
        }
        for (ImportReport.Item item : report.items()) {
            if (item.status() == ImportReport.Status.INVALID || item.status() == ImportReport.Status.REFUSED) {
                printNotStored("  ", item, out, ja);
            }
        }
    }

    /** Why an object was not stored: the hub's refusal, or each of its errors, after {@code prefix} and its place. */
    static void printNotStored(String prefix, ImportReport.Item item, PrintWriter out, boolean ja) {
        Locale locale = ja ? Locale.JAPANESE : Locale.ENGLISH;
        String where = prefix + "objects[" + item.index() + "]" + (item.id() == null ? "" : " " + item.id());
        if (item.status() == ImportReport.Status.REFUSED) {
            out.println(where + (ja ? ": 拒否: " : ": refused: ") + item.reason());
        }
        for (StixProblem p : item.problems()) {
            if (p.severity() == StixProblem.Severity.ERROR) {
                out.println(where + ": " + p.message(locale));
            }
        }
    }
}
