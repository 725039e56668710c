package dev.r2orm.schema;

import dev.r2orm.InvalidModelException;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Embedded;
import dev.r2orm.annotation.Ignore;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Serializer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a value spread over several columns is built and changed: an {@link Embedded} class or record, or a model
 * holding such fields (its {@link Schema} then builds and copies instances here). Its members are the value's fields,
 * or a record's components in order, each one column or a nested embedded value. Method handles are resolved when the
 * model is parsed; building a row's instance reflects on nothing.
 */
final class Embedding {

    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    private static final MethodType SETTER = MethodType.methodType(void.class, Object.class, Object.class);
    private static final MethodHandle IS_NULL;
    private static final MethodHandle ACCESS_SET;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            IS_NULL = lookup.findStatic(Objects.class, "isNull", MethodType.methodType(boolean.class, Object.class));
            ACCESS_SET = lookup.findVirtual(Access.class, "set", SETTER);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final boolean record;
    /** {@code ()Object} for a class, {@code (Object[])Object} (the canonical one) for a record. */
    private final MethodHandle constructor;
    private final Member[] members;
    /** The range of flattened field indexes this value's columns take. */
    private final int from;
    private final int to;
    /** The member indexes leading to each flattened field, by field index minus {@link #from}. */
    private final int[][] paths;

    private Embedding(boolean record, MethodHandle constructor, List<Member> members, int from, int to) {
        this.record = record;
        this.constructor = constructor;
        this.members = members.toArray(new Member[0]);
        this.from = from;
        this.to = to;
        this.paths = new int[to - from][];
        for (int i = 0; i < this.members.length; i++) {
            Member m = this.members[i];
            if (m.value != null) {
                for (int f = m.value.from; f < m.value.to; f++) {
                    int[] inner = m.value.paths[f - m.value.from];
                    int[] full = new int[inner.length + 1];
                    full[0] = i;
                    System.arraycopy(inner, 0, full, 1, inner.length);
                    paths[f - from] = full;
                }
            } else {
                paths[Objects.requireNonNull(m.column).index() - from] = new int[] {i};
            }
        }
    }

    /** One field or record component of a value: a column, or an embedded value. */
    static final class Member {
        private final MethodHandle get;
        private final @Nullable MethodHandle set;
        private final Class<?> type;
        private final @Nullable Field column;
        private final @Nullable Embedding value;
        private final List<Field> fields;

        private Member(MethodHandle get, @Nullable MethodHandle set, Class<?> type, @Nullable Field column,
                @Nullable Embedding value, List<Field> fields) {
            this.get = get;
            this.set = set;
            this.type = type;
            this.column = column;
            this.value = value;
            this.fields = fields;
        }

        /** @return the schema fields this member maps to, in order */
        List<Field> fields() {
            return fields;
        }

        private @Nullable Object read(@Nullable Object[] values, boolean intoRecord) throws Throwable {
            if (value != null) {
                return value.buildIfAny(values);
            }
            Object v = values[Objects.requireNonNull(column).index()];
            return v == null && intoRecord && type.isPrimitive() ? Schema.primitiveZero(type) : v;
        }
    }

    /**
     * Parses an {@code @Embedded} field of a model into the member that holds it and its flattened fields.
     *
     * @param owner the model class
     * @param naming the naming strategy
     * @param element the Java field or record component
     * @param name its name
     * @param type its type, the embedded value's
     * @param get its getter on the model
     * @param set its setter on the model, or null in a record
     * @param first the schema index of the first flattened field
     * @return the member; {@link Member#fields()} are its columns
     * @throws InvalidModelException naming the model, the field and the fix when the value cannot be embedded
     */
    static Member member(Class<?> owner, NamingStrategy naming, AnnotatedElement element, String name, Class<?> type,
            MethodHandle get, @Nullable MethodHandle set, int first) {
        if (element.isAnnotationPresent(Serializer.class)) {
            throw new InvalidModelException("field " + name + " of " + owner.getName() + " is both @Embedded and"
                    + " @Serializer; keep one");
        }
        MethodHandle getter = get.asType(GETTER);
        MethodHandle setter = set == null ? null : set.asType(SETTER);
        Embedding value = new Parser(owner, naming, first).parse(name,
                Objects.requireNonNull(element.getAnnotation(Embedded.class)).prefix(), type);
        List<Field> fields = new ArrayList<>();
        flatten(getter, setter, value, value, getter, new int[0], fields);
        return new Member(getter, setter, type, null, value, List.copyOf(fields));
    }

    /**
     * The layout of a model with {@code @Embedded} fields.
     *
     * @param type the model class
     * @param record whether it is a record
     * @param constructor its constructor, as {@link Schema} holds it
     * @param fields its schema fields, flattened
     * @param embedded its embedded members, in order
     * @return the layout
     * @throws InvalidModelException when two fields share a name or a column
     */
    static Embedding owner(Class<?> type, boolean record, MethodHandle constructor, List<Field> fields,
            List<Member> embedded) {
        Map<String, Field> names = new HashMap<>();
        Map<String, Field> columns = new HashMap<>();
        for (Field f : fields) {
            Field same = columns.put(f.column().toLowerCase(Locale.ROOT), f);
            if (same != null) {
                throw new InvalidModelException("class " + type.getName() + " maps fields " + same.name() + " and "
                        + f.name() + " to the same column " + f.column() + "; give the @Embedded field a prefix"
                        + " (@Embedded(prefix = \"...\")) or one of them @Column(name = \"...\")");
            }
            same = names.put(f.name(), f);
            if (same != null) {
                throw new InvalidModelException("class " + type.getName() + " has two fields named " + f.name()
                        + " (one from an @Embedded value); rename one of them");
            }
        }
        List<Member> members = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < fields.size();) {
            Member m = next < embedded.size() ? embedded.get(next) : null;
            if (m != null && Objects.requireNonNull(m.value).from == i) {
                members.add(m);
                next++;
                i = m.value.to;
            } else {
                Field f = fields.get(i++);
                members.add(new Member(f.getterHandle(), f.setterHandle(), f.type(), f, null, List.of(f)));
            }
        }
        return new Embedding(record, constructor, members, 0, fields.size());
    }

    /** Gives each column of {@code value} its access from the model: null-safe reads, writes creating the value. */
    private static void flatten(MethodHandle topGet, @Nullable MethodHandle topSet, Embedding top, Embedding value,
            MethodHandle reach, int[] path, List<Field> out) {
        for (int i = 0; i < value.members.length; i++) {
            Member m = value.members[i];
            int[] at = Arrays.copyOf(path, path.length + 1);
            at[path.length] = i;
            MethodHandle get = then(reach, m.get);
            if (m.value != null) {
                flatten(topGet, topSet, top, m.value, get, at, out);
                continue;
            }
            Field.Builder b = Schema.rebuild(Objects.requireNonNull(m.column));
            b.getter = get;
            b.setter = topSet == null ? null : ACCESS_SET.bindTo(new Access(topGet, topSet, top, at));
            out.add(new Field(b));
        }
    }

    /** {@code x -> { Object v = first(x); return v == null ? null : next(v); }} */
    private static MethodHandle then(MethodHandle first, MethodHandle next) {
        return MethodHandles.filterReturnValue(first,
                MethodHandles.guardWithTest(IS_NULL, MethodHandles.empty(GETTER), next));
    }

    /**
     * Builds the model from values in field order.
     *
     * @param values one value per schema field
     * @return a new instance
     */
    Object instantiate(@Nullable Object[] values) {
        try {
            return build(values);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * Changes one field of the model: in place for a class, in a copy for a record.
     *
     * @param entity the model instance
     * @param field one of its schema fields
     * @param value the new value
     * @return the entity, or its copy
     */
    Object with(Object entity, Field field, @Nullable Object value) {
        try {
            return put(entity, paths[field.index() - from], 0, value);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private Object build(@Nullable Object[] values) throws Throwable {
        if (record) {
            Object[] args = new Object[members.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = members[i].read(values, true);
            }
            return (Object) constructor.invokeExact(args);
        }
        Object o = (Object) constructor.invokeExact();
        for (Member m : members) {
            Object v = m.read(values, false);
            if (v != null) {
                Objects.requireNonNull(m.set).invokeExact(o, v);
            }
        }
        return o;
    }

    private @Nullable Object buildIfAny(@Nullable Object[] values) throws Throwable {
        for (int i = from; i < to; i++) {
            if (values[i] != null) {
                return build(values);
            }
        }
        return null;
    }

    private Object empty() throws Throwable {
        if (!record) {
            return (Object) constructor.invokeExact();
        }
        Object[] args = new Object[members.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = members[i].type.isPrimitive() ? Schema.primitiveZero(members[i].type) : null;
        }
        return (Object) constructor.invokeExact(args);
    }

    /** Sets the column at {@code path[depth..]} under {@code holder}; returns the holder, or its copy for a record. */
    private Object put(Object holder, int[] path, int depth, @Nullable Object value) throws Throwable {
        int i = path[depth];
        if (depth == path.length - 1) {
            return replace(holder, i, value);
        }
        Member m = members[i];
        Embedding inner = Objects.requireNonNull(m.value);
        Object child = (Object) m.get.invokeExact(holder);
        if (child == null && value == null) {
            return holder;
        }
        Object updated = inner.put(child == null ? inner.empty() : child, path, depth + 1, value);
        return updated == child ? holder : replace(holder, i, updated);
    }

    private Object replace(Object holder, int i, @Nullable Object value) throws Throwable {
        Member m = members[i];
        if (!record) {
            if (value != null || !m.type.isPrimitive()) {
                Objects.requireNonNull(m.set).invokeExact(holder, value);
            }
            return holder;
        }
        Object[] args = new Object[members.length];
        for (int j = 0; j < args.length; j++) {
            args[j] = j == i ? value : (Object) members[j].get.invokeExact(holder);
        }
        if (args[i] == null && m.type.isPrimitive()) {
            args[i] = Schema.primitiveZero(m.type);
        }
        return (Object) constructor.invokeExact(args);
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return new IllegalStateException(e);
    }

    /** The setter of one column of an embedded value in a class model, bound as a method handle. */
    static final class Access {
        private final MethodHandle get;
        private final MethodHandle set;
        private final Embedding value;
        private final int[] path;

        Access(MethodHandle get, MethodHandle set, Embedding value, int[] path) {
            this.get = get;
            this.set = set;
            this.value = value;
            this.path = path;
        }

        void set(Object owner, @Nullable Object v) throws Throwable {
            Object child = (Object) get.invokeExact(owner);
            if (child == null && v == null) {
                return;
            }
            Object updated = value.put(child == null ? value.empty() : child, path, 0, v);
            if (updated != child) {
                set.invokeExact(owner, updated);
            }
        }
    }

    /** Reads the members of embedded types, recursively, for one {@code @Embedded} field of a model. */
    private static final class Parser {
        private final Class<?> owner;
        private final NamingStrategy naming;
        private final int first;
        private final List<Field> columns = new ArrayList<>();
        private final Set<Class<?>> visiting = new HashSet<>();

        Parser(Class<?> owner, NamingStrategy naming, int first) {
            this.owner = owner;
            this.naming = naming;
            this.first = first;
        }

        Embedding parse(String path, String prefix, Class<?> type) {
            String unfit = unfit(type);
            if (unfit != null) {
                throw fail(path, "its type " + type.getName() + " is " + unfit + "; embed a concrete class with a"
                        + " constructor without arguments, or a record");
            }
            if (!visiting.add(type)) {
                throw fail(path, type.getName() + " embeds itself; break the cycle");
            }
            MethodHandles.Lookup lookup;
            try {
                lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            } catch (IllegalAccessException e) {
                throw new InvalidModelException("cannot access " + type.getName() + ", embedded in field " + path
                        + " of " + owner.getName() + ": open its package to module dev.r2orm", e);
            }
            int start = first + columns.size();
            List<Member> members = new ArrayList<>();
            MethodHandle ctor;
            if (type.isRecord()) {
                RecordComponent[] components = type.getRecordComponents();
                Class<?>[] types = new Class<?>[components.length];
                for (int i = 0; i < components.length; i++) {
                    RecordComponent c = components[i];
                    types[i] = c.getType();
                    if (c.isAnnotationPresent(Ignore.class)) {
                        throw fail(path, "component " + c.getName() + " of record " + type.getName() + " is @Ignore,"
                                + " but a record's canonical constructor needs every component; remove @Ignore or"
                                + " use a class");
                    }
                    MethodHandle get = Schema.unreflect(type, c.getName(), () -> lookup.unreflect(c.getAccessor()));
                    members.add(member(path, prefix, type, c, c.getName(), c.getType(), c.getGenericType(), get,
                            null));
                }
                try {
                    ctor = lookup.unreflectConstructor(type.getDeclaredConstructor(types))
                            .asType(MethodType.methodType(Object.class, types))
                            .asSpreader(Object[].class, types.length);
                } catch (ReflectiveOperationException e) {
                    throw new InvalidModelException("cannot use the canonical constructor of record " + type.getName()
                            + ", embedded in field " + path + " of " + owner.getName(), e);
                }
            } else {
                for (java.lang.reflect.Field f : Schema.mappedFields(type)) {
                    MethodHandles.Lookup l = Schema.lookupFor(lookup, f.getDeclaringClass(), type);
                    MethodHandle get = Schema.unreflect(type, f.getName(), () -> l.unreflectGetter(f));
                    MethodHandle set = Schema.unreflect(type, f.getName(), () -> l.unreflectSetter(f));
                    members.add(member(path, prefix, type, f, f.getName(), f.getType(), f.getGenericType(), get,
                            set));
                }
                try {
                    ctor = lookup.findConstructor(type, MethodType.methodType(void.class))
                            .asType(MethodType.methodType(Object.class));
                } catch (NoSuchMethodException | IllegalAccessException e) {
                    throw new InvalidModelException("field " + path + " of " + owner.getName() + " is @Embedded, but "
                            + type.getName() + " has no constructor without arguments; add one (it may be private)"
                            + " or make it a record", e);
                }
            }
            if (members.isEmpty()) {
                throw fail(path, type.getName() + " has no mapped fields");
            }
            visiting.remove(type);
            return new Embedding(type.isRecord(), ctor, members, start, first + columns.size());
        }

        private Member member(String path, String prefix, Class<?> holder, AnnotatedElement element, String name,
                Class<?> type, java.lang.reflect.Type generic, MethodHandle get, @Nullable MethodHandle set) {
            String inner = path + "." + name;
            Embedded embedded = element.getAnnotation(Embedded.class);
            if (embedded != null) {
                if (element.isAnnotationPresent(Serializer.class)) {
                    throw fail(inner, "it is also @Serializer; keep one");
                }
                return new Member(get.asType(GETTER), set == null ? null : set.asType(SETTER), type, null,
                        parse(inner, prefix + embedded.prefix(), type), List.of());
            }
            if (!element.isAnnotationPresent(Serializer.class) && Schema.relationTarget(type, generic) != null) {
                throw fail(path, "its field " + name + " (" + holder.getName() + ") is an association, which an"
                        + " embedded value cannot hold; move it to " + owner.getSimpleName());
            }
            Column column = element.getAnnotation(Column.class);
            Field f;
            try {
                f = Schema.field(holder, naming, name, type, generic, column, element.getAnnotation(PrimaryKey.class),
                        0, get, set, element);
            } catch (InvalidModelException e) {
                throw new InvalidModelException("field " + path + " of " + owner.getName() + " is @Embedded: "
                        + e.getMessage(), e);
            }
            Field.Builder b = Schema.rebuild(f);
            b.name = camelCase(inner);
            b.column = prefix + f.column();
            b.index = first + columns.size();
            b.embedded = true;
            b.notNull = type.isPrimitive() ? column != null && column.notNull() : f.isNotNull();
            Field c = new Field(b);
            columns.add(c);
            return new Member(c.getterHandle(), c.setterHandle(), type, c, null, List.of());
        }

        private InvalidModelException fail(String path, String problem) {
            return new InvalidModelException("field " + path + " of " + owner.getName() + " is @Embedded, but "
                    + problem);
        }

        private static @Nullable String unfit(Class<?> type) {
            if (type.isPrimitive()) {
                return "a primitive";
            }
            if (type.isArray()) {
                return "an array";
            }
            if (Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) {
                return "a collection";
            }
            if (type.isEnum()) {
                return "an enum";
            }
            if (type.isInterface()) {
                return "an interface";
            }
            if (Modifier.isAbstract(type.getModifiers())) {
                return "abstract";
            }
            if (type.getName().startsWith("java.") || type.getName().startsWith("javax.")) {
                return "a JDK type";
            }
            return Field.isSupported(type) ? "a column type" : null;
        }

        private static String camelCase(String path) {
            StringBuilder out = new StringBuilder(path.length());
            boolean upper = false;
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                if (c == '.') {
                    upper = true;
                } else {
                    out.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return out.toString();
        }
    }
}
