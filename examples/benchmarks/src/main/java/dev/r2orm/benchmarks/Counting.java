package dev.r2orm.benchmarks;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * A connection factory that counts what reaches the database: every {@code execute()} of a {@code Statement} or
 * {@code Batch} and every {@code copyIn} of a PostgreSQL connection. Connections and statements are wrapped in
 * {@link Proxy}s that implement every public interface of the driver's object (so a pooled connection still unwraps,
 * through {@link Wrapped}, to something that is a {@code PostgresqlConnection}). Every contender pays the same small
 * cost per call.
 */
final class Counting implements ConnectionFactory, Wrapped<ConnectionFactory> {

    private static final LongAdder STATEMENTS = new LongAdder();
    private static final LongAdder COPIES = new LongAdder();

    private final ConnectionFactory delegate;

    Counting(ConnectionFactory delegate) {
        this.delegate = delegate;
    }

    /** @return statements executed in this JVM since the last {@link #reset()} */
    static long statements() {
        return STATEMENTS.sum();
    }

    /** @return COPY operations started in this JVM since the last {@link #reset()} */
    static long copies() {
        return COPIES.sum();
    }

    /** Sets both counters to zero. */
    static void reset() {
        STATEMENTS.reset();
        COPIES.reset();
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Flux.from(delegate.create()).map(c -> (Connection) wrap(c));
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return delegate.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return delegate;
    }

    private static Object wrap(Object target) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            collect(c, interfaces);
        }
        interfaces.add(Wrapped.class);
        return Proxy.newProxyInstance(Counting.class.getClassLoader(), interfaces.toArray(new Class<?>[0]),
                new Handler(target));
    }

    private static void collect(Class<?> type, Set<Class<?>> into) {
        for (Class<?> i : type.getInterfaces()) {
            if (Modifier.isPublic(i.getModifiers())) {
                into.add(i);
            }
            collect(i, into);
        }
    }

    private static final class Handler implements InvocationHandler {

        private final Object target;

        Handler(Object target) {
            this.target = target;
        }

        @Override
        public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
            String name = method.getName();
            int arity = args == null ? 0 : args.length;
            if (name.equals("unwrap") && arity == 0) {
                return target;
            }
            if (name.equals("equals") && arity == 1) {
                return proxy == args[0];
            }
            if (name.equals("hashCode") && arity == 0) {
                return System.identityHashCode(proxy);
            }
            if (name.equals("execute") && arity == 0) {
                STATEMENTS.increment();
            } else if (name.equals("copyIn")) {
                COPIES.increment();
            }
            if (!method.getDeclaringClass().isInstance(target)) {
                // Wrapped.unwrap(Class), added by the proxy: its default body walks unwrap()
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result == target) {
                return proxy;           // fluent Statement.bind(...) and add() return the statement itself
            }
            if (name.equals("createStatement") || name.equals("createBatch")) {
                return wrap(result);
            }
            return result;
        }
    }
}
