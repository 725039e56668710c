package dev.r2orm.schema;

import dev.r2orm.InvalidModelException;
import dev.r2orm.UndefinedColumnException;
import dev.r2orm.annotation.ForeignKey;
import dev.r2orm.annotation.ManyToMany;
import dev.r2orm.annotation.Polymorphic;
import dev.r2orm.annotation.References;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An association field of a model, resolved against its target's schema: what kind it is, which fields hold the
 * keys, and for a many-to-many its join table. Found by convention as GORM does (see {@link Kind}), overridden with
 * {@link ForeignKey}, {@link References}, {@link ManyToMany} and {@link Polymorphic}.
 *
 * <p>A many-to-many's join columns are guessed as {@code <model>_<key column>} ({@code user_id} for {@code User.id}),
 * except that a key column which already starts with the model's name or table name and an underscore is taken as it
 * is: {@code Film.filmId} (column {@code film_id}) gives {@code film_id}, not GORM's {@code film_film_id}. When the
 * database says a guessed column does not exist, {@link #explain(Throwable)} names the guess and the annotation
 * attribute that overrides it.
 */
public final class Relation {

    /** The kinds of association. */
    public enum Kind {
        /** The owner holds the foreign key: {@code Company company} with {@code Long companyId}. */
        BELONGS_TO,
        /** The target holds the foreign key to the owner: {@code CreditCard card} with {@code CreditCard.userId}. */
        HAS_ONE,
        /** Like has-one, for a collection: {@code List<Post> posts} with {@code Post.userId}. */
        HAS_MANY,
        /** Through a join table: {@code @ManyToMany(joinTable = "user_languages") List<Language> languages}. */
        MANY_TO_MANY
    }

    /** A column found by convention rather than named: where it is, how it was guessed, what names it instead. */
    private record Guess(String column, String place, String rule, String override) {
    }

    /** An association field as declared, before its target is known. */
    record Declaration(String name, Class<?> target, boolean collection, MethodHandle getter,
            @Nullable MethodHandle setter, @Nullable ForeignKey foreignKey, @Nullable References references,
            @Nullable ManyToMany manyToMany, @Nullable Polymorphic polymorphic,
            dev.r2orm.annotation.@Nullable Constraint constraint) {
    }

    private final String name;
    private final Kind kind;
    private final Schema owner;
    private final Schema target;
    private final Field ownerKey;
    private final Field targetKey;
    private final @Nullable String joinTable;
    private final @Nullable String joinOwnerColumn;
    private final @Nullable String joinTargetColumn;
    private final @Nullable Field polymorphicType;
    private final @Nullable String polymorphicValue;
    private final MethodHandle getter;
    private final @Nullable MethodHandle setter;
    private final dev.r2orm.annotation.@Nullable Constraint constraint;
    private final List<Guess> guesses;
    private @Nullable Schema joinModel;

    private Relation(String name, Kind kind, Schema owner, Schema target, Field ownerKey, Field targetKey,
            @Nullable String joinTable, @Nullable String joinOwnerColumn, @Nullable String joinTargetColumn,
            @Nullable Field polymorphicType, @Nullable String polymorphicValue, Declaration d, List<Guess> guesses) {
        this.name = name;
        this.kind = kind;
        this.owner = owner;
        this.target = target;
        this.ownerKey = ownerKey;
        this.targetKey = targetKey;
        this.joinTable = joinTable;
        this.joinOwnerColumn = joinOwnerColumn;
        this.joinTargetColumn = joinTargetColumn;
        this.polymorphicType = polymorphicType;
        this.polymorphicValue = polymorphicValue;
        this.getter = d.getter();
        this.setter = d.setter();
        this.constraint = d.constraint();
        this.guesses = List.copyOf(guesses);
    }

    /**
     * Resolves a declaration against the target's schema.
     *
     * @throws InvalidModelException naming the class, the field and what was expected
     */
    static Relation resolve(Schema owner, Declaration d, Schema target, NamingStrategy naming) {
        String where = "association " + d.name() + " of " + owner.type().getName();
        if (d.manyToMany() != null) {
            if (!d.collection()) {
                throw new InvalidModelException(where + " is @ManyToMany but not a collection; use List<"
                        + target.type().getSimpleName() + ">");
            }
            ManyToMany m = d.manyToMany();
            Field ownerKey = single(owner, where, "primary key");
            Field targetKey = single(target, where, "primary key");
            boolean self = target.type() == owner.type();
            String ownerColumn = !m.joinForeignKey().isEmpty() ? m.joinForeignKey()
                    : joinColumn(NamingStrategy.snakeCase(owner.type().getSimpleName()), owner.table(), ownerKey);
            String targetColumn = !m.joinReferences().isEmpty() ? m.joinReferences()
                    : self ? NamingStrategy.snakeCase(singular(d.name())) + "_" + targetKey.column()
                    : joinColumn(NamingStrategy.snakeCase(target.type().getSimpleName()), target.table(), targetKey);
            if (ownerColumn.equals(targetColumn)) {
                throw new InvalidModelException(where + ": both join columns would be named " + ownerColumn
                        + "; set @ManyToMany(joinForeignKey = ..., joinReferences = ...)");
            }
            List<Guess> guesses = new ArrayList<>();
            String place = "join table " + m.joinTable();
            if (m.joinForeignKey().isEmpty()) {
                guesses.add(new Guess(ownerColumn, place, "the owner " + owner.type().getSimpleName() + "'s "
                        + ruleOf(ownerColumn, ownerKey), "@ManyToMany(joinTable = \"" + m.joinTable()
                        + "\", joinForeignKey = \"...\")"));
            }
            if (m.joinReferences().isEmpty()) {
                guesses.add(new Guess(targetColumn, place, "the target " + target.type().getSimpleName() + "'s "
                        + (self ? "<field in singular>_<key column>" : ruleOf(targetColumn, targetKey)),
                        "@ManyToMany(joinTable = \"" + m.joinTable() + "\", joinReferences = \"...\")"));
            }
            return new Relation(d.name(), Kind.MANY_TO_MANY, owner, target, ownerKey, targetKey, m.joinTable(),
                    ownerColumn, targetColumn, null, null, d, guesses);
        }
        Polymorphic poly = d.polymorphic();
        String ownerName = decapitalize(owner.type().getSimpleName());
        if (!d.collection() && poly == null) {
            Field referenced = d.references() != null ? target.lookup(d.references().value()) : null;
            Field ownerFk = d.foreignKey() != null ? owner.lookup(d.foreignKey().value())
                    : guess(owner, d.name(), referenced);
            if (ownerFk != null) {
                Field targetKey = d.references() != null ? field(target, d.references().value(), where)
                        : single(target, where, "primary key");
                List<Guess> guesses = d.foreignKey() != null ? List.of()
                        : List.of(foreignKeyGuess(owner, ownerFk, d.name()));
                return new Relation(d.name(), Kind.BELONGS_TO, owner, target, ownerFk, targetKey, null, null, null,
                        null, null, d, guesses);
            }
        }
        Field referencedOnOwner = d.references() != null ? owner.lookup(d.references().value()) : null;
        String fkName = poly != null ? poly.value() + "Id"
                : d.foreignKey() != null ? d.foreignKey().value()
                : referencedOnOwner != null && target.lookup(ownerName + capitalize(referencedOnOwner.name())) != null
                        ? ownerName + capitalize(referencedOnOwner.name()) : ownerName + "Id";
        Field targetFk = target.lookup(fkName);
        if (targetFk == null) {
            String expected = d.collection() || poly != null
                    ? target.type().getSimpleName() + "." + fkName
                    : owner.type().getSimpleName() + "." + d.name() + "Id (belongs-to) or "
                            + target.type().getSimpleName() + "." + fkName + " (has-one)";
            throw new InvalidModelException(where + ": no foreign key field found; expected " + expected
                    + ", or name it with @ForeignKey");
        }
        Field ownerKey = d.references() != null ? field(owner, d.references().value(), where)
                : single(owner, where, "primary key");
        Field typeField = null;
        String typeValue = null;
        if (poly != null) {
            typeField = field(target, poly.value() + "Type", where);
            typeValue = poly.type().isEmpty() ? owner.table() : poly.type();
        }
        List<Guess> guesses = d.foreignKey() != null || poly != null ? List.of()
                : List.of(foreignKeyGuess(target, targetFk, d.name()));
        return new Relation(d.name(), d.collection() ? Kind.HAS_MANY : Kind.HAS_ONE, owner, target, ownerKey, targetFk,
                null, null, null, typeField, typeValue, d, guesses);
    }

    /**
     * A join column guessed for a model's key: the key column itself when it already starts with the model's name or
     * table name and an underscore ({@code film_id} of {@code Film}), else {@code <model>_<key column>}.
     */
    private static String joinColumn(String model, String table, Field key) {
        String column = key.column();
        return column.startsWith(model + "_") || column.startsWith(table + "_") ? column : model + "_" + column;
    }

    private static String ruleOf(String column, Field key) {
        return column.equals(key.column()) ? "key column (it starts with the model's or the table's name)"
                : "<model>_<key column>";
    }

    private static Guess foreignKeyGuess(Schema holder, Field fk, String association) {
        return new Guess(fk.column(), "table " + holder.table(), "the foreign key field "
                + holder.type().getSimpleName() + "." + fk.name() + " found by its name",
                "@ForeignKey(\"...\") on " + association + ", or @Column(name = \"...\") on " + fk.name());
    }

    private static Field single(Schema s, String where, String what) {
        if (s.primaryKeys().size() != 1) {
            throw new InvalidModelException(where + ": " + s.type().getName() + " needs exactly one " + what
                    + " for this association (it has " + s.primaryKeys().size() + "); set @ForeignKey/@References");
        }
        return s.primaryKeys().get(0);
    }

    private static Field field(Schema s, String name, String where) {
        Field f = s.lookup(name);
        if (f == null) {
            throw new InvalidModelException(where + ": " + s.type().getName() + " has no field " + name);
        }
        return f;
    }

    /** GORM's guess: {@code <field><ReferencedField>} ({@code companyCode}) first, then {@code <field>Id}. */
    private static @Nullable Field guess(Schema owner, String prefix, @Nullable Field referenced) {
        Field f = referenced == null ? null : owner.lookup(prefix + capitalize(referenced.name()));
        return f != null ? f : owner.lookup(prefix + "Id");
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String decapitalize(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String singular(String s) {
        if (s.endsWith("ies")) {
            return s.substring(0, s.length() - 3) + "y";
        }
        return s.endsWith("s") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Explains a failed statement of this association: when the database says a column it guessed by convention does
     * not exist ({@link UndefinedColumnException}), an {@link InvalidModelException} naming the association, the guessed
     * column, how it was guessed and the annotation attribute that names it instead, with the database's error as its
     * cause. Any other error is returned as it is.
     *
     * <pre>
     * association actors of Film: column film_film_id of join table film_actor does not exist; it was guessed from the
     * owner Film's &lt;model&gt;_&lt;key column&gt;; name it with @ManyToMany(joinTable = "film_actor",
     * joinForeignKey = "...")
     * </pre>
     *
     * @param error the statement's error
     * @return the explained error, or {@code error}
     */
    public Throwable explain(Throwable error) {
        if (!(error instanceof UndefinedColumnException) || guesses.isEmpty()) {
            return error;
        }
        UndefinedColumnException missing = (UndefinedColumnException) error;
        for (Guess g : guesses) {
            if (missing.names(g.column())) {
                return new InvalidModelException("association " + name + " of " + owner.type().getName() + ": column "
                        + g.column() + " of " + g.place() + " does not exist; it was guessed from " + g.rule()
                        + "; name it with " + g.override() + " (" + error.getMessage() + ")", error);
            }
        }
        return error;
    }

    /** @return the association's field name, as used in {@code preload("Posts")} (case-insensitive) */
    public String name() {
        return name;
    }

    /** @return the kind */
    public Kind kind() {
        return kind;
    }

    /** @return the owner's schema */
    public Schema owner() {
        return owner;
    }

    /** @return the target's schema */
    public Schema target() {
        return target;
    }

    /**
     * The owner's side of the key: the foreign key for a belongs-to, the referenced key (usually the primary key)
     * otherwise.
     *
     * @return the owner's key field
     */
    public Field ownerKey() {
        return ownerKey;
    }

    /**
     * The target's side of the key: the referenced key (usually the primary key) for a belongs-to and a
     * many-to-many, the foreign key for a has-one or has-many.
     *
     * @return the target's key field
     */
    public Field targetKey() {
        return targetKey;
    }

    /** @return the join table of a many-to-many, or null */
    public @Nullable String joinTable() {
        return joinTable;
    }

    /** @return the join table column referring to the owner, or null */
    public @Nullable String joinOwnerColumn() {
        return joinOwnerColumn;
    }

    /** @return the join table column referring to the target, or null */
    public @Nullable String joinTargetColumn() {
        return joinTargetColumn;
    }

    /** @return the target's polymorphic type field, or null */
    public @Nullable Field polymorphicType() {
        return polymorphicType;
    }

    /** @return the value the polymorphic type field holds for this owner, or null */
    public @Nullable String polymorphicValue() {
        return polymorphicValue;
    }

    /**
     * Attaches the join model of a many-to-many, checking it maps the join table and both join columns.
     *
     * @param model the join model's schema
     * @throws InvalidModelException naming what does not match
     */
    void joinModel(Schema model) {
        String where = "association " + name + " of " + owner.type().getName() + ": join model "
                + model.type().getName();
        if (!model.table().equals(joinTable)) {
            throw new InvalidModelException(where + " maps to table " + model.table() + ", but @ManyToMany names "
                    + joinTable + "; make them equal (@Table(\"" + joinTable + "\"))");
        }
        for (String column : List.of(java.util.Objects.requireNonNull(joinOwnerColumn),
                java.util.Objects.requireNonNull(joinTargetColumn))) {
            if (model.fieldByColumn(column) == null) {
                throw new InvalidModelException(where + " has no field for join column " + column);
            }
        }
        this.joinModel = model;
    }

    /** @return the schema of a many-to-many's join model, or null for a plain join table */
    public @Nullable Schema joinModel() {
        return joinModel;
    }

    /** @return the referential actions declared for the association's foreign key, or null */
    public dev.r2orm.annotation.@Nullable Constraint constraint() {
        return constraint;
    }

    /** @return whether the association holds a collection */
    public boolean isCollection() {
        return kind == Kind.HAS_MANY || kind == Kind.MANY_TO_MANY;
    }

    /**
     * The association's value in an owner.
     *
     * @param ownerEntity the owner
     * @return the target, the collection of targets, or null
     */
    public @Nullable Object get(Object ownerEntity) {
        try {
            return getter.invokeExact(ownerEntity);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sets the association in an owner: a target (or null), or a list of targets.
     *
     * @param ownerEntity the owner
     * @param value the target or the list
     */
    public void set(Object ownerEntity, @Nullable Object value) {
        if (setter == null) {
            throw new IllegalStateException("association " + name + " cannot be set");
        }
        try {
            setter.invokeExact(ownerEntity, value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The targets an owner holds, as a list (empty for null).
     *
     * @param ownerEntity the owner
     * @return the targets
     */
    public List<Object> targets(Object ownerEntity) {
        Object v = get(ownerEntity);
        List<Object> out = new ArrayList<>();
        if (v instanceof Collection<?>) {
            out.addAll((Collection<?>) v);
        } else if (v != null) {
            out.add(v);
        }
        return out;
    }

    @Override
    public String toString() {
        return owner.type().getSimpleName() + "." + name + " " + kind.name().toLowerCase(Locale.ROOT) + " "
                + target.type().getSimpleName();
    }
}
