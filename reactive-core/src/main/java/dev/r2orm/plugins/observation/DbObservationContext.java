package dev.r2orm.plugins.observation;

import dev.r2orm.Invocation;
import io.micrometer.observation.Observation;

/**
 * The context of one operation's {@link Observation}: the {@link Invocation} it observes (name, table, statements,
 * rows) and how it ended. A {@link DbObservationConvention} turns it into the observation's name and key values.
 */
public final class DbObservationContext extends Observation.Context {

    /** How an operation ended. */
    public enum Outcome {
        /** Still running. */
        UNKNOWN,
        /** Completed. */
        SUCCESS,
        /** Failed: {@link #getError()} holds the error. */
        ERROR,
        /** Its subscriber cancelled it. */
        CANCELLED
    }

    private final Invocation invocation;
    private volatile Outcome outcome = Outcome.UNKNOWN;

    DbObservationContext(Invocation invocation) {
        this.invocation = invocation;
    }

    /** @return the operation observed; its statements and rows are final once the observation stops */
    public Invocation invocation() {
        return invocation;
    }

    /** @return how the operation ended, {@link Outcome#UNKNOWN} while it runs */
    public Outcome outcome() {
        return outcome;
    }

    void outcome(Outcome outcome) {
        this.outcome = outcome;
    }
}
