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
 * Drops the foreign keys of {@code intel_objects} (to the community and to the provider organisation), which
 * V3__intel.sql created without names. On PostgreSQL each is a trigger run for every inserted row, and together they
 * cost a quarter of the hub's ingest rate (docs/adr/0020); the repository checks both once per call instead, and
 * neither communities nor organisations are ever deleted. Written in Java because the constraints' names differ
 * between the databases: they are read from the JDBC metadata.
 */
public class V5__IntelObjectsWithoutForeignKeys extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        DatabaseMetaData metadata = connection.getMetaData();
        List<String> constraints = new ArrayList<>();
        for (String table : List.of("intel_objects", "INTEL_OBJECTS")) {
            try (ResultSet keys = metadata.getImportedKeys(connection.getCatalog(), connection.getSchema(), table)) {
                while (keys.next()) {
                    String name = keys.getString("FK_NAME");
                    if (name != null && !constraints.contains(name)) {
                        constraints.add(name);
                    }
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
        // Names as the database reports them: quoted, so that their case is kept on both databases.
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalStateException("unexpected constraint name " + name.toLowerCase(Locale.ROOT));
        }
        return '"' + name + '"';
    }
}
