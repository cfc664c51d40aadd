package org.kizashi.active.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.active.rpz.RpzNames;
import org.kizashi.active.rpz.RpzZone;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.active.TriggerKind;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A whole zone as the DNS messages of a full transfer, rendered once per serial and then only copied: the policy
 * records are written straight from the {@link PolicySet}'s key bytes, with the zone name compressed to a pointer to
 * the question (every message repeats the question, so the pointer is valid in each). Messages have ID 0 and the
 * question type AXFR; {@link #forRequest} patches both for a request.
 */
final class TransferMessages {
    /** Payload size of one message; BIND's default for transfers is of the same order. */
    static final int MESSAGE_SIZE = 16_384;
    private static final int HEADER = 12;
    private static final int ORIGIN_POINTER = 0xc000 | HEADER;

    private final List<byte[]> messages;
    private final int records;

    private TransferMessages(List<byte[]> messages, int records) {
        this.messages = messages;
        this.records = records;
    }

    List<byte[]> messages() {
        return messages;
    }

    int records() {
        return records;
    }

    /** A copy of message {@code index} with the request's ID and question type. */
    byte[] forRequest(int index, int id, int questionType) {
        byte[] copy = messages.get(index).clone();
        copy[0] = (byte) (id >>> 8);
        copy[1] = (byte) id;
        int typeOffset = HEADER + questionNameLength(copy);
        copy[typeOffset] = (byte) (questionType >>> 8);
        copy[typeOffset + 1] = (byte) questionType;
        return copy;
    }

    private static int questionNameLength(byte[] message) {
        int i = HEADER;
        while (message[i] != 0) {
            i += (message[i] & 0xff) + 1;
        }
        return i + 1 - HEADER;
    }

    static TransferMessages render(RpzZone zone) {
        Renderer renderer = new Renderer(zone);
        Record soa = zone.soa();
        for (Record fixed : zone.fixedRecords()) {
            renderer.add(fixed.toWire(Section.ANSWER));
        }
        PolicySet policies = zone.policies();
        for (int id : zone.canonicalOrder()) {
            renderer.addPolicy(policies, id);
        }
        renderer.add(soa.toWire(Section.ANSWER));
        return renderer.finish();
    }

    /** Writes records into messages of at most {@link #MESSAGE_SIZE} bytes. */
    private static final class Renderer {
        private final byte[] question;
        private final long ttl;
        private final byte[] warningHost;
        private final List<byte[]> done = new ArrayList<>();
        private DNSOutput out;
        private int countInMessage;
        private int total;
        private final byte[] scratch = new byte[600];

        Renderer(RpzZone zone) {
            DNSOutput q = new DNSOutput();
            zone.origin().toWire(q, null);
            q.writeU16(Type.AXFR);
            q.writeU16(DClass.IN);
            question = q.toByteArray();
            ttl = zone.settings().ttl();
            Name host = zone.settings().warningHost();
            warningHost = host == null ? null : host.toWire();
            start();
        }

        private void start() {
            out = new DNSOutput(MESSAGE_SIZE + 1024);
            out.writeU16(0); // ID, patched per request
            out.writeU16((1 << 15) | (1 << (15 - Flags.AA))); // QR, AA; opcode QUERY, rcode NOERROR
            out.writeU16(1);
            out.writeU16(0); // answers, patched when the message is closed
            out.writeU16(0);
            out.writeU16(0);
            out.writeByteArray(question);
            countInMessage = 0;
        }

        void add(byte[] wire) {
            if (countInMessage > 0 && out.current() + wire.length > MESSAGE_SIZE) {
                close();
            }
            out.writeByteArray(wire);
            countInMessage++;
            total++;
        }

        /** One policy record: relative owner labels, then a pointer to the zone name, CNAME, the action's target. */
        void addPolicy(PolicySet policies, int id) {
            int length = 0;
            TriggerKind kind = policies.kind(id);
            if (kind == TriggerKind.WILDCARD) {
                scratch[length++] = 1;
                scratch[length++] = '*';
            }
            String labels = kind == TriggerKind.DOMAIN || kind == TriggerKind.WILDCARD
                    ? policies.name(id) : RpzNames.relativeOwner(policies.trigger(id));
            length = writeLabels(labels, length);
            scratch[length++] = (byte) (ORIGIN_POINTER >>> 8);
            scratch[length++] = (byte) ORIGIN_POINTER;
            length = writeU16(Type.CNAME, length);
            length = writeU16(DClass.IN, length);
            length = writeU16((int) (ttl >>> 16), length);
            length = writeU16((int) ttl, length);
            byte[] target = target(policies.action(id));
            length = writeU16(target.length, length);
            System.arraycopy(target, 0, scratch, length, target.length);
            length += target.length;
            if (countInMessage > 0 && out.current() + length > MESSAGE_SIZE) {
                close();
            }
            out.writeByteArray(scratch, 0, length);
            countInMessage++;
            total++;
        }

        private int writeLabels(String name, int at) {
            int labelStart = at;
            at++;
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c == '.') {
                    scratch[labelStart] = (byte) (at - labelStart - 1);
                    labelStart = at;
                    at++;
                } else {
                    scratch[at++] = (byte) c;
                }
            }
            scratch[labelStart] = (byte) (at - labelStart - 1);
            return at;
        }

        private int writeU16(int value, int at) {
            scratch[at] = (byte) (value >>> 8);
            scratch[at + 1] = (byte) value;
            return at + 2;
        }

        private byte[] target(PolicyAction action) {
            return switch (action) {
                case NXDOMAIN -> ROOT;
                case NODATA -> STAR;
                case DROP -> DROP;
                case PASSTHRU -> PASSTHRU;
                case WALLED_GARDEN -> warningHost;
            };
        }

        private void close() {
            out.writeU16At(countInMessage, 6);
            done.add(out.toByteArray());
            start();
        }

        TransferMessages finish() {
            close();
            return new TransferMessages(List.copyOf(done), total);
        }
    }

    private static final byte[] ROOT = {0};
    private static final byte[] STAR = {1, '*', 0};
    private static final byte[] DROP = wire("rpz-drop");
    private static final byte[] PASSTHRU = wire("rpz-passthru");

    private static byte[] wire(String label) {
        byte[] text = label.getBytes(StandardCharsets.US_ASCII);
        byte[] wire = new byte[text.length + 2];
        wire[0] = (byte) text.length;
        System.arraycopy(text, 0, wire, 1, text.length);
        return wire;
    }
}
