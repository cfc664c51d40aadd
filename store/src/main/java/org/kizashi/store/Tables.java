package org.kizashi.store;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Instant;
import java.time.LocalDate;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The schema of the migrations (V1__identity.sql, V2__telescope.sql, V3__intel.sql, V4__intel_workflow.sql) as jOOQ objects, written by hand: code generation would need a database at build
 * time, and these few tables change only together with a migration (see docs/adr/0004).
 */
final class Tables {
    private Tables() {
    }

    static final class Organisations {
        static final Table<Record> T = table(name("organisations"));
        static final Field<Long> ID = field(name("organisations", "id"), SQLDataType.BIGINT.identity(true));
        static final Field<String> NAME = field(name("organisations", "name"), SQLDataType.VARCHAR(200));
        static final Field<Instant> CREATED_AT = field(name("organisations", "created_at"), SQLDataType.INSTANT);
    }

    static final class Users {
        static final Table<Record> T = table(name("users"));
        static final Field<Long> ID = field(name("users", "id"), SQLDataType.BIGINT.identity(true));
        static final Field<String> USERNAME = field(name("users", "username"), SQLDataType.VARCHAR(63));
        static final Field<String> DISPLAY_NAME = field(name("users", "display_name"), SQLDataType.VARCHAR(200));
        static final Field<Long> ORGANISATION_ID = field(name("users", "organisation_id"), SQLDataType.BIGINT);
        static final Field<String> ROLE = field(name("users", "role"), SQLDataType.VARCHAR(16));
        static final Field<String> PASSWORD_HASH = field(name("users", "password_hash"), SQLDataType.VARCHAR(255));
        static final Field<Boolean> ENABLED = field(name("users", "enabled"), SQLDataType.BOOLEAN);
        static final Field<Instant> CREATED_AT = field(name("users", "created_at"), SQLDataType.INSTANT);
    }

    static final class WebSessions {
        static final Table<Record> T = table(name("web_sessions"));
        static final Field<String> ID_HASH = field(name("web_sessions", "id_hash"), SQLDataType.CHAR(64));
        static final Field<Long> USER_ID = field(name("web_sessions", "user_id"), SQLDataType.BIGINT);
        static final Field<Instant> CREATED_AT = field(name("web_sessions", "created_at"), SQLDataType.INSTANT);
        static final Field<Instant> EXPIRES_AT = field(name("web_sessions", "expires_at"), SQLDataType.INSTANT);
        static final Field<String> CSRF_TOKEN = field(name("web_sessions", "csrf_token"), SQLDataType.CHAR(43));
        static final Field<String> LANGUAGE = field(name("web_sessions", "language"), SQLDataType.VARCHAR(8));
    }

    static final class ApiTokens {
        static final Table<Record> T = table(name("api_tokens"));
        static final Field<Long> ID = field(name("api_tokens", "id"), SQLDataType.BIGINT.identity(true));
        static final Field<Long> USER_ID = field(name("api_tokens", "user_id"), SQLDataType.BIGINT);
        static final Field<String> NAME = field(name("api_tokens", "name"), SQLDataType.VARCHAR(200));
        static final Field<String> SECRET_HASH = field(name("api_tokens", "secret_hash"), SQLDataType.CHAR(64));
        static final Field<Instant> CREATED_AT = field(name("api_tokens", "created_at"), SQLDataType.INSTANT);
        static final Field<Instant> EXPIRES_AT = field(name("api_tokens", "expires_at"), SQLDataType.INSTANT);
        static final Field<Instant> LAST_USED_AT = field(name("api_tokens", "last_used_at"), SQLDataType.INSTANT);
    }

    static final class Audit {
        static final Table<Record> T = table(name("audit_log"));
        static final Field<Long> ID = field(name("audit_log", "id"), SQLDataType.BIGINT.identity(true));
        static final Field<Instant> AT = field(name("audit_log", "at"), SQLDataType.INSTANT);
        static final Field<String> ACTOR = field(name("audit_log", "actor"), SQLDataType.VARCHAR(200));
        static final Field<String> ACTION = field(name("audit_log", "action"), SQLDataType.VARCHAR(100));
        static final Field<String> TARGET = field(name("audit_log", "target"), SQLDataType.VARCHAR(500));
        static final Field<String> DETAIL = field(name("audit_log", "detail"), SQLDataType.CLOB);
    }

    static final class Networks {
        static final Table<Record> T = table(name("organisation_networks"));
        static final Field<Long> ID = field(name("organisation_networks", "id"), SQLDataType.BIGINT.identity(true));
        static final Field<Long> ORGANISATION_ID = field(name("organisation_networks", "organisation_id"), SQLDataType.BIGINT);
        static final Field<byte[]> FIRST_ADDRESS = field(name("organisation_networks", "first_address"), SQLDataType.BINARY(16));
        static final Field<byte[]> LAST_ADDRESS = field(name("organisation_networks", "last_address"), SQLDataType.BINARY(16));
        static final Field<Short> PREFIX_LENGTH = field(name("organisation_networks", "prefix_length"), SQLDataType.SMALLINT);
        static final Field<String> DESCRIPTION = field(name("organisation_networks", "description"), SQLDataType.VARCHAR(500));
    }

    static final class TelescopeAlerts {
        static final Table<Record> T = table(name("telescope_alerts"));
        static final Field<Long> ID = field(name("telescope_alerts", "id"), SQLDataType.BIGINT.identity(true));
        static final Field<String> KIND = field(name("telescope_alerts", "kind"), SQLDataType.VARCHAR(32));
        static final Field<Instant> START_AT = field(name("telescope_alerts", "start_at"), SQLDataType.INSTANT);
        static final Field<Instant> END_AT = field(name("telescope_alerts", "end_at"), SQLDataType.INSTANT);
        static final Field<byte[]> ADDRESS = field(name("telescope_alerts", "address"), SQLDataType.BINARY(16));
        static final Field<Long> ORGANISATION_ID = field(name("telescope_alerts", "organisation_id"), SQLDataType.BIGINT);
        static final Field<Short> PROTOCOL = field(name("telescope_alerts", "protocol"), SQLDataType.SMALLINT);
        static final Field<Integer> PORT = field(name("telescope_alerts", "port"), SQLDataType.INTEGER);
        static final Field<String> DETAIL = field(name("telescope_alerts", "detail"), SQLDataType.CLOB);
        static final Field<Instant> CREATED_AT = field(name("telescope_alerts", "created_at"), SQLDataType.INSTANT);
    }

    static final class TelescopeAggregates {
        static final Table<Record> T = table(name("telescope_aggregates"));
        static final Field<String> SENSOR = field(name("telescope_aggregates", "sensor"), SQLDataType.VARCHAR(200));
        static final Field<LocalDate> DAY_UTC = field(name("telescope_aggregates", "day_utc"), SQLDataType.LOCALDATE);
        static final Field<byte[]> ACCUMULATOR = field(name("telescope_aggregates", "accumulator"), SQLDataType.BLOB);
        static final Field<Instant> UPDATED_AT = field(name("telescope_aggregates", "updated_at"), SQLDataType.INSTANT);
    }

    static final class IntelSectors {
        static final Table<Record> T = table(name("intel_sectors"));
        static final Field<Long> ID = field(name("intel_sectors", "id"), SQLDataType.BIGINT.identity(true));
        static final Field<String> CODE = field(name("intel_sectors", "code"), SQLDataType.VARCHAR(64));
        static final Field<String> NAME_JA = field(name("intel_sectors", "name_ja"), SQLDataType.VARCHAR(200));
        static final Field<String> NAME_EN = field(name("intel_sectors", "name_en"), SQLDataType.VARCHAR(200));
    }

    static final class IntelCommunities {
        static final Table<Record> T = table(name("intel_communities"));
        static final Field<Long> ID = field(name("intel_communities", "id"), SQLDataType.BIGINT.identity(true));
        static final Field<String> NAME = field(name("intel_communities", "name"), SQLDataType.VARCHAR(200));
        static final Field<String> KIND = field(name("intel_communities", "kind"), SQLDataType.VARCHAR(32));
        static final Field<Long> SECTOR_ID = field(name("intel_communities", "sector_id"), SQLDataType.BIGINT);
        static final Field<String> COLLECTION_ID = field(name("intel_communities", "collection_id"), SQLDataType.CHAR(36));
        static final Field<Instant> CREATED_AT = field(name("intel_communities", "created_at"), SQLDataType.INSTANT);
    }

    static final class IntelMemberships {
        static final Table<Record> T = table(name("intel_memberships"));
        static final Field<Long> COMMUNITY_ID = field(name("intel_memberships", "community_id"), SQLDataType.BIGINT);
        static final Field<Long> ORGANISATION_ID = field(name("intel_memberships", "organisation_id"), SQLDataType.BIGINT);
        static final Field<String> ROLE = field(name("intel_memberships", "role"), SQLDataType.VARCHAR(16));
        static final Field<LocalDate> AGREED_TO_RULES = field(name("intel_memberships", "agreed_to_rules"), SQLDataType.LOCALDATE);
    }

    static final class IntelObjects {
        static final Table<Record> T = table(name("intel_objects"));
        static final Field<Long> SEQ = field(name("intel_objects", "seq"), SQLDataType.BIGINT.identity(true));
        static final Field<Long> COMMUNITY_ID = field(name("intel_objects", "community_id"), SQLDataType.BIGINT);
        static final Field<String> STIX_ID = field(name("intel_objects", "stix_id"), SQLDataType.VARCHAR(300));
        static final Field<String> STIX_TYPE = field(name("intel_objects", "stix_type"), SQLDataType.VARCHAR(250));
        static final Field<String> SPEC_VERSION = field(name("intel_objects", "spec_version"), SQLDataType.VARCHAR(16));
        static final Field<Instant> VERSION_AT = field(name("intel_objects", "version_at"), SQLDataType.INSTANT);
        static final Field<Instant> DATE_ADDED = field(name("intel_objects", "date_added"), SQLDataType.INSTANT);
        static final Field<Short> LEVEL = field(name("intel_objects", "level"), SQLDataType.SMALLINT);
        static final Field<Long> PROVIDER_ID = field(name("intel_objects", "provider_id"), SQLDataType.BIGINT);
        static final Field<Boolean> ANONYMISED = field(name("intel_objects", "anonymised"), SQLDataType.BOOLEAN);
        static final Field<Boolean> IS_LATEST = field(name("intel_objects", "is_latest"), SQLDataType.BOOLEAN);
        static final Field<Boolean> IS_FIRST = field(name("intel_objects", "is_first"), SQLDataType.BOOLEAN);
        static final Field<String> BODY = field(name("intel_objects", "body"), SQLDataType.VARCHAR);
        static final Field<String> TITLE = field(name("intel_objects", "title"), SQLDataType.VARCHAR(300));
    }

    static final class IntelOrganisationSectors {
        static final Table<Record> T = table(name("intel_organisation_sectors"));
        static final Field<Long> ORGANISATION_ID = field(name("intel_organisation_sectors", "organisation_id"),
                SQLDataType.BIGINT);
        static final Field<Long> SECTOR_ID = field(name("intel_organisation_sectors", "sector_id"), SQLDataType.BIGINT);
    }

    static final class IntelValues {
        static final Table<Record> T = table(name("intel_values"));
        static final Field<Long> SEQ = field(name("intel_values", "seq"), SQLDataType.BIGINT);
        static final Field<Long> VALUE_HASH = field(name("intel_values", "value_hash"), SQLDataType.BIGINT);
        static final Field<String> OBSERVED = field(name("intel_values", "observed"), SQLDataType.VARCHAR(2000));
    }

    static final class IntelWidenings {
        static final Table<Record> T = table(name("intel_widenings"));
        static final Field<Long> ID = field(name("intel_widenings", "id"), SQLDataType.BIGINT.identity(true));
        static final Field<Long> COMMUNITY_ID = field(name("intel_widenings", "community_id"), SQLDataType.BIGINT);
        static final Field<String> STIX_ID = field(name("intel_widenings", "stix_id"), SQLDataType.VARCHAR(300));
        static final Field<Long> PROVIDER_ID = field(name("intel_widenings", "provider_id"), SQLDataType.BIGINT);
        static final Field<Short> FROM_LEVEL = field(name("intel_widenings", "from_level"), SQLDataType.SMALLINT);
        static final Field<Short> TO_LEVEL = field(name("intel_widenings", "to_level"), SQLDataType.SMALLINT);
        static final Field<Boolean> ANONYMISE = field(name("intel_widenings", "anonymise"), SQLDataType.BOOLEAN);
        static final Field<Long> REQUESTER_ID = field(name("intel_widenings", "requester_id"), SQLDataType.BIGINT);
        static final Field<String> REQUESTED_BY = field(name("intel_widenings", "requested_by"), SQLDataType.VARCHAR(63));
        static final Field<Instant> REQUESTED_AT = field(name("intel_widenings", "requested_at"), SQLDataType.INSTANT);
        static final Field<String> REASON = field(name("intel_widenings", "reason"), SQLDataType.VARCHAR(2000));
        static final Field<String> STATUS = field(name("intel_widenings", "status"), SQLDataType.VARCHAR(16));
        static final Field<String> DECIDED_BY = field(name("intel_widenings", "decided_by"), SQLDataType.VARCHAR(63));
        static final Field<Instant> DECIDED_AT = field(name("intel_widenings", "decided_at"), SQLDataType.INSTANT);
        static final Field<String> DECISION_NOTE = field(name("intel_widenings", "decision_note"),
                SQLDataType.VARCHAR(2000));
    }

    static final class ActiveConsent {
        static final Table<Record> T = table(name("active_consent"));
        static final Field<Long> ID = field(name("active_consent", "id"), SQLDataType.BIGINT.identity(true));
        static final Field<String> ISP = field(name("active_consent", "isp"), SQLDataType.VARCHAR(200));
        static final Field<String> SUBSCRIBER = field(name("active_consent", "subscriber"), SQLDataType.VARCHAR(200));
        static final Field<String> STATUS = field(name("active_consent", "status"), SQLDataType.VARCHAR(16));
        static final Field<String> CHANNEL = field(name("active_consent", "channel"), SQLDataType.VARCHAR(16));
        static final Field<String> CHANGED_BY = field(name("active_consent", "changed_by"), SQLDataType.VARCHAR(200));
        static final Field<Instant> CHANGED_AT = field(name("active_consent", "changed_at"), SQLDataType.INSTANT);
        static final Field<String> NOTE = field(name("active_consent", "note"), SQLDataType.VARCHAR(2000));
    }

    static final class ActiveBlockTallies {
        static final Table<Record> T = table(name("active_block_tallies"));
        static final Field<LocalDate> DAY = field(name("active_block_tallies", "block_day"), SQLDataType.LOCALDATE);
        static final Field<String> LIST = field(name("active_block_tallies", "list_name"), SQLDataType.VARCHAR(300));
        static final Field<String> ISP = field(name("active_block_tallies", "isp"), SQLDataType.VARCHAR(200));
        static final Field<String> ORIGIN = field(name("active_block_tallies", "origin"), SQLDataType.VARCHAR(16));
        static final Field<Long> BLOCKS = field(name("active_block_tallies", "blocks"), SQLDataType.BIGINT);
    }

    static final class ActiveOutbox {
        static final Table<Record> T = table(name("active_outbox"));
        static final Field<String> KEY = field(name("active_outbox", "notification_key"), SQLDataType.VARCHAR(1000));
        static final Field<String> RECIPIENTS = field(name("active_outbox", "recipients"), SQLDataType.VARCHAR(4000));
        static final Field<byte[]> MESSAGE = field(name("active_outbox", "message"), SQLDataType.BLOB);
        static final Field<Instant> ENQUEUED = field(name("active_outbox", "enqueued"), SQLDataType.INSTANT);
        static final Field<String> STATE = field(name("active_outbox", "state"), SQLDataType.VARCHAR(16));
        static final Field<Integer> ATTEMPTS = field(name("active_outbox", "attempts"), SQLDataType.INTEGER);
        static final Field<Instant> SINCE = field(name("active_outbox", "since"), SQLDataType.INSTANT);
        static final Field<Instant> NEXT_ATTEMPT = field(name("active_outbox", "next_attempt"), SQLDataType.INSTANT);
        static final Field<String> DETAIL = field(name("active_outbox", "detail"), SQLDataType.VARCHAR(2000));
    }

    static final class ActiveOpenResolvers {
        static final Table<Record> T = table(name("active_open_resolvers"));
        static final Field<byte[]> ADDRESS = field(name("active_open_resolvers", "address"), SQLDataType.BINARY(16));
        static final Field<String> ISP = field(name("active_open_resolvers", "isp"), SQLDataType.VARCHAR(200));
        static final Field<Instant> FIRST_SEEN = field(name("active_open_resolvers", "first_seen"), SQLDataType.INSTANT);
        static final Field<Instant> LAST_SEEN = field(name("active_open_resolvers", "last_seen"), SQLDataType.INSTANT);
    }
}
