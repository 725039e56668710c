package dev.r2orm.plugins.observation;

import dev.r2orm.Invocation;
import dev.r2orm.Plugin;
import dev.r2orm.PluginSetup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * One Micrometer {@link Observation} per r2orm operation ({@link dev.r2orm.Interceptor}), named by the OpenTelemetry
 * database client conventions ({@link DefaultDbObservationConvention}). An operation started inside another (a
 * preload level, an association write, a hook's query, a statement of a transaction) is a child of that one's
 * observation, and every operation is a child of the observation in its subscriber's Reactor context (a WebFlux
 * request's, under Micrometer's key {@code "micrometer.observation"}).
 *
 * <pre>{@code
 * Db db = Db.open(url).use(ObservationPlugin.builder(observationRegistry)
 *         .durationHistogram(meterRegistry)   // db.client.operation.duration, in seconds
 *         .build());
 * }</pre>
 *
 * <p>An observation starts when its operation is subscribed and stops when it completes, fails (with the error and
 * {@code outcome=ERROR}) or is cancelled ({@code outcome=CANCELLED}). A no-op registry costs nothing per operation.
 */
public final class ObservationPlugin implements Plugin {

    /** Micrometer's Reactor context key of the current observation ({@code ObservationThreadLocalAccessor.KEY}). */
    static final String OBSERVATION_KEY = "micrometer.observation";

    private static final DbObservationConvention DEFAULT = new DefaultDbObservationConvention();

    private final ObservationRegistry registry;
    private final @Nullable DbObservationConvention convention;
    private final @Nullable MeterRegistry meterRegistry;

    private ObservationPlugin(Builder b) {
        this.registry = b.registry;
        this.convention = b.convention;
        this.meterRegistry = b.meterRegistry;
    }

    /**
     * A plugin with the default convention and no histogram of its own.
     *
     * @param registry where observations go
     * @return the plugin
     */
    public static ObservationPlugin of(ObservationRegistry registry) {
        return builder(registry).build();
    }

    /**
     * A builder.
     *
     * @param registry where observations go
     * @return the builder
     */
    public static Builder builder(ObservationRegistry registry) {
        return new Builder(Objects.requireNonNull(registry, "registry must not be null"));
    }

    /** @return {@code "observation"} */
    @Override
    public String name() {
        return "observation";
    }

    /** Registers the interceptor that observes every operation. */
    @Override
    public void initialize(PluginSetup setup) {
        DurationHistogram histogram = meterRegistry == null ? null
                : new DurationHistogram(meterRegistry, convention != null ? convention : DEFAULT);
        setup.intercept((call, work) -> registry.isNoop() ? work : observe(call, work, histogram));
    }

    private Flux<Object> observe(Invocation call, Flux<Object> work, @Nullable DurationHistogram histogram) {
        return Flux.deferContextual(ctx -> {
            DbObservationContext context = new DbObservationContext(call);
            Observation observation = Observation.createNotStarted(convention, DEFAULT, () -> context, registry)
                    .parentObservation(ctx.getOrDefault(OBSERVATION_KEY, null))
                    .start();
            long started = System.nanoTime();
            AtomicBoolean open = new AtomicBoolean(true);
            // stopped before the signal goes downstream, so a subscriber that saw the end sees the observation ended
            Consumer<@Nullable Throwable> stop = error -> {
                if (!open.compareAndSet(true, false)) {
                    return;
                }
                if (error != null) {
                    observation.error(error);
                }
                observation.stop();
                if (histogram != null) {
                    histogram.record(context, System.nanoTime() - started);
                }
            };
            return work
                    .doOnComplete(() -> {
                        context.outcome(DbObservationContext.Outcome.SUCCESS);
                        stop.accept(null);
                    })
                    .doOnError(e -> {
                        context.outcome(DbObservationContext.Outcome.ERROR);
                        stop.accept(e);
                    })
                    .doOnCancel(() -> {
                        context.outcome(DbObservationContext.Outcome.CANCELLED);
                        stop.accept(null);
                    })
                    .contextWrite(c -> c.put(OBSERVATION_KEY, observation));
        });
    }

    /** Builds an {@link ObservationPlugin}. */
    public static final class Builder {

        private final ObservationRegistry registry;
        private @Nullable DbObservationConvention convention;
        private @Nullable MeterRegistry meterRegistry;

        private Builder(ObservationRegistry registry) {
            this.registry = registry;
        }

        /**
         * Names observations and their keys in place of {@link DefaultDbObservationConvention}. A convention
         * registered on the {@link ObservationRegistry} for {@link DbObservationContext} wins over both.
         *
         * @param convention the convention
         * @return this builder
         */
        public Builder convention(DbObservationConvention convention) {
            this.convention = Objects.requireNonNull(convention, "convention must not be null");
            return this;
        }

        /**
         * Also records every operation's duration in the OpenTelemetry histogram
         * {@code db.client.operation.duration} (seconds, with the observation's low-cardinality keys as tags, as a
         * percentile histogram). Needs {@code micrometer-core}.
         *
         * @param meterRegistry where the histogram goes
         * @return this builder
         */
        public Builder durationHistogram(MeterRegistry meterRegistry) {
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry must not be null");
            return this;
        }

        /** @return the plugin */
        public ObservationPlugin build() {
            return new ObservationPlugin(this);
        }
    }
}
