package org.kizashi.core.identity;

/** Hashes passwords with a memory-hard key-derivation function and checks them in constant time. */
public interface PasswordHasher {
    /** Returns a self-describing encoded hash (algorithm, parameters, salt and hash). */
    String hash(char[] password);

    boolean verify(char[] password, String encodedHash);

    /** True when the hash was made with weaker parameters than the current ones and should be replaced at next login. */
    boolean needsRehash(String encodedHash);
}
