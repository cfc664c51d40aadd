package org.kizashi.server.active;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kizashi.active.list.ListFileReader;
import org.kizashi.core.active.ListEntry;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.active.Trigger;
import org.kizashi.core.intel.BrowseQuery;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.IntelReader;
import org.kizashi.core.intel.ObjectPage;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.StoredObject;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.intel.correlation.ObservableValues;
import org.kizashi.store.Database;

/**
 * The sharing hub as a source of block entries: the current indicators of every community shared at the configured
 * level or wider, neither revoked nor past their valid_until; their domains, addresses and URLs (the hub's normalised
 * observable values) become entries whose reason is the indicator's name.
 */
final class HubIndicators {
    private static final int PAGE = 1000;
    private static final String DOMAIN = "domain-name|";
    private static final String IPV4 = "ipv4-addr|";
    private static final String IPV6 = "ipv6-addr|";
    private static final String URL = "url|";

    private final Database database;
    private final SharingLevel level;
    private final ObjectMapper json;

    HubIndicators(Database database, SharingLevel level, ObjectMapper json) {
        this.database = database;
        this.level = level;
        this.json = json;
    }

    /** A cheap fingerprint of what the hub holds for us: the newest sequence of each community, summed. */
    long fingerprint() {
        long sum = 0;
        for (Community community : database.communities().communities()) {
            ObjectPage newest = database.stixObjects().browse(reader(community), query(community, Optional.empty(), 1));
            for (StoredObject object : newest.objects()) {
                sum += object.sequence() * 31 + community.id();
            }
        }
        return sum;
    }

    List<ListEntry> entries(PolicyAction action, Instant now) {
        List<ListEntry> entries = new ArrayList<>();
        for (Community community : database.communities().communities()) {
            Optional<BrowseQuery.Position> before = Optional.empty();
            while (true) {
                ObjectPage page = database.stixObjects().browse(reader(community), query(community, before, PAGE));
                for (StoredObject object : page.objects()) {
                    addEntries(community, object, action, now, entries);
                }
                if (!page.more() || page.objects().isEmpty()) {
                    break;
                }
                before = Optional.of(BrowseQuery.Position.of(page.objects().get(page.objects().size() - 1)));
            }
        }
        return entries;
    }

    private IntelReader reader(Community community) {
        return IntelReader.audienceOf(community.id(), level);
    }

    private static BrowseQuery query(Community community, Optional<BrowseQuery.Position> before, int limit) {
        return new BrowseQuery(Set.of(community.id()), Set.of("indicator"), Set.of(), "", Set.of(), before, limit);
    }

    private void addEntries(Community community, StoredObject stored, PolicyAction action, Instant now,
                            List<ListEntry> entries) {
        JsonNode indicator;
        try {
            indicator = json.readTree(stored.object().json());
        } catch (java.io.IOException e) {
            return; // stored objects were valid when stored; an unreadable one is not a block entry
        }
        Instant last = stored.version().isBefore(stored.dateAdded()) ? stored.dateAdded() : stored.version();
        addEntries(indicator, action, "hub:" + community.name(), stored.object().title(), stored.dateAdded(), last,
                now, entries);
    }

    /**
     * The entries of one indicator when it still holds (not revoked, not past valid_until): one per domain, address
     * or URL among its values, as the correlation index normalises them.
     */
    private static void addEntries(JsonNode indicator, PolicyAction action, String source, String reason,
                                   Instant firstSeen, Instant lastSeen, Instant now, List<ListEntry> entries) {
        if (indicator.path("revoked").asBoolean(false)) {
            return;
        }
        Instant expires = instant(indicator.path("valid_until").asText(""));
        if (expires != null && !now.isBefore(expires)) {
            return;
        }
        for (String key : ObservableValues.of(indicator)) {
            Trigger trigger = trigger(key);
            if (trigger != null) {
                entries.add(new ListEntry(trigger, action, source, reason, firstSeen, lastSeen, expires));
            }
        }
    }

    /**
     * The entries of a STIX 2.1 bundle file used as a feed: its current indicators (not revoked, not past
     * valid_until), their reason the indicator's name, first and last seen its created and modified times.
     */
    static List<ListEntry> ofBundle(JsonNode bundle, PolicyAction action, String source, Instant now) {
        List<ListEntry> entries = new ArrayList<>();
        for (JsonNode object : bundle.path("objects")) {
            if (!"indicator".equals(object.path("type").asText())) {
                continue;
            }
            Instant created = Optional.ofNullable(instant(object.path("created").asText(""))).orElse(now);
            Instant modified = Optional.ofNullable(instant(object.path("modified").asText(""))).orElse(created);
            addEntries(object, action, source, object.path("name").asText(""), created,
                    modified.isBefore(created) ? created : modified, now, entries);
        }
        return entries;
    }

    /** The entry an observable value stands for, or null for kinds DNS and the URL check cannot use. */
    private static Trigger trigger(String key) {
        try {
            if (key.startsWith(DOMAIN)) {
                return Trigger.domain(key.substring(DOMAIN.length()));
            }
            if (key.startsWith(IPV4) || key.startsWith(IPV6)) {
                return Trigger.ip(IpPrefix.parse(key.substring(key.indexOf('|') + 1)));
            }
            if (key.startsWith(URL)) {
                return ListFileReader.parseTrigger(key.substring(URL.length()));
            }
        } catch (IllegalArgumentException e) {
            return null; // a value the index keeps but no resolver could act on
        }
        return null;
    }

    private static Instant instant(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
