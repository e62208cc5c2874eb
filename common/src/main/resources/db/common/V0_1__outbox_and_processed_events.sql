-- Shared by the services that publish (outbox_event) and consume (processed_event) events.
-- Services list db/common in quarkus.flyway.locations; their own migrations start at V1.

-- Transactional outbox: written in the same transaction as the change it announces,
-- deleted once the broker has acknowledged it. Order of id = order of publication.
create table outbox_event (
    id          bigserial primary key,
    event_id    uuid        not null unique,
    topic       text        not null,
    record_key  text        not null,
    type        text        not null,
    source      text        not null,
    subject     text,
    data_schema text,
    payload     jsonb       not null,
    created_at  timestamptz not null default now()
);

-- Idempotent consumers: an event id is recorded in the same transaction as its effects.
create table processed_event (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
