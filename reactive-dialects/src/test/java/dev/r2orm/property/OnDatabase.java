package dev.r2orm.property;

import dev.r2orm.testkit.DatabaseExtension;
import dev.r2orm.testkit.TestDatabase;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * The database a group of properties runs on. The group is skipped when the server cannot be had, and fails when
 * {@code R2ORM_REQUIRE_DATABASES=true}, as a {@link dev.r2orm.testkit.DatabaseTest} would (jqwik reports an abort in
 * {@code @BeforeProperty} as an error, so the check comes first).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@AddLifecycleHook(OnDatabase.SkipWithoutServer.class)
@interface OnDatabase {

    TestDatabase value();

    /** Skips a container annotated with {@link OnDatabase} whose database is missing. */
    final class SkipWithoutServer implements SkipExecutionHook {

        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return context.findAnnotation(OnDatabase.class)
                    .flatMap(on -> DatabaseExtension.unavailable(on.value()))
                    .map(SkipResult::skip)
                    .orElse(SkipResult.doNotSkip());
        }
    }
}
