package org.kizashi.telescope.decode;

/** Why {@link PacketDecoder#decode} returned false: the frame is not IP, or it is broken ({@link #malformed()}). */
public enum DecodeFailure {
    /** The last frame decoded. */
    NONE(false),
    /** The capture's link type is not one the decoder knows. */
    UNKNOWN_LINK_TYPE(false),
    /** The link layer carries something other than IPv4 or IPv6 (ARP, LLDP, ...). */
    NOT_IP(false),
    /** The frame ends inside its link-layer header (or a VLAN tag). */
    TRUNCATED_LINK_HEADER(true),
    /** The frame ends inside the IP header (snap length too small, or a broken frame). */
    TRUNCATED_IP_HEADER(true),
    /** The IP header is impossible: wrong version for its EtherType, header length below 20, total length below it. */
    BAD_IP_HEADER(true);

    private final boolean malformed;

    DecodeFailure(boolean malformed) {
        this.malformed = malformed;
    }

    /** True when the frame is broken, false when it is merely not an IP packet we decode. */
    public boolean malformed() {
        return malformed;
    }
}
