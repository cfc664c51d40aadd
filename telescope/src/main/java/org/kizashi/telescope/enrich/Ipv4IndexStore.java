package org.kizashi.telescope.enrich;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link Ipv4Index}es on disk, so that only the first start with a database pays for building one (about a
 * second per database) and later starts read it back in a few milliseconds.
 *
 * <p>One file per database and kind, named {@code country-<hash>.ipv4idx} or {@code asn-<hash>.ipv4idx} after a
 * 64-bit hash (CRC-32C and CRC-32) of the database's whole content: the key is the content (size and hash), not the
 * path or the modification time, because the bundled databases are copied to a new temporary file on every start. A
 * file holds the index as it is in memory, so that reading it back is a few bulk copies (a few milliseconds):
 * big-endian, the magic {@code KZIPV4IX}, the format version, the kind, layout and IPv4 subtree of the database, a
 * checksum of the blocks answered as unknown ({@link NonGlobalAddresses}), the database's size and hash, the number of
 * ranges n, n keys (first address of the range XOR {@code 0x80000000}), n values (country index as a short, or AS
 * number as an int), the 65,537 entries of the {@code /16} table, and a checksum (CRC-32C and CRC-32) of everything
 * before. A file that does not match in every respect is not trusted: it is ignored, deleted and rebuilt. Files are
 * written to a temporary name and moved into place atomically, so readers never see half a file; files unused for
 * {@value #UNUSED_DAYS} days are deleted when a new one is written.
 *
 * <p>The directory: the system property {@value #DIRECTORY_PROPERTY} ({@code off} keeps indexes in memory only),
 * else {@code $CACHE_DIRECTORY/geodata} (systemd's {@code CacheDirectory=}, for a service), else
 * {@code $XDG_CACHE_HOME/kizashi/geodata}, else {@code ~/.cache/kizashi/geodata}, else (no usable home directory)
 * {@code ${java.io.tmpdir}/kizashi-geodata-<user>}, created owner-only and not used if someone else owns it.
 * Failing to write the cache only costs time: the index is still built and used in memory.
 *
 * <p>Thread-safe: several processes may share a directory (the last one to write a file wins, with equal content).
 */
final class Ipv4IndexStore {
    private static final Logger LOG = LoggerFactory.getLogger(Ipv4IndexStore.class);

    /** System property naming the directory, or {@code off}. */
    static final String DIRECTORY_PROPERTY = "kizashi.geodata.cache";
    /** Version of the file layout and of how indexes are derived from databases; bump on any change to either. */
    static final int FORMAT = 1;
    static final int UNUSED_DAYS = 30;

    private static final byte[] MAGIC = {'K', 'Z', 'I', 'P', 'V', '4', 'I', 'X'};
    private static final int HEADER = 40;
    /** Checksum of the blocks that indexes answer "unknown" for whatever the database says. */
    private static final int UNKNOWN_BLOCKS = unknownBlocksChecksum();
    private static final int CHECKSUM = 8;
    private static final long MAX_FILE = 256L << 20;
    private static final Pattern NAME = Pattern.compile("(country|asn)-[0-9a-f]{16}\\.ipv4idx");
    /** Temporary files of {@link #save}, left behind when a process ended while writing. */
    private static final Pattern PART = Pattern.compile("(country|asn)-[0-9a-f]{16}\\.ipv4idx\\..*\\.part");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /** What an index file must match: the database's content, and how the index was derived from it. */
    record Key(Ipv4Index.Kind kind, MmdbDatabase.Layout layout, MmdbDatabase.Ipv4Tree tree, long size, long hash) {
        String fileName() {
            return kind.name().toLowerCase(Locale.ROOT) + "-" + HexFormat.of().toHexDigits(hash) + ".ipv4idx";
        }
    }

    /** A directory, and whether it lies in a shared place (the temporary directory) and must be ours alone. */
    record Location(Path directory, boolean shared) {
    }

    private static final Ipv4IndexStore MEMORY_ONLY = new Ipv4IndexStore(null, false);

    private final Path directory;
    private final boolean shared;

    private Ipv4IndexStore(Path directory, boolean shared) {
        this.directory = directory;
        this.shared = shared;
    }

    /** Keeps nothing on disk. */
    static Ipv4IndexStore memoryOnly() {
        return MEMORY_ONLY;
    }

    /** Keeps the files in a directory, created when first written. */
    static Ipv4IndexStore in(Path directory) {
        return new Ipv4IndexStore(directory.toAbsolutePath(), false);
    }

    /** The store the system properties and environment choose (see the class comment). */
    static Ipv4IndexStore fromSystem() {
        Location at = location(System.getProperty(DIRECTORY_PROPERTY), System.getenv(),
            System.getProperty("user.home"), System.getProperty("java.io.tmpdir"), System.getProperty("user.name"));
        return at == null ? MEMORY_ONLY : at(at);
    }

    /** Keeps the files in a location. */
    static Ipv4IndexStore at(Location location) {
        return new Ipv4IndexStore(location.directory().toAbsolutePath(), location.shared());
    }

    /** The directory for these settings, or null for none (package-private for tests). */
    static Location location(String property, Map<String, String> env, String home, String tmpdir, String user) {
        if (property != null && !property.isBlank()) {
            String p = property.strip();
            return p.equalsIgnoreCase("off") || p.equalsIgnoreCase("none")
                ? null : new Location(Path.of(p).toAbsolutePath(), false);
        }
        String service = env.get("CACHE_DIRECTORY");
        if (service != null && !service.isBlank()) {
            Path first = Path.of(service.split(":", 2)[0]);
            if (first.isAbsolute()) {
                return new Location(first.resolve("geodata"), false);
            }
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return new Location(Path.of(xdg, "kizashi", "geodata"), false);
        }
        if (home != null && !home.isBlank() && !home.equals("?")) {
            Path h = Path.of(home);
            if (h.isAbsolute() && Files.isDirectory(h) && Files.isWritable(h)) {
                return new Location(h.resolve(".cache").resolve("kizashi").resolve("geodata"), false);
            }
        }
        String name = user == null || user.isBlank() ? "unknown" : user.replaceAll("[^A-Za-z0-9._-]", "_");
        return new Location(Path.of(tmpdir == null ? "/tmp" : tmpdir, "kizashi-geodata-" + name).toAbsolutePath(),
            true);
    }

    /** The directory, or null when indexes are kept in memory only. */
    Path directory() {
        return directory;
    }

    boolean enabled() {
        return directory != null;
    }

    /**
     * The key of a database as its file is now: its size and a 64-bit hash of its whole content (CRC-32C and CRC-32,
     * which the JVM computes with CPU instructions even before compiling anything: a few ms per 10 MB).
     */
    static Key key(MmdbDatabase db) throws IOException {
        try (FileChannel in = FileChannel.open(db.file(), StandardOpenOption.READ)) {
            long size = in.size();
            CRC32C c = new CRC32C();
            CRC32 d = new CRC32();
            for (long at = 0; at < size; at += 1 << 30) {
                ByteBuffer part = in.map(FileChannel.MapMode.READ_ONLY, at, Math.min(1 << 30, size - at));
                c.update(part.duplicate());
                d.update(part);
            }
            return new Key(db.layout().kind, db.layout(), db.ipv4Tree(), size, c.getValue() << 32 | d.getValue());
        }
    }

    private static int unknownBlocksChecksum() {
        CRC32C c = new CRC32C();
        for (long[] block : NonGlobalAddresses.ipv4Blocks()) {
            c.update(ByteBuffer.allocate(16).putLong(block[0]).putLong(block[1]).flip());
        }
        return (int) c.getValue();
    }

    /** CRC-32C and CRC-32 of bytes, as one long. */
    private static long checksum(byte[] bytes, int length) {
        CRC32C c = new CRC32C();
        CRC32 d = new CRC32();
        c.update(bytes, 0, length);
        d.update(bytes, 0, length);
        return c.getValue() << 32 | d.getValue();
    }

    /** Where the index of a key is kept (whether or not it exists). */
    Path file(Key key) {
        if (directory == null) {
            throw new IllegalStateException("indexes are kept in memory only");
        }
        return directory.resolve(key.fileName());
    }

    /**
     * The index kept for a key, or null when there is none or it cannot be trusted (another key, format or block
     * list, wrong length, bad checksum, bad {@code /16} table; such a file is deleted so that it is rebuilt).
     */
    Ipv4Index load(Key key) {
        if (directory == null) {
            return null;
        }
        Path file = file(key);
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            checkPrivate(directory);
            long size = Files.size(file);
            if (size > MAX_FILE) {
                throw new IOException(size + " bytes is too large");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            LOG.warn("Cannot read the IPv4 index {} ({}); building it again", file, e.toString());
            return null;
        }
        try {
            Ipv4Index index = decode(bytes, key);
            touch(file);
            return index;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            LOG.warn("Ignoring the IPv4 index {}, which is damaged or stale ({}); building it again", file,
                e.getMessage());
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // it is overwritten once rebuilt
            }
            return null;
        }
    }

    /**
     * Writes the index of a key (to a temporary file, then moved into place).
     *
     * @return the file written
     */
    Path save(Key key, Ipv4Index index) throws IOException {
        Path dir = prepareDirectory();
        Path file = dir.resolve(key.fileName());
        byte[] bytes = encode(key, index);
        Path part = Files.createTempFile(dir, key.fileName() + ".", ".part");
        try {
            Files.write(part, bytes);
            try {
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING); // the checksum catches a torn file
            }
        } finally {
            Files.deleteIfExists(part);
        }
        pruneUnused(file);
        return file;
    }

    static byte[] encode(Key key, Ipv4Index index) {
        int n = index.size();
        boolean country = key.kind() == Ipv4Index.Kind.COUNTRY;
        if (index.kind() != key.kind()) {
            throw new IllegalArgumentException("a " + index.kind() + " index under a " + key.kind() + " key");
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(length(n, country)));
        b.put(MAGIC).putInt(FORMAT)
            .put((byte) key.kind().ordinal()).put((byte) key.layout().ordinal()).put((byte) key.tree().ordinal())
            .put((byte) 0).putInt(UNKNOWN_BLOCKS)
            .putLong(key.size()).putLong(key.hash()).putInt(n);
        b.asIntBuffer().put(index.keys());
        b.position(b.position() + 4 * n);
        if (country) {
            b.asShortBuffer().put(index.countries());
            b.position(b.position() + 2 * n);
        } else {
            b.asIntBuffer().put(index.numbers());
            b.position(b.position() + 4 * n);
        }
        b.asIntBuffer().put(index.blocks());
        b.position(b.position() + 4 * (Ipv4Index.BLOCKS + 1));
        b.putLong(checksum(b.array(), b.position()));
        return b.array();
    }

    private static long length(int n, boolean country) {
        return HEADER + (long) n * (country ? 6 : 8) + 4L * (Ipv4Index.BLOCKS + 1) + CHECKSUM;
    }

    /** @throws IllegalArgumentException when the bytes are not an index of this key, or are damaged */
    static Ipv4Index decode(byte[] bytes, Key key) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER + CHECKSUM || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not an IPv4 index file");
        }
        long checksum = b.getLong(bytes.length - CHECKSUM);
        if (checksum != checksum(bytes, bytes.length - CHECKSUM)) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        b.position(MAGIC.length);
        int format = b.getInt();
        if (format != FORMAT) {
            throw new IllegalArgumentException("format " + format + ", expected " + FORMAT);
        }
        int kind = b.get();
        int layout = b.get();
        int tree = b.get();
        b.get();
        int unknownBlocks = b.getInt();
        long size = b.getLong();
        long hash = b.getLong();
        if (kind != key.kind().ordinal() || layout != key.layout().ordinal() || tree != key.tree().ordinal()
            || size != key.size() || hash != key.hash()) {
            throw new IllegalArgumentException("made for another database");
        }
        if (unknownBlocks != UNKNOWN_BLOCKS) {
            throw new IllegalArgumentException("made with other non-global blocks");
        }
        int n = b.getInt();
        boolean country = key.kind() == Ipv4Index.Kind.COUNTRY;
        if (n <= 0 || length(n, country) != bytes.length) {
            throw new IllegalArgumentException("wrong length for " + n + " ranges");
        }
        int[] keys = new int[n];
        b.asIntBuffer().get(keys);
        b.position(b.position() + 4 * n);
        short[] countries = null;
        int[] numbers = null;
        if (country) {
            countries = new short[n];
            b.asShortBuffer().get(countries);
            b.position(b.position() + 2 * n);
        } else {
            numbers = new int[n];
            b.asIntBuffer().get(numbers);
            b.position(b.position() + 4 * n);
        }
        int[] blocks = new int[Ipv4Index.BLOCKS + 1];
        b.asIntBuffer().get(blocks);
        return Ipv4Index.restore(keys, countries, numbers, blocks);
    }

    private Path prepareDirectory() throws IOException {
        Path dir = directory;
        if (dir == null) {
            throw new IllegalStateException("indexes are kept in memory only");
        }
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createDirectories(dir);
            }
        }
        checkPrivate(dir);
        return dir;
    }

    /** In the shared temporary directory, only ever use our own private directory. */
    private void checkPrivate(Path dir) throws IOException {
        if (shared && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            String user = System.getProperty("user.name");
            if (Files.isSymbolicLink(dir) || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(user)
                || !Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
                throw new IOException(dir + " belongs to someone else or is open to others; not using it");
            }
        }
    }

    /** Marks a file as used (at most once a day), so that pruning keeps it. */
    private static void touch(Path file) {
        try {
            Instant now = Instant.now();
            if (Files.getLastModifiedTime(file).toInstant().isBefore(now.minus(Duration.ofDays(1)))) {
                Files.setLastModifiedTime(file, FileTime.from(now));
            }
        } catch (IOException ignored) {
            // read-only cache: the file may be pruned by another writer some day, and then rebuilt
        }
    }

    /**
     * Deletes index files (not {@code keep}) that no one used for {@value #UNUSED_DAYS} days, and temporary files
     * older than a day.
     */
    private void pruneUnused(Path keep) {
        Instant now = Instant.now();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                Duration unused = NAME.matcher(name).matches() ? Duration.ofDays(UNUSED_DAYS)
                    : PART.matcher(name).matches() ? Duration.ofDays(1) : null;
                if (unused != null && !f.equals(keep) && Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS)
                    .toInstant().isBefore(now.minus(unused))) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot prune {}: {}", directory, e.toString());
        }
    }

    @Override
    public String toString() {
        return directory == null ? "memory only" : directory.toString();
    }
}
