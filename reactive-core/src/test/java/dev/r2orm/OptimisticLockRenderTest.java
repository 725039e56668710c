package dev.r2orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.annotation.Version;
import dev.r2orm.clause.Sql;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The SQL of updates and deletes of a model with a {@code @Version}, rendered without a database. */
class OptimisticLockRenderTest {

    static class Doc {
        Long id;
        String title;
        @Version
        int version;
    }

    static class Memo {
        Long id;
        String text;
        @Version
        Instant revised;
    }

    private final List<Sql> logged = new CopyOnWriteArrayList<>();

    private Db dryRun() {
        return Db.open(NoDatabase.INSTANCE, Config.builder().dialect(new TestDialect())
                .logger((sql, elapsed, rows, error, ctx) -> logged.add(sql))
                .session(Session.builder().dryRun(true).build()).build());
    }

    private static Doc doc(long id, int version) {
        Doc d = new Doc();
        d.id = id;
        d.title = "t";
        d.version = version;
        return d;
    }

    @Test
    void saveRequiresTheEntitysVersionAndMovesItOn() {
        Doc d = doc(3, 5);
        try (Db db = dryRun()) {
            db.save(d).block();
        }
        assertThat(logged.get(0).sql()).isEqualTo("UPDATE \"docs\" SET \"title\"=$1,\"version\"=COALESCE(\"version\",0)+1"
                + " WHERE \"docs\".\"id\" = $2 AND \"docs\".\"version\" = $3");
        assertThat(logged.get(0).binds()).containsExactly("t", 3L, 5);
        assertThat(d.version).isEqualTo(5); // nothing ran: the entity keeps its version
    }

    @Test
    void updatesOfAnEntityAreCheckedAndItsValuesVersionIsNeverWritten() {
        Doc values = doc(9, 42);
        values.id = null;
        try (Db db = dryRun()) {
            db.model(doc(3, 5)).update("title", "x").block();
            db.model(doc(3, 5)).updates(values).block();
        }
        String sql = "UPDATE \"docs\" SET \"title\"=$1,\"version\"=COALESCE(\"version\",0)+1"
                + " WHERE \"docs\".\"id\" = $2 AND \"docs\".\"version\" = $3";
        assertThat(logged).extracting(Sql::sql).containsExactly(sql, sql);
        assertThat(logged.get(0).binds()).containsExactly("x", 3L, 5);
        assertThat(logged.get(1).binds()).containsExactly("t", 3L, 5);
    }

    @Test
    void updateColumnsNeitherCheckNorMoveTheVersionAndUpdatesWithoutAnEntityOnlyMoveIt() {
        try (Db db = dryRun()) {
            db.model(doc(3, 5)).updateColumn("title", "x").block();
            db.model(Doc.class).where("title = ?", "a").updates(Map.of("title", "b")).block();
            db.model(doc(3, 0)).update("title", "c").block();
            db.model(doc(3, 5)).updates(Map.of("version", 9)).block();
        }
        assertThat(logged).extracting(Sql::sql).containsExactly(
                "UPDATE \"docs\" SET \"title\"=$1 WHERE \"docs\".\"id\" = $2",
                "UPDATE \"docs\" SET \"title\"=$1,\"version\"=COALESCE(\"version\",0)+1 WHERE title = $2",
                "UPDATE \"docs\" SET \"title\"=$1,\"version\"=COALESCE(\"version\",0)+1 WHERE \"docs\".\"id\" = $2",
                "UPDATE \"docs\" SET \"version\"=$1 WHERE \"docs\".\"id\" = $2 AND \"docs\".\"version\" = $3");
    }

    @Test
    void deleteOfAnEntityIsCheckedAndCreateStartsAtOne() {
        Doc fresh = new Doc();
        fresh.title = "n";
        try (Db db = dryRun()) {
            db.delete(doc(3, 5)).block();
            db.model(Doc.class).where("id = ?", 4).delete().block();
            db.create(fresh).block();
        }
        assertThat(logged.get(0).sql()).isEqualTo("DELETE FROM \"docs\" WHERE \"docs\".\"id\" = $1 AND"
                + " \"docs\".\"version\" = $2");
        assertThat(logged.get(0).binds()).containsExactly(3L, 5);
        assertThat(logged.get(1).sql()).isEqualTo("DELETE FROM \"docs\" WHERE id = $1");
        assertThat(logged.get(2).sql()).isEqualTo("INSERT INTO \"docs\" (\"title\",\"version\") VALUES ($1,$2)"
                + " RETURNING \"id\"");
        assertThat(logged.get(2).binds()).containsExactly("n", 1);
        assertThat(fresh.version).isEqualTo(1);
    }

    @Test
    void aTimestampVersionIsBoundAndLaterThanTheExpectedOne() {
        Memo m = new Memo();
        m.id = 1L;
        m.text = "a";
        m.revised = Instant.now().plusSeconds(3600); // a clock behind the version: it still moves on
        try (Db db = dryRun()) {
            db.model(m).update("text", "b").block();
        }
        assertThat(logged.get(0).sql()).isEqualTo("UPDATE \"memos\" SET \"text\"=$1,\"revised\"=$2"
                + " WHERE \"memos\".\"id\" = $3 AND \"memos\".\"revised\" = $4");
        assertThat(logged.get(0).binds()).containsExactly("b", m.revised.plusNanos(1000), 1L, m.revised);
    }
}
