package org.kizashi.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting the platform reads, with its default. Later capabilities add theirs here. */
public final class Options {
    public static final Option HTTP_HOST = new Option("http.host", "127.0.0.1", false,
            "Address the web server binds to. 127.0.0.1 unless you mean to expose it.");
    public static final Option HTTP_PORT = new Option("http.port", "8080", false, "Port of the web server (0 picks a free one).");
    public static final Option HTTP_INSECURE = new Option("http.insecure", "false", false,
            "Production only: serve plain HTTP (behind a TLS-terminating proxy) instead of HTTPS.");
    public static final Option HTTPS_KEY_STORE = new Option("https.key-store", "", false,
            "PKCS#12 key store with the server certificate and key; when set, the port speaks HTTPS.");
    public static final Option HTTPS_KEY_STORE_PASSWORD = new Option("https.key-store-password", "", true,
            "Password of the key store.");
    public static final Option HTTPS_CLIENT_CA = new Option("https.client-ca", "", false,
            "PKCS#12 trust store of the certificate authorities whose client certificates log TAXII clients in (the "
                    + "certificate's CN is the user name); needs https.key-store.");
    public static final Option HTTPS_CLIENT_CA_PASSWORD = new Option("https.client-ca-password", "", true,
            "Password of the client CA trust store.");
    public static final Option DATA_DIR = new Option("data-dir", "./data", false,
            "Directory for the embedded database and other local data.");
    public static final Option DB_VENDOR = new Option("db.vendor", "", false,
            "Database: h2 (embedded) or postgresql. start-dev uses h2; start requires an explicit choice.");
    public static final Option DB_URL = new Option("db.url", "", false,
            "JDBC URL, for example jdbc:postgresql://HOST:5432/kizashi. Empty with h2: the file under data-dir.");
    public static final Option DB_USER = new Option("db.user", "", false, "Database user.");
    public static final Option DB_PASSWORD = new Option("db.password", "", true, "Database password.");
    public static final Option DB_POOL_SIZE = new Option("db.pool-size", "10", false, "Maximum database connections.");
    public static final Option ADMIN_PASSWORD = new Option("admin.password", "", true,
            "Password of the first administrator 'admin', used only when that user is created. Generated when empty.");
    public static final Option SESSION_LIFETIME_MINUTES = new Option("session.lifetime-minutes", "480", false,
            "How long a web login lasts.");
    public static final Option DEMO = new Option("demo", "false", false, "Load the demo data set at start (start-dev only).");
    public static final Option TELESCOPE_DARKNET = new Option("telescope.darknet", "", false,
            "Darknet prefixes the telescope watches, as CIDRs (a YAML list, or comma-separated: 192.0.2.0/24,2001:db8::/48).");
    public static final Option TELESCOPE_SENSOR_LOCATION = new Option("telescope.sensor-location", "139.69,35.69", false,
            "Where the live map draws the sensor: longitude,latitude (default Tokyo).");
    public static final Option TELESCOPE_FLUSH_SECONDS = new Option("telescope.flush-seconds", "60", false,
            "Write the telescope's aggregates back to the database at most this often (and at shutdown).");
    public static final Option TELESCOPE_DAYS_IN_MEMORY = new Option("telescope.days-in-memory", "7", false,
            "UTC days of telescope aggregates kept in memory for the views (older days stay in the database).");
    public static final Option TELESCOPE_MAX_REPORT_MB = new Option("telescope.max-report-mb", "64", false,
            "Largest sensor report accepted by POST /api/v1/telescope/reports, in MiB.");
    public static final Option INTEL_PULLS = new Option("intel.pulls", "", false,
            "JSON file of remote TAXII 2.1 collections the server pulls on a schedule (docs/capabilities/sharing.md). "
                    + "Empty: none.");
    public static final Option ACTIVE_DNS_ADDRESS = new Option("active.dns-address", "127.0.0.1", false,
            "Address the policy zones are served on over DNS (the primary resolvers transfer them from).");
    public static final Option ACTIVE_DNS_PORT = new Option("active.dns-port", "5353", false,
            "DNS port of the policy zones, UDP and TCP (0: any free port; -1: do not serve DNS).");
    public static final Option ACTIVE_ZONE = new Option("active.zone", "rpz.kizashi", false,
            "Name of the policy zone of blocks (RPZ).");
    public static final Option ACTIVE_OPTOUT_ZONE = new Option("active.optout-zone", "optout.rpz.kizashi", false,
            "Name of the policy zone of opted-out subscribers (client-IP passthru; resolvers list it first).");
    public static final Option ACTIVE_WARNING_HOST = new Option("active.warning-host", "", false,
            "Host of the warning page: blocked names become a CNAME to it (walled garden). Empty: NXDOMAIN.");
    public static final Option ACTIVE_HUB_LEVEL = new Option("active.hub-level", "green", false,
            "Sharing-hub indicators at this level or wider become block entries (red, amber, yellow, green, white).");
    public static final Option ACTIVE_LISTS = new Option("active.lists", "", false,
            "Block-list files read into the zone (comma-separated; domains, *.domains, IPs, CIDRs, URLs per line).");
    public static final Option ACTIVE_SECONDARIES = new Option("active.secondaries", "", false,
            "Resolvers told of each new zone version by NOTIFY: host:port[/tsig-key-name], comma-separated.");
    public static final Option ACTIVE_TRANSFER_CLIENTS = new Option("active.transfer-clients", "127.0.0.0/8,::1/128",
            false, "Prefixes allowed to transfer the zones without a TSIG key (comma-separated).");
    public static final Option ACTIVE_TSIG_KEYS = new Option("active.tsig-keys", "", false,
            "File of TSIG keys, one per line: name algorithm base64-secret (hmac-sha256 etc.). Keys sign transfers.");
    public static final Option ACTIVE_REFRESH_SECONDS = new Option("active.refresh-seconds", "5", false,
            "How often the hub and the list files are checked for changes, in seconds.");
    public static final Option ACTIVE_ISP_TABLE = new Option("active.isp-table", "", false,
            "CSV of the ISPs' address ranges (prefix,asn,isp): which ISP an address belongs to.");
    public static final Option ACTIVE_LEASES = new Option("active.leases", "", false,
            "Subscribers' address records, comma-separated KIND:PATH (radius: FreeRADIUS detail files, dhcpd: ISC "
                    + "dhcpd.leases, kea: Kea lease CSV, cgnat: CGNAT port-block CSV).");
    public static final Option ACTIVE_OPTOUT_SECRET = new Option("active.optout-secret", "", true,
            "Key of the subscribers' personal opt-out links (/optout/...). Empty: a new one at every start.");
    public static final Option ACTIVE_SMTP = new Option("active.smtp", "", false,
            "SMTP server of the notifications, host:port. Empty: no notifications are sent.");
    public static final Option ACTIVE_SMTP_FROM = new Option("active.smtp-from", "active@localhost", false,
            "Sender address of the notifications.");
    public static final Option ACTIVE_SMTP_STARTTLS = new Option("active.smtp-starttls", "false", false,
            "Require STARTTLS on the SMTP connection.");
    public static final Option ACTIVE_SMTP_USER = new Option("active.smtp-user", "", false,
            "SMTP login (empty: none).");
    public static final Option ACTIVE_SMTP_PASSWORD = new Option("active.smtp-password", "", true,
            "SMTP password.");
    public static final Option ACTIVE_ISP_CONTACTS = new Option("active.isp-contacts", "", false,
            "CSV isp,email: where each ISP's daily batch of infected hosts goes.");
    public static final Option ACTIVE_SUBSCRIBER_CONTACTS = new Option("active.subscriber-contacts", "", false,
            "CSV isp,subscriber,email: where subscriber notices go (the ISP's customer records).");
    public static final Option ACTIVE_NOTICE_TEMPLATE = new Option("active.notice-template", "", false,
            "The ISP's template of subscriber notices (first line Subject:, placeholders {{subscriber}} and so on). "
                    + "Empty: the built-in template in Japanese and English.");
    public static final Option ACTIVE_PUBLIC_URL = new Option("active.public-url", "http://127.0.0.1:8080", false,
            "The platform's address as subscribers reach it: the opt-out links in notices start with it.");
    public static final Option ACTIVE_RDAP = new Option("active.rdap", "", false,
            "RDAP server asked for the abuse contact of malware-distribution sites (base URL, such as "
                    + "https://rdap.example/). Empty: site administrators are not told.");

    public static final List<Option> ALL = List.of(HTTP_HOST, HTTP_PORT, HTTP_INSECURE, HTTPS_KEY_STORE,
            HTTPS_KEY_STORE_PASSWORD, HTTPS_CLIENT_CA, HTTPS_CLIENT_CA_PASSWORD, DATA_DIR, DB_VENDOR, DB_URL, DB_USER, DB_PASSWORD, DB_POOL_SIZE, ADMIN_PASSWORD,
            SESSION_LIFETIME_MINUTES, DEMO, TELESCOPE_DARKNET, TELESCOPE_SENSOR_LOCATION, TELESCOPE_FLUSH_SECONDS,
            TELESCOPE_DAYS_IN_MEMORY, TELESCOPE_MAX_REPORT_MB, INTEL_PULLS, ACTIVE_DNS_ADDRESS, ACTIVE_DNS_PORT, ACTIVE_ZONE,
            ACTIVE_OPTOUT_ZONE, ACTIVE_WARNING_HOST, ACTIVE_HUB_LEVEL, ACTIVE_LISTS, ACTIVE_SECONDARIES,
            ACTIVE_TRANSFER_CLIENTS, ACTIVE_TSIG_KEYS, ACTIVE_REFRESH_SECONDS, ACTIVE_ISP_TABLE, ACTIVE_LEASES,
            ACTIVE_OPTOUT_SECRET, ACTIVE_SMTP, ACTIVE_SMTP_FROM, ACTIVE_SMTP_STARTTLS, ACTIVE_SMTP_USER,
            ACTIVE_SMTP_PASSWORD, ACTIVE_ISP_CONTACTS, ACTIVE_SUBSCRIBER_CONTACTS, ACTIVE_NOTICE_TEMPLATE,
            ACTIVE_PUBLIC_URL, ACTIVE_RDAP);

    private static final Map<String, Option> BY_KEY = new LinkedHashMap<>();

    static {
        ALL.forEach(o -> BY_KEY.put(o.key(), o));
    }

    private Options() {
    }

    public static Optional<Option> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }
}
