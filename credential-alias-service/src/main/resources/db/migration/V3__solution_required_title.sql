-- OAuth configuration titles an ADMIN declares a solution needs (besides its OAuth aliases), so the
-- Home Hub can ask the user to sign in before a function first fails. Titles, not ids: they are what
-- functions name in their Token property; a title no configuration has (yet) is shown as unavailable.
create table solution_required_title (
    id          uuid primary key,
    org_id      text        not null,
    solution_id text        not null,
    title       text        not null,
    created_by  text        not null,
    created_at  timestamptz not null,
    constraint solution_required_title_unique unique (org_id, solution_id, title)
);
