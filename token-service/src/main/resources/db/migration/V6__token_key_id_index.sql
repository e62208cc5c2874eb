-- The key-encryption key id of each sealed token ('v1.<kek>.<...>'), indexed so the readiness
-- probe counts only the rows with a token on another key than the active one (range scans of
-- these indexes, empty outside a rotation) instead of reading the whole table on every probe.
create index user_token_access_kek on user_token ((split_part(access_token_sealed, '.', 2)));
create index user_token_refresh_kek on user_token ((split_part(refresh_token_sealed, '.', 2)));
