package org.kizashi.cli;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kizashi.server.Mode;
import org.kizashi.server.config.Configuration;
import org.kizashi.server.config.ConfigurationException;
import org.kizashi.server.config.Options;
import org.kizashi.store.Vendor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "start-dev", mixinStandardHelpOptions = true,
        description = {"Start the platform for development and evaluation. By default: embedded H2 under --data-dir,",
                "plain HTTP on 127.0.0.1:8080."})
final class StartDevCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Option(names = "--demo", description = "Load the demo data set (organisations, users) and print how to log in.")
    boolean demo;

    @Override
    public Integer call() {
        Configuration config = options.load(demo ? Map.of(Options.DEMO.key(), "true") : Map.of());
        if (config.isSet(Options.DB_VENDOR) && !Vendor.parse(config.get(Options.DB_VENDOR)).equals(Vendor.H2)
                && !config.isSet(Options.DB_URL)) {
            throw new ConfigurationException("--db " + config.get(Options.DB_VENDOR) + " needs --db-url");
        }
        return Launch.runUntilStopped(config, Mode.DEVELOPMENT, Clock.systemUTC());
    }
}
