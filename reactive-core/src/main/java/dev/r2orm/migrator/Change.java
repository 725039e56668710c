package dev.r2orm.migrator;

import dev.r2orm.clause.Sql;
import java.util.List;
import java.util.Objects;

/**
 * One step of a {@link Plan}: the statements that make one difference go away, the statements that undo them where
 * that is possible, and how safe the step is to run on a live database.
 *
 * @param difference what the step fixes
 * @param safety how the step affects a live database
 * @param reason why the step has that safety, in words
 * @param up the statements that apply the step, in order
 * @param down the statements that undo it, in order; empty when it cannot be undone
 */
public record Change(Difference difference, Safety safety, String reason, List<Sql> up, List<Sql> down) {

    /** How a step affects a live database. */
    public enum Safety {
        /** Metadata only, or a new object nothing uses yet. */
        SAFE,
        /** Blocks writes (or reads) to the table while it runs: an index build, a type change that rewrites it. */
        LOCKING,
        /** May fail on the rows already there: a unique index, a check, a NOT NULL column without a default. */
        DATA_DEPENDENT,
        /** May lose data: a narrower type, a dropped index or constraint. */
        DESTRUCTIVE
    }

    /**
     * Copies the lists and checks the components.
     *
     * @throws NullPointerException naming a missing component
     */
    public Change {
        Objects.requireNonNull(difference, "difference must not be null");
        Objects.requireNonNull(safety, "safety must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
        up = List.copyOf(up);
        down = List.copyOf(down);
    }
}
