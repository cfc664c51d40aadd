package org.kizashi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** ./kizashi active: the response capability's commands (ACTIVE). */
@Command(name = "active", mixinStandardHelpOptions = true,
        description = {"Response at ISPs (ACTIVE, 対処): build Response Policy Zones from block lists.", ""},
        subcommands = {ActiveRpzCommand.class})
final class ActiveCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
