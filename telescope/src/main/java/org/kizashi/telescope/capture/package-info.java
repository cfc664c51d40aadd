/**
 * Reading packet captures: classic pcap and pcapng, plain or gzip-compressed, from files or standard input, with a
 * zero-copy streaming {@link org.kizashi.telescope.capture.CaptureReader}; and writing them
 * ({@link org.kizashi.telescope.capture.PcapWriter}, {@link org.kizashi.telescope.capture.PacketBuilder}) for tests
 * and demo data.
 */
package org.kizashi.telescope.capture;
