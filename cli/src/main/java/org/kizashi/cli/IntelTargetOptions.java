package org.kizashi.cli;

import org.kizashi.core.identity.Organisation;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.server.intel.IntelDesk;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where objects brought into the hub go: the community, the level and the provider (intel import and pull). */
final class IntelTargetOptions {
    @Option(names = "--community", paramLabel = "NAME", required = true,
            description = "the community to store into (name or TAXII collection id)")
    String community;

    @Option(names = "--level", paramLabel = "LEVEL", required = true,
            description = "sharing level: red, amber, yellow, green or white")
    String level;

    @Option(names = "--provider", paramLabel = "ORGANISATION", required = true,
            description = "the organisation on whose behalf the objects are stored")
    String provider;

    record Target(Community community, SharingLevel level, Organisation provider) {
    }

    /** The level alone, checked before anything is opened. */
    SharingLevel level(CommandLine commandLine) {
        try {
            return SharingLevel.parse(level);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--level: " + e.getMessage());
        }
    }

    /** The community and provider looked up in the hub; an unknown one is bad usage that names the known ones. */
    Target resolve(IntelDesk desk, CommandLine commandLine) {
        SharingLevel sharingLevel = level(commandLine);
        try {
            return new Target(desk.community(community), sharingLevel, desk.organisation(provider));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
