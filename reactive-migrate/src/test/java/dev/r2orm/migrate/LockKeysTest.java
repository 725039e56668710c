package dev.r2orm.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** golang-migrate's own test vectors and the keys measured against its CLI. */
class LockKeysTest {

    @Test
    void golangMigratesTestVectors() {
        assertThat(LockKeys.id("database_name")).isEqualTo(1764327054L);
        assertThat(LockKeys.id("database_name", "schema_name_1")).isEqualTo(2453313553L);
        assertThat(LockKeys.id("database_name", "schema_name_2")).isEqualTo(235207038L);
        assertThat(LockKeys.id("database_name", "schema_name_1", "schema_name_2")).isEqualTo(3743845847L);
    }

    @Test
    void keysMeasuredOnRealServers() {
        assertThat(LockKeys.postgres("/gm_probe", "public", "schema_migrations")).isEqualTo(741320309L);
        assertThat(LockKeys.postgres("/gm_probe", "public", "alt_versions")).isEqualTo(1715029113L);
        assertThat(LockKeys.postgres("/test", "public", "schema_migrations")).isEqualTo(912609358L);
        assertThat(LockKeys.postgres("test", "public", "schema_migrations")).isEqualTo(2151868736L);
        assertThat(LockKeys.mysql("gm_probe", "schema_migrations")).isEqualTo("3709654791");
    }
}
