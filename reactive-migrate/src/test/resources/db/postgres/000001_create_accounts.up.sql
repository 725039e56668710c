-- accounts of the example application
CREATE TABLE accounts (
    account_id bigserial PRIMARY KEY,
    email      varchar(120) NOT NULL,
    status     varchar(16) NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE notes (
    note_id    bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    body       text NOT NULL
);
