/**
 * Decoding captured frames into their IP and transport headers ({@link org.kizashi.telescope.decode.PacketDecoder}),
 * in place and without allocation, into a reused {@link org.kizashi.telescope.decode.DecodedPacket}.
 */
package org.kizashi.telescope.decode;
