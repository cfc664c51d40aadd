-- IP53B: subscribers' addresses seen answering DNS from the Internet (Shadowserver scan_dns reports), per ISP; the
-- ISP blocks inbound DNS to them. address: the 16-byte form of IpAddress (${binary16}, as in V1).
CREATE TABLE active_open_resolvers (
    address    ${binary16} PRIMARY KEY,
    isp        VARCHAR(200) NOT NULL,
    first_seen TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX active_open_resolvers_isp ON active_open_resolvers (isp);
