package org.kizashi.server.intel;

import java.util.Optional;
import org.kizashi.core.identity.User;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.CommunityRole;
import org.kizashi.core.intel.Membership;
import org.kizashi.store.Database;

/** What a fresh hub needs to be usable at once. */
public final class IntelSetup {
    private IntelSetup() {
    }

    /**
     * Makes the administrator's organisation (the hub's operator) the secretariat of the CEPTOAR council, unless the
     * council already has one: a plain TAXII client with the administrator's credentials then reads and writes the
     * council's collection on a fresh platform. An operator who appoints another secretariat keeps it.
     */
    public static void ensureCouncilSecretariat(Database database, String adminUsername) {
        Optional<User> admin = database.users().findByUsername(adminUsername);
        Optional<Community> council = database.communities().communities().stream()
                .filter(c -> c.kind() == Community.Kind.COUNCIL).findFirst();
        if (admin.isEmpty() || council.isEmpty()) {
            return;
        }
        boolean hasSecretariat = database.communities().members(council.get().id()).stream()
                .anyMatch(m -> m.role() == CommunityRole.SECRETARIAT);
        if (!hasSecretariat) {
            database.communities().addMember(new Membership(council.get().id(), admin.get().organisationId(),
                    CommunityRole.SECRETARIAT, Optional.empty()));
        }
    }
}
