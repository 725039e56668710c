package dev.r2orm.examples.quickstart;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.annotation.Column;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * r2orm in one file: creates a table on embedded H2, inserts rows, queries them, and prints each statement.
 * Run it with {@code mvn -q -pl examples/quickstart -am package -DskipTests -Drun}.
 */
public final class Quickstart {

    /** A model: table {@code users}, primary key {@code id}, {@code createdAt} set on insert. */
    public static class User {
        Long id;
        @Column(size = 100, notNull = true)
        String name;
        @Column(size = 200, unique = true)
        String email;
        int age;
        Instant createdAt;

        User() {
        }

        User(String name, String email, int age) {
            this.name = name;
            this.email = email;
            this.age = age;
        }

        @Override
        public String toString() {
            return "User{id=" + id + ", name=" + name + ", email=" + email + ", age=" + age + "}";
        }
    }

    private Quickstart() {
    }

    /**
     * Runs the quickstart and prints to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the quickstart on a fresh in-memory H2 database.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        Config config = Config.builder()
                .logger((sql, elapsed, rows, error, context) -> out.println("  SQL> " + sql.sql()))
                .build();
        try (Db db = Db.open("r2dbc:h2:mem:///quickstart", config)) {
            Mono<Void> demo = db.migrator().autoMigrate(User.class)
                    .then(db.create(new User("Alice", "alice@example.com", 31)))
                    .doOnNext(u -> out.println("created " + u))
                    .thenMany(db.createAll(List.of(
                            new User("Bob", "bob@example.com", 17),
                            new User("Carol", "carol@example.com", 45))))
                    .doOnNext(u -> out.println("created " + u))
                    .thenMany(db.model(User.class).where("age >= ?", 18).order("name").find())
                    .doOnNext(u -> out.println("adult: " + u))
                    .then(db.model(User.class).count())
                    .doOnNext(n -> out.println("users: " + n))
                    .then(db.model(User.class).where("email = ?", "bob@example.com").first())
                    .doOnNext(u -> out.println("first with bob's email: " + u))
                    .then();
            demo.block(Duration.ofSeconds(30));
        }
    }
}
