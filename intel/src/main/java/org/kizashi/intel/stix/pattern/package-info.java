/**
 * The STIX 2.1 patterning language (specification section 9): a hand-written parser and validator for indicator
 * patterns, entered through {@link org.kizashi.intel.stix.pattern.StixPattern#parse(String)}.
 */
package org.kizashi.intel.stix.pattern;
