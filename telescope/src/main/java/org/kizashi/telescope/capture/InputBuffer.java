package org.kizashi.telescope.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * A large reusable buffer over a stream: parsers read records in place from {@link #buffer} between {@link #pos} and
 * {@link #limit}, so nothing is copied per frame. The buffer is refilled only when a record is not wholly in it; the
 * partial record is then moved to the front (a few bytes per megabyte read).
 */
final class InputBuffer {
    static final int DEFAULT_CAPACITY = 1 << 20;

    private final InputStream in;
    byte[] buffer;
    /** Next unread byte. */
    int pos;
    /** End of the valid bytes. */
    int limit;
    /** Stream offset of {@code buffer[0]}. */
    private long base;
    private boolean endOfStream;

    InputBuffer(InputStream in, int capacity) {
        this.in = in;
        this.buffer = new byte[capacity];
    }

    /** Bytes consumed so far: the stream offset of {@link #pos}. */
    long position() {
        return base + pos;
    }

    int available() {
        return limit - pos;
    }

    /**
     * Makes {@code n} bytes available from {@link #pos}, reading as needed (the buffer may move: re-read
     * {@link #buffer} and {@link #pos} after a call). Returns false when the stream ends first; {@link #available()}
     * then says how many bytes there were.
     */
    boolean request(int n) throws IOException {
        return limit - pos >= n || fill(n);
    }

    private boolean fill(int n) throws IOException {
        if (pos > 0) {
            int remaining = limit - pos;
            System.arraycopy(buffer, pos, buffer, 0, remaining);
            base += pos;
            pos = 0;
            limit = remaining;
        }
        if (n > buffer.length) {
            byte[] larger = new byte[Math.max(n, buffer.length * 2)];
            System.arraycopy(buffer, 0, larger, 0, limit);
            buffer = larger;
        }
        // One read may return less than asked (pipes, gzip): take what comes, so a live capture is not held back.
        while (limit < n) {
            if (endOfStream) {
                return false;
            }
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                endOfStream = true;
                return false;
            }
            limit += read;
        }
        return true;
    }

    /** Consumes {@code n} bytes, reading through the stream for those not buffered; returns how many there were. */
    long skip(long n) throws IOException {
        int buffered = limit - pos;
        if (n <= buffered) {
            pos += (int) n;
            return n;
        }
        long skipped = buffered;
        base += limit;
        pos = limit = 0;
        while (skipped < n && !endOfStream) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                endOfStream = true;
            } else {
                skipped += read;
                base += read;
            }
        }
        return skipped;
    }

    /** The unread buffered bytes, for handing over to a decompressing stream. */
    byte[] unread() {
        byte[] copy = new byte[limit - pos];
        System.arraycopy(buffer, pos, copy, 0, copy.length);
        return copy;
    }

    InputStream stream() {
        return in;
    }

    void close() throws IOException {
        in.close();
    }
}
