package org.kizashi.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "show-config", mixinStandardHelpOptions = true,
        description = "Print the effective configuration (file < KIZASHI_* environment < flags) with each value's source; secrets masked.")
final class ShowConfigCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(options.load(Map.of()).describe());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
