package org.kizashi.server.demo;

import java.util.ArrayList;
import java.util.List;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.identity.Role;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.server.admin.Bootstrap;
import org.kizashi.server.admin.IdentityAdmin;
import org.kizashi.store.Database;

/**
 * The demo data set: fictitious organisations of the kinds that use the platform, with documentation address ranges
 * (RFC 5737 / RFC 3849), one user per role, and shared items ({@link DemoSharing}). Loading it twice changes nothing.
 * Later capabilities add their own demo data here.
 */
public final class DemoData {
    /** Demo users' password; printed at start-dev so that a first-time reader can log in as each role. */
    public static final String PASSWORD = "kizashi-demo-2026";

    /** A demo login, for the start-up message. */
    public record DemoUser(String username, Role role, String organisation) {
    }

    private record DemoOrganisation(String name, String prefix, String description) {
    }

    private static final List<DemoOrganisation> ORGANISATIONS = List.of(
            new DemoOrganisation("サンプル通信 株式会社 (Sample Telecom ISP)", "198.51.100.0/24", "subscribers / 加入者"),
            new DemoOrganisation("架空電力 株式会社 (Fictional Power Co.)", "203.0.113.0/25", "corporate / 社内"),
            new DemoOrganisation("見本市役所 (Mihon City Office)", "203.0.113.128/25", "city hall / 庁舎"),
            new DemoOrganisation("デモ CSIRT 連絡会 (Demo CSIRT Council)", "2001:db8:100::/48", "members / 会員"));

    /** The organisation whose range holds the demo telescope's infected host (its analyst sees the DAEDALUS alert). */
    public static final String TELESCOPE_ORGANISATION = ORGANISATIONS.get(0).name();

    private static final List<DemoUser> USERS = List.of(
            new DemoUser("analyst", Role.ANALYST, ORGANISATIONS.get(0).name()),
            new DemoUser("viewer", Role.VIEWER, ORGANISATIONS.get(2).name()),
            new DemoUser("power", Role.ANALYST, ORGANISATIONS.get(1).name()));

    private DemoData() {
    }

    private static long organisation(Database database, int index) {
        return database.organisations().findByName(ORGANISATIONS.get(index).name()).orElseThrow().id();
    }

    /** Loads what is missing; returns the demo users that can log in with {@link #PASSWORD}. */
    public static List<DemoUser> load(Database database, IdentityAdmin admin) {
        for (DemoOrganisation d : ORGANISATIONS) {
            if (database.organisations().findByName(d.name()).isPresent()) {
                continue;
            }
            Organisation o = admin.createOrganisation("demo", d.name());
            database.inTransaction(() -> database.networks().add(o.id(), IpPrefix.parse(d.prefix()), d.description()));
        }
        List<DemoUser> loaded = new ArrayList<>();
        for (DemoUser u : USERS) {
            if (database.users().findByUsername(u.username()).isEmpty()) {
                long organisation = database.organisations().findByName(u.organisation()).orElseThrow().id();
                admin.createUser("demo", u.username(), "Demo " + u.role().id(), organisation, u.role(), PASSWORD.toCharArray());
            }
            loaded.add(u);
        }
        database.users().findByUsername(Bootstrap.ADMIN).ifPresent(administrator -> DemoSharing.load(database,
                administrator.organisationId(), organisation(database, 1), organisation(database, 0),
                organisation(database, 2), organisation(database, 3)));
        loadBlockCounts(database);
        return loaded;
    }

    /**
     * A week of block counts for the response page, as resolver logs would have given them: the council's C&C domain
     * blocked for the sample ISP's subscribers, more on weekdays. Only into an empty table (loading twice adds none).
     */
    private static void loadBlockCounts(Database database) {
        if (database.blockTallies().total() > 0) {
            return;
        }
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
        List<org.kizashi.core.active.BlockTally> week = new ArrayList<>();
        for (int daysAgo = 6; daysAgo >= 0; daysAgo--) {
            java.time.LocalDate day = today.minusDays(daysAgo);
            boolean weekend = day.getDayOfWeek().getValue() >= 6;
            week.add(new org.kizashi.core.active.BlockTally(day, "hub:セプター協議会 / CEPTOAR Council",
                    "sample-telecom", "unbound", (weekend ? 1_800 : 3_100) + 37L * daysAgo));
            week.add(new org.kizashi.core.active.BlockTally(day, "hub:セプター協議会 / CEPTOAR Council",
                    "sample-telecom", "warning-page", (weekend ? 40 : 95) + daysAgo));
        }
        database.blockTallies().add(week);
    }
}
