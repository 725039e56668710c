package dev.r2orm.plugins.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code db.client.operation.duration} histogram, recorded when an operation's observation stops. */
final class DurationHistogram {

    static final String NAME = "db.client.operation.duration";

    private final MeterRegistry registry;
    private final DbObservationConvention convention;

    DurationHistogram(MeterRegistry registry, DbObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    void record(DbObservationContext context, long nanos) {
        List<Tag> tags = new ArrayList<>(5);
        for (KeyValue kv : convention.getLowCardinalityKeyValues(context)) {
            tags.add(Tag.of(kv.getKey(), kv.getValue()));
        }
        Timer.builder(NAME).description("Duration of database client operations").tags(tags)
                .publishPercentileHistogram().register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
}
