-- The key-encryption key id of each token a revocation job holds, indexed as user_token's (V6):
-- the key-rotation readiness probe counts these copies too, from range scans of these indexes.
create index revocation_job_access_kek on revocation_job ((split_part(access_token_sealed, '.', 2)));
create index revocation_job_refresh_kek on revocation_job ((split_part(refresh_token_sealed, '.', 2)));
