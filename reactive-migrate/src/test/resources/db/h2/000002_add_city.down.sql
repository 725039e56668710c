DELETE FROM accounts WHERE email = 'first@example.org';
DROP INDEX IF EXISTS accounts_email_index;
ALTER TABLE accounts DROP COLUMN city;
