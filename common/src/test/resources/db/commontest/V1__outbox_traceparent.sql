-- What each service's own migration adds to the shared outbox table (config V5, alias V3, token V8).
alter table outbox_event add column traceparent text;
