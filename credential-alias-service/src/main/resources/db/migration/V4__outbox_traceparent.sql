-- The W3C traceparent of the transaction that wrote an outbox row: the relay sends it as the
-- record's traceparent header, so consumers continue that trace. Ids and flags only, no secret.
alter table outbox_event add column traceparent text;
