package dev.r2orm.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.InvalidModelException;
import dev.r2orm.annotation.Check;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Index;
import dev.r2orm.clause.Sql;
import dev.r2orm.schema.ConstraintDef;
import dev.r2orm.schema.IndexDef;
import dev.r2orm.testkit.DatabaseTest;
import java.time.Duration;
import reactor.test.StepVerifier;

/** The migrator's operations on single columns, indexes, constraints, tables and views, read back from the catalog. */
class MigratorObjectsIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static class Gadget {
        Long id;
        @Column(size = 40) String name;
        @Index @Column(size = 20) String sku;
        @Check(name = "chk_gadgets_weight", value = "weight >= 0") Integer weight;
        @Column(size = 10) String color;
    }

    @DatabaseTest
    void columnsIndexesConstraintsTablesAndViewsOneByOne(Db db) {
        Migrator m = db.migrator();
        m.autoMigrate(Gadget.class).block(TIMEOUT);
        assertThat(m.currentDatabase().block(TIMEOUT)).isNotBlank();
        assertThat(m.hasColumn(Gadget.class, "color").block(TIMEOUT)).isTrue();

        m.dropColumn(Gadget.class, "color").block(TIMEOUT);
        assertThat(m.hasColumn(Gadget.class, "color").block(TIMEOUT)).isFalse();
        m.addColumn(Gadget.class, "color").block(TIMEOUT);
        assertThat(m.columnTypes(Gadget.class).filter(c -> c.name().equals("color")).blockFirst(TIMEOUT).length())
                .isEqualTo(10);
        m.renameColumn(Gadget.class, "color", "colour").block(TIMEOUT);
        assertThat(m.hasColumn(Gadget.class, "colour").block(TIMEOUT)).isTrue();
        m.renameColumn(Gadget.class, "colour", "color").block(TIMEOUT);
        db.exec("ALTER TABLE gadgets DROP COLUMN name").block(TIMEOUT);
        db.exec("ALTER TABLE gadgets ADD COLUMN name varchar(5) NOT NULL DEFAULT 'x'").block(TIMEOUT);
        m.alterColumn(Gadget.class, "name").block(TIMEOUT);
        var name = m.columnTypes(Gadget.class).filter(c -> c.name().equals("name")).blockFirst(TIMEOUT);
        assertThat(name.length()).isEqualTo(40);
        assertThat(name.nullable()).isTrue();
        StepVerifier.create(m.addColumn(Gadget.class, "nothing")).expectError(InvalidModelException.class)
                .verify(TIMEOUT);

        assertThat(m.hasIndex(Gadget.class, "sku").block(TIMEOUT)).isTrue();
        assertThat(m.hasIndex(Gadget.class, "idx_gadgets_sku").block(TIMEOUT)).isTrue();
        m.renameIndex(Gadget.class, "idx_gadgets_sku", "idx_sku_renamed").block(TIMEOUT);
        assertThat(m.indexes(Gadget.class).map(IndexDef::name).collectList().block(TIMEOUT))
                .contains("idx_sku_renamed").doesNotContain("idx_gadgets_sku");
        m.dropIndex(Gadget.class, "idx_sku_renamed").block(TIMEOUT);
        assertThat(m.hasIndex(Gadget.class, "sku").block(TIMEOUT)).isFalse();
        m.createIndex(Gadget.class, "sku").block(TIMEOUT);
        assertThat(m.hasIndex(Gadget.class, "sku").block(TIMEOUT)).isTrue();

        assertThat(m.hasConstraint(Gadget.class, "chk_gadgets_weight").block(TIMEOUT)).isTrue();
        m.dropConstraint(Gadget.class, "chk_gadgets_weight").block(TIMEOUT);
        assertThat(m.hasConstraint(Gadget.class, "chk_gadgets_weight").block(TIMEOUT)).isFalse();
        m.createConstraint(Gadget.class, "chk_gadgets_weight").block(TIMEOUT);
        assertThat(m.tableInfo(Gadget.class).block(TIMEOUT).constraints()).filteredOn(
                c -> c.kind() == ConstraintDef.Kind.CHECK).extracting(ConstraintDef::name).contains("chk_gadgets_weight");
        StepVerifier.create(m.createConstraint(Gadget.class, "chk_nope")).expectError(InvalidModelException.class)
                .verify(TIMEOUT);

        m.createView("heavy_gadgets", Sql.of("SELECT id, name FROM gadgets WHERE weight > 10"), false, false)
                .block(TIMEOUT);
        assertThat(m.views().collectList().block(TIMEOUT)).contains("heavy_gadgets");
        m.createView("heavy_gadgets", Sql.of("SELECT id, name FROM gadgets WHERE weight > 20"), true, false)
                .block(TIMEOUT);
        m.dropView("heavy_gadgets").block(TIMEOUT);
        assertThat(m.views().collectList().block(TIMEOUT)).doesNotContain("heavy_gadgets");

        m.renameTable("gadgets", "gizmos").block(TIMEOUT);
        assertThat(m.tables().collectList().block(TIMEOUT)).contains("gizmos").doesNotContain("gadgets");
        m.dropTable("gizmos").block(TIMEOUT);
        assertThat(m.hasTable("gizmos").block(TIMEOUT)).isFalse();
    }
}
