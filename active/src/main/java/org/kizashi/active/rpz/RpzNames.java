package org.kizashi.active.rpz;

import java.util.Locale;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.active.Trigger;
import org.kizashi.core.active.TriggerKind;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * How RPZ spells triggers and actions as DNS names: the owner name of a trigger inside the zone, and the CNAME
 * target of an action. Address triggers are "length.reversed-address.rpz-ip" (IPv6 groups reversed, the longest run
 * of zero groups written "zz"), as BIND and Unbound read them.
 */
public final class RpzNames {
    public static final String RPZ_IP = "rpz-ip";
    public static final String RPZ_CLIENT_IP = "rpz-client-ip";
    public static final String RPZ_NSIP = "rpz-nsip";
    public static final String RPZ_NSDNAME = "rpz-nsdname";
    public static final Name DROP = Name.fromConstantString("rpz-drop.");
    public static final Name PASSTHRU = Name.fromConstantString("rpz-passthru.");
    public static final Name TCP_ONLY = Name.fromConstantString("rpz-tcp-only.");
    public static final Name NXDOMAIN = Name.root;
    public static final Name NODATA = Name.fromConstantString("*.");

    private RpzNames() {
    }

    /** The owner name, relative to the zone, of a trigger: "evil.example", "*.evil.example", "32.1.2.0.192.rpz-ip". */
    public static String relativeOwner(Trigger trigger) {
        return switch (trigger.kind()) {
            case DOMAIN -> trigger.value();
            case WILDCARD -> "*." + trigger.value();
            case IP -> addressLabels(trigger.prefix().orElseThrow()) + "." + RPZ_IP;
            case CLIENT_IP -> addressLabels(trigger.prefix().orElseThrow()) + "." + RPZ_CLIENT_IP;
            case URL -> throw new IllegalArgumentException("a URL entry has no place in a DNS zone: " + trigger);
        };
    }

    /** The absolute owner name of a trigger in the zone {@code origin}. */
    public static Name owner(Trigger trigger, Name origin) throws TextParseException {
        return Name.fromString(relativeOwner(trigger), origin);
    }

    /**
     * Whether a trigger's owner name fits in the zone (255 octets on the wire), without building the name: the text
     * of a relative name is one octet shorter than its labels on the wire.
     */
    public static boolean fits(Trigger trigger, Name origin) {
        return relativeOwner(trigger).length() + 1 + origin.length() <= 255;
    }

    /** "length.reversed-address": 24.0.2.0.192 for 192.0.2.0/24, 48.zz.1.db8.2001 for 2001:db8:1::/48. */
    public static String addressLabels(IpPrefix prefix) {
        IpAddress network = prefix.network();
        StringBuilder sb = new StringBuilder(48).append(prefix.length());
        if (network.isV4()) {
            long v4 = network.low();
            for (int shift = 0; shift < 32; shift += 8) {
                sb.append('.').append((v4 >>> shift) & 0xff);
            }
            return sb.toString();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            long word = i < 4 ? network.high() : network.low();
            groups[i] = (int) (word >>> (48 - 16 * (i % 4))) & 0xffff;
        }
        // The longest run of two or more zero groups becomes "zz" (RFC 5952: "::" never stands for one group), the
        // form BIND calls canonical.
        int zeroStart = -1;
        int zeroLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > zeroLength) {
                zeroStart = i;
                zeroLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        for (int i = 7; i >= 0; i--) {
            if (zeroStart >= 0 && i >= zeroStart && i < zeroStart + zeroLength) {
                if (i == zeroStart) {
                    sb.append(".zz");
                }
                continue;
            }
            sb.append('.').append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** The CNAME target of an action; the walled garden points at {@code warningHost}. */
    public static Name target(PolicyAction action, Name warningHost) {
        return switch (action) {
            case NXDOMAIN -> NXDOMAIN;
            case NODATA -> NODATA;
            case DROP -> DROP;
            case PASSTHRU -> PASSTHRU;
            case WALLED_GARDEN -> {
                if (warningHost == null) {
                    throw new IllegalArgumentException("the walled-garden action needs a warning host");
                }
                yield warningHost;
            }
        };
    }

    /**
     * Reads an address trigger's labels back ("24.0.2.0.192"), checking what resolvers check: a prefix length in
     * range, well-formed octets or groups, at most one "zz", and no bits set beyond the prefix.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static IpPrefix parseAddressLabels(String[] labels) {
        if (labels.length < 2) {
            throw new IllegalArgumentException("an address trigger needs a prefix length and an address");
        }
        int length = parseLength(labels[0]);
        boolean v4 = labels.length == 5 && !String.join("", labels).contains("zz") && allDecimal(labels);
        StringBuilder text = new StringBuilder();
        if (v4) {
            for (int i = 4; i >= 1; i--) {
                int octet = labels[i].length() > 3 ? 256 : Integer.parseInt(labels[i]);
                if (octet > 255 || (labels[i].length() > 1 && labels[i].startsWith("0"))) {
                    throw new IllegalArgumentException("'" + labels[i] + "' is not an IPv4 octet");
                }
                text.append(octet).append(i > 1 ? "." : "");
            }
            if (length < 1 || length > 32) {
                throw new IllegalArgumentException("IPv4 prefix length " + length + " is outside 1..32");
            }
        } else {
            int zz = 0;
            for (int i = labels.length - 1; i >= 1; i--) {
                String label = labels[i].toLowerCase(Locale.ROOT);
                if (label.equals("zz")) {
                    zz++;
                    text.append(i == labels.length - 1 ? "::" : ":");
                    continue;
                }
                if (label.isEmpty() || label.length() > 4 || !label.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    throw new IllegalArgumentException("'" + labels[i] + "' is not an IPv6 group");
                }
                text.append(label).append(i > 1 ? ":" : "");
            }
            if (zz > 1) {
                throw new IllegalArgumentException("more than one 'zz' in an IPv6 trigger");
            }
            if (zz == 0 && labels.length != 9) {
                throw new IllegalArgumentException("an IPv6 trigger without 'zz' needs 8 groups, has "
                        + (labels.length - 1));
            }
            if (length < 1 || length > 128) {
                throw new IllegalArgumentException("IPv6 prefix length " + length + " is outside 1..128");
            }
        }
        IpAddress address;
        try {
            address = IpAddress.parse(text.toString().replace(":::", "::"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + String.join(".", labels) + "' is not an address: " + e.getMessage(), e);
        }
        if (!v4 && address.isV4()) {
            throw new IllegalArgumentException("'" + String.join(".", labels) + "' is an IPv4-mapped IPv6 address; "
                    + "write an IPv4 trigger as length.d.c.b.a");
        }
        return new IpPrefix(address, length); // rejects bits set beyond the prefix, naming the masked form
    }

    private static boolean allDecimal(String[] labels) {
        for (String label : labels) {
            if (label.isEmpty() || !label.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static int parseLength(String label) {
        if (label.isEmpty() || label.length() > 3 || !label.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + label + "' is not a prefix length");
        }
        return Integer.parseInt(label);
    }

    /**
     * The trigger an owner name in the zone stands for, or null when it is none (the apex, an rpz-* label this
     * project does not publish, a malformed address).
     */
    public static Trigger triggerOf(Name owner, Name origin) {
        if (!owner.subdomain(origin) || owner.equals(origin)) {
            return null;
        }
        int count = owner.labels() - origin.labels();
        String[] labels = new String[count];
        for (int i = 0; i < count; i++) {
            labels[i] = owner.getLabelString(i).toLowerCase(Locale.ROOT);
        }
        if (labels[count - 1].startsWith("rpz-") && addressKind(labels[count - 1]) == null) {
            return null;
        }
        try {
            TriggerKind kind = addressKind(labels[count - 1]);
            if (kind != null) {
                IpPrefix prefix = parseAddressLabels(java.util.Arrays.copyOf(labels, count - 1));
                return kind == TriggerKind.IP ? Trigger.ip(prefix) : Trigger.clientIp(prefix);
            }
            String name = String.join(".", labels);
            return name.startsWith("*.") ? Trigger.wildcard(name.substring(2)) : Trigger.domain(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The trigger kind an rpz-* label stands for, or null for a label RPZ does not define. */
    static TriggerKind addressKind(String label) {
        return switch (label.toLowerCase(Locale.ROOT)) {
            case RPZ_IP -> TriggerKind.IP;
            case RPZ_CLIENT_IP -> TriggerKind.CLIENT_IP;
            default -> null;
        };
    }
}
