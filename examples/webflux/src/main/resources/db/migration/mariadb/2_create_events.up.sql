-- the ledger: one row per movement, exported as a stream
CREATE TABLE events (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    account_id BIGINT NOT NULL,
    kind VARCHAR(20) NOT NULL,
    amount BIGINT NOT NULL,
    request_id VARCHAR(64),
    note VARCHAR(300),
    created_at DATETIME(6) NOT NULL
);

CREATE INDEX idx_events_account ON events (account_id);
