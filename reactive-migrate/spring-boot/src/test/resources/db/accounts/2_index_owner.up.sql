CREATE INDEX idx_accounts_owner ON accounts (owner);
