package db.migration;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Drops the foreign keys of {@code intel_objects} (to the community and to the provider organisation) on PostgreSQL,
 * where each is a trigger run for every inserted row: together they cost a quarter of the hub's ingest rate
 * (docs/adr/0020). The repository checks both once per call instead, and neither communities nor organisations are
 * ever deleted. Written in Java because V3__intel.sql created the constraints without names: they are read from the
 * JDBC metadata.
 */
public class V5__IntelObjectsWithoutForeignKeys extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        DatabaseMetaData metadata = connection.getMetaData();
        if (!metadata.getDatabaseProductName().equals("PostgreSQL")) {
            return; // H2 checks a foreign key with an index look-up, and plans its look-ups by id with their indexes
        }
        List<String> constraints = new ArrayList<>();
        try (ResultSet keys = metadata.getImportedKeys(connection.getCatalog(), connection.getSchema(),
                "intel_objects")) {
            while (keys.next()) {
                String name = keys.getString("FK_NAME");
                if (name != null && !constraints.contains(name)) {
                    constraints.add(name);
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String name : constraints) {
                statement.execute("ALTER TABLE intel_objects DROP CONSTRAINT " + quoted(name));
            }
        }
    }

    private static String quoted(String name) {
        // The name as the database reports it, quoted so that its case is kept.
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalStateException("unexpected constraint name " + name.toLowerCase(Locale.ROOT));
        }
        return '"' + name + '"';
    }
}
