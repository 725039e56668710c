package dev.r2orm;

import reactor.core.publisher.Flux;

/**
 * Wraps every operation a {@link Db} runs: a plugin's way to observe an operation as a whole (from subscription to
 * its end, nested operations included), to time it, or to add values to the Reactor context its statements run with
 * ({@code work.contextWrite(...)}). Registered by {@link PluginSetup#intercept}; the first plugin installed is the
 * outermost.
 *
 * <p>An operation is one call of the public API: {@code create}, {@code createAll} (and each chunk of
 * {@code createInBatches}), {@code copyIn}, {@code find}, {@code first}, {@code take}, {@code last}, {@code count},
 * {@code pluck}, {@code scan}, {@code rows}, {@code findMaps}, {@code update}, {@code delete}, {@code raw},
 * {@code exec}, each level of a {@code preload}, {@code transaction}, each migration file of reactive-migrate
 * ({@code migration}) and what {@link Db#operation(String, String, Flux)} runs. An operation started while another
 * runs (a preload level, an association write, a hook's query) is that one's child: {@link Invocation#parent()}.
 */
@FunctionalInterface
public interface Interceptor {

    /**
     * Wraps one operation. It is called when the operation is subscribed, and must stay lazy: compose {@code work},
     * do not subscribe to it. What it returns must emit exactly what {@code work} emits, and pass a cancel on to it.
     *
     * @param invocation what is being run; its statements and rows fill in as it runs
     * @param work the operation
     * @return the operation as it should run; its elements, and its error ({@link R2ormException}s, or the errors
     *     an interceptor adds)
     */
    Flux<Object> intercept(Invocation invocation, Flux<Object> work);
}
