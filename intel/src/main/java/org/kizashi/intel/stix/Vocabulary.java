package org.kizashi.intel.stix;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A STIX 2.1 vocabulary: an enumeration (closed: other values are errors, names ending in "-enum") or an open
 * vocabulary (other values are allowed, names ending in "-ov").
 */
record Vocabulary(String name, Set<String> values) {
    Vocabulary {
        values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    boolean contains(String value) {
        return values.contains(value);
    }

    /** The values, comma-separated, for messages. */
    String listed() {
        return String.join(", ", values);
    }

    private static Vocabulary of(String name, String... values) {
        return new Vocabulary(name, new LinkedHashSet<>(Arrays.asList(values)));
    }

    // Section 10 of STIX 2.1: the open vocabularies.
    static final Vocabulary ACCOUNT_TYPE = of("account-type-ov", "facebook", "ldap", "nis", "openid", "radius",
            "skype", "tacacs", "twitter", "unix", "windows-local", "windows-domain");
    static final Vocabulary ATTACK_MOTIVATION = of("attack-motivation-ov", "accidental", "coercion", "dominance",
            "ideology", "notoriety", "organizational-gain", "personal-gain", "personal-satisfaction", "revenge",
            "unpredictable");
    static final Vocabulary ATTACK_RESOURCE_LEVEL = of("attack-resource-level-ov", "individual", "club", "contest",
            "team", "organization", "government");
    static final Vocabulary GROUPING_CONTEXT = of("grouping-context-ov", "suspicious-activity", "malware-analysis",
            "unspecified");
    static final Vocabulary HASHING_ALGORITHM = of("hashing-algorithm-ov", "MD5", "SHA-1", "SHA-256", "SHA-512",
            "SHA3-256", "SHA3-512", "SSDEEP", "TLSH");
    static final Vocabulary IDENTITY_CLASS = of("identity-class-ov", "individual", "group", "system",
            "organization", "class", "unknown");
    static final Vocabulary IMPLEMENTATION_LANGUAGE = of("implementation-language-ov", "applescript", "bash", "c",
            "c++", "c#", "go", "java", "javascript", "lua", "objective-c", "perl", "php", "powershell", "python",
            "ruby", "scala", "swift", "typescript", "visual-basic", "x86-32", "x86-64");
    static final Vocabulary INDICATOR_TYPE = of("indicator-type-ov", "anomalous-activity", "anonymization",
            "benign", "compromised", "malicious-activity", "attribution", "unknown");
    static final Vocabulary INDUSTRY_SECTOR = of("industry-sector-ov", "agriculture", "aerospace", "automotive",
            "chemical", "commercial", "communications", "construction", "defense", "education", "energy",
            "entertainment", "financial-services", "government", "government-emergency-services",
            "government-local", "government-national", "government-public-services", "government-regional",
            "healthcare", "hospitality-leisure", "infrastructure", "infrastructure-dams", "infrastructure-nuclear",
            "infrastructure-water", "insurance", "manufacturing", "mining", "non-profit", "pharmaceuticals",
            "retail", "technology", "telecommunications", "transportation", "utilities");
    static final Vocabulary INFRASTRUCTURE_TYPE = of("infrastructure-type-ov", "amplification", "anonymization",
            "botnet", "command-and-control", "control-system", "exfiltration", "firewall", "hosting-malware",
            "hosting-target-lists", "phishing", "reconnaissance", "routers-switches", "staging", "workstation",
            "unknown");
    static final Vocabulary MALWARE_RESULT = of("malware-result-ov", "malicious", "suspicious", "benign",
            "unknown");
    static final Vocabulary MALWARE_CAPABILITIES = of("malware-capabilities-ov", "accesses-remote-machines",
            "anti-debugging", "anti-disassembly", "anti-emulation", "anti-memory-forensics", "anti-sandbox",
            "anti-vm", "captures-input-peripherals", "captures-output-peripherals", "captures-system-state-data",
            "cleans-traces-of-infection", "commits-fraud", "communicates-with-c2", "compromises-data-availability",
            "compromises-data-integrity", "compromises-system-availability", "controls-local-machine",
            "degrades-security-software", "degrades-system-updates", "determines-c2-server", "emails-spam",
            "escalates-privileges", "evades-av", "exfiltrates-data", "fingerprints-host", "hides-artifacts",
            "hides-executing-code", "infects-files", "infects-remote-machines", "installs-other-components",
            "persists-after-system-reboot", "prevents-artifact-access", "prevents-artifact-deletion",
            "probes-network-environment", "self-modifies", "steals-authentication-credentials",
            "violates-system-operational-integrity");
    static final Vocabulary MALWARE_TYPE = of("malware-type-ov", "adware", "backdoor", "bot", "bootkit", "ddos",
            "downloader", "dropper", "exploit-kit", "keylogger", "ransomware", "remote-access-trojan",
            "resource-exploitation", "rogue-security-software", "rootkit", "screen-capture", "spyware", "trojan",
            "unknown", "virus", "webshell", "wiper", "worm");
    static final Vocabulary MARKING_DEFINITION_TYPE = of("marking-definition-type-ov", "statement", "tlp");
    static final Vocabulary PATTERN_TYPE = of("pattern-type-ov", "stix", "pcre", "sigma", "snort", "suricata",
            "yara");
    static final Vocabulary PROCESSOR_ARCHITECTURE = of("processor-architecture-ov", "alpha", "arm", "ia-64",
            "mips", "powerpc", "sparc", "x86", "x86-64");
    static final Vocabulary REGION = of("region-ov", "africa", "eastern-africa", "middle-africa", "northern-africa",
            "southern-africa", "western-africa", "americas", "caribbean", "central-america",
            "latin-america-caribbean", "northern-america", "south-america", "asia", "central-asia", "eastern-asia",
            "southern-asia", "south-eastern-asia", "western-asia", "europe", "eastern-europe", "northern-europe",
            "southern-europe", "western-europe", "antarctica", "oceania", "australia-new-zealand", "melanesia",
            "micronesia", "polynesia");
    static final Vocabulary REPORT_TYPE = of("report-type-ov", "attack-pattern", "campaign", "identity",
            "indicator", "intrusion-set", "malware", "observed-data", "threat-actor", "threat-report", "tool",
            "vulnerability");
    static final Vocabulary THREAT_ACTOR_TYPE = of("threat-actor-type-ov", "activist", "competitor",
            "crime-syndicate", "criminal", "hacker", "insider-accidental", "insider-disgruntled", "nation-state",
            "sensationalist", "spy", "terrorist", "unknown");
    static final Vocabulary THREAT_ACTOR_ROLE = of("threat-actor-role-ov", "agent", "director", "independent",
            "infrastructure-architect", "infrastructure-operator", "malware-author", "sponsor");
    static final Vocabulary THREAT_ACTOR_SOPHISTICATION = of("threat-actor-sophistication-ov", "none", "minimal",
            "intermediate", "advanced", "expert", "innovator", "strategic");
    static final Vocabulary TOOL_TYPE = of("tool-type-ov", "denial-of-service", "exploitation",
            "information-gathering", "network-capture", "credential-exploitation", "remote-access",
            "vulnerability-scanning", "unknown");
    static final Vocabulary WINDOWS_PEBINARY_TYPE = of("windows-pebinary-type-ov", "dll", "exe", "sys");

    // The enumerations.
    static final Vocabulary ENCRYPTION_ALGORITHM = of("encryption-algorithm-enum", "AES-256-GCM",
            "ChaCha20-Poly1305", "mime-type-indicated");
    static final Vocabulary EXTENSION_TYPE = of("extension-type-enum", "new-sdo", "new-sco", "new-sro",
            "property-extension", "toplevel-property-extension");
    static final Vocabulary NETWORK_SOCKET_ADDRESS_FAMILY = of("network-socket-address-family-enum", "AF_UNSPEC",
            "AF_INET", "AF_IPX", "AF_APPLETALK", "AF_NETBIOS", "AF_INET6", "AF_IRDA", "AF_BTH");
    static final Vocabulary NETWORK_SOCKET_TYPE = of("network-socket-type-enum", "SOCK_STREAM", "SOCK_DGRAM",
            "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET");
    static final Vocabulary OPINION = of("opinion-enum", "strongly-disagree", "disagree", "neutral", "agree",
            "strongly-agree");
    static final Vocabulary WINDOWS_INTEGRITY_LEVEL = of("windows-integrity-level-enum", "low", "medium", "high",
            "system");
    static final Vocabulary WINDOWS_REGISTRY_DATATYPE = of("windows-registry-datatype-enum", "REG_NONE", "REG_SZ",
            "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD", "REG_DWORD_BIG_ENDIAN", "REG_DWORD_LITTLE_ENDIAN",
            "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTION",
            "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD", "REG_INVALID_TYPE");
    static final Vocabulary WINDOWS_SERVICE_START_TYPE = of("windows-service-start-type-enum",
            "SERVICE_AUTO_START", "SERVICE_BOOT_START", "SERVICE_DEMAND_START", "SERVICE_DISABLED",
            "SERVICE_SYSTEM_ALERT");
    static final Vocabulary WINDOWS_SERVICE_TYPE = of("windows-service-type-enum", "SERVICE_KERNEL_DRIVER",
            "SERVICE_FILE_SYSTEM_DRIVER", "SERVICE_WIN32_OWN_PROCESS", "SERVICE_WIN32_SHARE_PROCESS");
    static final Vocabulary WINDOWS_SERVICE_STATUS = of("windows-service-status-enum", "SERVICE_CONTINUE_PENDING",
            "SERVICE_PAUSE_PENDING", "SERVICE_PAUSED", "SERVICE_RUNNING", "SERVICE_START_PENDING",
            "SERVICE_STOP_PENDING", "SERVICE_STOPPED");
    /** The TLP 2.0 levels of the OASIS TLP 2.0 extension (property tlp_2_0). */
    static final Vocabulary TLP_2_LEVEL = of("tlp-2.0-enum", "clear", "green", "amber", "amber+strict", "red");
}
