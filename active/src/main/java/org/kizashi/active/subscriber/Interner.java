package org.kizashi.active.subscriber;

import java.util.HashMap;
import java.util.Map;

/** One string object per distinct subscriber or file name: millions of leases name far fewer subscribers. */
final class Interner {
    private final Map<String, String> strings = new HashMap<>();

    String intern(String s) {
        String known = strings.putIfAbsent(s, s);
        return known != null ? known : s;
    }
}
