package dev.r2orm.migrator;

import dev.r2orm.clause.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Migrator#autoMigrate} would do to bring the database in step with the models: the ordered
 * {@link #changes()}, and the {@link #unresolved()} differences it leaves to the caller (a column that the models want
 * NOT NULL, an index whose definition changed). Rendered to SQL text by {@link #upSql()} and {@link #downSql()}, for
 * review or for a versioned migration file pair. Run it with {@link Migrator#apply(Plan)}.
 *
 * @param changes the steps, in the order they run
 * @param unresolved differences no step fixes
 */
public record Plan(List<Change> changes, List<Difference> unresolved) {

    /** Copies the lists. */
    public Plan {
        changes = List.copyOf(changes);
        unresolved = List.copyOf(unresolved);
    }

    /** @return whether the plan has no step: the database already matches what AutoMigrate manages */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** @return every statement of every step, in the order they run */
    public List<Sql> statements() {
        List<Sql> out = new ArrayList<>();
        changes.forEach(c -> out.addAll(c.up()));
        return out;
    }

    /**
     * The statements as a script, one per line, each ending with {@code ;}: the up migration.
     *
     * @return the script, empty when the plan is empty
     */
    public String upSql() {
        StringBuilder sb = new StringBuilder();
        for (Change c : changes) {
            for (Sql s : c.up()) {
                sb.append(s.sql()).append(";\n");
            }
        }
        return sb.toString();
    }

    /**
     * The statements that undo the plan, last step first: the down migration. Steps that cannot be undone (a type
     * change whose old type is lost) are left out with a comment naming them.
     *
     * @return the script
     */
    public String downSql() {
        StringBuilder sb = new StringBuilder();
        for (int i = changes.size() - 1; i >= 0; i--) {
            Change c = changes.get(i);
            if (c.down().isEmpty()) {
                sb.append("-- cannot undo: ").append(c.difference()).append('\n');
            }
            for (Sql s : c.down()) {
                sb.append(s.sql()).append(";\n");
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Change c : changes) {
            sb.append("-- ").append(c.safety()).append(": ").append(c.reason()).append('\n');
            for (Sql s : c.up()) {
                sb.append(s.sql()).append(";\n");
            }
        }
        for (Difference d : unresolved) {
            sb.append("-- not changed: ").append(d).append('\n');
        }
        return sb.toString();
    }
}
