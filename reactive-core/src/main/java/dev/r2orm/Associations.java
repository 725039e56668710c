package dev.r2orm;

/**
 * Names for association operations: {@link #ALL} stands for every direct association of a model, as GORM's
 * {@code clause.Associations}.
 *
 * <pre>{@code
 * db.model(User.class).preload(Associations.ALL).find();   // every association, one query each
 * }</pre>
 */
public final class Associations {

    /** Every direct association of the model. */
    public static final String ALL = "*";

    private Associations() {
    }
}
