package org.kizashi.cli;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kizashi.server.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start the platform for production: needs an explicit database (--db postgresql --db-url ..., or --db h2)",
                "and HTTPS (--https-key-store) or --http-insecure behind a TLS proxy."})
final class StartCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Override
    public Integer call() {
        return Launch.runUntilStopped(options.load(Map.of()), Mode.PRODUCTION, Clock.systemUTC());
    }
}
