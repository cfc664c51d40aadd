package org.kizashi.core.telescope;

import java.time.Instant;

/**
 * A sign of attack found by the telescope, kept so that people see it and the sharing hub can publish it as
 * indicators. {@link #kind()} is the name used in JSON and the UI.
 */
public sealed interface TelescopeAlert permits DosAttack, PortSurge, InfectedHost {
    /** "dos", "surge" or "infected_host". */
    String kind();

    Instant start();

    Instant end();
}
