package org.kizashi.intel.misp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SCOs one observed-data refers to, named after the MISP uuids they come from. */
final class Observables {
    private final Map<String, ObjectNode> byId = new LinkedHashMap<>();

    /**
     * A new SCO {@code <type>--<mispUuid>}, as MISP's converter names them; a second SCO of one type from one
     * uuid gets a UUIDv5 of the first's id and its rank.
     */
    ObjectNode add(String type, String mispUuid) {
        String id = Stix.id(type, mispUuid);
        for (int rank = 2; byId.containsKey(id); rank++) {
            id = Stix.derivedId(type, Stix.id(type, mispUuid) + "|" + rank);
        }
        ObjectNode sco = Stix.sco(type, id);
        byId.put(id, sco);
        return sco;
    }

    /** An ipv4-addr or ipv6-addr SCO (by the form of the value); its id. */
    String ipAddress(String value, String mispUuid) {
        ObjectNode ip = add(AttributeTypes.ipType(value), mispUuid);
        ip.put("value", value);
        return ip.get("id").textValue();
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    List<ObjectNode> all() {
        return new ArrayList<>(byId.values());
    }

    List<String> ids() {
        return new ArrayList<>(byId.keySet());
    }
}
