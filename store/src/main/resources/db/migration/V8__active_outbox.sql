-- ACTIVE's notifications waiting to be sent or sent (the outbox): the finished mail as bytes, so every attempt sends the
-- very same mail, and its delivery status. The key is the de-duplication key: one row per notification, ever.
-- ${blob}: binary, as in V2.
CREATE TABLE active_outbox (
    notification_key VARCHAR(1000) PRIMARY KEY,
    recipients       VARCHAR(4000) NOT NULL,
    message          ${blob} NOT NULL,
    enqueued         TIMESTAMP WITH TIME ZONE NOT NULL,
    state            VARCHAR(16) NOT NULL,
    attempts         INTEGER NOT NULL,
    since            TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt     TIMESTAMP WITH TIME ZONE,
    detail           VARCHAR(2000) DEFAULT '' NOT NULL,
    CONSTRAINT active_outbox_state_known CHECK (state IN ('QUEUED', 'SENT', 'RETRYING', 'FAILED'))
);
CREATE INDEX active_outbox_due ON active_outbox (next_attempt);
CREATE INDEX active_outbox_enqueued ON active_outbox (enqueued);
