package org.kizashi.server.active;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Subscriber records the response tests share: one ISP holding 127/8, and carol's open session on 127.0.0.3. */
final class ActiveFixtures {
    static final String ISP = "kizashi-isp";
    static final String CAROL = "carol@example.ne.jp";

    private ActiveFixtures() {
    }

    /** An ISP table (active.isp-table) in which kizashi-isp holds 127.0.0.0/8. */
    static Path ispTable(Path dir) throws IOException {
        Path isps = dir.resolve("isps.csv");
        Files.writeString(isps, "prefix,asn,isp\n127.0.0.0/8,64500," + ISP + "\n");
        return isps;
    }

    /** A FreeRADIUS detail file (active.leases radius:) in which carol holds 127.0.0.3 since midnight, Japan time. */
    static Path carolsSession(Path dir) throws IOException {
        Path radius = dir.resolve("detail-20261123");
        Files.writeString(radius, """
                Mon Nov 23 00:00:00 2026
                \tAcct-Status-Type = Start
                \tAcct-Session-Id = "S-0003"
                \tUser-Name = "%s"
                \tNAS-IP-Address = 192.0.2.1
                \tFramed-IP-Address = 127.0.0.3
                \tEvent-Timestamp = "Nov 23 2026 00:00:00 JST"

                """.formatted(CAROL));
        return radius;
    }
}
