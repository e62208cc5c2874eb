package com.oauthconfig.config.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The configuration row as the writes see it, on the plain reactive SQL client inside the write's
 * transaction. The reads of the API stay on Hibernate ({@link OAuthConfigRepository}); a write is
 * one lock, one insert or update and the rows that go with it (audit, retired copy, outbox), and a
 * Hibernate session's set-up, flush and completion cost more than those statements.
 * {@link OAuthConfigEntity} is used as a plain object here, never attached to a session.
 */
public final class OAuthConfigRows {

    /** Every column, in the order {@link #from(Row)} reads and {@link #insert} binds them. */
    private static final String COLUMNS = "id, org_id, title, name, type, image_url, login_hint, domains, redirect_urls, client_id, "
            + "client_secret_sealed, issuer, authorization_endpoint, token_endpoint, userinfo_endpoint, jwks_uri, revocation_endpoint, "
            + "end_session_endpoint, use_pkce, use_nonce, scopes, sso_enabled, sso_email_authoritative, api_hosts, audience, tenant_id, "
            + "version, created_by, created_at, updated_by, updated_at";

    private static final String LOCK = "select " + COLUMNS + " from oauth_config where org_id = $1 and id = $2 for update";

    private static final String INSERT = "insert into oauth_config (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
            + "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31)";

    /** Everything but the identity, the organisation and the creation; bound as the insert is, without the creation. */
    private static final String UPDATE = "update oauth_config set title = $3, name = $4, type = $5, image_url = $6, login_hint = $7, "
            + "domains = $8, redirect_urls = $9, client_id = $10, client_secret_sealed = $11, issuer = $12, authorization_endpoint = $13, "
            + "token_endpoint = $14, userinfo_endpoint = $15, jwks_uri = $16, revocation_endpoint = $17, end_session_endpoint = $18, "
            + "use_pkce = $19, use_nonce = $20, scopes = $21, sso_enabled = $22, sso_email_authoritative = $23, api_hosts = $24, "
            + "audience = $25, tenant_id = $26, version = $27, updated_by = $28, updated_at = $29 where id = $1 and org_id = $2";

    /** Positions of the creation's two values in {@link #values}. */
    private static final int CREATED_BY = 27;
    private static final int CREATED_AT = 28;

    private OAuthConfigRows() {
    }

    /** Another SSO configuration of the organisation and the domain entries it is offered for. */
    public record SsoClaim(UUID id, String title, List<String> domains) {
    }

    /** The configuration, its row locked until the transaction ends (concurrent writers serialise, versions stay gap-free); null when absent. */
    public static Uni<OAuthConfigEntity> lock(SqlConnection tx, String orgId, UUID id) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(orgId, id))
                .map(rows -> rows.rowCount() == 0 ? null : from(rows.iterator().next()));
    }

    public static Uni<Void> insert(SqlConnection tx, OAuthConfigEntity e) {
        return tx.preparedQuery(INSERT).execute(Tuple.from(values(e))).replaceWithVoid();
    }

    /** Writes every member of the locked row back. */
    public static Uni<Void> update(SqlConnection tx, OAuthConfigEntity e) {
        List<Object> values = values(e);
        values.subList(CREATED_BY, CREATED_AT + 1).clear();
        return tx.preparedQuery(UPDATE).execute(Tuple.from(values)).invoke(rows -> {
            if (rows.rowCount() != 1) {
                throw new IllegalStateException("the locked configuration " + e.id + " was not updated");
            }
        }).replaceWithVoid();
    }

    public static Uni<Void> delete(SqlConnection tx, OAuthConfigEntity e) {
        return tx.preparedQuery("delete from oauth_config where id = $1 and org_id = $2").execute(Tuple.of(e.id, e.orgId)).replaceWithVoid();
    }

    /** Whether another configuration of the organisation has this title, in any case. */
    public static Uni<Boolean> titleTakenByAnother(SqlConnection tx, String orgId, String title, UUID id) {
        return tx.preparedQuery("select 1 from oauth_config where org_id = $1 and lower(title) = lower($2) and id <> $3")
                .execute(Tuple.of(orgId, title, id)).map(rows -> rows.rowCount() > 0);
    }

    /** The organisation's other configurations offered for single sign-on. */
    public static Uni<List<SsoClaim>> otherSsoClaims(SqlConnection tx, String orgId, UUID id) {
        return tx.preparedQuery("select id, title, domains from oauth_config where org_id = $1 and sso_enabled and id <> $2 order by title")
                .execute(Tuple.of(orgId, id)).map(rows -> {
                    List<SsoClaim> claims = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        claims.add(new SsoClaim(r.getUUID("id"), r.getString("title"), StringListConverter.fromColumn(r.getString("domains"))));
                    }
                    return claims;
                });
    }

    private static List<Object> values(OAuthConfigEntity e) {
        return new ArrayList<>(Arrays.asList(e.id, e.orgId, e.title, e.name, e.type.name(), e.imageUrl, e.loginHint,
                StringListConverter.toColumn(e.domains), StringListConverter.toColumn(e.redirectUrls), e.clientId,
                e.clientSecretSealed, e.issuer, e.authorizationEndpoint, e.tokenEndpoint, e.userinfoEndpoint, e.jwksUri,
                e.revocationEndpoint, e.endSessionEndpoint, e.usePkce, e.useNonce, StringListConverter.toColumn(e.scopes),
                e.ssoEnabled, e.ssoEmailAuthoritative, StringListConverter.toColumn(e.apiHosts), e.audience, e.tenantId,
                e.version, e.createdBy, timestamp(e.createdAt), e.updatedBy, timestamp(e.updatedAt)));
    }

    private static OAuthConfigEntity from(Row r) {
        OAuthConfigEntity e = new OAuthConfigEntity();
        e.id = r.getUUID("id");
        e.orgId = r.getString("org_id");
        e.title = r.getString("title");
        e.name = r.getString("name");
        e.type = ProviderType.valueOf(r.getString("type"));
        e.imageUrl = r.getString("image_url");
        e.loginHint = r.getString("login_hint");
        e.domains = StringListConverter.fromColumn(r.getString("domains"));
        e.redirectUrls = StringListConverter.fromColumn(r.getString("redirect_urls"));
        e.clientId = r.getString("client_id");
        e.clientSecretSealed = r.getString("client_secret_sealed");
        e.issuer = r.getString("issuer");
        e.authorizationEndpoint = r.getString("authorization_endpoint");
        e.tokenEndpoint = r.getString("token_endpoint");
        e.userinfoEndpoint = r.getString("userinfo_endpoint");
        e.jwksUri = r.getString("jwks_uri");
        e.revocationEndpoint = r.getString("revocation_endpoint");
        e.endSessionEndpoint = r.getString("end_session_endpoint");
        e.usePkce = r.getBoolean("use_pkce");
        e.useNonce = r.getBoolean("use_nonce");
        e.scopes = StringListConverter.fromColumn(r.getString("scopes"));
        e.ssoEnabled = r.getBoolean("sso_enabled");
        e.ssoEmailAuthoritative = r.getBoolean("sso_email_authoritative");
        e.apiHosts = StringListConverter.fromColumn(r.getString("api_hosts"));
        e.audience = r.getString("audience");
        e.tenantId = r.getString("tenant_id");
        e.version = r.getLong("version");
        e.createdBy = r.getString("created_by");
        e.createdAt = instant(r.getOffsetDateTime("created_at"));
        e.updatedBy = r.getString("updated_by");
        e.updatedAt = instant(r.getOffsetDateTime("updated_at"));
        return e;
    }

    /** The SQL client binds timestamptz as OffsetDateTime. */
    private static OffsetDateTime timestamp(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
