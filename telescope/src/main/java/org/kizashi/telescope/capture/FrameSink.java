package org.kizashi.telescope.capture;

/**
 * Receives the frames of a capture, one call per frame, from {@link CaptureReader#read(FrameSink)}.
 *
 * <p>The frame lies in {@code buffer[offset, offset + capturedLength)}. The buffer belongs to the reader and is
 * overwritten after the call returns (that is what makes reading zero-copy): copy whatever must outlive the call.
 */
@FunctionalInterface
public interface FrameSink {
    /**
     * @param timestampNanos capture time, nanoseconds since the epoch (UTC)
     * @param linkType       the {@link LinkType} of the interface that captured the frame, passed on even when unknown
     * @param capturedLength bytes present in the buffer
     * @param originalLength length of the frame on the wire (larger than {@code capturedLength} when the snap length
     *                       cut it)
     */
    void frame(long timestampNanos, int linkType, byte[] buffer, int offset, int capturedLength, int originalLength);
}
