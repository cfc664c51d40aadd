package org.kizashi.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * ./kizashi telescope import-spool: posts the reports a sensor left in its spool directory (server unreachable, or
 * {@code --spool} without {@code --server}), oldest first, and removes each one the server accepted.
 */
@Command(name = "import-spool", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Post the reports in a sensor's spool directory to the server, oldest first; each accepted "
                + "report's file is removed, a report the server refuses as invalid is renamed to .rejected.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every report was accepted (or there was none)",
                "1:the server could not be reached or refused reports; the rest stay in the directory",
                "2:bad usage (no such directory, no token)"})
final class TelescopeImportSpoolCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "the spool directory (*.report files)")
    Path directory;

    @Option(names = "--server", paramLabel = "URL", required = true,
            description = "Kizashi server, for example https://kizashi.example.jp")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE", description = "file holding the API token (default: the "
            + "environment variable " + TelescopeSensorCommand.TOKEN_VARIABLE + ")")
    Path tokenFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    TelescopeImportSpoolCommand() {
        this(System.getenv());
    }

    TelescopeImportSpoolCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(directory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), directory + ": no such directory");
        }
        URI endpoint = TelescopeSensorCommand.endpoint(server, spec.commandLine());
        String token = TelescopeSensorCommand.token(tokenFile, environment, spec.commandLine());
        List<Path> files = TelescopeSensorCommand.Uplink.spooledFiles(directory);
        if (files.isEmpty()) {
            err.println("no reports to import in " + directory);
            err.flush();
            return 0;
        }
        try (TelescopeSensorCommand.Uplink uplink = new TelescopeSensorCommand.Uplink(endpoint, token, directory,
                new TelescopeSensorCommand.Log(err, false))) {
            TelescopeSensorCommand.Uplink.Posted outcome = uplink.postSpooled();
            int left = TelescopeSensorCommand.Uplink.spooledFiles(directory).size();
            uplink.log.line(uplink.sent.get() + " of " + files.size() + " reports imported from " + directory
                    + (uplink.rejected.get() > 0 ? ", " + uplink.rejected.get() + " rejected" : "")
                    + (left > 0 ? ", " + left + " left" : ""));
            if (!outcome.ok()) {
                uplink.log.error("stopped: " + outcome.problem());
                return 1;
            }
            return uplink.rejected.get() > 0 ? 1 : 0;
        }
    }
}
