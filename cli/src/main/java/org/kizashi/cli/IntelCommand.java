package org.kizashi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** ./kizashi intel: the sharing hub's commands. */
@Command(name = "intel", mixinStandardHelpOptions = true,
        description = {"Sharing hub (共有): import and export STIX 2.1 bundles and MISP events, pull from TAXII 2.1 "
                + "servers.", ""},
        subcommands = {IntelImportCommand.class, IntelExportCommand.class, IntelPullCommand.class})
final class IntelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
