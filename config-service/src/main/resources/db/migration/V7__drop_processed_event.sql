-- The event-id table that common's first migration makes for consuming services; this service
-- consumes no events.
drop table if exists processed_event;
