package dev.r2orm.plugins.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names an operation's observation and its key values. {@link DefaultDbObservationConvention} follows the
 * OpenTelemetry database client conventions; give {@link ObservationPlugin.Builder#convention} your own to add or
 * change keys (extend the default and call {@code super}).
 */
public interface DbObservationConvention extends ObservationConvention<DbObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof DbObservationContext;
    }
}
