package org.kizashi.intel.stix;

import static org.kizashi.intel.stix.Constraints.atLeastOneOf;
import static org.kizashi.intel.stix.Constraints.atLeastOneSpecificProperty;
import static org.kizashi.intel.stix.Constraints.forbiddenWhen;
import static org.kizashi.intel.stix.Constraints.notBoth;
import static org.kizashi.intel.stix.Constraints.ordered;
import static org.kizashi.intel.stix.Constraints.requires;
import static org.kizashi.intel.stix.Rules.binary;
import static org.kizashi.intel.stix.Rules.bool;
import static org.kizashi.intel.stix.Rules.dictionary;
import static org.kizashi.intel.stix.Rules.enumeration;
import static org.kizashi.intel.stix.Rules.formatted;
import static org.kizashi.intel.stix.Rules.hashes;
import static org.kizashi.intel.stix.Rules.hex;
import static org.kizashi.intel.stix.Rules.integer;
import static org.kizashi.intel.stix.Rules.languageTag;
import static org.kizashi.intel.stix.Rules.list;
import static org.kizashi.intel.stix.Rules.nonNegativeInteger;
import static org.kizashi.intel.stix.Rules.number;
import static org.kizashi.intel.stix.Rules.object;
import static org.kizashi.intel.stix.Rules.observableValue;
import static org.kizashi.intel.stix.Rules.ref;
import static org.kizashi.intel.stix.Rules.refs;
import static org.kizashi.intel.stix.Rules.specVersion;
import static org.kizashi.intel.stix.Rules.string;
import static org.kizashi.intel.stix.Rules.strings;
import static org.kizashi.intel.stix.Rules.timestamp;
import static org.kizashi.intel.stix.Rules.timestampMillis;
import static org.kizashi.intel.stix.Rules.url;
import static org.kizashi.intel.stix.Rules.vocabularies;
import static org.kizashi.intel.stix.Rules.vocabulary;
import static org.kizashi.intel.stix.Targets.types;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The object types of STIX 2.1, each with its category and its properties: a table of the specification's
 * sections 4 (SDOs), 5 (SROs), 6 (SCOs) and 7 (meta objects).
 */
final class StixTypes {
    private StixTypes() {
    }

    /** The kind of a STIX object, which decides its common properties and how its id should be made. */
    enum Category { SDO, SRO, SCO, META }

    /** One object type: its name, its category and its shape (common and own properties, co-constraints). */
    record TypeSpec(String type, Category category, Shape shape) {
    }

    // ---- structures shared by several types (section 2 of the specification) ----

    static final Shape KILL_CHAIN_PHASE = Shape.of("kill chain phase")
            .required("kill_chain_name", lowercaseHyphenated("kill_chain_name"))
            .required("phase_name", lowercaseHyphenated("phase_name"))
            .build();

    static final Shape EXTERNAL_REFERENCE = Shape.of("external reference")
            .required("source_name", string())
            .optional("description", string())
            .optional("url", url())
            .optional("hashes", hashes())
            .optional("external_id", string())
            .constraint(atLeastOneOf("description", "url", "external_id"))
            .constraint(SpecialRules.wellKnownExternalIds())
            .build();

    static final Shape GRANULAR_MARKING = Shape.of("granular marking")
            .required("selectors", list(string()))
            .optional("marking_ref", ref(types("marking-definition")))
            .optional("lang", languageTag())
            .constraint(SpecialRules.exactlyOneOf("marking_ref", "lang"))
            .build();

    // ---- common properties (section 3) ----

    /** Properties every SDO and SRO has (section 3.2); type and id are checked before the shape. */
    static final Shape SDO_COMMON = Shape.of("STIX object")
            .required("type", ValueRule.ANYTHING)
            .required("spec_version", specVersion())
            .required("id", ValueRule.ANYTHING)
            .optional("created_by_ref", ref(types("identity")))
            .required("created", timestampMillis())
            .required("modified", timestampMillis())
            .optional("revoked", bool())
            .optional("labels", strings())
            .optional("confidence", integer(0L, 100L))
            .optional("lang", languageTag())
            .optional("external_references", list(object(EXTERNAL_REFERENCE)))
            .optional("object_marking_refs", refs(types("marking-definition")))
            .optional("granular_markings", list(object(GRANULAR_MARKING)))
            .optional("extensions", Extensions.rule(Map.of()))
            .constraint(ordered("created", "modified", false))
            .constraint(SpecialRules.granularMarkingSelectors())
            .build();

    /** Properties every SCO has (section 6.1). */
    static final Shape SCO_COMMON = Shape.of("SCO")
            .required("type", ValueRule.ANYTHING)
            .optional("spec_version", specVersion())
            .required("id", ValueRule.ANYTHING)
            .optional("object_marking_refs", refs(types("marking-definition")))
            .optional("granular_markings", list(object(GRANULAR_MARKING)))
            .optional("defanged", bool())
            .optional("extensions", Extensions.rule(Map.of()))
            .constraint(SpecialRules.granularMarkingSelectors())
            .build();

    /**
     * An object of a type this validator does not know (custom): only the properties it shares with STIX objects
     * are checked, and none is required but type and id.
     */
    static final Shape CUSTOM = Shape.of("custom object")
            .required("type", ValueRule.ANYTHING)
            .optional("spec_version", specVersion())
            .required("id", ValueRule.ANYTHING)
            .optional("created_by_ref", ref(types("identity")))
            .optional("created", timestampMillis())
            .optional("modified", timestampMillis())
            .optional("revoked", bool())
            .optional("labels", strings())
            .optional("confidence", integer(0L, 100L))
            .optional("lang", languageTag())
            .optional("external_references", list(object(EXTERNAL_REFERENCE)))
            .optional("object_marking_refs", refs(types("marking-definition")))
            .optional("granular_markings", list(object(GRANULAR_MARKING)))
            .optional("defanged", bool())
            .optional("extensions", Extensions.rule(Map.of()))
            .constraint(ordered("created", "modified", false))
            .constraint(SpecialRules.granularMarkingSelectors())
            .build();

    private static final Map<String, TypeSpec> TYPES = new LinkedHashMap<>();

    private static Shape.Builder sdo(String type) {
        return Shape.of(type).including(SDO_COMMON);
    }

    private static Shape.Builder sco(String type) {
        return Shape.of(type).including(SCO_COMMON);
    }

    private static void define(Category category, Shape.Builder shape) {
        Shape built = shape.build();
        TYPES.put(built.name(), new TypeSpec(built.name(), category, built));
    }

    /** For properties that SHOULD be lowercase with hyphens (kill chain names and phases). */
    private static ValueRule lowercaseHyphenated(String property) {
        ValueRule text = string();
        return (value, path, out) -> {
            text.check(value, path, out);
            if (value.isTextual() && !value.textValue().matches("[a-z0-9]+(?:-[a-z0-9]+)*")) {
                out.warn(path, StixProblem.Code.BEST_PRACTICE, property + " should be lowercase with hyphens"
                        + " between words, found " + Rules.describe(value));
            }
        };
    }

    static {
        // ---- section 4: STIX Domain Objects ----
        define(Category.SDO, sdo("attack-pattern")
                .required("name", string())
                .optional("description", string())
                .optional("aliases", strings())
                .optional("kill_chain_phases", list(object(KILL_CHAIN_PHASE))));
        define(Category.SDO, sdo("campaign")
                .required("name", string())
                .optional("description", string())
                .optional("aliases", strings())
                .optional("first_seen", timestamp())
                .optional("last_seen", timestamp())
                .optional("objective", string())
                .constraint(ordered("first_seen", "last_seen", false)));
        define(Category.SDO, sdo("course-of-action")
                .required("name", string())
                .optional("description", string()));
        define(Category.SDO, sdo("grouping")
                .optional("name", string())
                .optional("description", string())
                .required("context", vocabulary(Vocabulary.GROUPING_CONTEXT))
                .required("object_refs", refs(Targets.ANY)));
        define(Category.SDO, sdo("identity")
                .required("name", string())
                .optional("description", string())
                .optional("roles", strings())
                .optional("identity_class", vocabulary(Vocabulary.IDENTITY_CLASS))
                .optional("sectors", vocabularies(Vocabulary.INDUSTRY_SECTOR))
                .optional("contact_information", string()));
        define(Category.SDO, sdo("incident")
                .required("name", string())
                .optional("description", string())
                .optional("kill_chain_phases", list(object(KILL_CHAIN_PHASE))));
        define(Category.SDO, sdo("indicator")
                .optional("name", string())
                .optional("description", string())
                .optional("indicator_types", vocabularies(Vocabulary.INDICATOR_TYPE))
                .required("pattern", string())
                .required("pattern_type", vocabulary(Vocabulary.PATTERN_TYPE))
                .optional("pattern_version", string())
                .required("valid_from", timestamp())
                .optional("valid_until", timestamp())
                .optional("kill_chain_phases", list(object(KILL_CHAIN_PHASE)))
                .constraint(ordered("valid_from", "valid_until", true))
                .constraint(SpecialRules.stixPattern()));
        define(Category.SDO, sdo("infrastructure")
                .required("name", string())
                .optional("description", string())
                .optional("infrastructure_types", vocabularies(Vocabulary.INFRASTRUCTURE_TYPE))
                .optional("aliases", strings())
                .optional("kill_chain_phases", list(object(KILL_CHAIN_PHASE)))
                .optional("first_seen", timestamp())
                .optional("last_seen", timestamp())
                .constraint(ordered("first_seen", "last_seen", false)));
        define(Category.SDO, sdo("intrusion-set")
                .required("name", string())
                .optional("description", string())
                .optional("aliases", strings())
                .optional("first_seen", timestamp())
                .optional("last_seen", timestamp())
                .optional("goals", strings())
                .optional("resource_level", vocabulary(Vocabulary.ATTACK_RESOURCE_LEVEL))
                .optional("primary_motivation", vocabulary(Vocabulary.ATTACK_MOTIVATION))
                .optional("secondary_motivations", vocabularies(Vocabulary.ATTACK_MOTIVATION))
                .constraint(ordered("first_seen", "last_seen", false)));
        define(Category.SDO, sdo("location")
                .optional("name", string())
                .optional("description", string())
                .optional("latitude", number(-90, 90))
                .optional("longitude", number(-180, 180))
                .optional("precision", number(0, Double.MAX_VALUE))
                .optional("region", vocabulary(Vocabulary.REGION))
                .optional("country", SpecialRules.countryCode())
                .optional("administrative_area", string())
                .optional("city", string())
                .optional("street_address", string())
                .optional("postal_code", string())
                .constraint(SpecialRules.locationPlace())
                .constraint(requires("latitude", "longitude"))
                .constraint(requires("longitude", "latitude"))
                .constraint(requires("precision", "latitude", "longitude")));
        define(Category.SDO, sdo("malware")
                .optional("name", string())
                .optional("description", string())
                .optional("malware_types", vocabularies(Vocabulary.MALWARE_TYPE))
                .required("is_family", bool())
                .optional("aliases", strings())
                .optional("kill_chain_phases", list(object(KILL_CHAIN_PHASE)))
                .optional("first_seen", timestamp())
                .optional("last_seen", timestamp())
                .optional("operating_system_refs", refs(types("software")))
                .optional("architecture_execution_envs", vocabularies(Vocabulary.PROCESSOR_ARCHITECTURE))
                .optional("implementation_languages", vocabularies(Vocabulary.IMPLEMENTATION_LANGUAGE))
                .optional("capabilities", vocabularies(Vocabulary.MALWARE_CAPABILITIES))
                .optional("sample_refs", refs(types("file", "artifact")))
                .constraint(ordered("first_seen", "last_seen", false))
                .constraint(SpecialRules.malwareFamilyName()));
        define(Category.SDO, sdo("malware-analysis")
                .required("product", string())
                .optional("version", string())
                .optional("host_vm_ref", ref(types("software")))
                .optional("operating_system_ref", ref(types("software")))
                .optional("installed_software_refs", refs(types("software")))
                .optional("configuration_version", string())
                .optional("modules", strings())
                .optional("analysis_engine_version", string())
                .optional("analysis_definition_version", string())
                .optional("submitted", timestamp())
                .optional("analysis_started", timestamp())
                .optional("analysis_ended", timestamp())
                .optional("result_name", string())
                .optional("result", vocabulary(Vocabulary.MALWARE_RESULT))
                .optional("analysis_sco_refs", refs(Targets.SCO))
                .optional("sample_ref", ref(types("file", "network-traffic", "artifact")))
                .constraint(atLeastOneOf("result", "analysis_sco_refs")));
        define(Category.SDO, sdo("note")
                .optional("abstract", string())
                .required("content", string())
                .optional("authors", strings())
                .required("object_refs", refs(Targets.ANY)));
        define(Category.SDO, sdo("observed-data")
                .required("first_observed", timestamp())
                .required("last_observed", timestamp())
                .required("number_observed", integer(1L, 999_999_999L))
                .optional("objects", SpecialRules.deprecatedObservedObjects())
                .optional("object_refs", refs(new Targets("an SCO or SRO", type -> {
                    Category category = categoryOf(type);
                    return category == null ? !type.equals("bundle")
                            : category == Category.SCO || category == Category.SRO;
                })))
                .constraint(ordered("first_observed", "last_observed", false))
                .constraint(SpecialRules.observedObjectsOrRefs()));
        define(Category.SDO, sdo("opinion")
                .optional("explanation", string())
                .optional("authors", strings())
                .required("opinion", enumeration(Vocabulary.OPINION))
                .required("object_refs", refs(Targets.ANY)));
        define(Category.SDO, sdo("report")
                .required("name", string())
                .optional("description", string())
                .optional("report_types", vocabularies(Vocabulary.REPORT_TYPE))
                .required("published", timestamp())
                .required("object_refs", refs(Targets.ANY)));
        define(Category.SDO, sdo("threat-actor")
                .required("name", string())
                .optional("description", string())
                .optional("threat_actor_types", vocabularies(Vocabulary.THREAT_ACTOR_TYPE))
                .optional("aliases", strings())
                .optional("first_seen", timestamp())
                .optional("last_seen", timestamp())
                .optional("roles", vocabularies(Vocabulary.THREAT_ACTOR_ROLE))
                .optional("goals", strings())
                .optional("sophistication", vocabulary(Vocabulary.THREAT_ACTOR_SOPHISTICATION))
                .optional("resource_level", vocabulary(Vocabulary.ATTACK_RESOURCE_LEVEL))
                .optional("primary_motivation", vocabulary(Vocabulary.ATTACK_MOTIVATION))
                .optional("secondary_motivations", vocabularies(Vocabulary.ATTACK_MOTIVATION))
                .optional("personal_motivations", vocabularies(Vocabulary.ATTACK_MOTIVATION))
                .constraint(ordered("first_seen", "last_seen", false)));
        define(Category.SDO, sdo("tool")
                .required("name", string())
                .optional("description", string())
                .optional("tool_types", vocabularies(Vocabulary.TOOL_TYPE))
                .optional("aliases", strings())
                .optional("kill_chain_phases", list(object(KILL_CHAIN_PHASE)))
                .optional("tool_version", string()));
        define(Category.SDO, sdo("vulnerability")
                .required("name", string())
                .optional("description", string()));

        // ---- section 5: STIX Relationship Objects ----
        define(Category.SRO, sdo("relationship")
                .required("relationship_type", formatted("a relationship type of a-z, 0-9 and '-'",
                        s -> s.matches("[a-z0-9-]+") ? null : "other characters"))
                .optional("description", string())
                .required("source_ref", ref(Targets.SDO_OR_SCO))
                .required("target_ref", ref(Targets.SDO_OR_SCO))
                .optional("start_time", timestamp())
                .optional("stop_time", timestamp())
                .constraint(ordered("start_time", "stop_time", true)));
        define(Category.SRO, sdo("sighting")
                .optional("description", string())
                .optional("first_seen", timestamp())
                .optional("last_seen", timestamp())
                .optional("count", integer(0L, 999_999_999L))
                .required("sighting_of_ref", ref(Targets.SDO))
                .optional("observed_data_refs", refs(types("observed-data")))
                .optional("where_sighted_refs", refs(types("identity", "location")))
                .optional("summary", bool())
                .constraint(ordered("first_seen", "last_seen", false)));

        defineObservables();
        defineMetaObjects();
    }

    // ---- section 6: STIX Cyber-observable Objects ----
    private static void defineObservables() {
        define(Category.SCO, sco("artifact")
                .optional("mime_type", SpecialRules.mediaType())
                .optional("payload_bin", binary())
                .optional("url", url())
                .optional("hashes", hashes())
                .optional("encryption_algorithm", enumeration(Vocabulary.ENCRYPTION_ALGORITHM))
                .optional("decryption_key", string())
                .constraint(atLeastOneOf("payload_bin", "url"))
                .constraint(notBoth("payload_bin", "url"))
                .constraint(requires("url", "hashes"))
                .constraint(requires("decryption_key", "encryption_algorithm")));
        define(Category.SCO, sco("autonomous-system")
                .required("number", nonNegativeInteger())
                .optional("name", string())
                .optional("rir", string()));
        define(Category.SCO, sco("directory")
                .required("path", string())
                .optional("path_enc", string())
                .optional("ctime", timestamp())
                .optional("mtime", timestamp())
                .optional("atime", timestamp())
                .optional("contains_refs", refs(types("file", "directory"))));
        define(Category.SCO, sco("domain-name")
                .required("value", observableValue("a domain name", StixFormats::domainNameProblem))
                .optional("resolves_to_refs", refs(types("ipv4-addr", "ipv6-addr", "domain-name"))));
        define(Category.SCO, sco("email-addr")
                .required("value", observableValue("an email address", StixFormats::emailAddressProblem))
                .optional("display_name", string())
                .optional("belongs_to_ref", ref(types("user-account"))));
        Shape mimePart = Shape.of("MIME part")
                .optional("body", string())
                .optional("body_raw_ref", ref(types("artifact", "file")))
                .optional("content_type", string())
                .optional("content_disposition", string())
                .constraint(atLeastOneOf("body", "body_raw_ref"))
                .build();
        define(Category.SCO, sco("email-message")
                .required("is_multipart", bool())
                .optional("date", timestamp())
                .optional("content_type", string())
                .optional("from_ref", ref(types("email-addr")))
                .optional("sender_ref", ref(types("email-addr")))
                .optional("to_refs", refs(types("email-addr")))
                .optional("cc_refs", refs(types("email-addr")))
                .optional("bcc_refs", refs(types("email-addr")))
                .optional("message_id", string())
                .optional("subject", string())
                .optional("received_lines", strings())
                .optional("additional_header_fields", dictionary())
                .optional("body", string())
                .optional("body_multipart", list(object(mimePart)))
                .optional("raw_email_ref", ref(types("artifact")))
                .constraint(forbiddenWhen("is_multipart", true, "body"))
                .constraint(forbiddenWhen("is_multipart", false, "body_multipart")));
        define(Category.SCO, sco("file")
                .optional("extensions", Extensions.rule(fileExtensions()))
                .optional("hashes", hashes())
                .optional("size", nonNegativeInteger())
                .optional("name", string())
                .optional("name_enc", string())
                .optional("magic_number_hex", hex())
                .optional("mime_type", SpecialRules.mediaType())
                .optional("ctime", timestamp())
                .optional("mtime", timestamp())
                .optional("atime", timestamp())
                .optional("parent_directory_ref", ref(types("directory")))
                .optional("contains_refs", refs(Targets.SCO))
                .optional("content_ref", ref(types("artifact")))
                .constraint(atLeastOneOf("hashes", "name")));
        define(Category.SCO, sco("ipv4-addr")
                .required("value", observableValue("an IPv4 address or CIDR block", StixFormats::ipv4Problem))
                .optional("resolves_to_refs", refs(types("mac-addr")))
                .optional("belongs_to_refs", refs(types("autonomous-system"))));
        define(Category.SCO, sco("ipv6-addr")
                .required("value", observableValue("an IPv6 address or CIDR block", StixFormats::ipv6Problem))
                .optional("resolves_to_refs", refs(types("mac-addr")))
                .optional("belongs_to_refs", refs(types("autonomous-system"))));
        define(Category.SCO, sco("mac-addr")
                .required("value", observableValue("a MAC-48 address in lowercase, colon-delimited form with "
                        + "leading zeros (e.g. 00:0a:95:9d:68:16)", s -> StixFormats.isMacAddress(s)
                                ? null : "not of the form xx:xx:xx:xx:xx:xx in lowercase hexadecimal")));
        define(Category.SCO, sco("mutex")
                .required("name", string()));
        define(Category.SCO, sco("network-traffic")
                .optional("extensions", Extensions.rule(networkTrafficExtensions()))
                .optional("start", timestamp())
                .optional("end", timestamp())
                .optional("is_active", bool())
                .optional("src_ref", ref(types("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name")))
                .optional("dst_ref", ref(types("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name")))
                .optional("src_port", integer(0L, 65535L))
                .optional("dst_port", integer(0L, 65535L))
                .required("protocols", list(SpecialRules.protocolName()))
                .optional("src_byte_count", nonNegativeInteger())
                .optional("dst_byte_count", nonNegativeInteger())
                .optional("src_packets", nonNegativeInteger())
                .optional("dst_packets", nonNegativeInteger())
                .optional("ipfix", dictionary())
                .optional("src_payload_ref", ref(types("artifact")))
                .optional("dst_payload_ref", ref(types("artifact")))
                .optional("encapsulates_refs", refs(types("network-traffic")))
                .optional("encapsulated_by_ref", ref(types("network-traffic")))
                .constraint(atLeastOneOf("src_ref", "dst_ref"))
                .constraint(forbiddenWhen("is_active", true, "end"))
                .constraint(ordered("start", "end", false)));
        define(Category.SCO, sco("process")
                .optional("extensions", Extensions.rule(processExtensions()))
                .optional("is_hidden", bool())
                .optional("pid", integer())
                .optional("created_time", timestamp())
                .optional("cwd", string())
                .optional("command_line", string())
                .optional("environment_variables", dictionary())
                .optional("opened_connection_refs", refs(types("network-traffic")))
                .optional("creator_user_ref", ref(types("user-account")))
                .optional("image_ref", ref(types("file")))
                .optional("parent_ref", ref(types("process")))
                .optional("child_refs", refs(types("process")))
                .constraint(atLeastOneSpecificProperty(SCO_COMMON)));
        define(Category.SCO, sco("software")
                .required("name", string())
                .optional("cpe", formatted("a CPE 2.3 formatted string", s -> s.startsWith("cpe:2.3:")
                        ? null : "it does not start with 'cpe:2.3:'"))
                .optional("swid", string())
                .optional("languages", strings())
                .optional("vendor", string())
                .optional("version", string()));
        define(Category.SCO, sco("url")
                .required("value", observableValue("a URL (RFC 3986)", StixFormats::urlProblem)));
        define(Category.SCO, sco("user-account")
                .optional("extensions", Extensions.rule(Map.of("unix-account-ext", Shape.of("unix-account-ext")
                        .optional("gid", integer())
                        .optional("groups", strings())
                        .optional("home_dir", string())
                        .optional("shell", string())
                        .build())))
                .optional("user_id", string())
                .optional("credential", string())
                .optional("account_login", string())
                .optional("account_type", vocabulary(Vocabulary.ACCOUNT_TYPE))
                .optional("display_name", string())
                .optional("is_service_account", bool())
                .optional("is_privileged", bool())
                .optional("can_escalate_privs", bool())
                .optional("is_disabled", bool())
                .optional("account_created", timestamp())
                .optional("account_expires", timestamp())
                .optional("credential_last_changed", timestamp())
                .optional("account_first_login", timestamp())
                .optional("account_last_login", timestamp())
                .constraint(atLeastOneSpecificProperty(SCO_COMMON)));
        Shape registryValue = Shape.of("registry value")
                .optional("name", string())
                .optional("data", string())
                .optional("data_type", enumeration(Vocabulary.WINDOWS_REGISTRY_DATATYPE))
                .build();
        define(Category.SCO, sco("windows-registry-key")
                .optional("key", string())
                .optional("values", list(object(registryValue)))
                .optional("modified_time", timestamp())
                .optional("creator_user_ref", ref(types("user-account")))
                .optional("number_of_subkeys", nonNegativeInteger())
                .constraint(atLeastOneSpecificProperty(SCO_COMMON)));
        Shape.Builder v3Extensions = Shape.of("X.509 v3 extensions");
        for (String property : List.of("basic_constraints", "name_constraints", "policy_constraints", "key_usage",
                "extended_key_usage", "subject_key_identifier", "authority_key_identifier",
                "subject_alternative_name", "issuer_alternative_name", "subject_directory_attributes",
                "crl_distribution_points", "inhibit_any_policy", "certificate_policies", "policy_mappings")) {
            v3Extensions.optional(property, string());
        }
        v3Extensions.optional("private_key_usage_period_not_before", timestamp())
                .optional("private_key_usage_period_not_after", timestamp());
        define(Category.SCO, sco("x509-certificate")
                .optional("is_self_signed", bool())
                .optional("hashes", hashes())
                .optional("version", string())
                .optional("serial_number", string())
                .optional("signature_algorithm", string())
                .optional("issuer", string())
                .optional("validity_not_before", timestamp())
                .optional("validity_not_after", timestamp())
                .optional("subject", string())
                .optional("subject_public_key_algorithm", string())
                .optional("subject_public_key_modulus", string())
                .optional("subject_public_key_exponent", integer())
                .optional("x509_v3_extensions", object(v3Extensions.build()))
                .constraint(atLeastOneSpecificProperty(SCO_COMMON)));
    }

    /** The predefined extensions of file (section 6.7.2 to 6.7.6). */
    private static Map<String, Shape> fileExtensions() {
        Shape alternateDataStream = Shape.of("alternate data stream")
                .required("name", string())
                .optional("hashes", hashes())
                .optional("size", nonNegativeInteger())
                .build();
        Shape peSection = Shape.of("PE section")
                .required("name", string())
                .optional("size", nonNegativeInteger())
                .optional("entropy", number())
                .optional("hashes", hashes())
                .build();
        Shape.Builder optionalHeader = Shape.of("PE optional header")
                .optional("magic_hex", hex())
                .optional("win32_version_value_hex", hex())
                .optional("checksum_hex", hex())
                .optional("subsystem_hex", hex())
                .optional("dll_characteristics_hex", hex())
                .optional("loader_flags_hex", hex())
                .optional("hashes", hashes());
        for (String property : List.of("major_linker_version", "minor_linker_version", "address_of_entry_point",
                "base_of_code", "base_of_data", "image_base", "section_alignment", "file_alignment",
                "major_os_version", "minor_os_version", "major_image_version", "minor_image_version",
                "major_subsystem_version", "minor_subsystem_version")) {
            optionalHeader.optional(property, integer());
        }
        for (String property : List.of("size_of_code", "size_of_initialized_data", "size_of_uninitialized_data",
                "size_of_image", "size_of_headers", "size_of_stack_reserve", "size_of_stack_commit",
                "size_of_heap_reserve", "size_of_heap_commit", "number_of_rva_and_sizes")) {
            optionalHeader.optional(property, nonNegativeInteger());
        }
        Shape header = optionalHeader.build();
        return Map.of(
                "archive-ext", Shape.of("archive-ext")
                        .required("contains_refs", refs(types("file", "directory")))
                        .optional("comment", string())
                        .build(),
                "ntfs-ext", Shape.of("ntfs-ext")
                        .optional("sid", string())
                        .optional("alternate_data_streams", list(object(alternateDataStream)))
                        .build(),
                "pdf-ext", Shape.of("pdf-ext")
                        .optional("version", string())
                        .optional("is_optimized", bool())
                        .optional("document_info_dict", dictionary())
                        .optional("pdfid0", string())
                        .optional("pdfid1", string())
                        .build(),
                "raster-image-ext", Shape.of("raster-image-ext")
                        .optional("image_height", integer())
                        .optional("image_width", integer())
                        .optional("bits_per_pixel", integer())
                        .optional("exif_tags", dictionary())
                        .build(),
                "windows-pebinary-ext", Shape.of("windows-pebinary-ext")
                        .required("pe_type", vocabulary(Vocabulary.WINDOWS_PEBINARY_TYPE))
                        .optional("imphash", string())
                        .optional("machine_hex", hex())
                        .optional("number_of_sections", nonNegativeInteger())
                        .optional("time_date_stamp", timestamp())
                        .optional("pointer_to_symbol_table_hex", hex())
                        .optional("number_of_symbols", nonNegativeInteger())
                        .optional("size_of_optional_header", nonNegativeInteger())
                        .optional("characteristics_hex", hex())
                        .optional("file_header_hashes", hashes())
                        .optional("optional_header", object(header))
                        .optional("sections", list(object(peSection)))
                        .build());
    }

    /** The predefined extensions of network-traffic (section 6.12.2 to 6.12.5). */
    private static Map<String, Shape> networkTrafficExtensions() {
        return Map.of(
                "http-request-ext", Shape.of("http-request-ext")
                        .required("request_method", string())
                        .required("request_value", string())
                        .optional("request_version", string())
                        .optional("request_header", dictionary())
                        .optional("message_body_length", nonNegativeInteger())
                        .optional("message_body_data_ref", ref(types("artifact")))
                        .build(),
                "icmp-ext", Shape.of("icmp-ext")
                        .required("icmp_type_hex", hex())
                        .required("icmp_code_hex", hex())
                        .build(),
                "socket-ext", Shape.of("socket-ext")
                        .required("address_family", enumeration(Vocabulary.NETWORK_SOCKET_ADDRESS_FAMILY))
                        .optional("is_blocking", bool())
                        .optional("is_listening", bool())
                        .optional("options", dictionary(integer()))
                        .optional("socket_type", enumeration(Vocabulary.NETWORK_SOCKET_TYPE))
                        .optional("socket_descriptor", nonNegativeInteger())
                        .optional("socket_handle", integer())
                        .build(),
                "tcp-ext", Shape.of("tcp-ext")
                        .optional("src_flags_hex", hex())
                        .optional("dst_flags_hex", hex())
                        .constraint(atLeastOneOf("src_flags_hex", "dst_flags_hex"))
                        .build());
    }

    /** The predefined extensions of process (section 6.13.2 and 6.13.3). */
    private static Map<String, Shape> processExtensions() {
        return Map.of(
                "windows-process-ext", Shape.of("windows-process-ext")
                        .optional("aslr_enabled", bool())
                        .optional("dep_enabled", bool())
                        .optional("priority", string())
                        .optional("owner_sid", string())
                        .optional("window_title", string())
                        .optional("startup_info", dictionary())
                        .optional("integrity_level", enumeration(Vocabulary.WINDOWS_INTEGRITY_LEVEL))
                        .build(),
                "windows-service-ext", Shape.of("windows-service-ext")
                        .optional("service_name", string())
                        .optional("descriptions", strings())
                        .optional("display_name", string())
                        .optional("group_name", string())
                        .optional("start_type", enumeration(Vocabulary.WINDOWS_SERVICE_START_TYPE))
                        .optional("service_dll_refs", refs(types("file")))
                        .optional("service_type", enumeration(Vocabulary.WINDOWS_SERVICE_TYPE))
                        .optional("service_status", enumeration(Vocabulary.WINDOWS_SERVICE_STATUS))
                        .build());
    }

    // ---- section 7: meta objects ----
    private static void defineMetaObjects() {
        define(Category.META, Shape.of("language-content").including(SDO_COMMON)
                .without("lang")
                .required("object_ref", ref(new Targets("a STIX object other than a language-content",
                        type -> !type.equals("bundle") && !type.equals("language-content"))))
                .optional("object_modified", timestampMillis())
                .required("contents", SpecialRules.languageContents()));
        define(Category.META, Shape.of("marking-definition")
                .required("type", ValueRule.ANYTHING)
                .required("spec_version", specVersion())
                .required("id", ValueRule.ANYTHING)
                .optional("created_by_ref", ref(types("identity")))
                .required("created", timestampMillis())
                .optional("external_references", list(object(EXTERNAL_REFERENCE)))
                .optional("object_marking_refs", refs(types("marking-definition")))
                .optional("granular_markings", list(object(GRANULAR_MARKING)))
                .optional("extensions", Extensions.rule(Map.of()))
                .optional("name", string())
                .optional("definition_type", vocabulary(Vocabulary.MARKING_DEFINITION_TYPE))
                .optional("definition", SpecialRules.markingDefinitionBody())
                .constraint(SpecialRules.granularMarkingSelectors())
                .constraint(SpecialRules.markingDefinition()));
        define(Category.META, Shape.of("extension-definition").including(SDO_COMMON)
                .without("confidence").without("lang").without("extensions")
                .required("created_by_ref", ref(types("identity")))
                .required("name", string())
                .optional("description", string())
                .required("schema", string())
                .required("version", formatted("a semantic version (e.g. 1.0.0)",
                        s -> StixFormats.isSemanticVersion(s) ? null : "not MAJOR.MINOR.PATCH"))
                .required("extension_types", list(enumeration(Vocabulary.EXTENSION_TYPE)))
                .optional("extension_properties", strings())
                .constraint(SpecialRules.toplevelExtensionProperties()));
    }

    /**
     * The ID contributing properties of each SCO type (section 6): an SCO that has any of them should get a
     * deterministic UUIDv5 id computed from them. Process defines none, so its ids are UUIDv4.
     */
    private static final Map<String, List<String>> ID_CONTRIBUTING = Map.ofEntries(
            Map.entry("artifact", List.of("hashes", "payload_bin")),
            Map.entry("autonomous-system", List.of("number")),
            Map.entry("directory", List.of("path")),
            Map.entry("domain-name", List.of("value")),
            Map.entry("email-addr", List.of("value")),
            Map.entry("email-message", List.of("from_ref", "subject", "body")),
            Map.entry("file", List.of("hashes", "name", "extensions", "parent_directory_ref")),
            Map.entry("ipv4-addr", List.of("value")),
            Map.entry("ipv6-addr", List.of("value")),
            Map.entry("mac-addr", List.of("value")),
            Map.entry("mutex", List.of("name")),
            Map.entry("network-traffic", List.of("start", "end", "src_ref", "dst_ref", "src_port", "dst_port",
                    "protocols", "extensions")),
            Map.entry("software", List.of("name", "cpe", "swid", "vendor", "version")),
            Map.entry("url", List.of("value")),
            Map.entry("user-account", List.of("account_type", "user_id", "account_login")),
            Map.entry("windows-registry-key", List.of("key", "values")),
            Map.entry("x509-certificate", List.of("hashes", "serial_number")));

    /** The ID contributing properties of an SCO type; empty for process and for types that are not SCOs. */
    static List<String> idContributingProperties(String type) {
        return ID_CONTRIBUTING.getOrDefault(type, List.of());
    }

    /** The specification of {@code type}, or null for a type STIX 2.1 does not define. */
    static TypeSpec get(String type) {
        return TYPES.get(type);
    }

    /** The category of {@code type}, or null for a type STIX 2.1 does not define (bundle included). */
    static Category categoryOf(String type) {
        TypeSpec spec = TYPES.get(type);
        return spec == null ? null : spec.category();
    }

    /** All the types of the specification, in its order. */
    static List<String> names() {
        return List.copyOf(TYPES.keySet());
    }
}
