package org.kizashi.server.active;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kizashi.active.dns.DnsPrimary;
import org.kizashi.active.dns.TransferAccess;
import org.kizashi.core.active.DomainNames;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.server.config.Configuration;
import org.kizashi.server.config.ConfigurationException;
import org.kizashi.server.config.Option;
import org.kizashi.server.config.Options;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/** The response capability's configuration (options active.*), checked at start so that mistakes stop the start. */
public record ActiveSettings(InetSocketAddress dnsAddress, boolean serveDns, Name zone, Name optOutZone,
                             Name warningHost, SharingLevel hubLevel, List<Path> lists,
                             List<DnsPrimary.Secondary> secondaries, TransferAccess access, Duration refresh,
                             Path ispTable, List<LeaseFile> leases, byte[] optOutSecret,
                             Notifications.NotificationSettings notifications) {

    /** A file of subscribers' address records and its format. */
    public record LeaseFile(Kind kind, Path path) {
        public enum Kind { RADIUS, DHCPD, KEA, CGNAT }
    }

    public static ActiveSettings from(Configuration config) {
        int port = config.getInt(Options.ACTIVE_DNS_PORT, -1, 65_535);
        InetSocketAddress address = new InetSocketAddress(address(config, Options.ACTIVE_DNS_ADDRESS,
                config.get(Options.ACTIVE_DNS_ADDRESS).trim()), Math.max(port, 0));
        Name zone = zoneName(config, Options.ACTIVE_ZONE);
        Name optOuts = zoneName(config, Options.ACTIVE_OPTOUT_ZONE);
        if (zone.equals(optOuts)) {
            throw new ConfigurationException("active.optout-zone must differ from active.zone (" + zone + ")");
        }
        String warningText = config.get(Options.ACTIVE_WARNING_HOST).trim();
        Name warning = warningText.isEmpty() ? null : zoneName(config, Options.ACTIVE_WARNING_HOST);
        SharingLevel level;
        try {
            level = SharingLevel.parse(config.get(Options.ACTIVE_HUB_LEVEL).trim());
        } catch (IllegalArgumentException e) {
            throw invalid(config, Options.ACTIVE_HUB_LEVEL, e.getMessage());
        }
        List<Path> lists = config.getList(Options.ACTIVE_LISTS).stream().map(Path::of).toList();
        Map<Name, TSIG> keys = keys(config);
        List<DnsPrimary.Secondary> secondaries = new ArrayList<>();
        for (String text : config.getList(Options.ACTIVE_SECONDARIES)) {
            secondaries.add(secondary(config, text, keys));
        }
        List<IpPrefix> clients = new ArrayList<>();
        for (String text : config.getList(Options.ACTIVE_TRANSFER_CLIENTS)) {
            try {
                clients.add(IpPrefix.parse(text));
            } catch (IllegalArgumentException e) {
                throw invalid(config, Options.ACTIVE_TRANSFER_CLIENTS, e.getMessage());
            }
        }
        int refresh = config.getInt(Options.ACTIVE_REFRESH_SECONDS, 1, 86_400);
        String ispTable = config.get(Options.ACTIVE_ISP_TABLE).trim();
        List<LeaseFile> leases = new ArrayList<>();
        for (String text : config.getList(Options.ACTIVE_LEASES)) {
            int colon = text.indexOf(':');
            LeaseFile.Kind kind = null;
            if (colon > 0) {
                try {
                    kind = LeaseFile.Kind.valueOf(text.substring(0, colon).toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    kind = null;
                }
            }
            if (kind == null) {
                throw invalid(config, Options.ACTIVE_LEASES, "'" + text + "': expected KIND:PATH with KIND radius, "
                        + "dhcpd, kea or cgnat");
            }
            leases.add(new LeaseFile(kind, Path.of(text.substring(colon + 1))));
        }
        String secret = config.get(Options.ACTIVE_OPTOUT_SECRET);
        byte[] optOutSecret = secret.isEmpty() ? randomSecret() : secret.getBytes(StandardCharsets.UTF_8);
        return new ActiveSettings(address, port >= 0, zone, optOuts, warning, level, lists, secondaries,
                new TransferAccess(clients, keys, false), Duration.ofSeconds(refresh),
                ispTable.isEmpty() ? null : Path.of(ispTable), List.copyOf(leases), optOutSecret,
                new Notifications.NotificationSettings(config.get(Options.ACTIVE_SMTP).trim(),
                        config.get(Options.ACTIVE_SMTP_FROM).trim(), config.getBoolean(Options.ACTIVE_SMTP_STARTTLS),
                        config.get(Options.ACTIVE_SMTP_USER).trim(), config.get(Options.ACTIVE_SMTP_PASSWORD),
                        optionalPath(config, Options.ACTIVE_ISP_CONTACTS),
                        optionalPath(config, Options.ACTIVE_SUBSCRIBER_CONTACTS),
                        optionalPath(config, Options.ACTIVE_NOTICE_TEMPLATE),
                        config.get(Options.ACTIVE_PUBLIC_URL).trim(), rdap(config)));
    }

    private static java.net.URI rdap(Configuration config) {
        String text = config.get(Options.ACTIVE_RDAP).trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(text.endsWith("/") ? text : text + "/");
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new java.net.URISyntaxException(text, "expected an http or https URL");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw invalid(config, Options.ACTIVE_RDAP, e.getMessage());
        }
    }

    private static Path optionalPath(Configuration config, Option option) {
        String text = config.get(option).trim();
        return text.isEmpty() ? null : Path.of(text);
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        return secret;
    }

    private static Name zoneName(Configuration config, Option option) {
        try {
            return Name.fromString(DomainNames.canonical(config.get(option)) + ".");
        } catch (IllegalArgumentException | TextParseException e) {
            throw invalid(config, option, e.getMessage());
        }
    }

    private static InetAddress address(Configuration config, Option option, String text) {
        try {
            return InetAddress.getByAddress(IpAddress.parse(text).isV4() ? v4(IpAddress.parse(text))
                    : IpAddress.parse(text).toBytes());
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw invalid(config, option, "'" + text + "' is not an IP address");
        }
    }

    private static byte[] v4(IpAddress address) {
        byte[] b = address.toBytes();
        return new byte[] {b[12], b[13], b[14], b[15]};
    }

    /** "host:port[/key]" or "[v6]:port[/key]". */
    private static DnsPrimary.Secondary secondary(Configuration config, String text, Map<Name, TSIG> keys) {
        String peer = text;
        Name key = null;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            peer = text.substring(0, slash);
            try {
                key = Name.fromString(text.substring(slash + 1), Name.root);
            } catch (TextParseException e) {
                throw invalid(config, Options.ACTIVE_SECONDARIES, "'" + text + "': " + e.getMessage());
            }
            if (!keys.containsKey(key)) {
                throw invalid(config, Options.ACTIVE_SECONDARIES, "'" + text + "' names key " + key
                        + ", which active.tsig-keys does not define");
            }
        }
        int colon = peer.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(config, Options.ACTIVE_SECONDARIES, "'" + text + "': expected host:port");
        }
        String host = peer.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(peer.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw invalid(config, Options.ACTIVE_SECONDARIES, "'" + text + "': the port must be 1..65535");
        }
        return new DnsPrimary.Secondary(new InetSocketAddress(address(config, Options.ACTIVE_SECONDARIES, host), port),
                key);
    }

    /** Reads "name algorithm base64-secret" lines; '#' comments. */
    private static Map<Name, TSIG> keys(Configuration config) {
        String file = config.get(Options.ACTIVE_TSIG_KEYS).trim();
        Map<Name, TSIG> keys = new HashMap<>();
        if (file.isEmpty()) {
            return keys;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw invalid(config, Options.ACTIVE_TSIG_KEYS, "cannot read " + file + ": " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            String where = file + ":" + (i + 1) + ": ";
            if (fields.length != 3) {
                throw invalid(config, Options.ACTIVE_TSIG_KEYS, where + "expected: name algorithm base64-secret");
            }
            try {
                Name name = Name.fromString(fields[0], Name.root);
                Name algorithm = TSIG.algorithmToName(fields[1].toLowerCase(Locale.ROOT));
                keys.put(name, new TSIG(algorithm, name, Base64.getDecoder().decode(fields[2])));
            } catch (IllegalArgumentException | TextParseException e) {
                throw invalid(config, Options.ACTIVE_TSIG_KEYS, where + e.getMessage());
            }
        }
        return keys;
    }

    private static ConfigurationException invalid(Configuration config, Option option, String message) {
        return new ConfigurationException(option.key() + " (from " + config.origin(option) + "): " + message);
    }
}
