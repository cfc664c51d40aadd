package org.kizashi.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.kizashi.intel.stix.StixProblem.Code;
import org.kizashi.intel.stix.StixProblem.Severity;

/** Collects the problems of one object while its properties are checked; knows the object and its id. */
final class Checker {
    private final String objectId;
    private final JsonNode root;
    private final PatternCheck patterns;
    private final List<StixProblem> problems = new ArrayList<>();

    Checker(String objectId, JsonNode root, PatternCheck patterns) {
        this.objectId = objectId;
        this.root = root;
        this.patterns = patterns;
    }

    /** The whole object being checked (granular marking selectors are resolved against it). */
    JsonNode root() {
        return root;
    }

    PatternCheck patterns() {
        return patterns;
    }

    void error(String path, Code code, String detail) {
        problems.add(new StixProblem(Severity.ERROR, objectId, path, code, detail));
    }

    void warn(String path, Code code, String detail) {
        problems.add(new StixProblem(Severity.WARNING, objectId, path, code, detail));
    }

    List<StixProblem> problems() {
        return List.copyOf(problems);
    }

    /** The JSON Pointer of member {@code key} of the value at {@code path} (RFC 6901 escaping). */
    static String child(String path, String key) {
        return path + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    static String child(String path, int index) {
        return path + "/" + index;
    }

    /** A pointer as people write property paths in messages: "/a/0/b" becomes "a[0].b". */
    static String label(String path) {
        if (path.isEmpty()) {
            return "the object";
        }
        StringBuilder out = new StringBuilder();
        for (String token : path.substring(1).split("/", -1)) {
            String key = token.replace("~1", "/").replace("~0", "~");
            if (!key.isEmpty() && key.chars().allMatch(Character::isDigit)) {
                out.append('[').append(key).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(key);
            }
        }
        return out.toString();
    }
}
