-- The key-encryption key id of each sealed client secret ('v1.<kek>.<...>'), indexed so the
-- readiness probe counts only the secrets on other keys than the active one (two range scans of
-- this index, empty outside a rotation) instead of reading the whole table on every probe.
create index oauth_config_secret_kek on oauth_config ((split_part(client_secret_sealed, '.', 2)));
