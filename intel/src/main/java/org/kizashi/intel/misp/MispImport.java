package org.kizashi.intel.misp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.kizashi.intel.exchange.StixValidators;
import org.kizashi.intel.stix.StixValidator;

/**
 * Imports MISP events (the JSON MISP exports: {@code {"Event": {...}}}, or {@code {"response": [{"Event":
 * {...}}, ...]}} from its REST search) as STIX 2.1 objects with the hub sharing level each may have. The mapping
 * follows MISP's own MISP-to-STIX 2.1 converter (misp-stix) where it has one.
 *
 * <h2>Objects</h2>
 * <ul>
 *   <li>The event: a {@code report--<event uuid>} (name = info; published = publish_timestamp, or date when never
 *       published; created = date, modified = timestamp; labels = the event's tags, the tag names of galaxy
 *       clusters that are neither threat actors nor malware, {@code misp:threat-level="..."} and
 *       {@code misp:analysis="..."}; object_refs = every other object made from the event), created by an
 *       {@code identity--<Orgc uuid>} (organization; Org when there is no Orgc).</li>
 *   <li>An attribute with to_ids true: {@code indicator--<attribute uuid>} with a STIX pattern (table below),
 *       valid_from = first_seen or timestamp, valid_until = last_seen, the category as a "misp-category" kill
 *       chain phase, description = comment, labels {@code misp:type}, {@code misp:category}, {@code misp:to_ids}
 *       and the attribute's tags.</li>
 *   <li>An attribute with to_ids false: {@code observed-data--<attribute uuid>} referring to SCOs named
 *       {@code <sco type>--<attribute uuid>}; a type no SCO can hold alone (user-agent, http-method, port,
 *       size-in-bytes) becomes a note.</li>
 *   <li>text, comment and other: a {@code note--<attribute uuid>} (content = value, abstract = comment) about the
 *       report. snort, yara and sigma: an indicator in that pattern language. vulnerability: a vulnerability;
 *       campaign-name: a campaign.</li>
 *   <li>Any other type, a composite value without its '|', a value that does not fit its type (a port that is
 *       not a number) or that would make invalid STIX (a malformed hash in a pattern, a domain that is not one
 *       in an SCO): a {@code note--<attribute uuid>} that keeps the type (label) and the value (content), and a
 *       warning. Deleted attributes are skipped with a warning. Nothing is dropped silently.</li>
 *   <li>MISP objects file, domain-ip, ip-port, url and email: one {@code indicator--<object uuid>} whose pattern
 *       joins the attributes' comparisons with AND in one observation when any attribute has to_ids, else one
 *       observed-data with the SCOs. Attributes the template has no property for go into one note (and a warning
 *       each); the url parts a url object repeats (domain, host, scheme, resource_path...) are held by the URL.
 *       Other templates, or objects nothing maps in: a {@code note--<object uuid>} listing every attribute, and a
 *       warning.</li>
 *   <li>Galaxy clusters: threat-actor galaxies become {@code threat-actor--<cluster uuid>}, malware galaxies
 *       (malpedia, mitre-malware, ransomware, rat, banker, botnet, backdoor, stealer, android...) {@code
 *       malware--<cluster uuid>} with is_family true; without creator, at a fixed time (1970-01-01), since a
 *       cluster is the same object in every event. A cluster on an attribute gets a relationship from the
 *       attribute's indicator ({@code indicates}) or observed-data ({@code related-to}); in an event, each threat
 *       actor {@code uses} each malware family. Other clusters are labels (their tag names).</li>
 * </ul>
 * Ids come from MISP uuids, or (relationships, left-over notes, uuids that are not RFC 4122) are UUIDv5 of a fixed
 * namespace and a stable name, so converting an event twice gives the same objects. Timestamps have millisecond
 * precision. Every object is checked with {@link StixValidators#withPatterns()} before it is returned.
 *
 * <h2>Patterns (attribute types)</h2>
 * <table>
 *   <caption>MISP attribute type to STIX pattern</caption>
 *   <tr><th>MISP type</th><th>pattern</th></tr>
 *   <tr><td>ip-src, ip-dst</td><td>{@code [network-traffic:src_ref.type = 'ipv4-addr' AND
 *       network-traffic:src_ref.value = '198.51.100.7']} (dst_ref for ip-dst; ipv6-addr for IPv6)</td></tr>
 *   <tr><td>ip-src|port, ip-dst|port</td><td>the above {@code AND network-traffic:dst_port = 443}</td></tr>
 *   <tr><td>hostname|port</td><td>{@code [network-traffic:dst_ref.type = 'domain-name' AND
 *       network-traffic:dst_ref.value = 'h' AND network-traffic:dst_port = 443]}</td></tr>
 *   <tr><td>domain, hostname</td><td>{@code [domain-name:value = 'd']}</td></tr>
 *   <tr><td>domain|ip</td><td>{@code [domain-name:value = 'd' AND domain-name:resolves_to_refs[*].value =
 *       'ip']}</td></tr>
 *   <tr><td>url, link, uri</td><td>{@code [url:value = 'u']}</td></tr>
 *   <tr><td>email</td><td>{@code [email-addr:value = 'a']}</td></tr>
 *   <tr><td>email-src, email-dst</td><td>{@code [email-message:from_ref.value = 'a']},
 *       {@code [email-message:to_refs[*].value = 'a']}</td></tr>
 *   <tr><td>email-subject, email-message-id, email-body</td><td>{@code [email-message:subject = 's']},
 *       {@code message_id}, {@code body}</td></tr>
 *   <tr><td>email-reply-to, email-x-mailer</td><td>{@code [email-message:additional_header_fields.'Reply-To' =
 *       'a']}, {@code 'X-Mailer'}</td></tr>
 *   <tr><td>email-attachment</td><td>{@code [email-message:body_multipart[*].body_raw_ref.name = 'f']}</td></tr>
 *   <tr><td>filename</td><td>{@code [file:name = 'f']}</td></tr>
 *   <tr><td>md5, sha1, sha224, sha256, sha384, sha512, sha3-224/256/384/512, ssdeep, tlsh</td><td>{@code
 *       [file:hashes.MD5 = 'h']}, {@code file:hashes.'SHA-1'}, {@code 'SHA-256'}... (hashing-algorithm-ov
 *       names)</td></tr>
 *   <tr><td>filename|md5 and the other filename|hash types</td><td>{@code [file:name = 'f' AND
 *       file:hashes.MD5 = 'h']}</td></tr>
 *   <tr><td>size-in-bytes</td><td>{@code [file:size = 1024]}</td></tr>
 *   <tr><td>x509-fingerprint-md5/sha1/sha256</td><td>{@code [x509-certificate:hashes.'SHA-1' = 'h']}</td></tr>
 *   <tr><td>mutex</td><td>{@code [mutex:name = 'm']}</td></tr>
 *   <tr><td>regkey, regkey|value</td><td>{@code [windows-registry-key:key = 'k']},
 *       {@code ... AND windows-registry-key:values[*].data = 'v']}</td></tr>
 *   <tr><td>AS</td><td>{@code [autonomous-system:number = 2914]} ("AS2914" or "2914")</td></tr>
 *   <tr><td>mac-address</td><td>{@code [mac-addr:value = '00:0a:95:9d:68:16']} (lower case)</td></tr>
 *   <tr><td>user-agent</td><td>{@code
 *       [network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'ua']}</td></tr>
 *   <tr><td>http-method, port</td><td>{@code
 *       [network-traffic:extensions.'http-request-ext'.request_method = 'POST']}, {@code
 *       [network-traffic:dst_port = 8080]}</td></tr>
 * </table>
 * Strings are quoted with ' and escaped (\\ and \'); ports, sizes and AS numbers are integers (MISP's converter
 * quotes them; STIX compares integer properties with integers).
 *
 * <h2>Sharing levels</h2>
 * The widest level the hub may give an event's objects comes from the event's TLP tag first, else its
 * distribution:
 * <table>
 *   <caption>MISP TLP tag or distribution to hub level</caption>
 *   <tr><th>MISP</th><th>level</th></tr>
 *   <tr><td>tlp:red, tlp:amber, tlp:amber+strict (recipient's organisation only)</td><td>RED</td></tr>
 *   <tr><td>tlp:green</td><td>GREEN</td></tr>
 *   <tr><td>tlp:white, tlp:clear</td><td>WHITE</td></tr>
 *   <tr><td>distribution 0, your organisation only</td><td>RED</td></tr>
 *   <tr><td>distribution 1, this community only</td><td>AMBER</td></tr>
 *   <tr><td>distribution 2, connected communities</td><td>YELLOW</td></tr>
 *   <tr><td>distribution 3, all communities</td><td>GREEN</td></tr>
 *   <tr><td>distribution 4, a sharing group (whose members the hub cannot know)</td><td>RED</td></tr>
 *   <tr><td>distribution 5, inherit (attributes and objects)</td><td>the event's</td></tr>
 *   <tr><td>no TLP tag and no distribution</td><td>RED, with a warning</td></tr>
 * </table>
 * Several TLP tags: the narrowest. Attributes and objects get the same mapping of their own tags and distribution,
 * and each object made from them the narrowest of theirs and the event's (a MISP object: the narrowest of the
 * object's and all its attributes'). An object made from several (a galaxy cluster named by several attributes)
 * gets the widest of them, since each shares its content; a relationship the narrower of its two ends.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MispImport {
    private final StixValidator validator = StixValidators.withPatterns();

    /** An importer with the hub's validator (STIX 2.1 rules and the pattern parser). */
    public MispImport() {
    }

    /**
     * Converts every event in the JSON (one event, or a response list of events).
     *
     * @param misp {@code {"Event": {...}}} or {@code {"response": [{"Event": {...}}, ...]}}
     * @return one conversion per event, in the order of the input
     * @throws MispFormatException when the JSON is not a MISP event export, or an event lacks what MISP always
     *                             writes (uuid, info, date, timestamp; an attribute's type, value and uuid...) or
     *                             repeats a uuid; the message names the JSON Pointer of the problem
     */
    public List<MispConversion> convert(JsonNode misp) throws MispFormatException {
        MispNode root = MispNode.root(misp);
        if (!root.node().isObject()) {
            throw root.problem("expected a MISP export, {\"Event\": {...}} or {\"response\": [...]}");
        }
        if (root.get("Event").present()) {
            return List.of(EventConverter.convert(root.get("Event"), validator));
        }
        if (!root.get("response").present()) {
            throw root.problem("expected a MISP export, {\"Event\": {...}} or {\"response\": [...]}; found"
                    + " neither Event nor response");
        }
        List<MispConversion> conversions = new ArrayList<>();
        for (MispNode item : root.get("response").items()) {
            item.requireObject();
            conversions.add(EventConverter.convert(item.get("Event"), validator));
        }
        return conversions;
    }
}
