package dev.r2orm.plugins;

import static dev.r2orm.plugins.Library.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.Invocation;
import dev.r2orm.Plugin;
import dev.r2orm.PluginSetup;
import dev.r2orm.callbacks.Steps;
import dev.r2orm.plugins.Library.Author;
import dev.r2orm.plugins.Library.Book;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.Pools;
import dev.r2orm.testkit.TestDatabase;
import dev.r2orm.testkit.TestUrl;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The plugin API: installing, naming, failing set-up, interceptors and a connection factory wrapper. */
class PluginIntegrationTests {

    /** A plugin made of a name and a set-up. */
    private record Simple(String name, Consumer<PluginSetup> setup) implements Plugin {
        @Override
        public void initialize(PluginSetup s) {
            setup.accept(s);
        }
    }

    @DatabaseTest(TestDatabase.H2)
    void aPluginIsInstalledOnceAndNamesAreUnique(Db db) {
        Plugin audit = new Simple("audit", s -> { });
        assertThat(db.use(audit)).isSameAs(db);
        assertThat(db.plugins()).containsOnlyKeys("audit");
        assertThat(db.session(db.currentSession().withoutHooks()).plugins()).as("every view shares the plugins")
                .containsOnlyKeys("audit");

        assertThatThrownBy(() -> db.use(audit)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugin 'audit' is already installed");
        assertThatThrownBy(() -> db.use(new Simple("audit", s -> { })))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a plugin named 'audit' is already installed")
                .hasMessageContaining("plugin names must be unique");
        assertThatThrownBy(() -> db.use(new Simple(" ", s -> { }))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no name");
        assertThatThrownBy(() -> db.use(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("plugin must not be null");
        assertThat(db.plugins()).containsOnlyKeys("audit");
    }

    @DatabaseTest(TestDatabase.H2)
    void aFailingSetUpLeavesTheDatabaseAsItWas(Db db, TestDatabase target) {
        Library.create(db, target);
        List<String> before = db.callbacks().create().names();
        Queue<String> intercepted = new ConcurrentLinkedQueue<>();
        Plugin broken = new Simple("broken", s -> {
            s.callbacks().create().before(Steps.CREATE).register("broken:step", (op, rows) -> rows);
            s.intercept((call, work) -> work.doOnSubscribe(x -> intercepted.add(call.operation())));
            throw new IllegalStateException("no licence key");
        });

        assertThatThrownBy(() -> db.use(broken)).isInstanceOf(IllegalStateException.class)
                .hasMessage("no licence key");

        assertThat(db.callbacks().create().names()).isEqualTo(before);
        assertThat(db.plugins()).isEmpty();
        Library.fill(db);
        assertThat(intercepted).as("its interceptor never took effect").isEmpty();
        assertThat(db.use(new Simple("broken", s -> { })).plugins()).containsOnlyKeys("broken");
    }

    @DatabaseTest(TestDatabase.H2)
    void theSetUpIsValidOnlyWhileInitializeRuns(Db db) {
        PluginSetup[] kept = new PluginSetup[1];
        db.use(new Simple("keeper", s -> kept[0] = s));
        assertThat(kept[0].pluginName()).isEqualTo("keeper");
        assertThat(kept[0].db()).isSameAs(db);
        assertThatThrownBy(() -> kept[0].intercept((call, work) -> work)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plugin 'keeper': its setup is over");
        assertThatThrownBy(() -> kept[0].wrapConnectionFactory(f -> f)).isInstanceOf(IllegalStateException.class);
    }

    @DatabaseTest
    void aPluginsStepsRunAndConfigInstallsItAtOpen(Db db, TestDatabase target, TestUrl url) {
        Library.create(db, target);
        Plugin stamp = new Simple("stamp", s -> s.callbacks().create().before(Steps.CREATE)
                .register("stamp:title", (op, rows) -> rows.doOnNext(r -> {
                    if (r instanceof Book b) {
                        b.title = b.title + " (2nd ed.)";
                    }
                })));
        Db configured = Db.open(url.value(), target.configure(Config.builder().plugin(stamp).maxPoolSize(2)).build());
        try {
            assertThat(configured.plugins()).containsOnlyKeys("stamp");
            configured.create(new Author("Calvino", new Book("Invisible Cities"))).block(TIMEOUT);
            StepVerifier.create(db.model(Book.class).pluck("title", String.class))
                    .expectNext("Invisible Cities (2nd ed.)")
                    .verifyComplete();
        } finally {
            configured.close();
        }
    }

    /** What an interceptor saw of one operation, once it ended. */
    private record Seen(String operation, String table, boolean reads, int statements, long rows, String parent) {
        static Seen of(Invocation c) {
            return new Seen(c.operation(), c.collection().orElse("-"), c.reads(), c.statementCount(), c.rows(),
                    c.parent().map(Invocation::operation).orElse("-"));
        }
    }

    @DatabaseTest
    void anInterceptorSeesEveryOperationItsStatementsAndRows(Db db, TestDatabase target) {
        Library.create(db, target);
        Queue<Seen> seen = new ConcurrentLinkedQueue<>();
        // recorded before the end reaches the subscriber (doFinally would run after block() returned)
        db.use(new Simple("recorder", s -> s.intercept((call, work) -> work.doOnComplete(() -> seen.add(Seen.of(call))))));

        Library.fill(db);
        assertThat(seen).containsExactly(
                new Seen("create", "books", false, 1, 2, "create"),
                new Seen("create", "books", false, 1, 1, "create"),
                new Seen("create", "authors", false, 1, 2, "-"));
        seen.clear();

        db.model(Author.class).preload("books").order("id").find().then().block(TIMEOUT);
        db.model(Author.class).where("name = ?", "Lem").first().block(TIMEOUT);
        db.model(Book.class).count().block(TIMEOUT);
        db.model(Book.class).where("title LIKE ?", "The %").update("title", "A book").block(TIMEOUT);
        db.model(Book.class).where("title = ?", "Solaris").delete().block(TIMEOUT);
        db.raw("SELECT title FROM books").scan(String.class).then().block(TIMEOUT);
        db.exec("UPDATE books SET title = ? WHERE title = ?", "B", "A book").block(TIMEOUT);
        db.transaction(tx -> tx.model(Book.class).pluck("title", String.class)).then().block(TIMEOUT);

        assertThat(seen).containsExactly(
                new Seen("find", "books", true, 1, 3, "preload"),
                new Seen("preload", "books", true, 0, 0, "find"),
                new Seen("find", "authors", true, 1, 2, "-"),
                new Seen("first", "authors", true, 1, 1, "-"),
                new Seen("count", "books", true, 1, 1, "-"),
                new Seen("update", "books", false, 1, 2, "-"),
                new Seen("delete", "books", false, 1, 1, "-"),
                new Seen("raw", "-", true, 1, 2, "-"),
                new Seen("exec", "-", false, 1, 2, "-"),
                new Seen("pluck", "books", true, 1, 2, "transaction"),
                new Seen("transaction", "-", false, 0, 0, "-"));
        StepVerifier.create(db.model(Book.class).order("id").pluck("title", String.class))
                .expectNext("B", "B").verifyComplete();
    }

    @DatabaseTest
    void aConnectionFactoryWrapperChoosesByTheOperationsContext(Db db, TestDatabase target) {
        Library.create(db, target);
        Library.fill(db);
        Queue<String> routes = new ConcurrentLinkedQueue<>();
        db.use(new Simple("router", s -> s
                .intercept((call, work) -> work.contextWrite(ctx -> ctx.put("route",
                        call.reads() ? "read" : "write")))
                .wrapConnectionFactory(pool -> new Routed(pool, routes))));
        assertThat(db.connectionFactory()).as("the pool is still the database's factory")
                .isInstanceOf(io.r2dbc.pool.ConnectionPool.class);

        db.model(Author.class).count().block(TIMEOUT);
        db.model(Book.class).where("title = ?", "Solaris").update("title", "Solaris!").block(TIMEOUT);
        db.transaction(tx -> tx.model(Book.class).count()).then().block(TIMEOUT);
        db.begin().flatMap(tx -> tx.commit()).block(TIMEOUT);

        assertThat(routes).containsExactly("read", "write", "write", "none");
        Pools.awaitIdle(db, Duration.ofSeconds(10));
    }

    /** A factory that records the route in the context of each connection it is asked for. */
    private record Routed(ConnectionFactory pool, Queue<String> routes) implements ConnectionFactory {
        @Override
        public Publisher<? extends Connection> create() {
            return Mono.deferContextual(ctx -> {
                routes.add(ctx.getOrDefault("route", "none"));
                return Mono.from(pool.create());
            });
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return pool.getMetadata();
        }
    }

    @DatabaseTest(TestDatabase.H2)
    void pluginsInstalledFirstAreOutermost(Db db, TestDatabase target) {
        Library.create(db, target);
        Queue<String> order = new ConcurrentLinkedQueue<>();
        db.use(new Simple("a", s -> s.intercept((call, work) -> Flux.defer(() -> {
            order.add("a");
            return work;
        }))));
        db.use(new Simple("b", s -> s.intercept((call, work) -> Flux.defer(() -> {
            order.add("b");
            return work;
        }))));
        db.model(Author.class).count().block(TIMEOUT);
        assertThat(order).containsExactly("a", "b");
        assertThat(db.plugins().keySet()).containsExactly("a", "b");
        assertThat(Map.copyOf(db.plugins())).hasSize(2);
    }

    @DatabaseTest(TestDatabase.H2)
    void closingTheDatabaseClosesItsPluginsLastInstalledFirst(TestDatabase target, TestUrl url) {
        Queue<String> closed = new ConcurrentLinkedQueue<>();
        Plugin first = new Closing("first", closed);
        Plugin second = new Closing("second", closed);
        Config config = target.configure(Config.builder().plugin(first).plugin(second)).build();
        assertThat(config.toBuilder().build().plugins()).containsExactly(first, second);
        assertThat(config.toBuilder().clearPlugins().build().plugins()).isEmpty();
        assertThat(config.toBuilder().build().acquireTimeout()).isEqualTo(config.acquireTimeout());

        Db.open(url.value(), config).close();
        assertThat(closed).containsExactly("second", "first");

        closed.clear();
        StepVerifier.create(Db.open(url.value(), config).closeLater()).verifyComplete();
        assertThat(closed).containsExactly("second", "first");
    }

    /** A plugin that records its close. */
    private record Closing(String name, Queue<String> closed) implements Plugin {
        @Override
        public void initialize(PluginSetup setup) {
        }

        @Override
        public void close() {
            closed.add(name);
        }
    }
}
