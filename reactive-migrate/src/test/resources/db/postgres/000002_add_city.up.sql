-- a column added later
ALTER TABLE accounts ADD COLUMN city varchar(100);
