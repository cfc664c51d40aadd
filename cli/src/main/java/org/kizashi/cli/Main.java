package org.kizashi.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The ./kizashi command. */
@Command(name = "kizashi", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Kizashi (兆し): observe, analyse, share and answer the signs of cyber attacks.", ""},
        subcommands = {StartDevCommand.class, StartCommand.class, ShowConfigCommand.class, TelescopeCommand.class,
                IntelCommand.class, ActiveCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code: 0 done, 1 failed, 2 bad usage. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("kizashi: " + e.getMessage() + " (see ./kizashi " + commandPath(e.getCommandLine()) + "--help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("kizashi: " + Failures.oneLine(e));
            return 1;
        });
        return cli.execute(args);
    }

    private static String commandPath(CommandLine commandLine) {
        String path = commandLine.getCommandSpec().qualifiedName(" ");
        path = path.startsWith("kizashi") ? path.substring("kizashi".length()).trim() : path;
        return path.isEmpty() ? "" : path + " ";
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String version() {
        try (InputStream in = Main.class.getClassLoader().getResourceAsStream("kizashi-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Kizashi " + version(),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
