DROP TABLE accounts;
DROP FUNCTION set_updated_at();
