-- Which configurations the organisation's functions used directly by title (execute and resolve),
-- per solution ('' when the call named none): when last and how often. The Home Hub lists them as a
-- solution's required credentials; the config-service's removal check lists recent ones. Written in
-- batches from each replica's memory (token-service.usage.flush-every), never on the request path.
create table config_usage (
    org_id       text        not null,
    config_id    text        not null,
    solution_id  text        not null default '',
    last_used_at timestamptz not null,
    use_count    bigint      not null,
    primary key (org_id, config_id, solution_id)
);
create index config_usage_by_solution on config_usage (org_id, solution_id);
