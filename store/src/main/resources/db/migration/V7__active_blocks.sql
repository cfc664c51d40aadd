-- ACTIVE's headline figure: blocks per day (Japan time), per list, per ISP and per origin (the resolver logs, the
-- warning page, sinkhole reports). Imports add to the rows; nothing is ever subtracted.
CREATE TABLE active_block_tallies (
    block_day DATE NOT NULL,
    list_name VARCHAR(300) NOT NULL,
    isp       VARCHAR(200) NOT NULL,
    origin    VARCHAR(16) NOT NULL,
    blocks    BIGINT NOT NULL,
    PRIMARY KEY (block_day, list_name, isp, origin)
);
