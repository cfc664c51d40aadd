package org.kizashi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** ./kizashi telescope: the darknet telescope's commands. */
@Command(name = "telescope", mixinStandardHelpOptions = true,
        description = {"Darknet telescope (観測): analyse captures and run live sensors.", ""},
        subcommands = {TelescopeAnalyzeCommand.class, TelescopeSensorCommand.class,
                TelescopeImportSpoolCommand.class})
final class TelescopeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
