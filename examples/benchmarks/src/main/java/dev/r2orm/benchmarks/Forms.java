package dev.r2orm.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The section "What each contender does" of {@code BENCHMARKS.md}: per workload, the exact form of each contender. */
final class Forms {

    private Forms() {
    }

    /** Per workload id, one line per contender or form. */
    private static final Map<String, List<String>> FORMS = new LinkedHashMap<>();

    static {
        FORMS.put("W1 c1, W1 c64", List.of(
                "r2orm: `db.model(Bench.class).first(id)`",
                "raw: `SELECT id, name, amount, flag, at FROM benches WHERE id = $1` (`?` on MariaDB), the row read"
                        + " by index into `Bench`",
                "spring: `template.selectOne(query(where(\"id\").is(id)), SpringBench.class)`",
                "jooq: `Mono.from(ctx.select(ID, NAME, AMOUNT, FLAG, AT).from(BENCHES).where(ID.eq(id)))`, the"
                        + " record read by position into `Bench`",
                "hibernate: `sessionFactory.withSession(s -> s.find(HBench.class, id))` (a session per lookup)",
                "c64: 64 of these in flight at once (`Flux.flatMap(..., 64)`), for every contender"));
        FORMS.put("W2", List.of(
                "r2orm: `db.model(Bench.class).find().collectList()` (streamed in portions of 1,000 rows)",
                "raw: `SELECT id, name, amount, flag, at FROM benches`, rows read by index",
                "spring: `template.select(SpringBench.class).all().collectList()`",
                "jooq: `Flux.from(ctx.select(ID, NAME, AMOUNT, FLAG, AT).from(BENCHES)).map(...)`",
                "hibernate: `withStatelessSession(s -> s.createSelectionQuery(\"from HBench\", HBench.class)"
                        + ".getResultList())`"));
        FORMS.put("W3", List.of(
                "r2orm: `db.model(Bench.class).find()` reduced into the sums as rows arrive",
                "raw: the `SELECT` of W2, reduced as rows arrive",
                "spring: `template.select(SpringBench.class).all()`, reduced",
                "jooq: `Flux.from(ctx.select(...).from(BENCHES))`, reduced",
                "hibernate: not run: its reactive sessions return whole lists (`getResultList`) and have no"
                        + " scroll or stream"));
        FORMS.put("W4", List.of(
                "r2orm-batches: `db.createInBatches(Flux.fromIterable(rows), 1000)`; r2orm-createAll:"
                        + " `db.createAll(rows)`; r2orm-copyIn (PostgreSQL): `db.copyIn(Bench.class, flux)`",
                "raw-values: `INSERT INTO benches (name, amount, flag, at) VALUES ($1,$2,$3,$4),(...)` of 1,000 rows"
                        + " per statement (`?` on MariaDB) on one connection, keys read back with"
                        + " `returnGeneratedValues(\"id\")`; raw-unnest (PostgreSQL): `INSERT ... SELECT * FROM"
                        + " unnest($1::text[], ...)`, four array binds per 1,000 rows; raw-copy (PostgreSQL):"
                        + " `COPY benches FROM STDIN`, no keys",
                "spring-insert (`--full` only): `template.insert(entity)` one after the other;"
                        + " spring-insertConcurrent: the same, 64 in flight",
                "jooq-values: `ctx.insertInto(BENCHES, NAME, AMOUNT, FLAG, AT).values(...)` for 1,000 rows, then"
                        + " `.returningResult(ID)`, per statement on one connection (`DSL.using(connection)`), keys"
                        + " back-filled; jOOQ's `batch` is not used: over R2DBC it returns update counts only, no"
                        + " keys",
                "hibernate-insertMultiple: `withStatelessTransaction(s -> s.insertMultiple(rows))` with"
                        + " `hibernate.jdbc.batch_size` 1000; with `IDENTITY` keys Hibernate writes one row per"
                        + " `INSERT` to read its key back, so it writes as few rows per operation as Spring Data's"
                        + " one-row forms"));
        FORMS.put("W5", List.of(
                "r2orm: `db.model(BenchParent.class).preload(\"Children\").find()`: a keyset window of up to 1,000"
                        + " parents, then `WHERE parent_id IN (...)` of their keys",
                "raw: `SELECT id, name FROM bench_parents`, then `SELECT id, parent_id, name, amount FROM"
                        + " bench_children WHERE parent_id = ANY($1)` with a `Long[]` (PostgreSQL) or `IN (?, ...)`"
                        + " of 1,000 markers (MariaDB, H2), on the same connection, children put into their"
                        + " parents' lists through a `HashMap`",
                "spring: `template.select(SpringParent.class).all()`, then `template.select(query(where(\"parent_id\")"
                        + ".in(keys)), SpringChild.class)`, grouped by hand (Spring Data R2DBC maps no associations)",
                "jooq: the same two queries on one connection, `PARENT_ID.eq(DSL.any(keys))` on PostgreSQL and"
                        + " `PARENT_ID.in(keys)` elsewhere, grouped by hand",
                "jooq-multiset: one query, `ctx.select(P_ID, P_NAME, multiset(select(C_ID, C_PARENT_ID, C_NAME,"
                        + " C_AMOUNT).from(CHILDREN).where(C_PARENT_ID.eq(P_ID)))).from(PARENTS)`, which jOOQ renders"
                        + " as a correlated JSON aggregate and decodes; it works over R2DBC on all three databases."
                        + " The jOOQ ratio is to the faster of the two jOOQ forms in each round",
                "hibernate: `withStatelessSession(s -> s.createSelectionQuery(\"select p from HParent p join fetch"
                        + " p.children\", HParent.class).getResultList())`: one query of 10,000 joined rows"));
        FORMS.put("W6", List.of(
                "r2orm: `db.model(Bench.class).where(\"id = ?\", id).update(\"amount\", v)`",
                "raw: `UPDATE benches SET amount = $1 WHERE id = $2` (`?` on MariaDB)",
                "spring: `template.update(query(where(\"id\").is(id)), Update.update(\"amount\", v),"
                        + " SpringBench.class)`",
                "jooq: `Mono.from(ctx.update(BENCHES).set(AMOUNT, v).where(ID.eq(id)))`",
                "hibernate: `withStatelessSession(s -> s.createMutationQuery(\"update HBench set amount = :amount"
                        + " where id = :id\")...executeUpdate())`",
                "64 updates in flight at once for every contender"));
    }

    /**
     * Appends the section's body.
     *
     * @param sb the report
     */
    static void append(StringBuilder sb) {
        sb.append("Every contender maps the same rows into its own class (`Bench`, `SpringBench`, `HBench`; W5:"
                + " `BenchParent`/`BenchChild`, `SpringParent`/`SpringChild`, `HParent`/`HChild`) and every result"
                + " is checked alike. jOOQ runs without code generation (`DSL.table`/`DSL.field` with types) through"
                + " `DSL.using(pool, dialect)` on its own r2dbc-pool; Hibernate Reactive runs on its own Vert.x SQL"
                + " client and pool. Hibernate Reactive has no H2 support, so it runs on PostgreSQL and MariaDB"
                + " only.\n\n");
        for (Map.Entry<String, List<String>> e : FORMS.entrySet()) {
            sb.append("**").append(e.getKey()).append("**\n\n");
            for (String line : e.getValue()) {
                sb.append("- ").append(line).append('\n');
            }
            sb.append('\n');
        }
    }
}
