ALTER TABLE accounts ADD COLUMN city VARCHAR(100);
CREATE UNIQUE INDEX accounts_email_index ON accounts (email);
