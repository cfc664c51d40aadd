package org.kizashi.core.active;

/** What part of a DNS transaction, or of a web request, an entry matches. */
public enum TriggerKind {
    /** The queried name itself ("example.com"): an RPZ QNAME trigger. */
    DOMAIN,
    /** Every name below a domain but not the domain ("*.example.com"): an RPZ wildcard QNAME trigger. */
    WILDCARD,
    /** An address or prefix in the answer: an RPZ rpz-ip trigger. */
    IP,
    /** The address of the client asking: an RPZ rpz-client-ip trigger (opt-outs, walled-garden exceptions). */
    CLIENT_IP,
    /** A Safe Browsing host-suffix/path-prefix expression ("evil.example/dl/"): the proxy URL check, not DNS. */
    URL
}
