package org.kizashi.active.rpz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.core.active.TriggerKind;

/**
 * Sorts a policy set's entries by the canonical order of their owner names: labels compared from the last to the
 * first, each as lower-case octets, a name before its children. Each owner becomes a key of its labels in reverse,
 * each followed by a zero byte, so that one unsigned byte comparison of two keys is the canonical comparison.
 */
final class CanonicalOrder {
    private CanonicalOrder() {
    }

    static int[] of(PolicySet policies) {
        int size = policies.size();
        byte[][] keys = new byte[size][];
        Integer[] ids = new Integer[size];
        for (int id = 0; id < size; id++) {
            keys[id] = key(policies, id);
            ids[id] = id;
        }
        Arrays.sort(ids, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = ids[i];
        }
        return order;
    }

    private static byte[] key(PolicySet policies, int id) {
        TriggerKind kind = policies.kind(id);
        String relative = kind == TriggerKind.DOMAIN ? policies.name(id)
                : kind == TriggerKind.WILDCARD ? "*." + policies.name(id)
                : RpzNames.relativeOwner(policies.trigger(id));
        byte[] text = relative.getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[text.length + 1];
        int at = 0;
        int end = text.length;
        for (int i = text.length - 1; i >= -1; i--) {
            if (i == -1 || text[i] == '.') {
                System.arraycopy(text, i + 1, key, at, end - i - 1);
                at += end - i - 1;
                key[at++] = 0;
                end = i;
            }
        }
        return key;
    }
}
