package org.kizashi.telescope.capture;

/** The container formats {@link CaptureReader} understands. */
public enum CaptureFormat {
    /** Classic pcap, microsecond timestamps (magic a1b2c3d4). */
    PCAP,
    /** Classic pcap, nanosecond timestamps (magic a1b23c4d). */
    PCAP_NANOSECONDS,
    /** Alexey Kuznetzov's patched pcap (magic a1b2cd34): 8 more bytes per record header, found in old captures. */
    PCAP_MODIFIED,
    /** pcapng: sections of blocks, per-interface link type and timestamp resolution. */
    PCAPNG
}
