package dev.r2orm.benchmarks;

import static org.springframework.data.relational.core.query.Criteria.where;
import static org.springframework.data.relational.core.query.Query.query;

import io.r2dbc.pool.ConnectionPool;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.r2dbc.core.DefaultReactiveDataAccessStrategy;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.dialect.H2Dialect;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.data.relational.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Spring Data R2DBC's {@link R2dbcEntityTemplate} on the contender's pool, mapping {@link SpringBench}. */
final class SpringContender extends Contender {

    private final R2dbcEntityTemplate template;
    private List<SpringBench> toInsert = List.of();

    SpringContender(String db, ConnectionPool pool) {
        super(db, pool);
        this.template = "h2".equals(db) ? h2(pool) : new R2dbcEntityTemplate(pool);
    }

    /**
     * On H2 the benchmarks' database folds names to lower case ({@code DATABASE_TO_LOWER=TRUE}, as r2orm opens H2),
     * while Spring Data's H2 dialect quotes them in upper case: give it lower-case quoting.
     */
    private static R2dbcEntityTemplate h2(ConnectionPool pool) {
        H2Dialect dialect = new H2Dialect() {
            @Override
            public IdentifierProcessing getIdentifierProcessing() {
                return IdentifierProcessing.create(IdentifierProcessing.Quoting.ANSI,
                        IdentifierProcessing.LetterCasing.LOWER_CASE);
            }
        };
        DatabaseClient client = DatabaseClient.builder().connectionFactory(pool)
                .bindMarkers(dialect.getBindMarkersFactory()).build();
        return new R2dbcEntityTemplate(client, new DefaultReactiveDataAccessStrategy(dialect));
    }

    @Override
    Mono<Long> lookup(long id) {
        return template.selectOne(query(where("id").is(id)), SpringBench.class)
                .map(b -> Data.check(id, b.id, b.name, b.amount, b.flag, b.at));
    }

    @Override
    Mono<Data.Summary> readAll() {
        return template.select(SpringBench.class).all().collectList().map(Data.Summary::ofSpring);
    }

    @Override
    Mono<Data.Summary> stream() {
        return template.select(SpringBench.class).all()
                .reduce(new Data.Summary(), (s, b) -> s.add(b.id, b.name, b.amount, b.flag, b.at));
    }

    /**
     * Spring Data R2DBC maps no associations: the parents with {@code template.select(SpringParent.class).all()},
     * then their children with {@code template.select(query(where("parent_id").in(keys)), SpringChild.class)}, put
     * into their parents' lists by hand.
     */
    @Override
    Mono<Families.Summary> preload() {
        return template.select(SpringParent.class).all().collectList().flatMap(parents -> {
            java.util.Map<Long, SpringParent> byKey = new java.util.HashMap<>(parents.size() * 2);
            for (SpringParent p : parents) {
                byKey.put(p.id, p);
            }
            return template.select(query(where("parent_id").in(byKey.keySet())), SpringChild.class)
                    .doOnNext(c -> byKey.get(c.parentId).children.add(c))
                    .then(Mono.fromSupplier(() -> {
                        Families.Summary s = new Families.Summary();
                        for (SpringParent p : parents) {
                            s.parent(p.name);
                            for (SpringChild c : p.children) {
                                s.child(p.id, c.parentId, c.name, c.amount);
                            }
                        }
                        return s;
                    }));
        });
    }

    /** W5's parent as Spring Data maps it, table {@code bench_parents}; its children are not mapped. */
    @Table("bench_parents")
    public static class SpringParent {
        /** The primary key. */
        @Id
        public @Nullable Long id;
        /** A short text. */
        public @Nullable String name;
        /** The children, filled by hand. */
        @Transient
        public final List<SpringChild> children = new ArrayList<>(Families.CHILDREN);

        /** An empty row, for the mapper. */
        public SpringParent() {
        }
    }

    /** W5's child as Spring Data maps it, table {@code bench_children}. */
    @Table("bench_children")
    public static class SpringChild {
        /** The primary key. */
        @Id
        public @Nullable Long id;
        /** The parent's key, column {@code parent_id}. */
        public long parentId;
        /** A short text. */
        public @Nullable String name;
        /** The column W5 sums. */
        public long amount;

        /** An empty row, for the mapper. */
        public SpringChild() {
        }
    }

    @Override
    Mono<Long> update(long id, long amount) {
        return template.update(query(where("id").is(id)), Update.update("amount", amount), SpringBench.class);
    }

    @Override
    void prepareInsert(int rows) {
        List<SpringBench> list = new ArrayList<>(rows);
        for (int i = 1; i <= rows; i++) {
            list.add(SpringBench.of(i));
        }
        toInsert = list;
    }

    /**
     * {@code insert}: {@code template.insert} one entity after the other, as a repository's {@code saveAll} does;
     * {@code insertConcurrent}: the same with {@value Databases#POOL_SIZE} inserts in flight, the fastest Spring Data
     * gets without SQL of one's own.
     */
    @Override
    Mono<Long> insert(String form) {
        Flux<SpringBench> rows = Flux.fromIterable(toInsert);
        Flux<SpringBench> written = switch (form) {
            case "insert" -> rows.concatMap(template::insert);
            case "insertConcurrent" -> rows.flatMap(template::insert, Databases.POOL_SIZE);
            default -> throw new IllegalArgumentException("Spring Data has no insert form " + form);
        };
        return written.filter(b -> b.id != null).count();
    }
}
