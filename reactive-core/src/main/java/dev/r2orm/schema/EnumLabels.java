package dev.r2orm.schema;

import dev.r2orm.annotation.DatabaseEnum;
import dev.r2orm.annotation.EnumLabel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The database labels of a Java enum's constants: an {@link EnumLabel} where a constant has one, else its name. Read
 * once per enum class.
 */
public final class EnumLabels {

    private static final ClassValue<EnumLabels> CACHE = new ClassValue<>() {
        @Override
        protected EnumLabels computeValue(Class<?> type) {
            return new EnumLabels(type);
        }
    };

    private final Class<?> type;
    private final String[] labels;
    private final Map<String, Enum<?>> byLabel;
    private final @Nullable String databaseType;

    private EnumLabels(Class<?> type) {
        this.type = type;
        Object[] constants = type.getEnumConstants();
        this.labels = new String[constants.length];
        this.byLabel = new HashMap<>(constants.length * 2);
        for (Object c : constants) {
            Enum<?> e = (Enum<?>) c;
            String label = e.name();
            try {
                EnumLabel l = type.getField(e.name()).getAnnotation(EnumLabel.class);
                if (l != null) {
                    label = l.value();
                }
            } catch (NoSuchFieldException ex) {
                throw new IllegalStateException(ex);
            }
            if (label.isEmpty()) {
                throw new dev.r2orm.InvalidModelException("constant " + e.name() + " of " + type.getName()
                        + " has an empty @EnumLabel");
            }
            if (byLabel.put(label, e) != null) {
                throw new dev.r2orm.InvalidModelException("two constants of " + type.getName()
                        + " have the database label '" + label + "'");
            }
            labels[e.ordinal()] = label;
        }
        DatabaseEnum d = type.getAnnotation(DatabaseEnum.class);
        this.databaseType = d == null ? null : d.value();
    }

    /**
     * The labels of an enum class.
     *
     * @param type the enum class (for a constant with a body, its enum class)
     * @return the labels
     * @throws dev.r2orm.InvalidModelException when two constants share a label or a label is empty
     */
    public static EnumLabels of(Class<?> type) {
        Class<?> t = type.isEnum() ? type : type.getSuperclass();
        return CACHE.get(t);
    }

    /**
     * The label of a constant.
     *
     * @param constant the constant
     * @return its database label
     */
    public static String label(Enum<?> constant) {
        return of(constant.getDeclaringClass()).labels[constant.ordinal()];
    }

    /** @return the labels in declaration order */
    public List<String> labels() {
        return List.of(labels);
    }

    /** @return the PostgreSQL type name from {@link DatabaseEnum}, or null when the enum is stored as text */
    public @Nullable String databaseType() {
        return databaseType;
    }

    /**
     * The constant with a label.
     *
     * @param label a database label
     * @return the constant
     * @throws IllegalArgumentException naming the enum, the label and the labels it knows, when no constant has it
     */
    public Enum<?> parse(String label) {
        Enum<?> e = byLabel.get(label);
        if (e == null) {
            throw new IllegalArgumentException("no constant of " + type.getSimpleName() + " has the label '" + label
                    + "' (labels: " + String.join(", ", Arrays.asList(labels))
                    + "); add the constant, or give one @EnumLabel(\"" + label + "\")");
        }
        return e;
    }
}
