-- The key-encryption key id of each retired copy's sealed secret, indexed as oauth_config's (V3):
-- the key-rotation readiness probe counts these copies too, from range scans of this index.
create index retired_oauth_config_secret_kek on retired_oauth_config ((split_part(client_secret_sealed, '.', 2)));
