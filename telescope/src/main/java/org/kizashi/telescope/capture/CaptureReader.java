package org.kizashi.telescope.capture;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a packet capture, streaming: classic pcap (microsecond and nanosecond, either byte order) or pcapng (any
 * number of sections and interfaces), gzip-compressed or not (detected from the first bytes, for files and streams
 * alike). Frames are handed to a {@link FrameSink} straight from one large reused buffer: nothing is allocated per
 * frame, and files larger than memory read in constant space.
 *
 * <pre>{@code
 * try (CaptureReader reader = CaptureReader.open(Path.of("darknet.pcap.gz"))) {
 *     long frames = reader.read((time, linkType, buffer, offset, captured, original) -> ...);
 * } catch (CaptureFormatException e) {
 *     // e.framesDelivered() frames were read before the damage at e.offset()
 * }
 * }</pre>
 *
 * <p>Damaged input raises {@link CaptureFormatException} (a checked {@link IOException}) after the frames before the
 * damage have been delivered; reading again raises it again. A reader is not thread-safe.
 */
public final class CaptureReader implements Closeable {
    /** The source name of {@link #standardInput()}, as messages show it. */
    public static final String STANDARD_INPUT = "standard input";
    private static final int GZIP_BUFFER = 64 << 10;

    private final String source;
    private final long fileSize;
    private final int bufferSize;
    private InputBuffer in;
    private RecordReader records;
    private CaptureFormat format;
    private boolean compressed;
    private boolean finished;
    private CaptureFormatException failure;

    private CaptureReader(InputStream stream, String source, long fileSize, int bufferSize) {
        this.source = source;
        this.fileSize = fileSize;
        this.bufferSize = bufferSize;
        this.in = new InputBuffer(stream, bufferSize);
    }

    /**
     * Opens a capture file and reads its file header.
     *
     * @throws CaptureFormatException when the file is not a capture (empty, wrong magic, truncated header)
     */
    public static CaptureReader open(Path file) throws IOException {
        long size = Files.isRegularFile(file) ? Files.size(file) : -1;
        CaptureReader reader = new CaptureReader(Files.newInputStream(file), file.toString(), size,
                InputBuffer.DEFAULT_CAPACITY);
        try {
            reader.detect();
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    /**
     * A reader of a stream, for instance a pipe from {@code tcpdump -w -}; the header is read on the first
     * {@link #read}. Closing the reader closes the stream.
     *
     * @param sourceName how messages name the stream
     */
    public static CaptureReader open(InputStream stream, String sourceName) {
        return open(stream, sourceName, InputBuffer.DEFAULT_CAPACITY);
    }

    /** As {@link #open(InputStream, String)}, with a chosen initial buffer size (tests use tiny ones). */
    static CaptureReader open(InputStream stream, String sourceName, int bufferSize) {
        return new CaptureReader(Objects.requireNonNull(stream), Objects.requireNonNull(sourceName), -1, bufferSize);
    }

    /**
     * A reader of standard input ({@code tcpdump -w - | kizashi telescope sensor --stdin}); closing it leaves standard
     * input open.
     */
    public static CaptureReader standardInput() {
        InputStream unclosable = new FilterInputStream(System.in) {
            @Override
            public void close() {
                // standard input belongs to the process
            }
        };
        return open(unclosable, STANDARD_INPUT);
    }

    /** Reads to the end of the capture; returns the number of frames delivered by this call. */
    public long read(FrameSink sink) throws IOException {
        return read(sink, Long.MAX_VALUE);
    }

    /**
     * Reads at most {@code maxFrames} frames; returns the number delivered, fewer only at the end of the capture (then
     * 0 on every later call). Reading continues where the previous call stopped.
     *
     * @throws CaptureFormatException when the capture is damaged, after the frames before the damage were delivered
     */
    public long read(FrameSink sink, long maxFrames) throws IOException {
        Objects.requireNonNull(sink, "sink");
        detect();
        if (finished) {
            return 0;
        }
        long before = records.frames;
        try {
            finished = records.read(sink, maxFrames);
        } catch (CaptureFormatException e) {
            failure = e;
            throw e;
        } catch (EOFException | ZipException e) {
            throw gzipFault(e);
        }
        return records.frames - before;
    }

    /** The container format, read from the header if that has not happened yet. */
    public CaptureFormat format() throws IOException {
        detect();
        return format;
    }

    /** True when the capture is gzip-compressed (read from the header if that has not happened yet). */
    public boolean compressed() throws IOException {
        detect();
        return compressed;
    }

    /** The file name, or {@link #STANDARD_INPUT}, or the name given for a stream. */
    public String source() {
        return source;
    }

    /** Bytes consumed so far, counted in the uncompressed capture: for a progress bar against {@link #size()}. */
    public long position() {
        return in.position();
    }

    /** The size of the capture when known (an uncompressed regular file), else -1. */
    public long size() {
        return compressed ? -1 : fileSize;
    }

    /** Frames delivered so far, over all calls to {@link #read}. */
    public long framesRead() {
        return records == null ? 0 : records.frames;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void detect() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (records != null) {
            return;
        }
        try {
            detectFormat();
        } catch (CaptureFormatException e) {
            failure = e;
            throw e;
        } catch (EOFException | ZipException e) {
            throw gzipFault(e);
        }
    }

    /** A compressed capture killed mid-write ends mid-stream: as damaged as a truncated record. */
    private IOException gzipFault(IOException e) {
        if (!compressed) {
            return e;
        }
        failure = new CaptureFormatException(source, in.position(), framesRead(),
                e instanceof EOFException ? "truncated gzip stream" : "corrupt gzip data (" + e.getMessage() + ")", e);
        return failure;
    }

    private void detectFormat() throws IOException {
        in.request(4);
        if (in.available() >= 2 && in.buffer[in.pos] == (byte) 0x1f && in.buffer[in.pos + 1] == (byte) 0x8b) {
            compressed = true;
            InputStream rest = new SequenceInputStream(new ByteArrayInputStream(in.unread()), in.stream());
            try {
                in = new InputBuffer(new GZIPInputStream(rest, GZIP_BUFFER), bufferSize);
            } catch (EOFException | ZipException e) {
                throw new CaptureFormatException(source, 0, 0, "corrupt gzip header (" + e.getMessage() + ")", e);
            }
            in.request(4);
        }
        int n = in.available();
        if (n == 0) {
            throw new CaptureFormatException(source, 0, 0, "empty input: not a capture file");
        }
        if (n < 4) {
            throw new CaptureFormatException(source, 0, 0, "not a capture file (only " + n + " bytes)");
        }
        int magic = Bytes.int32(in.buffer, in.pos, true);
        switch (magic) {
            case 0xa1b2c3d4 -> pcap(CaptureFormat.PCAP, true);
            case 0xd4c3b2a1 -> pcap(CaptureFormat.PCAP, false);
            case 0xa1b23c4d -> pcap(CaptureFormat.PCAP_NANOSECONDS, true);
            case 0x4d3cb2a1 -> pcap(CaptureFormat.PCAP_NANOSECONDS, false);
            case 0xa1b2cd34 -> pcap(CaptureFormat.PCAP_MODIFIED, true);
            case 0x34cdb2a1 -> pcap(CaptureFormat.PCAP_MODIFIED, false);
            case PcapngRecordReader.SECTION_HEADER -> {
                format = CaptureFormat.PCAPNG;
                records = new PcapngRecordReader(in, source);
            }
            default -> throw new CaptureFormatException(source, 0, 0,
                    String.format("not a capture file (magic 0x%08x)", magic));
        }
    }

    private void pcap(CaptureFormat pcapFormat, boolean bigEndian) throws IOException {
        format = pcapFormat;
        records = PcapRecordReader.open(in, source, pcapFormat, bigEndian);
    }
}
