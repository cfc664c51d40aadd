package org.kizashi.active.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * Who may transfer the zones: clients from the listed prefixes, or anyone presenting a valid TSIG signature with one
 * of the keys; with {@code requireKey}, a listed address must sign as well.
 */
public record TransferAccess(List<IpPrefix> clients, Map<Name, TSIG> keys, boolean requireKey) {
    public TransferAccess {
        clients = List.copyOf(clients);
        keys = Map.copyOf(keys);
    }

    /** Transfers from loopback only, no keys (start-dev). */
    public static TransferAccess loopback() {
        return new TransferAccess(List.of(IpPrefix.parse("127.0.0.0/8"), IpPrefix.parse("::1/128")), Map.of(), false);
    }

    Optional<TSIG> key(Name name) {
        return Optional.ofNullable(keys.get(name));
    }

    /** Why a transfer is refused, or null when it is allowed. */
    String refusal(InetAddress peer, boolean signedWithValidKey) {
        if (signedWithValidKey) {
            return null;
        }
        boolean listed = clients.stream().anyMatch(p -> p.contains(IpAddress.fromBytes(sixteen(peer))));
        if (!listed) {
            return "the address is not allowed to transfer and the request is not signed with a known key";
        }
        return requireKey ? "transfers must be signed with a TSIG key" : null;
    }

    static byte[] sixteen(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 16) {
            return raw;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }
}
