package dev.r2orm.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Db;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * r2orm's transactions with no Spring class on the class path (spring-r2dbc is an optional dependency of
 * reactive-core, absent here): commit, rollback and savepoints work as they do beside Spring.
 */
class WithoutSpringTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void transactionsNeedNoSpring() {
        assertThatThrownBy(() -> Class.forName("org.springframework.transaction.reactive.TransactionContext"))
                .isInstanceOf(ClassNotFoundException.class);
        Db db = Db.open("r2dbc:h2:mem:///without_spring?options=DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
        try {
            db.exec("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(20))").block(TIMEOUT);
            db.transaction(tx -> tx.exec("INSERT INTO notes VALUES (1, 'kept')")
                    .then(tx.transaction(inner -> inner.exec("INSERT INTO notes VALUES (2, 'savepoint')")
                            .then(Mono.error(new IllegalStateException("inner")))).then()
                            .onErrorResume(IllegalStateException.class, e -> Mono.empty()))).blockLast(TIMEOUT);
            assertThatThrownBy(() -> db.transaction(tx -> tx.exec("INSERT INTO notes VALUES (3, 'rolled back')")
                    .then(Mono.error(new IllegalStateException("outer")))).blockLast(TIMEOUT))
                    .hasMessageContaining("outer");
            assertThat(db.raw("SELECT body FROM notes ORDER BY id").scan(String.class).collectList().block(TIMEOUT))
                    .containsExactly("kept");
        } finally {
            db.close();
        }
    }
}
