package dev.r2orm.test;

import dev.r2orm.Db;
import dev.r2orm.Tx;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.commons.support.AnnotationSupport;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The JUnit 5 extension behind {@link RolledBack}: before each test it begins a transaction on the test's
 * {@code Db} and makes every publisher subscribed during the test run in it; after the test it removes the hook and
 * rolls the transaction back. Waits for the database (begin, rollback) are bounded by 30 seconds.
 */
public final class RolledBackExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            RolledBackExtension.class);
    private static final String HOOK = RolledBackExtension.class.getName();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SPRING_EXTENSION = "org.springframework.test.context.junit.jupiter.SpringExtension";
    /** The transaction of the rolled-back test running now: the hook is global, so one at a time. */
    private static final AtomicReference<@Nullable Tx> ACTIVE = new AtomicReference<>();

    /** Creates the extension; JUnit does, from {@link RolledBack}. */
    public RolledBackExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<RolledBack> settings = settings(context);
        if (settings.isEmpty() || !settings.get().value()) {
            return;
        }
        if (context.getExecutionMode() == ExecutionMode.CONCURRENT) {
            throw new ExtensionConfigurationException("@RolledBack tests must run one at a time: the transaction is"
                    + " given to every publisher subscribed during the test; annotate the class with"
                    + " @Execution(ExecutionMode.SAME_THREAD)");
        }
        Db db = findDb(context, settings.get().db());
        Tx tx = db.begin().block(TIMEOUT);
        if (tx == null) {
            throw new ExtensionConfigurationException("@RolledBack: the database gave no transaction");
        }
        if (!ACTIVE.compareAndSet(null, tx)) {
            TestTransactions.rollback(tx).block(TIMEOUT);
            throw new ExtensionConfigurationException("@RolledBack: another rolled-back test is running in this JVM;"
                    + " they must run one at a time");
        }
        context.getStore(NAMESPACE).put(Tx.class, tx);
        Function<Context, Context> inTx = tx.context();
        Hooks.onLastOperator(HOOK, publisher -> joined(publisher, inTx));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Tx tx = context.getStore(NAMESPACE).remove(Tx.class, Tx.class);
        if (tx == null) {
            return;
        }
        Hooks.resetOnLastOperator(HOOK);
        try {
            TestTransactions.rollback(tx).block(TIMEOUT);
        } finally {
            ACTIVE.compareAndSet(tx, null);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Tx.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Tx tx = context.getStore(NAMESPACE).get(Tx.class, Tx.class);
        if (tx == null) {
            throw new ParameterResolutionException("a Tx parameter needs the test to run @RolledBack");
        }
        return tx;
    }

    private static Publisher<Object> joined(Publisher<Object> publisher, Function<Context, Context> inTx) {
        if (publisher instanceof Mono<Object> mono) {
            return mono.contextWrite(inTx);
        }
        if (publisher instanceof Flux<Object> flux) {
            return flux.contextWrite(inTx);
        }
        return publisher;
    }

    private static Optional<RolledBack> settings(ExtensionContext context) {
        Optional<RolledBack> onMethod = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, RolledBack.class));
        if (onMethod.isPresent()) {
            return onMethod;
        }
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            Optional<RolledBack> onClass = AnnotationSupport.findAnnotation(type, RolledBack.class);
            if (onClass.isPresent()) {
                return onClass;
            }
        }
        return Optional.empty();
    }

    private static Db findDb(ExtensionContext context, String name) {
        if (isSpringTest(context)) {
            Db bean = SpringDbs.find(context, name);
            if (bean != null) {
                return bean;
            }
        }
        Map<String, Db> fields = new LinkedHashMap<>();
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Class<?> type = instance.getClass(); type != null && type != Object.class;
                    type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (Db.class.isAssignableFrom(field.getType()) && (name.isEmpty() || name.equals(field.getName()))) {
                        Db db = read(field, instance);
                        if (db != null) {
                            fields.putIfAbsent(field.getName(), db);
                        }
                    }
                }
            }
        }
        if (fields.size() == 1) {
            return fields.values().iterator().next();
        }
        if (fields.isEmpty()) {
            throw new ExtensionConfigurationException("@RolledBack found no " + (name.isEmpty() ? "" : "'" + name
                    + "' ") + "Db: keep it in a field of the test class (set before each test), or as a bean of a"
                    + " Spring test's application context");
        }
        throw new ExtensionConfigurationException("@RolledBack found several Db fields " + new ArrayList<>(
                fields.keySet()) + ": name one with @RolledBack(db = \"...\")");
    }

    private static @Nullable Db read(Field field, Object instance) {
        try {
            field.setAccessible(true);
            return (Db) field.get(Modifier.isStatic(field.getModifiers()) ? null : instance);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("@RolledBack cannot read the Db field " + field, e);
        }
    }

    private static boolean isSpringTest(ExtensionContext context) {
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            for (ExtendWith extendWith : AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class)) {
                for (Class<?> extension : extendWith.value()) {
                    if (extension.getName().equals(SPRING_EXTENSION)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
