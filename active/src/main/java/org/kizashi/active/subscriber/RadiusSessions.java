package org.kizashi.active.subscriber;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kizashi.core.net.IpPrefix;

/**
 * Joins RADIUS accounting records into sessions by Acct-Session-Id and address: Start, Interim-Updates and Stop of
 * one session become one lease. Records may arrive in any file order; a session without Start takes its start from
 * Acct-Session-Time; one without Stop stays open, unless its NAS later announced Accounting-On/Off (a restart
 * ends every session it had).
 */
final class RadiusSessions {
    enum Kind { START, STOP, INTERIM, NAS_RESTART }

    /** One record's view of one address of a session. */
    record Event(Kind kind, Instant time, String sessionId, String user, String nas, IpPrefix addresses,
                 PortRange ports, Long sessionSeconds, SourceLine where) {
    }

    private final Interner names;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final List<Session> reused = new ArrayList<>();
    private final Map<String, TreeMap<Instant, SourceLine>> restarts = new HashMap<>();

    RadiusSessions(Interner names) {
        this.names = names;
    }

    void accept(Event e, List<ImportProblem> problems) {
        String key = e.sessionId() + '|' + e.addresses();
        Session s = sessions.get(key);
        if (s != null && s.endedBefore(e)) {
            reused.add(s); // the NAS reused the session id for a new session
            s = null;
        }
        if (s == null) {
            s = new Session(names.intern(e.user()), e.addresses(), e.where());
            sessions.put(key, s);
        } else if (!s.subscriber.equals(e.user())) {
            problems.add(new ImportProblem(e.where(), "User-Name '" + e.user() + "' differs from '" + s.subscriber
                    + "' of the same session (Acct-Session-Id " + e.sessionId() + ") at " + s.firstLine
                    + "; record ignored"));
            return;
        } else if (s.ports != null && e.ports() != null && !s.ports.equals(e.ports())) {
            problems.add(new ImportProblem(e.where(), "port block " + e.ports() + " differs from " + s.ports
                    + " of the same session at " + s.firstLine + "; record ignored"));
            return;
        }
        s.add(e, names);
    }

    void nasRestarted(String nas, Instant time, SourceLine where) {
        restarts.computeIfAbsent(names.intern(nas), n -> new TreeMap<>()).putIfAbsent(time, where);
    }

    /** The sessions as leases; sessions whose start cannot be known are reported instead. */
    List<AddressLease> leases(List<ImportProblem> problems) {
        List<AddressLease> leases = new ArrayList<>(sessions.size() + reused.size());
        for (Session s : reused) {
            addLease(s, leases, problems);
        }
        for (Session s : sessions.values()) {
            addLease(s, leases, problems);
        }
        return leases;
    }

    private void addLease(Session s, List<AddressLease> leases, List<ImportProblem> problems) {
        Instant start = s.start != null ? s.start : s.impliedStart;
        if (start == null) {
            if (s.stop != null) {
                problems.add(new ImportProblem(s.stopLine, "Stop without a Start record and without"
                        + " Acct-Session-Time: the session's start is unknown"));
                return;
            }
            start = s.firstSeen; // only Interim-Updates: held at least since the first of them
        }
        List<SourceLine> sources = new ArrayList<>(4);
        sources.add(s.startLine != null ? s.startLine : s.firstLine);
        if (s.lastInterimLine != null && !sources.contains(s.lastInterimLine)) {
            sources.add(s.lastInterimLine);
        }
        Instant end = s.stop;
        if (end != null) {
            if (!sources.contains(s.stopLine)) {
                sources.add(s.stopLine);
            }
        } else if (!s.nas.isEmpty() && restarts.containsKey(s.nas)) {
            Map.Entry<Instant, SourceLine> restart = restarts.get(s.nas).higherEntry(s.lastSeen);
            if (restart != null) {
                end = restart.getKey();
                sources.add(restart.getValue());
            }
        }
        if (end != null && end.isBefore(start)) {
            problems.add(new ImportProblem(s.stopLine, "the session ends (" + end + ") before it starts (" + start
                    + (s.startLine != null ? ", " + s.startLine : "") + "); session ignored"));
            return;
        }
        Instant lastSeen = s.lastSeen.isBefore(start) ? start : s.lastSeen;
        if (end != null && lastSeen.isAfter(end)) {
            lastSeen = end;
        }
        leases.add(new AddressLease(s.subscriber, s.addresses, s.ports, start, end, lastSeen, sources));
    }

    /** What the records of one session say so far; only the lines worth citing are kept. */
    private static final class Session {
        final String subscriber;
        final IpPrefix addresses;
        final SourceLine firstLine;
        PortRange ports;
        String nas = "";
        Instant start;
        SourceLine startLine;
        Instant impliedStart;
        Instant stop;
        SourceLine stopLine;
        SourceLine lastInterimLine;
        Instant lastInterim;
        Instant firstSeen;
        Instant lastSeen;

        Session(String subscriber, IpPrefix addresses, SourceLine firstLine) {
            this.subscriber = subscriber;
            this.addresses = addresses;
            this.firstLine = firstLine;
        }

        /** True when the event must belong to a later session that reuses this one's id. */
        boolean endedBefore(Event e) {
            if (stop != null) {
                return e.time().isAfter(stop);
            }
            return e.kind() == Kind.START && start != null && e.time().isAfter(lastSeen);
        }

        void add(Event e, Interner names) {
            Instant t = e.time();
            if (ports == null) {
                ports = e.ports();
            }
            if (nas.isEmpty()) {
                nas = names.intern(e.nas());
            }
            firstSeen = firstSeen == null || t.isBefore(firstSeen) ? t : firstSeen;
            lastSeen = lastSeen == null || t.isAfter(lastSeen) ? t : lastSeen;
            if (e.sessionSeconds() != null && e.kind() != Kind.START) {
                Instant implied = t.minusSeconds(e.sessionSeconds());
                impliedStart = impliedStart == null || implied.isBefore(impliedStart) ? implied : impliedStart;
            }
            switch (e.kind()) {
                case START -> {
                    if (start == null || t.isBefore(start)) {
                        start = t;
                        startLine = e.where();
                    }
                }
                case INTERIM -> {
                    if (lastInterim == null || !t.isBefore(lastInterim)) {
                        lastInterim = t;
                        lastInterimLine = e.where();
                    }
                }
                case STOP -> {
                    if (stop == null || t.isAfter(stop)) {
                        stop = t;
                        stopLine = e.where();
                    }
                }
                case NAS_RESTART -> throw new IllegalArgumentException("not a session event");
            }
        }
    }
}
