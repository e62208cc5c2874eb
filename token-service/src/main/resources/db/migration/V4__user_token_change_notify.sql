-- Every committed change of a user_token row (sign-in, refresh, sign-out, invalid_grant, config
-- events, manual SQL) tells every replica listening on 'user_token_changed', so their in-memory
-- access-token caches drop that key. PostgreSQL delivers notifications only after commit.
-- Payload: JSON array [org_id, config_id, user_id] (identifiers only, never token material).
create or replace function user_token_changed_notify() returns trigger as $$
begin
    if tg_op = 'DELETE' then
        perform pg_notify('user_token_changed', json_build_array(old.org_id, old.config_id, old.user_id)::text);
        return old;
    end if;
    perform pg_notify('user_token_changed', json_build_array(new.org_id, new.config_id, new.user_id)::text);
    if tg_op = 'UPDATE' and (old.org_id, old.config_id, old.user_id) is distinct from (new.org_id, new.config_id, new.user_id) then
        perform pg_notify('user_token_changed', json_build_array(old.org_id, old.config_id, old.user_id)::text);
    end if;
    return new;
end;
$$ language plpgsql;

create trigger user_token_changed
    after insert or update or delete on user_token
    for each row execute function user_token_changed_notify();
