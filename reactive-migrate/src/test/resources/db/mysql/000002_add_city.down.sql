DROP INDEX accounts_email_index ON accounts;
ALTER TABLE accounts DROP COLUMN city;
