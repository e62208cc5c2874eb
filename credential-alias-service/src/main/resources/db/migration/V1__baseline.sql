-- Schema history starts here; later versions add the service's tables.
create table if not exists service_info (
    name text primary key,
    value text not null
);
insert into service_info (name, value) values ('service', 'credential-alias-service') on conflict do nothing;
