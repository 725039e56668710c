package dev.r2orm.dialect;

import java.util.Map;

/**
 * What every dialect's {@link Ddl} shares: the dialect its statements are written for, and the split of a type into
 * its name, as one spelling of it, and its arguments.
 */
public abstract class AbstractDdl implements Ddl {

    /** The dialect whose quoting and literals the statements use. */
    protected final Dialect dialect;

    /**
     * Creates the DDL writer of a dialect.
     *
     * @param dialect the dialect
     */
    protected AbstractDdl(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public final Dialect dialect() {
        return dialect;
    }

    /**
     * The name of a {@linkplain Ddl#tidy tidied} type without its arguments, in the one spelling the aliases map it to:
     * {@code int4} as {@code integer} where the aliases say so.
     *
     * @param tidied a tidied type, such as {@code character varying(20)}
     * @param aliases other spellings of a name and the spelling to use
     * @return the name
     */
    protected static String typeName(String tidied, Map<String, String> aliases) {
        String name = tidied.replaceFirst("\\([^)]*\\)", "").trim();
        return aliases.getOrDefault(name, name);
    }
}
