package org.kizashi.core;

import java.util.Arrays;
import java.util.Locale;

/** Enum constants written as lower-case ids in URLs, JSON, configuration and on the command line. */
public final class EnumIds {
    private EnumIds() {
    }

    /** The id of a constant: its name in lower case. */
    public static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant whose id is {@code text} (any case, surrounding blanks ignored).
     *
     * @param what how the message names the kind of value, e.g. "sharing level"
     * @throws IllegalArgumentException naming the text and every id expected
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String what, String text) {
        E[] constants = type.getEnumConstants();
        if (text != null) {
            for (E constant : constants) {
                if (id(constant).equalsIgnoreCase(text.trim())) {
                    return constant;
                }
            }
        }
        String[] ids = Arrays.stream(constants).map(EnumIds::id).toArray(String[]::new);
        String expected = ids.length == 1 ? ids[0]
                : String.join(", ", Arrays.copyOf(ids, ids.length - 1)) + " or " + ids[ids.length - 1];
        throw new IllegalArgumentException("unknown " + what + " '" + text + "' (expected " + expected + ")");
    }
}
