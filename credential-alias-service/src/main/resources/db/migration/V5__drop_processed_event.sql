-- Redelivered configuration events are recognised by their version in the state row the consumer
-- locks (each change of a configuration has the next version), so the event-id table that common's
-- first migration made is not used any more: dropped, so it neither grows nor costs an insert per event.
drop table if exists processed_event;
