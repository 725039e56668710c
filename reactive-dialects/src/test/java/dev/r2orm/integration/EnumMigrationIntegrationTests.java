package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.annotation.DatabaseEnum;
import dev.r2orm.annotation.EnumLabel;
import dev.r2orm.annotation.Table;
import dev.r2orm.migrator.Difference;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import reactor.test.StepVerifier;

/**
 * A {@code @DatabaseEnum} is migrated as the database's own enum: a PostgreSQL type AutoMigrate creates before the
 * table and extends when the Java enum gains a constant, an {@code ENUM(...)} column on MariaDB and H2.
 */
class EnumMigrationIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @DatabaseEnum("ticket_state")
    enum State { OPEN, @EnumLabel("in progress") IN_PROGRESS, CLOSED }

    /** The same database type, one constant later. */
    @DatabaseEnum("ticket_state")
    enum StateV2 { OPEN, @EnumLabel("in progress") IN_PROGRESS, @EnumLabel("on hold") ON_HOLD, CLOSED }

    @Table("tickets")
    static class Ticket {
        Long id;
        String title;
        State state;
    }

    @Table("tickets")
    static class TicketV2 {
        Long id;
        String title;
        StateV2 state;
    }

    private static String columnTypeSql(TestDatabase target) {
        return switch (target) {
            case POSTGRESQL -> "SELECT udt_name FROM information_schema.columns WHERE table_schema = current_schema()"
                    + " AND table_name = 'tickets' AND column_name = 'state'";
            case H2 -> "SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema()"
                    + " AND table_name = 'tickets' AND column_name = 'state'";
            default -> "SELECT column_type FROM information_schema.columns WHERE table_schema = database()"
                    + " AND table_name = 'tickets' AND column_name = 'state'";
        };
    }

    @DatabaseTest
    void autoMigrateCreatesTheEnumTypeAndExtendsItWithNewConstants(Db db, TestDatabase target) {
        if (target == TestDatabase.POSTGRESQL) {
            db.exec("DROP TYPE IF EXISTS ticket_state CASCADE").block(TIMEOUT);
        }
        db.migrator().autoMigrate(Ticket.class).block(TIMEOUT);
        StepVerifier.create(db.raw(columnTypeSql(target)).scan(String.class))
                .assertNext(type -> assertThat(type.toLowerCase()).isIn("ticket_state", "enum",
                        "enum('open','in progress','closed')"))
                .verifyComplete();
        Ticket t = new Ticket();
        t.title = "printer on fire";
        t.state = State.IN_PROGRESS;
        db.create(t).block(TIMEOUT);
        StepVerifier.create(db.raw("SELECT count(*) FROM tickets WHERE state = 'in progress'").scan(Long.class))
                .expectNext(1L).verifyComplete();
        StepVerifier.create(db.migrator().plan(Ticket.class)).assertNext(p -> assertThat(p.changes()).isEmpty())
                .verifyComplete();
        StepVerifier.create(db.exec("INSERT INTO tickets (title, state) VALUES ('x', 'on hold')"))
                .expectError().verify(TIMEOUT);

        StepVerifier.create(db.migrator().plan(TicketV2.class).map(p -> p.changes().size())).expectNext(1)
                .verifyComplete();
        db.migrator().autoMigrate(TicketV2.class).block(TIMEOUT);
        TicketV2 held = new TicketV2();
        held.title = "paper jam";
        held.state = StateV2.ON_HOLD;
        db.create(held).block(TIMEOUT);
        StepVerifier.create(db.model(TicketV2.class).order("id").find().map(r -> r.state))
                .expectNext(StateV2.IN_PROGRESS, StateV2.ON_HOLD).verifyComplete();
        StepVerifier.create(db.model(TicketV2.class).where("state = ?", StateV2.ON_HOLD).count()).expectNext(1L)
                .verifyComplete();
        StepVerifier.create(db.migrator().plan(TicketV2.class)).assertNext(p -> assertThat(p.changes()).isEmpty())
                .verifyComplete();
        if (target == TestDatabase.POSTGRESQL) {
            StepVerifier.create(db.raw("SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid"
                            + " WHERE t.typname = 'ticket_state' ORDER BY e.enumsortorder").scan(String.class)
                            .collectList())
                    .expectNext(List.of("OPEN", "in progress", "on hold", "CLOSED")).verifyComplete();
            // a label the Java enum lost is reported, never dropped
            StepVerifier.create(db.migrator().validate(Ticket.class).map(Difference::kind))
                    .expectNext(Difference.Kind.ENUM_LABELS).verifyComplete();
        }
    }
}
