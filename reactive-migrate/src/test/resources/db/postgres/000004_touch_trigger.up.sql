ALTER TABLE accounts ADD COLUMN updated_at timestamptz;

CREATE FUNCTION accounts_touch() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := now();   -- a semicolon inside the body
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION accounts_touch();
