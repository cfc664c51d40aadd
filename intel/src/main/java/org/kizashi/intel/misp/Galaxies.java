package org.kizashi.intel.misp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * MISP galaxy clusters: threat actors become threat-actor SDOs, malware families malware SDOs (is_family true), as
 * MISP's converter makes them; clusters of other galaxies (sectors, countries, ATT&CK...) become labels (their tag
 * names) on whatever carries them.
 */
final class Galaxies {
    private static final Set<String> THREAT_ACTOR_GALAXIES = Set.of("threat-actor");
    private static final Set<String> MALWARE_GALAXIES = Set.of("malpedia", "mitre-malware", "malware", "ransomware",
            "rat", "banker", "botnet", "backdoor", "stealer", "android", "mitre-enterprise-attack-malware",
            "mitre-mobile-attack-malware");

    /**
     * One cluster: {@code sdo} is the threat-actor or malware it becomes, or null when it only gives a label.
     */
    record Cluster(ObjectNode sdo, String label) {
        String id() {
            return sdo.get("id").textValue();
        }

        String type() {
            return sdo.get("type").textValue();
        }
    }

    private Galaxies() {
    }

    /** The clusters of a Galaxy list (an event's or an attribute's). */
    static List<Cluster> read(MispNode galaxies) throws MispFormatException {
        List<Cluster> clusters = new ArrayList<>();
        for (MispNode galaxy : galaxies.items()) {
            galaxy.requireObject();
            String galaxyName = galaxy.get("name").text();
            String galaxyType = galaxy.get("type").text();
            for (MispNode cluster : galaxy.get("GalaxyCluster").items()) {
                cluster.requireObject();
                clusters.add(read(cluster, galaxyName, galaxyType));
            }
        }
        return clusters;
    }

    private static Cluster read(MispNode cluster, String galaxyName, String galaxyType) throws MispFormatException {
        String value = cluster.get("value").requiredText();
        String uuid = cluster.get("uuid").requiredUuid();
        String type = cluster.get("type").text() != null ? cluster.get("type").text() : galaxyType;
        String tagName = cluster.get("tag_name").text();
        String label = tagName != null ? tagName : "misp-galaxy:" + type + "=\"" + value + "\"";
        String stixType = THREAT_ACTOR_GALAXIES.contains(type) ? "threat-actor"
                : MALWARE_GALAXIES.contains(type) ? "malware" : null;
        if (stixType == null) {
            return new Cluster(null, label);
        }
        // A cluster is the same object in every event that names it, and has no time in MISP: no creator, a
        // fixed time, so that every import writes the same version.
        ObjectNode sdo = Stix.sdo(stixType, Stix.id(stixType, uuid), null, Stix.TIMELESS, Stix.TIMELESS);
        sdo.put("name", value);
        String description = cluster.get("description").text();
        if (description != null) {
            sdo.put("description", description);
        }
        if (stixType.equals("malware")) {
            sdo.put("is_family", true);
        }
        List<String> synonyms = new ArrayList<>();
        for (MispNode synonym : cluster.get("meta").get("synonyms").items()) {
            String text = synonym.text();
            if (text != null && !text.equals(value) && !synonyms.contains(text)) {
                synonyms.add(text);
            }
        }
        if (!synonyms.isEmpty()) {
            synonyms.forEach(sdo.putArray("aliases")::add);
        }
        var labels = sdo.putArray("labels");
        if (galaxyName != null) {
            labels.add("misp:galaxy-name=\"" + galaxyName + "\"");
        }
        labels.add("misp:galaxy-type=\"" + type + "\"");
        return new Cluster(sdo, label);
    }
}
