package dev.r2orm.schema;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Turns class and field names into table and column names. The default follows GORM: {@code CreditCard} maps to the
 * table {@code credit_cards}, {@code createdAt} to the column {@code created_at}, {@code userID} to {@code user_id}.
 *
 * <pre>{@code
 * NamingStrategy.defaults().withTablePrefix("app_").withSingularTables(true)   // CreditCard -> app_credit_card
 * }</pre>
 *
 * <p>Immutable; each {@code with...} returns a new strategy.
 */
public final class NamingStrategy {

    private static final NamingStrategy DEFAULT = new NamingStrategy("", false, UnaryOperator.identity());

    private final String tablePrefix;
    private final boolean singularTables;
    private final UnaryOperator<String> replacer;

    private NamingStrategy(String tablePrefix, boolean singularTables, UnaryOperator<String> replacer) {
        this.tablePrefix = tablePrefix;
        this.singularTables = singularTables;
        this.replacer = replacer;
    }

    /**
     * GORM's conventions: snake_case, plural tables, no prefix.
     *
     * @return the default strategy
     */
    public static NamingStrategy defaults() {
        return DEFAULT;
    }

    /**
     * Prepends a prefix to every table name derived from a class ({@code @Table} names are used as given).
     *
     * @param prefix the prefix, for example {@code "app_"}
     * @return a new strategy
     */
    public NamingStrategy withTablePrefix(String prefix) {
        return new NamingStrategy(Objects.requireNonNull(prefix, "prefix must not be null"), singularTables, replacer);
    }

    /**
     * Uses singular table names ({@code credit_card} rather than {@code credit_cards}).
     *
     * @param singular {@code true} for singular names
     * @return a new strategy
     */
    public NamingStrategy withSingularTables(boolean singular) {
        return new NamingStrategy(tablePrefix, singular, replacer);
    }

    /**
     * Rewrites class and field names before they are converted, as GORM's {@code NameReplacer} does (for example
     * to strip a suffix: {@code n -> n.replace("Entity", "")}).
     *
     * @param replacer applied to the Java name first
     * @return a new strategy
     */
    public NamingStrategy withReplacer(UnaryOperator<String> replacer) {
        return new NamingStrategy(tablePrefix, singularTables, Objects.requireNonNull(replacer, "replacer must not be null"));
    }

    /**
     * The table name of a class.
     *
     * @param simpleClassName the class's simple name, for example {@code CreditCard}
     * @return the table name, for example {@code credit_cards}
     */
    public String tableName(String simpleClassName) {
        String snake = snakeCase(replacer.apply(simpleClassName));
        return tablePrefix + (singularTables ? snake : Inflector.pluralize(snake));
    }

    /**
     * The column name of a field.
     *
     * @param fieldName the Java field name, for example {@code createdAt}
     * @return the column name, for example {@code created_at}
     */
    public String columnName(String fieldName) {
        return snakeCase(replacer.apply(fieldName));
    }

    /**
     * Converts camelCase or PascalCase to snake_case, keeping acronyms together: {@code HTTPServer} becomes
     * {@code http_server}, {@code userID} becomes {@code user_id}.
     *
     * @param name a Java identifier
     * @return the snake_case form
     */
    public static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        int n = name.length();
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLowerOrDigit = i > 0 && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)));
                boolean acronymEnd = i > 0 && Character.isUpperCase(name.charAt(i - 1))
                        && i + 1 < n && Character.isLowerCase(name.charAt(i + 1));
                if ((prevLowerOrDigit || acronymEnd) && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
