package org.kizashi.core.telescope;

import java.util.Locale;

/**
 * What a packet arriving in the darknet is. Backscatter follows CAIDA corsaro: TCP SYN-ACK or RST, and ICMP types
 * 0, 3, 4, 5, 11, 12, 14, 16 and 18 (answers to packets whose spoofed source lies in the darknet).
 */
public enum PacketClass {
    /** TCP SYN without ACK: someone looking for a service. */
    SCAN,
    /** Answers to spoofed packets: the sign of a DoS attack against the answering host. */
    BACKSCATTER,
    UDP,
    /** ICMP echo and other requests (ICMP types that are neither backscatter nor errors). */
    ICMP_REQUEST,
    OTHER;

    /** The name used in JSON and the UI: scan, backscatter, udp, icmp_request, other. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
