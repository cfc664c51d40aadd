package org.kizashi.active.ip53b;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

/**
 * One ISP's subscriber address space, and the addresses in it seen answering DNS from the Internet (from
 * {@link OpenResolverReportParser}), which is what the IP53B rules protect.
 *
 * @param name               the ISP's name, written into the rules' comments
 * @param subscriberPrefixes the prefixes of subscribers' lines, IPv4 and IPv6; may overlap
 * @param answering          addresses seen answering DNS; may be empty
 */
public record IspNetworks(String name, List<IpPrefix> subscriberPrefixes, Set<IpAddress> answering) {
    public IspNetworks {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an ISP needs a name");
        }
        subscriberPrefixes = List.copyOf(subscriberPrefixes);
        if (subscriberPrefixes.isEmpty()) {
            throw new IllegalArgumentException("ISP '" + name + "' has no subscriber prefixes");
        }
        answering = Set.copyOf(answering);
    }

    /** An ISP with no answering addresses known. */
    public static IspNetworks of(String name, Collection<IpPrefix> subscriberPrefixes) {
        return new IspNetworks(name, List.copyOf(subscriberPrefixes), Set.of());
    }

    /** The answering addresses inside the subscriber prefixes, in address order: those that rules can target. */
    public List<IpAddress> answeringInside() {
        return answeringWhere(true);
    }

    /**
     * The answering addresses outside every subscriber prefix, in address order. Rules leave them out (they are
     * not this ISP's subscribers); a scan report listing them usually means the prefix list is out of date.
     */
    public List<IpAddress> answeringOutside() {
        return answeringWhere(false);
    }

    private List<IpAddress> answeringWhere(boolean inside) {
        List<IpAddress> out = new ArrayList<>();
        for (IpAddress a : new TreeSet<>(answering)) {
            boolean in = subscriberPrefixes.stream().anyMatch(p -> p.contains(a));
            if (in == inside) {
                out.add(a);
            }
        }
        return out;
    }
}
