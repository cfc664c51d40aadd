package org.kizashi.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.server.Mode;
import org.kizashi.server.Platform;
import org.kizashi.server.intel.IntelDesk;
import org.kizashi.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** ./kizashi intel export: what the audience of a level may read, as one STIX 2.1 bundle. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export, as one STIX 2.1 bundle, the latest version of every object the audience of a level "
                + "may read: objects at that level or wider, marked with the hub's level and the TLP 2.0 marking "
                + "that stands for it outside the hub.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the bundle was written", "1:it could not be written", "2:bad usage"})
final class IntelExportCommand implements Callable<Integer> {
    @Option(names = "--level", paramLabel = "LEVEL", required = true,
            description = "the audience: red, amber, yellow, green or white")
    String level;

    @Option(names = "--community", paramLabel = "NAME",
            description = "only this community (name or TAXII collection id; default: every community)")
    List<String> communities;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "the bundle to write ('-' for "
            + "standard output); written whole or not at all")
    String out;

    @CommandLine.Mixin
    ServerOptions server = new ServerOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SharingLevel audience;
        try {
            audience = SharingLevel.parse(level);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--level: " + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        try (Database database = Platform.openDatabase(server.load(Map.of()), Mode.DEVELOPMENT, Clock.systemUTC())) {
            IntelDesk desk = new IntelDesk(database);
            List<Community> selected;
            try {
                selected = communities == null ? desk.communities()
                        : communities.stream().map(desk::community).toList();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            ProgressBar progress = ProgressBar.onTerminal(err);
            long written;
            if ("-".equals(out)) {
                OutputStream stdout = System.out;
                written = desk.exportBundle(selected, audience, new NonClosing(stdout),
                        n -> progress.update("export", -1, -1, n));
            } else {
                Path target = Path.of(out).toAbsolutePath();
                Path partial = Files.createTempFile(target.getParent(), ".kizashi-export-", ".json");
                try {
                    try (OutputStream file = Files.newOutputStream(partial)) {
                        written = desk.exportBundle(selected, audience, file, n -> progress.update(out, -1, -1, n));
                    }
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            progress.finish();
            err.println(AnalysisText.japanese()
                    ? String.format(Locale.ROOT, "%s 件を %s 向けに出力しました", Numbers.grouped(written), audience.id())
                    : String.format(Locale.ROOT, "%s objects exported for a %s audience", Numbers.grouped(written),
                    audience.id()));
            err.flush();
            return 0;
        }
    }

    /** Standard output stays open after the bundle: the JSON generator closes what it writes to. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
