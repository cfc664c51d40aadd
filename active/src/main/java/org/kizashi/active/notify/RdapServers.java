package org.kizashi.active.notify;

import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kizashi.core.active.DomainNames;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

/**
 * Which RDAP server answers for which names and addresses: base URLs by domain suffix (a TLD such as {@code jp}, or a
 * longer suffix) and by IP prefix, the most specific match winning, with an optional server for everything else.
 * Configured rather than fetched from IANA's bootstrap files, since the platform runs without Internet access to
 * anything but the servers it is told about. Immutable.
 */
public final class RdapServers {
    private final Map<String, URI> byDomainSuffix;
    private final Map<IpPrefix, URI> byPrefix;
    private final Optional<URI> fallback;

    private RdapServers(Map<String, URI> byDomainSuffix, Map<IpPrefix, URI> byPrefix, Optional<URI> fallback) {
        this.byDomainSuffix = byDomainSuffix;
        this.byPrefix = byPrefix;
        this.fallback = fallback;
    }

    /** One server for all queries, such as a local RDAP proxy or redirector. */
    public static RdapServers single(URI base) {
        return new RdapServers(Map.of(), Map.of(), Optional.of(base(base)));
    }

    /**
     * Servers by domain suffix and by prefix.
     *
     * @param byDomainSuffix base URLs by suffix ("jp", "co.jp", "com"), in any spelling {@link DomainNames} accepts
     * @param byPrefix       base URLs by IP prefix
     */
    public static RdapServers of(Map<String, URI> byDomainSuffix, Map<IpPrefix, URI> byPrefix) {
        Map<String, URI> domains = new LinkedHashMap<>();
        byDomainSuffix.forEach((suffix, uri) -> domains.put(DomainNames.canonical(suffix), base(uri)));
        Map<IpPrefix, URI> prefixes = new LinkedHashMap<>();
        byPrefix.forEach((prefix, uri) -> prefixes.put(prefix, base(uri)));
        return new RdapServers(Map.copyOf(domains), Map.copyOf(prefixes), Optional.empty());
    }

    /** These servers, and {@code base} for whatever none of them covers. */
    public RdapServers orElse(URI base) {
        return new RdapServers(byDomainSuffix, byPrefix, Optional.of(base(base)));
    }

    private static URI base(URI uri) {
        Objects.requireNonNull(uri, "RDAP base URL");
        String scheme = uri.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("an RDAP base URL is http or https: " + uri);
        }
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /** The server for {@code name} (canonical, see {@link DomainNames}): the longest configured suffix wins. */
    public Optional<URI> forDomain(String name) {
        return byDomainSuffix.entrySet().stream()
                .filter(e -> name.equals(e.getKey()) || name.endsWith("." + e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue)
                .or(() -> fallback);
    }

    /** The server for {@code address}: the longest configured prefix holding it wins. */
    public Optional<URI> forAddress(IpAddress address) {
        return byPrefix.entrySet().stream()
                .filter(e -> e.getKey().contains(address))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue)
                .or(() -> fallback);
    }

    @Override
    public String toString() {
        return "RdapServers[domains " + byDomainSuffix + ", prefixes " + byPrefix + ", otherwise "
                + fallback.map(URI::toString).orElse("none") + "]";
    }
}
