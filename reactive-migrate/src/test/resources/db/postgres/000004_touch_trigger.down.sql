DROP TRIGGER IF EXISTS accounts_touch ON accounts;
DROP FUNCTION IF EXISTS accounts_touch();
ALTER TABLE accounts DROP COLUMN IF EXISTS updated_at;
