package dev.r2orm.schema;

import dev.r2orm.InvalidModelException;
import dev.r2orm.annotation.AutoCreateTime;
import dev.r2orm.annotation.AutoUpdateTime;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Embedded;
import dev.r2orm.annotation.Ignore;
import dev.r2orm.annotation.Permission;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Serializer;
import dev.r2orm.annotation.SoftDelete;
import dev.r2orm.annotation.Table;
import dev.r2orm.annotation.Version;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How one model class maps to a table: its table name and fields, parsed once per class (see {@link SchemaCache}).
 * Works for plain classes (a no-argument constructor of any visibility; fields with or without accessors) and for
 * records (built through the canonical constructor; back-filled values produce a new record).
 *
 * <p>Conventions, as GORM's: the table is the snake_case plural of the class name; a column is the snake_case of the
 * field name; a field named {@code id} is the primary key; {@code createdAt} and {@code updatedAt} are set to the
 * current time on create (and {@code updatedAt} on update). Annotations in {@code dev.r2orm.annotation} override them.
 *
 * <p>An {@link Embedded} field contributes its value's fields in its place, named after the path
 * ({@code address.city} becomes field {@code addressCity}, column {@code <prefix>city}).
 */
public final class Schema {

    private final Class<?> type;
    private final String table;
    private final List<Field> fields;
    private final List<Field> primaryKeys;
    private final @Nullable Field autoIncrement;
    private final @Nullable Field softDelete;
    private final @Nullable Field version;
    private final Map<String, Field> byName;
    private final Map<String, Field> byColumn;
    private final boolean record;
    private final MethodHandle constructor;
    private final List<Relation.Declaration> declarations;
    private final @Nullable Embedding layout;

    private Schema(Class<?> type, String table, List<Field> fields, boolean record, MethodHandle constructor,
            List<Relation.Declaration> declarations, @Nullable Embedding layout) {
        this.layout = layout;
        this.declarations = List.copyOf(declarations);
        this.type = type;
        this.table = table;
        this.fields = List.copyOf(fields);
        this.record = record;
        this.constructor = constructor;
        List<Field> pks = new ArrayList<>();
        Field auto = null;
        Field soft = null;
        Field versionField = null;
        Map<String, Field> names = new HashMap<>();
        Map<String, Field> columns = new HashMap<>();
        for (Field f : fields) {
            if (f.isPrimaryKey()) {
                pks.add(f);
            }
            if (f.isAutoIncrement()) {
                auto = f;
            }
            if (f.isSoftDelete()) {
                if (soft != null) {
                    throw new InvalidModelException(type.getName() + " has two soft-delete fields, " + soft.name()
                            + " and " + f.name() + "; keep one");
                }
                soft = f;
            }
            if (f.isVersion()) {
                if (versionField != null || f.isPrimaryKey()) {
                    throw new InvalidModelException(type.getName() + (f.isPrimaryKey()
                            ? " has @Version on its primary key " + f.name() + "; put it on a field of its own"
                            : " has two @Version fields, " + versionField.name() + " and " + f.name() + "; keep one"));
                }
                versionField = f;
            }
            names.put(f.name(), f);
            columns.put(f.column().toLowerCase(Locale.ROOT), f);
        }
        this.primaryKeys = Collections.unmodifiableList(pks);
        this.autoIncrement = auto;
        this.softDelete = soft;
        this.version = versionField;
        this.byName = names;
        this.byColumn = columns;
    }

    /**
     * Parses a model class. Prefer {@link SchemaCache#get(Class)}, which parses each class once.
     *
     * @param type the model class or record
     * @param naming the naming strategy
     * @return the schema
     * @throws InvalidModelException naming the class, the field and the fix when the class cannot be mapped
     */
    public static Schema parse(Class<?> type, NamingStrategy naming) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type.isPrimitive() || type.isArray()
                || type.isEnum()) {
            throw new InvalidModelException("cannot map " + type.getName()
                    + ": a model must be a concrete class or a record");
        }
        MethodHandles.Lookup lookup;
        try {
            lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new InvalidModelException("cannot access " + type.getName()
                    + ": open its package to module dev.r2orm (opens ... to dev.r2orm)", e);
        }
        Table t = type.getAnnotation(Table.class);
        String table = t != null && !t.value().isEmpty() ? t.value() : naming.tableName(type.getSimpleName());
        List<Field> fields = new ArrayList<>();
        List<Relation.Declaration> declarations = new ArrayList<>();
        List<Embedding.Member> embedded = new ArrayList<>();
        MethodHandle ctor;
        boolean record = type.isRecord();
        if (record) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                MethodHandle getter = unreflect(type, c.getName(), () -> lookup.unreflect(c.getAccessor()));
                if (c.isAnnotationPresent(Embedded.class)) {
                    embedded.add(Embedding.member(type, naming, c, c.getName(), c.getType(), getter, null,
                            fields.size()));
                    fields.addAll(embedded.get(embedded.size() - 1).fields());
                    continue;
                }
                if (!c.isAnnotationPresent(Serializer.class) && relationTarget(c.getType(), c.getGenericType()) != null) {
                    throw new InvalidModelException("record " + type.getName() + " component " + c.getName()
                            + " is an association, which records cannot hold yet; use a class");
                }
                if (c.isAnnotationPresent(Ignore.class)) {
                    throw new InvalidModelException("record " + type.getName() + " component " + c.getName()
                            + " is @Ignore, but a record's canonical constructor needs every component;"
                            + " remove @Ignore or use a class");
                }
                fields.add(field(type, naming, c.getName(), c.getType(), c.getGenericType(),
                        c.getAnnotation(Column.class), c.getAnnotation(PrimaryKey.class), fields.size(), getter, null,
                        c));
            }
            try {
                Constructor<?> canonical = type.getDeclaredConstructor(types);
                ctor = lookup.unreflectConstructor(canonical)
                        .asType(MethodType.methodType(Object.class, types))
                        .asSpreader(Object[].class, types.length);
            } catch (ReflectiveOperationException e) {
                throw new InvalidModelException("cannot use the canonical constructor of record " + type.getName(), e);
            }
        } else {
            for (java.lang.reflect.Field f : mappedFields(type)) {
                MethodHandles.Lookup fieldLookup = lookupFor(lookup, f.getDeclaringClass(), type);
                MethodHandle getter = unreflect(type, f.getName(), () -> fieldLookup.unreflectGetter(f));
                MethodHandle setter = unreflect(type, f.getName(), () -> fieldLookup.unreflectSetter(f));
                if (f.isAnnotationPresent(Embedded.class)) {
                    embedded.add(Embedding.member(type, naming, f, f.getName(), f.getType(), getter, setter,
                            fields.size()));
                    fields.addAll(embedded.get(embedded.size() - 1).fields());
                    continue;
                }
                Class<?> target = f.isAnnotationPresent(Serializer.class) ? null
                        : relationTarget(f.getType(), f.getGenericType());
                if (target != null) {
                    declarations.add(new Relation.Declaration(f.getName(), target,
                            java.util.Collection.class.isAssignableFrom(f.getType()),
                            getter.asType(MethodType.methodType(Object.class, Object.class)),
                            setter.asType(MethodType.methodType(void.class, Object.class, Object.class)),
                            f.getAnnotation(dev.r2orm.annotation.ForeignKey.class),
                            f.getAnnotation(dev.r2orm.annotation.References.class),
                            f.getAnnotation(dev.r2orm.annotation.ManyToMany.class),
                            f.getAnnotation(dev.r2orm.annotation.Polymorphic.class),
                            f.getAnnotation(dev.r2orm.annotation.Constraint.class)));
                    continue;
                }
                fields.add(field(type, naming, f.getName(), f.getType(), f.getGenericType(),
                        f.getAnnotation(Column.class), f.getAnnotation(PrimaryKey.class), fields.size(), getter, setter,
                        f));
            }
            try {
                ctor = lookup.findConstructor(type, MethodType.methodType(void.class))
                        .asType(MethodType.methodType(Object.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new InvalidModelException("class " + type.getName()
                        + " has no constructor without arguments; add one (it may be private)", e);
            }
        }
        if (fields.isEmpty()) {
            throw new InvalidModelException("class " + type.getName() + " has no mapped fields");
        }
        List<Field> finished = finishKeys(type, fields);
        Embedding layout = embedded.isEmpty() ? null : Embedding.owner(type, record, ctor, finished, embedded);
        return new Schema(type, table, finished, record, ctor, declarations, layout);
    }

    /** The fields of a class and its superclasses that may map to columns, superclass fields first. */
    static List<java.lang.reflect.Field> mappedFields(Class<?> type) {
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            hierarchy.add(0, c);
        }
        List<java.lang.reflect.Field> out = new ArrayList<>();
        for (Class<?> c : hierarchy) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && !f.isSynthetic()
                        && !f.isAnnotationPresent(Ignore.class)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * The target class of an association field: an entity-like class, or the element class of a collection of them;
     * null for anything else.
     */
    static @Nullable Class<?> relationTarget(Class<?> type, java.lang.reflect.Type generic) {
        if (java.util.Collection.class.isAssignableFrom(type)) {
            if (generic instanceof java.lang.reflect.ParameterizedType) {
                java.lang.reflect.Type arg = ((java.lang.reflect.ParameterizedType) generic).getActualTypeArguments()[0];
                if (arg instanceof Class<?> && entityLike((Class<?>) arg)) {
                    return (Class<?>) arg;
                }
            }
            return null;
        }
        return entityLike(type) ? type : null;
    }

    /** A {@code Map} or a Jackson {@code JsonNode}: stored as JSON without {@code @Serializer}. */
    private static boolean isJsonType(Class<?> c) {
        if (java.util.Map.class.isAssignableFrom(c)) {
            return true;
        }
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            if (k.getName().equals("com.fasterxml.jackson.databind.JsonNode")) {
                return true;
            }
        }
        return false;
    }

    private static boolean entityLike(Class<?> c) {
        return !Field.isSupported(c) && !c.isPrimitive() && !c.isArray() && !c.isInterface() && !c.isEnum()
                && !Modifier.isAbstract(c.getModifiers()) && !c.getName().startsWith("java.")
                && !c.getName().startsWith("javax.");
    }

    /** @return the association fields as declared, resolved by {@link SchemaCache#relations(Schema)} */
    List<Relation.Declaration> declarations() {
        return declarations;
    }

    static MethodHandles.Lookup lookupFor(MethodHandles.Lookup lookup, Class<?> declaring, Class<?> model) {
        if (declaring == model) {
            return lookup;
        }
        try {
            return MethodHandles.privateLookupIn(declaring, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new InvalidModelException("cannot access " + declaring.getName() + " (superclass of "
                    + model.getName() + "): open its package to module dev.r2orm", e);
        }
    }

    interface Unreflect {
        MethodHandle get() throws IllegalAccessException;
    }

    static MethodHandle unreflect(Class<?> type, String name, Unreflect u) {
        try {
            return u.get();
        } catch (IllegalAccessException e) {
            throw new InvalidModelException("cannot access field " + name + " of " + type.getName()
                    + ": open its package to module dev.r2orm", e);
        }
    }

    static Field field(Class<?> model, NamingStrategy naming, String name, Class<?> javaType,
            java.lang.reflect.Type genericType, @Nullable Column column, @Nullable PrimaryKey pk, int index,
            MethodHandle getter, @Nullable MethodHandle setter, java.lang.reflect.AnnotatedElement element) {
        Serializer serializer = annotation(model, name, javaType, Serializer.class);
        Converter<Object, Object> converter = serializer == null ? null : converter(model, name, serializer.value());
        if (converter == null && isJsonType(javaType)) {
            converter = converter(model, name, JsonConverter.class);
        }
        if (converter != null && !Field.isSupported(converter.storedType())) {
            throw new InvalidModelException("field " + name + " of " + model.getName() + " uses converter "
                    + serializer.value().getName() + ", whose stored type " + converter.storedType().getName()
                    + " r2orm cannot map to a column");
        }
        if (converter == null && !Field.isSupported(javaType) && Field.arrayElement(javaType, genericType) == null) {
            throw new InvalidModelException("field " + name + " of " + model.getName() + " has type "
                    + javaType.getName() + ", which r2orm cannot map to a column; use a supported type (String,"
                    + " numbers, Boolean, java.time types, Duration, UUID, byte[], enums, lists and arrays of"
                    + " strings, numbers, booleans or UUIDs), store it with @Serializer(...),"
                    + " or mark the field @Ignore");
        }
        Field.Builder b = new Field.Builder();
        b.element = element;
        b.name = name;
        b.type = javaType;
        b.index = index;
        b.genericType = genericType;
        b.converter = converter;
        b.getter = getter.asType(MethodType.methodType(Object.class, Object.class));
        b.setter = setter == null ? null : setter.asType(MethodType.methodType(void.class, Object.class, Object.class));
        b.column = column != null && !column.name().isEmpty() ? column.name() : naming.columnName(name);
        if (column != null) {
            b.sqlType = column.type();
            b.size = column.size();
            b.precision = column.precision();
            b.scale = column.scale();
            b.notNull = column.notNull();
            b.unique = column.unique();
            b.defaultValue = column.defaultValue();
        }
        if (pk != null) {
            b.primaryKey = true;
            b.autoIncrement = pk.autoIncrement();
        }
        boolean softDelete = annotated(model, name, javaType, SoftDelete.class);
        if (softDelete && !Field.isTimestamp(javaType)) {
            throw new InvalidModelException("field " + name + " of " + model.getName() + " is @SoftDelete but has type "
                    + javaType.getName() + "; use Instant, LocalDateTime or OffsetDateTime");
        }
        b.softDelete = softDelete || name.equals("deletedAt") && Field.isTimestamp(javaType);
        AutoCreateTime created = annotation(model, name, javaType, AutoCreateTime.class);
        AutoUpdateTime updated = annotation(model, name, javaType, AutoUpdateTime.class);
        if ((created != null || updated != null) && !Field.canHoldTime(javaType)) {
            throw new InvalidModelException("field " + name + " of " + model.getName() + " is an auto time field but"
                    + " has type " + javaType.getName() + "; use Instant, LocalDateTime, OffsetDateTime, long or int");
        }
        b.autoCreateTime = created != null || name.equals("createdAt") && Field.canHoldTime(javaType);
        b.autoUpdateTime = updated != null || name.equals("updatedAt") && Field.canHoldTime(javaType);
        java.util.concurrent.TimeUnit unit = created != null ? created.unit() : updated != null ? updated.unit()
                : java.util.concurrent.TimeUnit.SECONDS;
        if (unit != java.util.concurrent.TimeUnit.SECONDS && unit != java.util.concurrent.TimeUnit.MILLISECONDS
                && unit != java.util.concurrent.TimeUnit.NANOSECONDS) {
            throw new InvalidModelException("field " + name + " of " + model.getName() + " has time unit " + unit
                    + "; use SECONDS, MILLISECONDS or NANOSECONDS");
        }
        b.timeUnit = unit;
        b.version = annotated(model, name, javaType, Version.class);
        if (b.version && (!Field.isVersionType(javaType) || converter != null)) {
            throw new InvalidModelException("field " + name + " of " + model.getName() + " is @Version but "
                    + (converter != null ? "has a @Serializer" : "has type " + javaType.getName())
                    + "; use a plain int, Integer, long, Long, short, Short, Instant, LocalDateTime or"
                    + " OffsetDateTime field");
        }
        if (b.version) { // a timestamp version is its own updatedAt: set on create and on every update
            b.autoCreateTime = false;
            b.autoUpdateTime = false;
        }
        Permission permission = annotation(model, name, javaType, Permission.class);
        if (permission != null) {
            b.readable = permission.read();
            b.creatable = permission.create();
            b.updatable = permission.update();
        }
        return new Field(b);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Converter<Object, Object> converter(Class<?> model, String field, Class<? extends Converter> type) {
        try {
            java.lang.reflect.Constructor<? extends Converter> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new InvalidModelException("field " + field + " of " + model.getName() + ": cannot create converter "
                    + type.getName() + " (it needs a constructor without arguments"
                    + (e instanceof NoClassDefFoundError ? ", and " + e.getMessage() + " on the classpath" : "") + ")", e);
        }
    }

    private static boolean annotated(Class<?> model, String name, Class<?> type,
            Class<? extends java.lang.annotation.Annotation> annotation) {
        return annotation(model, name, type, annotation) != null;
    }

    private static <A extends java.lang.annotation.Annotation> @Nullable A annotation(Class<?> model, String name,
            Class<?> type, Class<A> annotation) {
        for (Class<?> c = model; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                java.lang.reflect.Field f = c.getDeclaredField(name);
                if (f.getType() == type) {
                    return f.getAnnotation(annotation);
                }
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        return null;
    }

    private static List<Field> finishKeys(Class<?> type, List<Field> fields) {
        long explicit = fields.stream().filter(Field::isPrimaryKey).count();
        List<Field> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            Field.Builder b = rebuild(f);
            if (explicit == 0) {
                b.primaryKey = f.name().equals("id");
                b.autoIncrement = b.primaryKey && Field.isInteger(f.type());
            } else {
                b.autoIncrement = explicit == 1 && f.isPrimaryKey() && f.isAutoIncrement() && Field.isInteger(f.type());
            }
            out.add(new Field(b));
        }
        return out;
    }

    static Field.Builder rebuild(Field f) {
        Field.Builder b = new Field.Builder();
        b.name = f.name();
        b.column = f.column();
        b.type = f.type();
        b.primaryKey = f.isPrimaryKey();
        b.autoIncrement = f.isAutoIncrement();
        b.notNull = f.isNotNull() && (!f.type().isPrimitive() || f.isEmbedded());
        b.unique = f.isUnique();
        b.size = f.size();
        b.precision = f.precision();
        b.scale = f.scale();
        b.sqlType = f.sqlType();
        b.defaultValue = f.defaultValue();
        b.autoCreateTime = f.isAutoCreateTime();
        b.autoUpdateTime = f.isAutoUpdateTime();
        b.softDelete = f.isSoftDelete();
        b.version = f.isVersion();
        b.timeUnit = f.timeUnit();
        b.genericType = f.genericType();
        b.converter = f.converter();
        b.readable = f.isReadable();
        b.creatable = f.isCreatable();
        b.updatable = f.isUpdatable();
        b.index = f.index();
        b.getter = f.getterHandle();
        b.setter = f.setterHandle();
        b.element = f.element();
        b.embedded = f.isEmbedded();
        return b;
    }

    /** @return the model class */
    public Class<?> type() {
        return type;
    }

    /** @return the table name */
    public String table() {
        return table;
    }

    /**
     * @return every mapped field in declaration order (superclass fields first), the columns of an {@link Embedded}
     *     value in its place
     */
    public List<Field> fields() {
        return fields;
    }

    /** @return the primary key fields, empty when the model has none */
    public List<Field> primaryKeys() {
        return primaryKeys;
    }

    /** @return the auto-increment primary key, or null */
    public @Nullable Field autoIncrementField() {
        return autoIncrement;
    }

    /** @return the soft-delete field, or null when rows are deleted for real */
    public @Nullable Field softDeleteField() {
        return softDelete;
    }

    /** @return the {@code @Version} field checked by updates and deletes of an entity, or null */
    public @Nullable Field versionField() {
        return version;
    }

    /** @return whether the model is a record (immutable: back-fills build a new instance) */
    public boolean isRecord() {
        return record;
    }

    /**
     * Finds a field by Java name, else by column name (case-insensitive).
     *
     * @param name a field or column name
     * @return the field, or null
     */
    public @Nullable Field lookup(String name) {
        Field f = byName.get(name);
        return f != null ? f : fieldByColumn(name);
    }

    /**
     * Finds a field by column name, case-insensitive (H2 may report upper-case labels).
     *
     * @param column a column name or label
     * @return the field, or null
     */
    public @Nullable Field fieldByColumn(String column) {
        Field f = byColumn.get(column);
        return f != null ? f : byColumn.get(column.toLowerCase(Locale.ROOT));
    }

    /**
     * Builds an instance from values in field order.
     *
     * @param values one value per field, boxed, null where absent
     * @return a new instance
     */
    public Object instantiate(@Nullable Object[] values) {
        if (layout != null) {
            return layout.instantiate(values);
        }
        try {
            if (record) {
                for (Field f : fields) {
                    if (values[f.index()] == null && f.type().isPrimitive()) {
                        values[f.index()] = primitiveZero(f.type());
                    }
                }
                return constructor.invokeExact(values);
            }
            Object o = constructor.invokeExact();
            for (Field f : fields) {
                Object v = values[f.index()];
                if (v != null) {
                    f.set(o, v);
                }
            }
            return o;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot instantiate " + type.getName(), e);
        }
    }

    /**
     * Returns the entity with one field changed: the same instance for a class, a copy for a record.
     *
     * @param entity an instance of this schema's type
     * @param field the field to change
     * @param value the new value
     * @return the updated entity
     */
    public Object with(Object entity, Field field, @Nullable Object value) {
        if (!record) {
            field.set(entity, value);
            return entity;
        }
        if (layout != null) {
            return layout.with(entity, field, value);
        }
        Object[] values = new Object[fields.size()];
        for (Field f : fields) {
            values[f.index()] = f.get(entity);
        }
        values[field.index()] = value;
        return instantiate(values);
    }

    static Object primitiveZero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == short.class) {
            return (short) 0;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        return 0;
    }

    @Override
    public String toString() {
        return "Schema[" + type.getName() + " -> " + table + "]";
    }
}
