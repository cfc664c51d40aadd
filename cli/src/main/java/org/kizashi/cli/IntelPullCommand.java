package org.kizashi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.server.Mode;
import org.kizashi.server.Platform;
import org.kizashi.server.config.Configuration;
import org.kizashi.server.config.Options;
import org.kizashi.server.intel.IntelDesk;
import org.kizashi.server.taxii.client.TaxiiClient;
import org.kizashi.server.taxii.client.TaxiiPull;
import org.kizashi.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * ./kizashi intel pull: pulls what a remote TAXII 2.1 collection added since the last pull into a sharing community,
 * at a level, on behalf of a provider. Secrets come from files or the environment, never the command line (where
 * every user of the machine could read them).
 */
@Command(name = "pull", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pull the objects of a remote TAXII 2.1 collection into a sharing community at a level, on "
                + "behalf of a provider. Each pull continues after the last date added the previous one got to "
                + "(remembered under the data directory, in taxii-pulls/). Objects whose markings allow less than the "
                + "level are refused.", "",
                "The password comes from --password-file or KIZASHI_TAXII_PASSWORD; a bearer token from --token-file "
                        + "or KIZASHI_TAXII_TOKEN.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every object received was stored (or was there already)",
                "1:some objects were invalid or refused (the others were stored)",
                "2:bad usage, or the remote server failed (the pages before the failure were stored)"})
final class IntelPullCommand implements Callable<Integer> {
    static final String PASSWORD_VARIABLE = "KIZASHI_TAXII_PASSWORD";
    static final String TOKEN_VARIABLE = "KIZASHI_TAXII_TOKEN";

    @Parameters(index = "0", paramLabel = "URL",
            description = "the remote collection, like https://HOST/taxii2/API-ROOT/collections/ID/")
    String url;

    @CommandLine.Mixin
    IntelTargetOptions into = new IntelTargetOptions();

    @Option(names = "--user", paramLabel = "USER", description = "HTTP Basic user name on the remote server")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "file holding the password (else KIZASHI_TAXII_PASSWORD)")
    Path passwordFile;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "file holding a bearer token, instead of a user (else KIZASHI_TAXII_TOKEN)")
    Path tokenFile;

    @Option(names = "--since", paramLabel = "TIMESTAMP", description = "pull what was added after this moment "
            + "(2026-11-01T00:00:00Z, or a UTC day 2026-11-01) instead of after the last pull")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "objects to ask for per page (the server may "
            + "give fewer; default: the server's)")
    Integer limit;

    @Option(names = "--trust-store", paramLabel = "FILE",
            description = "PKCS#12 trust store for the remote's certificate (default: the JDK's trust store)")
    Path trustStore;

    @Option(names = "--trust-store-password", paramLabel = "PASSWORD", defaultValue = "",
            description = "password of the trust store (it guards the store's integrity; it is no secret)")
    String trustStorePassword;

    @CommandLine.Mixin
    ServerOptions server = new ServerOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the secrets' variables are read; tests replace it. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean ja = AnalysisText.japanese();
        SharingLevel sharingLevel = into.level(spec.commandLine());
        Optional<Instant> start = parseSince();
        TaxiiClient.Builder builder;
        try {
            builder = TaxiiClient.forCollection(url).credentials(credentials());
            if (limit != null) {
                builder.limit(limit);
            }
            if (trustStore != null) {
                builder.trustStore(trustStore, trustStorePassword.toCharArray());
            }
        } catch (IllegalArgumentException | IOException e) {
            throw usage(e.getMessage());
        }
        Configuration config = server.load(Map.of());
        Path stateDirectory = Path.of(config.get(Options.DATA_DIR)).resolve("taxii-pulls");
        try (Database database = Platform.openDatabase(config, Mode.DEVELOPMENT, Clock.systemUTC());
             TaxiiClient client = builder.build()) {
            IntelDesk desk = new IntelDesk(database);
            IntelTargetOptions.Target target = into.resolve(desk, spec.commandLine());
            return pull(new TaxiiPull(desk, stateDirectory), client, target.community(), sharingLevel,
                    target.provider(), start, out, err, ja);
        }
    }

    private int pull(TaxiiPull pull, TaxiiClient client, Community target, SharingLevel sharingLevel,
                     Organisation organisation, Optional<Instant> start, PrintWriter out, PrintWriter err,
                     boolean ja) {
        String label = client.collection().toString();
        ProgressBar progress = ProgressBar.onTerminal(err);
        try {
            TaxiiPull.Outcome outcome = pull.pull(client, target, sharingLevel, organisation, start,
                    o -> progress.update((ja ? "ページ " : "page ") + o.pages() + "  " + label, -1, -1,
                            o.received()));
            progress.finish();
            print(label, outcome, out, ja);
            return outcome.allStored() ? 0 : 1;
        } catch (TaxiiPull.Failed e) {
            progress.finish();
            print(label, e.partial(), out, ja);
            err.println("kizashi: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            progress.finish();
            err.println("kizashi: " + Failures.oneLine(e));
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.finish();
            err.println("kizashi: interrupted");
            return 2;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** HTTP Basic, a bearer token or nothing, from files or the environment. */
    private TaxiiClient.Credentials credentials() {
        if (tokenFile != null && (user != null || passwordFile != null)) {
            throw usage("give either --user (with a password) or --token-file, not both");
        }
        if (passwordFile != null && user == null) {
            throw usage("--password-file needs --user");
        }
        if (user != null) {
            String password = passwordFile != null ? secret(passwordFile, "--password-file")
                    : environment.get(PASSWORD_VARIABLE);
            if (password == null || password.isEmpty()) {
                throw usage("--user " + user + " needs a password: --password-file FILE or " + PASSWORD_VARIABLE);
            }
            return TaxiiClient.Credentials.basic(user, password);
        }
        String token = tokenFile != null ? secret(tokenFile, "--token-file") : environment.get(TOKEN_VARIABLE);
        if (token != null && !token.isBlank()) {
            return TaxiiClient.Credentials.bearer(token.strip());
        }
        if (tokenFile != null) {
            throw usage("--token-file " + tokenFile + " is empty");
        }
        return TaxiiClient.Credentials.none();
    }

    /** A secret file's content ({@link TaxiiClient.Credentials#secretFile}), or a usage error naming the option. */
    private String secret(Path file, String option) {
        try {
            return TaxiiClient.Credentials.secretFile(file);
        } catch (NoSuchFileException e) {
            throw usage(option + ": no such file " + file);
        } catch (IOException e) {
            throw usage(option + ": cannot read " + file + ": " + Failures.oneLine(e));
        }
    }

    private Optional<Instant> parseSince() {
        if (since == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(since.trim()));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Optional.of(LocalDate.parse(since.trim()).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException e) {
                throw usage("--since: '" + since + "' is neither a timestamp like 2026-11-01T00:00:00Z nor a day "
                        + "like 2026-11-01");
            }
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The counts, every object not stored with its reasons, and where the next pull continues. */
    static void print(String label, TaxiiPull.Outcome outcome, PrintWriter out, boolean ja) {
        out.println(ja
                ? String.format(Locale.ROOT, "%s: %s ページ、%s 件を受信、%s 件を登録、%s 件は登録済み、%s 件は不正、%s 件は拒否",
                        label, Numbers.grouped(outcome.pages()), Numbers.grouped(outcome.received()),
                        Numbers.grouped(outcome.added()), Numbers.grouped(outcome.alreadyPresent()),
                        Numbers.grouped(outcome.invalid()), Numbers.grouped(outcome.refused()))
                : String.format(Locale.ROOT, "%s: %s pages, %s received, %s stored, %s already there, %s invalid, "
                                + "%s refused", label, Numbers.grouped(outcome.pages()),
                        Numbers.grouped(outcome.received()), Numbers.grouped(outcome.added()),
                        Numbers.grouped(outcome.alreadyPresent()), Numbers.grouped(outcome.invalid()),
                        Numbers.grouped(outcome.refused())));
        for (TaxiiPull.NotStored n : outcome.notStored()) {
            IntelImportCommand.printNotStored((ja ? "  ページ " : "  page ") + n.page() + " ", n.item(), out, ja);
        }
        long unlisted = outcome.invalid() + outcome.refused() - outcome.notStored().size();
        if (unlisted > 0) {
            out.println(ja ? "  ほか " + Numbers.grouped(unlisted) + " 件"
                    : "  and " + Numbers.grouped(unlisted) + " more");
        }
        outcome.continuesAfter().ifPresent(after -> out.println(ja
                ? "次回は " + after + " より後に追加されたものを取得します"
                : "the next pull continues after " + after));
    }
}
