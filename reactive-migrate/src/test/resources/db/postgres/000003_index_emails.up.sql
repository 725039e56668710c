CREATE UNIQUE INDEX CONCURRENTLY accounts_email_index ON accounts (email);

-- built without blocking writes: this file runs outside a transaction
