package com.oauthconfig.alias.support;

import com.oauthconfig.rig.Rig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Writes many aliases straight into the service's database, for scale tests and the benchmark. */
public final class Seeder {

    public static final String DATABASE = "credential_alias_service";

    private Seeder() {
    }

    /** {@code count} OK aliases of one configuration, spread over 100 solutions. */
    public static void aliases(String orgId, UUID configId, int count) {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = Rig.postgres().connect(DATABASE);
             PreparedStatement insert = c.prepareStatement("""
                     insert into solution_credential (id, org_id, solution_id, name, type, oauth_config_id, status, version, created_at, updated_at)
                     values (?, ?, ?, ?, 'OAUTH_ALIAS', ?, 'OK', 0, ?, ?)""")) {
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, orgId);
                insert.setString(3, "sol-" + (i % 100));
                insert.setString(4, "alias-" + i);
                insert.setObject(5, configId);
                insert.setTimestamp(6, now);
                insert.setTimestamp(7, now);
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("seeding failed", e);
        }
    }

    public static long countBroken(String orgId, UUID configId) {
        try (Connection c = Rig.postgres().connect(DATABASE);
             PreparedStatement q = c.prepareStatement(
                     "select count(*) from solution_credential where org_id = ? and oauth_config_id = ? and status = 'BROKEN'")) {
            q.setString(1, orgId);
            q.setObject(2, configId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
