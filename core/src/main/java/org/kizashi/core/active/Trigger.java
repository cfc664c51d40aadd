package org.kizashi.core.active;

import java.util.Objects;
import java.util.Optional;
import org.kizashi.core.net.IpPrefix;

/**
 * What an entry matches, in one canonical text per kind so that equal triggers are equal records: a canonical domain
 * for {@link TriggerKind#DOMAIN} and {@link TriggerKind#WILDCARD} (without the "*."), a CIDR prefix for the address
 * kinds, and a Safe Browsing expression ("host/path") for {@link TriggerKind#URL}.
 */
public record Trigger(TriggerKind kind, String value) {
    public Trigger {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    public static Trigger domain(String name) {
        return new Trigger(TriggerKind.DOMAIN, DomainNames.canonical(name));
    }

    /** The names below {@code parent} (not {@code parent} itself). */
    public static Trigger wildcard(String parent) {
        return new Trigger(TriggerKind.WILDCARD, DomainNames.canonical(parent));
    }

    public static Trigger ip(IpPrefix prefix) {
        return new Trigger(TriggerKind.IP, prefix.toString());
    }

    public static Trigger clientIp(IpPrefix prefix) {
        return new Trigger(TriggerKind.CLIENT_IP, prefix.toString());
    }

    /** A Safe Browsing lookup expression, already canonical (the active module's URL code makes them). */
    public static Trigger url(String expression) {
        return new Trigger(TriggerKind.URL, expression);
    }

    /** The prefix of an address trigger. */
    public Optional<IpPrefix> prefix() {
        return kind == TriggerKind.IP || kind == TriggerKind.CLIENT_IP
                ? Optional.of(IpPrefix.parse(value)) : Optional.empty();
    }

    /** How a list file writes it: "example.com", "*.example.com", "192.0.2.0/24", "client 192.0.2.7/32", a URL. */
    @Override
    public String toString() {
        return switch (kind) {
            case WILDCARD -> "*." + value;
            case CLIENT_IP -> "client " + value;
            default -> value;
        };
    }
}
