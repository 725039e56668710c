package dev.r2orm;

import dev.r2orm.clause.OnConflict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * Everything but the statement that a chained call of a {@link Query} may change. Immutable; a change is a copy made
 * with {@link #with(Consumer)}, so a new option is declared here and in {@link Builder} only.
 *
 * @param unscoped whether soft-deleted rows are included and deletes are for real
 * @param selected names given to {@code select} (columns, fields, associations)
 * @param omitted names given to {@code omit}
 * @param onConflict the upsert rule of creates
 * @param attrs values of {@code firstOrInit}/{@code firstOrCreate} when no row matches
 * @param assign values of {@code firstOrInit}/{@code firstOrCreate} whether a row matches or not
 * @param contextScopes scopes applied from the subscriber's context
 * @param preloads preload paths with their conditions, in the order given
 * @param joins association joins
 * @param fetchSize rows per fetch, 0 for the session's
 * @param <T> the model type
 */
record QueryOptions<T>(boolean unscoped, Set<String> selected, Set<String> omitted, @Nullable OnConflict onConflict,
        Map<String, @Nullable Object> attrs, Map<String, @Nullable Object> assign,
        List<BiFunction<Query<T>, ContextView, Query<T>>> contextScopes,
        List<Map.Entry<String, @Nullable UnaryOperator<Query<Object>>>> preloads,
        List<AssociationJoins.Join> joins, int fetchSize) {

    /**
     * @param <T> the model type
     * @return the options of a fresh query
     */
    static <T> QueryOptions<T> none() {
        return new Builder<T>().build();
    }

    /**
     * A copy with changes: {@code options.with(b -> b.unscoped = true)}.
     *
     * @param change sets fields of a builder holding these options
     * @return the changed copy
     */
    QueryOptions<T> with(Consumer<Builder<T>> change) {
        Builder<T> b = new Builder<>(this);
        change.accept(b);
        return b.build();
    }

    /**
     * @param join an association join
     * @return a copy with the join added after the others
     */
    QueryOptions<T> join(AssociationJoins.Join join) {
        return with(b -> b.joins = appended(joins, join));
    }

    /**
     * @param path a preload path
     * @param condition narrows the last level's query, or null
     * @return a copy with the preload added after the others
     */
    QueryOptions<T> preload(String path, @Nullable UnaryOperator<Query<Object>> condition) {
        return with(b -> b.preloads = appended(preloads,
                new java.util.AbstractMap.SimpleImmutableEntry<>(path, condition)));
    }

    /**
     * @param scope a context scope
     * @return a copy with the scope added after the others
     */
    QueryOptions<T> contextScope(BiFunction<Query<T>, ContextView, Query<T>> scope) {
        return with(b -> b.contextScopes = appended(contextScopes, scope));
    }

    private static <E> List<E> appended(List<E> list, E element) {
        List<E> all = new ArrayList<>(list);
        all.add(element);
        return List.copyOf(all);
    }

    /**
     * The fields of {@link QueryOptions} as they are being changed; its fresh state is that of a fresh query.
     *
     * @param <T> the model type
     */
    static final class Builder<T> {
        boolean unscoped;
        Set<String> selected = Set.of();
        Set<String> omitted = Set.of();
        @Nullable OnConflict onConflict;
        Map<String, @Nullable Object> attrs = Map.of();
        Map<String, @Nullable Object> assign = Map.of();
        List<BiFunction<Query<T>, ContextView, Query<T>>> contextScopes = List.of();
        List<Map.Entry<String, @Nullable UnaryOperator<Query<Object>>>> preloads = List.of();
        List<AssociationJoins.Join> joins = List.of();
        int fetchSize;

        private Builder() {
        }

        private Builder(QueryOptions<T> o) {
            unscoped = o.unscoped;
            selected = o.selected;
            omitted = o.omitted;
            onConflict = o.onConflict;
            attrs = o.attrs;
            assign = o.assign;
            contextScopes = o.contextScopes;
            preloads = o.preloads;
            joins = o.joins;
            fetchSize = o.fetchSize;
        }

        private QueryOptions<T> build() {
            return new QueryOptions<>(unscoped, selected, omitted, onConflict, attrs, assign, contextScopes, preloads,
                    joins, fetchSize);
        }
    }
}
