package dev.r2orm.faults;

/**
 * A row a fault test writes: {@code marker} tells which operation wrote it (a transaction writes two rows with the
 * same marker), {@code note} may carry a text the proxy watches for.
 */
class FaultMark {
    Long id;
    long marker;
    String note;

    FaultMark() {
    }

    FaultMark(long marker, String note) {
        this.marker = marker;
        this.note = note;
    }
}
