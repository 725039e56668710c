package dev.r2orm.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.InvalidModelException;
import dev.r2orm.Session;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.clause.Sql;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.h2.H2Dialect;
import dev.r2orm.dialect.mysql.MySqlDialect;
import dev.r2orm.dialect.postgres.PostgresDialect;
import dev.r2orm.internal.Executor;
import dev.r2orm.logger.Logger;
import dev.r2orm.schema.NamingStrategy;
import dev.r2orm.schema.SchemaCache;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

class DdlRenderTest {

    private static final ConnectionFactory NO_DATABASE = new ConnectionFactory() {
        @Override
        public Publisher<? extends Connection> create() {
            return Mono.error(new IllegalStateException("no database in a render test"));
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return new ConnectionFactoryMetadata() {
                @Override
                public String getName() {
                    return "none";
                }
            };
        }
    };

    static class Product {
        Long id;
        String name;
        int stock;
        boolean active;
        @Column(name = "sku_code", unique = true) String sku;
        @Column(defaultValue = "'draft'", size = 20) String state;
        @Column(defaultValue = "0") int rating;
        @Column(notNull = true) Long ownerId;
        Instant createdAt;
    }

    static class Membership {
        @PrimaryKey Long userId;
        @PrimaryKey Long groupId;
        String role;
    }

    static class Tag {
        Integer id;
        String label;
    }

    static class Country {
        String id;
        String name;
    }

    static class Document {
        Long id;
        @Column(type = "jsonb") String body;
        UUID ref;
    }

    static class Setting {
        Long id;
        @Column(defaultValue = "'x'") String value;
    }

    static class WithChar {
        Long id;
        @Column(name = "x") Character letter;
    }

    private static Migrator migrator(Dialect dialect) {
        Executor executor = new Executor(NO_DATABASE, dialect, Logger.silent(), Duration.ofSeconds(1));
        return new Migrator(executor, new SchemaCache(NamingStrategy.defaults()), Session.DEFAULT, true);
    }

    private static String ddl(Dialect dialect, Class<?> model) {
        Sql sql = migrator(dialect).createTableSql(model);
        assertThat(sql.binds()).isEmpty();
        return sql.sql();
    }

    static Stream<Arguments> products() {
        return Stream.of(
                Arguments.of(new PostgresDialect(), "CREATE TABLE IF NOT EXISTS \"products\" ("
                        + "\"id\" bigserial,"
                        + "\"name\" text,"
                        + "\"stock\" integer NOT NULL,"
                        + "\"active\" boolean NOT NULL,"
                        + "\"sku_code\" text UNIQUE,"
                        + "\"state\" varchar(20) DEFAULT 'draft',"
                        + "\"rating\" integer NOT NULL DEFAULT 0,"
                        + "\"owner_id\" bigint NOT NULL,"
                        + "\"created_at\" timestamp(6) with time zone,"
                        + "PRIMARY KEY (\"id\"))"),
                Arguments.of(MySqlDialect.mysql(), "CREATE TABLE IF NOT EXISTS `products` ("
                        + "`id` bigint AUTO_INCREMENT,"
                        + "`name` longtext,"
                        + "`stock` int NOT NULL,"
                        + "`active` boolean NOT NULL,"
                        + "`sku_code` varchar(255) UNIQUE,"
                        + "`state` varchar(20) DEFAULT 'draft',"
                        + "`rating` int NOT NULL DEFAULT 0,"
                        + "`owner_id` bigint NOT NULL,"
                        + "`created_at` datetime(6),"
                        + "PRIMARY KEY (`id`))"),
                Arguments.of(MySqlDialect.mariaDb(), "CREATE TABLE IF NOT EXISTS `products` ("
                        + "`id` bigint AUTO_INCREMENT,"
                        + "`name` longtext,"
                        + "`stock` int NOT NULL,"
                        + "`active` boolean NOT NULL,"
                        + "`sku_code` varchar(255) UNIQUE,"
                        + "`state` varchar(20) DEFAULT 'draft',"
                        + "`rating` int NOT NULL DEFAULT 0,"
                        + "`owner_id` bigint NOT NULL,"
                        + "`created_at` datetime(6),"
                        + "PRIMARY KEY (`id`))"),
                Arguments.of(new H2Dialect(), "CREATE TABLE IF NOT EXISTS \"products\" ("
                        + "\"id\" bigint generated by default as identity,"
                        + "\"name\" varchar,"
                        + "\"stock\" integer NOT NULL,"
                        + "\"active\" boolean NOT NULL,"
                        + "\"sku_code\" varchar UNIQUE,"
                        + "\"state\" varchar(20) DEFAULT 'draft',"
                        + "\"rating\" integer NOT NULL DEFAULT 0,"
                        + "\"owner_id\" bigint NOT NULL,"
                        + "\"created_at\" timestamp(6) with time zone,"
                        + "PRIMARY KEY (\"id\"))"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void createTableWithAutoIncrementIdDefaultsUniqueAndNotNull(Dialect dialect, String expected) {
        assertThat(ddl(dialect, Product.class)).isEqualTo(expected);
    }

    static Stream<Arguments> memberships() {
        return Stream.of(
                Arguments.of(new PostgresDialect(), "CREATE TABLE IF NOT EXISTS \"memberships\" ("
                        + "\"user_id\" bigint NOT NULL,\"group_id\" bigint NOT NULL,\"role\" text,"
                        + "PRIMARY KEY (\"user_id\",\"group_id\"))"),
                Arguments.of(MySqlDialect.mysql(), "CREATE TABLE IF NOT EXISTS `memberships` ("
                        + "`user_id` bigint NOT NULL,`group_id` bigint NOT NULL,`role` longtext,"
                        + "PRIMARY KEY (`user_id`,`group_id`))"),
                Arguments.of(new H2Dialect(), "CREATE TABLE IF NOT EXISTS \"memberships\" ("
                        + "\"user_id\" bigint NOT NULL,\"group_id\" bigint NOT NULL,\"role\" varchar,"
                        + "PRIMARY KEY (\"user_id\",\"group_id\"))"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memberships")
    void compositePrimaryKeyHasNoAutoIncrementPart(Dialect dialect, String expected) {
        assertThat(ddl(dialect, Membership.class)).isEqualTo(expected);
    }

    static Stream<Arguments> tags() {
        return Stream.of(
                Arguments.of(new PostgresDialect(),
                        "CREATE TABLE IF NOT EXISTS \"tags\" (\"id\" serial,\"label\" text,PRIMARY KEY (\"id\"))"),
                Arguments.of(MySqlDialect.mysql(),
                        "CREATE TABLE IF NOT EXISTS `tags` (`id` int AUTO_INCREMENT,`label` longtext,PRIMARY KEY (`id`))"),
                Arguments.of(new H2Dialect(), "CREATE TABLE IF NOT EXISTS \"tags\" ("
                        + "\"id\" integer generated by default as identity,\"label\" varchar,PRIMARY KEY (\"id\"))"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tags")
    void integerIdUsesTheIntegerAutoIncrementType(Dialect dialect, String expected) {
        assertThat(ddl(dialect, Tag.class)).isEqualTo(expected);
    }

    static Stream<Arguments> countries() {
        return Stream.of(
                Arguments.of(new PostgresDialect(), "CREATE TABLE IF NOT EXISTS \"countries\" ("
                        + "\"id\" text NOT NULL,\"name\" text,PRIMARY KEY (\"id\"))"),
                Arguments.of(MySqlDialect.mysql(), "CREATE TABLE IF NOT EXISTS `countries` ("
                        + "`id` varchar(255) NOT NULL,`name` longtext,PRIMARY KEY (`id`))"),
                Arguments.of(new H2Dialect(), "CREATE TABLE IF NOT EXISTS \"countries\" ("
                        + "\"id\" varchar NOT NULL,\"name\" varchar,PRIMARY KEY (\"id\"))"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("countries")
    void stringPrimaryKeyIsNotNullAndIndexable(Dialect dialect, String expected) {
        assertThat(ddl(dialect, Country.class)).isEqualTo(expected);
    }

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of(new PostgresDialect(), "CREATE TABLE IF NOT EXISTS \"documents\" ("
                        + "\"id\" bigserial,\"body\" jsonb,\"ref\" uuid,PRIMARY KEY (\"id\"))"),
                Arguments.of(MySqlDialect.mysql(), "CREATE TABLE IF NOT EXISTS `documents` ("
                        + "`id` bigint AUTO_INCREMENT,`body` jsonb,`ref` char(36),PRIMARY KEY (`id`))"),
                Arguments.of(new H2Dialect(), "CREATE TABLE IF NOT EXISTS \"documents\" ("
                        + "\"id\" bigint generated by default as identity,\"body\" jsonb,\"ref\" uuid,"
                        + "PRIMARY KEY (\"id\"))"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void explicitColumnTypeIsPassedThroughAndUuidMapsPerDialect(Dialect dialect, String expected) {
        assertThat(ddl(dialect, Document.class)).isEqualTo(expected);
    }

    @Test
    void stringWithDefaultOnPostgresAndH2KeepsTheTextType() {
        assertThat(ddl(new PostgresDialect(), Setting.class)).isEqualTo(
                "CREATE TABLE IF NOT EXISTS \"settings\" (\"id\" bigserial,\"value\" text DEFAULT 'x',"
                        + "PRIMARY KEY (\"id\"))");
        assertThat(ddl(new H2Dialect(), Setting.class)).isEqualTo(
                "CREATE TABLE IF NOT EXISTS \"settings\" (\"id\" bigint generated by default as identity,"
                        + "\"value\" varchar DEFAULT 'x',PRIMARY KEY (\"id\"))");
    }

    @Test
    void stringWithDefaultOnMySqlIsAVarcharBecauseTextCannotHaveADefault() {
        assertThat(ddl(MySqlDialect.mysql(), Setting.class)).isEqualTo(
                "CREATE TABLE IF NOT EXISTS `settings` (`id` bigint AUTO_INCREMENT,`value` varchar(255) DEFAULT 'x',"
                        + "PRIMARY KEY (`id`))");
    }

    @Test
    void typelessFieldIsRejectedNamingTheFieldAndTheFix() {
        assertThatThrownBy(() -> ddl(new PostgresDialect(), WithChar.class))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("letter")
                .hasMessageContaining("@Ignore");
    }
}
