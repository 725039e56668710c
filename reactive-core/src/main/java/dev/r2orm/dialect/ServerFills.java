package dev.r2orm.dialect;

import java.util.Set;

/**
 * The columns of a table the database fills itself, read from its catalog once per table: creates write
 * {@code DEFAULT} instead of NULL into a {@link #defaulted() NOT NULL column with a default} and never write a
 * {@link #generated() generated column}, and read both back where the database returns inserted rows.
 *
 * @param defaulted lower-case names of NOT NULL columns with a default expression, a sequence or an identity
 * @param generated lower-case names of generated (computed) columns, which no INSERT may write
 */
public record ServerFills(Set<String> defaulted, Set<String> generated) {

    /** A table the catalog does not know, or a dialect that does not read it: nothing is filled. */
    public static final ServerFills NONE = new ServerFills(Set.of(), Set.of());

    /**
     * Copies the sets.
     *
     * @param defaulted the defaulted columns
     * @param generated the generated columns
     */
    public ServerFills {
        defaulted = Set.copyOf(defaulted);
        generated = Set.copyOf(generated);
    }
}
