package dev.r2orm.callbacks;

import dev.r2orm.Associations;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Relation;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a create writes under {@code select(...)} and {@code omit(...)}: the names given, split into fields (or
 * columns) and associations.
 *
 * @param fields field or column names to write (empty: all)
 * @param omittedFields field or column names never written
 * @param associations association names to write (empty: as the field selection says)
 * @param omittedAssociations association names not written ({@code "*"}: none)
 */
record Selection(Set<String> fields, Set<String> omittedFields, Set<String> associations,
        Set<String> omittedAssociations) {

    /** Everything is written. */
    static final Selection ALL = new Selection(Set.of(), Set.of(), Set.of(), Set.of());

    /**
     * Splits the names given to {@code select} and {@code omit}: the model's association names and
     * {@link Associations#ALL} are associations, every other name a field or column.
     *
     * @param selected names to write
     * @param omitted names never written
     * @param relations the model's associations by lower-case name
     * @return the selection
     */
    static Selection of(Set<String> selected, Set<String> omitted, Map<String, Relation> relations) {
        if (selected.isEmpty() && omitted.isEmpty()) {
            return ALL;
        }
        Set<String> fields = new HashSet<>();
        Set<String> omittedFields = new HashSet<>();
        Set<String> associations = new HashSet<>();
        Set<String> omittedAssociations = new HashSet<>();
        for (String n : selected) {
            (isAssociation(n, relations) ? associations : fields).add(n);
        }
        for (String n : omitted) {
            (isAssociation(n, relations) ? omittedAssociations : omittedFields).add(n);
        }
        return new Selection(Set.copyOf(fields), Set.copyOf(omittedFields), Set.copyOf(associations),
                Set.copyOf(omittedAssociations));
    }

    private static boolean isAssociation(String name, Map<String, Relation> relations) {
        return name.equals(Associations.ALL) || relations.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** @return whether nothing was selected or omitted */
    boolean isAll() {
        return equals(ALL);
    }

    /** See {@link Operation#includes}. */
    boolean includes(Field f) {
        if (omittedFields.contains(f.name()) || omittedFields.contains(f.column())) {
            return false;
        }
        return fields.isEmpty() || fields.contains("*") || fields.contains(f.name()) || fields.contains(f.column())
                || f.isPrimaryKey() || f.isAutoCreateTime() || f.isAutoUpdateTime() || f.isVersion();
    }

    /** See {@link Operation#includesAssociation}. */
    boolean includesAssociation(String name) {
        for (String o : omittedAssociations) {
            if (o.equals("*") || o.equalsIgnoreCase(name)) {
                return false;
            }
        }
        if (associations.isEmpty() && (fields.isEmpty() || fields.contains("*"))) {
            return true;
        }
        for (String s : associations) {
            if (s.equals("*") || s.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
