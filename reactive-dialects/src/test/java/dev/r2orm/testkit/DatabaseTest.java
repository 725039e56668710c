package dev.r2orm.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs one test body once per database: H2, PostgreSQL and MariaDB by default. The method takes a
 * {@link dev.r2orm.Db} (a fresh pool on an emptied database) and may take the {@link TestDatabase} and the
 * {@link TestUrl} the {@code Db} was opened with.
 *
 * <pre>{@code
 * @DatabaseTest
 * void createsAndReadsBack(Db db) {
 *     StepVerifier.create(db.migrator().autoMigrate(User.class).then(db.create(new User("Ann"))))
 *             .assertNext(u -> assertThat(u.id).isPositive())
 *             .verifyComplete();
 * }
 * }</pre>
 *
 * <p>After each run the pool must be idle: a connection still acquired fails the test that leaked it. A database that
 * cannot be found is skipped with a loud line, or fails the test when {@code R2ORM_REQUIRE_DATABASES=true}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith(DatabaseExtension.class)
public @interface DatabaseTest {

    /**
     * The databases to run on.
     *
     * @return the targets
     */
    TestDatabase[] value() default {TestDatabase.H2, TestDatabase.POSTGRESQL, TestDatabase.MARIADB};
}
