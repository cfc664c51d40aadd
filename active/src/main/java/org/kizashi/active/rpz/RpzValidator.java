package org.kizashi.active.rpz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kizashi.core.active.DomainNames;
import org.kizashi.core.net.IpPrefix;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Checks a policy zone record by record before it is published, for the mistakes resolvers accept silently and then
 * ignore or misapply: owners outside the zone, address triggers with bad prefix lengths or host bits set, unknown
 * rpz-* labels, CNAME targets that look like an RPZ action but are not one ("rpz-pasthru."), a wildcard not in the
 * first label, the same trigger twice, and a CNAME beside other data.
 *
 * <p>Duplicates are found through 64-bit hashes of the normalised trigger (eight bytes an entry instead of a set of
 * names): two different triggers would have to collide, about once in 10^13 zones of a million entries.
 */
public final class RpzValidator {
    private static final int KEPT_PROBLEMS = 1000;

    private final Name origin;
    private final LongSet cnameOwners = new LongSet();
    private final LongSet dataOwners = new LongSet();
    private final List<Problem> problems = new ArrayList<>();
    private int problemCount;
    private int records;
    private int soas;

    /** A problem with one record: its owner name and what is wrong. */
    public record Problem(String owner, String message) {
        @Override
        public String toString() {
            return owner + ": " + message;
        }
    }

    /** The outcome: how many records were seen, the problems (the first thousand) and how many there were. */
    public record Result(int records, List<Problem> problems, int problemCount) {
        public boolean valid() {
            return problemCount == 0;
        }
    }

    public RpzValidator(Name origin) {
        this.origin = origin;
    }

    /** Checks a whole zone as it would be transferred. */
    public static Result validate(RpzZone zone) {
        RpzValidator validator = new RpzValidator(zone.origin());
        zone.fixedRecords().forEach(validator::check);
        for (int id = 0; id < zone.policies().size(); id++) {
            Record record;
            try {
                record = zone.record(id);
            } catch (IllegalArgumentException e) {
                validator.problem(zone.policies().trigger(id).toString(), e.getMessage());
                continue;
            }
            validator.check(record);
        }
        return validator.result();
    }

    /** The outcome so far; the SOA count is judged here, once the whole zone has been seen. */
    public Result result() {
        List<Problem> all = new ArrayList<>(problems);
        int count = problemCount;
        if (soas != 1) {
            count++;
            if (all.size() < KEPT_PROBLEMS) {
                all.add(new Problem(origin.toString(),
                        soas == 0 ? "the zone has no SOA record" : "the zone has " + soas + " SOA records"));
            }
        }
        return new Result(records, List.copyOf(all), count);
    }

    /** Checks one record. */
    public void check(Record record) {
        records++;
        Name owner = record.getName();
        String ownerText = owner.toString();
        if (!owner.subdomain(origin)) {
            problem(ownerText, "is outside the zone " + origin);
            return;
        }
        if (owner.equals(origin)) {
            switch (record.getType()) {
                case Type.SOA -> soas++;
                case Type.NS -> { }
                default -> problem(ownerText, "a " + Type.string(record.getType())
                        + " record at the zone apex is not a policy (only SOA and NS belong there)");
            }
            return;
        }
        String[] labels = relativeLabels(owner);
        String key = triggerKey(ownerText, labels);
        if (key == null) {
            return;
        }
        long hash = hash(key);
        if (record.getType() == Type.CNAME) {
            if (cnameOwners.contains(hash)) {
                problem(ownerText, "the same trigger is listed twice (" + key + ")");
            } else if (dataOwners.contains(hash)) {
                problem(ownerText, "a CNAME beside other data for the same trigger");
            }
            cnameOwners.add(hash);
            checkTarget(ownerText, ((CNAMERecord) record).getTarget());
        } else {
            if (cnameOwners.contains(hash)) {
                problem(ownerText, "other data beside a CNAME for the same trigger");
            }
            dataOwners.add(hash);
        }
    }

    private String[] relativeLabels(Name owner) {
        int count = owner.labels() - origin.labels();
        String[] labels = new String[count];
        for (int i = 0; i < count; i++) {
            labels[i] = owner.getLabelString(i).toLowerCase(Locale.ROOT);
        }
        return labels;
    }

    /** The normalised trigger of an owner (kind and value), or null after reporting a problem. */
    private String triggerKey(String ownerText, String[] labels) {
        String last = labels[labels.length - 1];
        for (int i = 1; i < labels.length; i++) {
            if (labels[i].equals("*")) {
                problem(ownerText, "'*' may only be the first label of a trigger");
                return null;
            }
        }
        if (last.startsWith("rpz-")) {
            String[] before = java.util.Arrays.copyOf(labels, labels.length - 1);
            switch (last) {
                case RpzNames.RPZ_IP, RpzNames.RPZ_CLIENT_IP, RpzNames.RPZ_NSIP -> {
                    try {
                        IpPrefix prefix = RpzNames.parseAddressLabels(before);
                        return last + " " + prefix;
                    } catch (IllegalArgumentException e) {
                        problem(ownerText, e.getMessage());
                        return null;
                    }
                }
                case RpzNames.RPZ_NSDNAME -> {
                    return last + " " + String.join(".", before);
                }
                default -> {
                    problem(ownerText, "'" + last + "' is not an RPZ label (rpz-ip, rpz-client-ip, rpz-nsip, "
                            + "rpz-nsdname); resolvers would treat it as an ordinary name");
                    return null;
                }
            }
        }
        String name = String.join(".", labels);
        String checked = name.startsWith("*.") ? name.substring(2) : name;
        if (!checked.equals("*")) {
            try {
                DomainNames.canonical(checked);
            } catch (IllegalArgumentException e) {
                problem(ownerText, e.getMessage());
                return null;
            }
        }
        return "qname " + name;
    }

    private void checkTarget(String ownerText, Name target) {
        if (target.equals(RpzNames.NXDOMAIN) || target.equals(RpzNames.NODATA) || target.equals(RpzNames.DROP)
                || target.equals(RpzNames.PASSTHRU) || target.equals(RpzNames.TCP_ONLY)) {
            return;
        }
        String first = target.labels() > 1 ? target.getLabelString(0).toLowerCase(Locale.ROOT) : "";
        if (first.startsWith("rpz-") && target.labels() == 2) {
            problem(ownerText, "CNAME target " + target + " is not an RPZ action (rpz-drop., rpz-passthru., "
                    + "rpz-tcp-only.); resolvers would rewrite to that name instead");
        }
    }

    private void problem(String owner, String message) {
        problemCount++;
        if (problems.size() < KEPT_PROBLEMS) {
            problems.add(new Problem(owner, message));
        }
    }

    private static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /** An open-addressing set of non-zero longs. */
    private static final class LongSet {
        private long[] slots = new long[1024];
        private int size;

        boolean contains(long value) {
            long v = value == 0 ? 1 : value;
            int mask = slots.length - 1;
            for (int i = (int) v & mask; slots[i] != 0; i = (i + 1) & mask) {
                if (slots[i] == v) {
                    return true;
                }
            }
            return false;
        }

        void add(long value) {
            long v = value == 0 ? 1 : value;
            if (size * 2 >= slots.length) {
                long[] old = slots;
                slots = new long[old.length * 2];
                size = 0;
                for (long o : old) {
                    if (o != 0) {
                        insert(o);
                    }
                }
            }
            insert(v);
        }

        private void insert(long v) {
            int mask = slots.length - 1;
            int i = (int) v & mask;
            while (slots[i] != 0) {
                if (slots[i] == v) {
                    return;
                }
                i = (i + 1) & mask;
            }
            slots[i] = v;
            size++;
        }
    }
}
