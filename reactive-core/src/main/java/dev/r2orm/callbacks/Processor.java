package dev.r2orm.callbacks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;

/**
 * The ordered, named chain of one operation kind. Registration is thread-safe (copy-on-write) and meant for start-up;
 * a running operation keeps the chain it started with.
 *
 * <pre>{@code
 * db.callbacks().query().after(Steps.QUERY).register("metrics:count", (op, rows) -> rows.doOnNext(r -> hits.increment()));
 * db.callbacks().create().replace(Steps.CREATE, myCreate);
 * db.callbacks().create().remove(Steps.BEGIN_TRANSACTION);
 * }</pre>
 */
public final class Processor {

    private record Entry(String name, Callback callback) {
    }

    private final String kind;
    private volatile List<Entry> entries = List.of();

    Processor(String kind) {
        this.kind = kind;
    }

    /**
     * Registers at the end of the chain.
     *
     * @param name a unique name, for example {@code "myplugin:audit"}
     * @param callback the step
     * @return this processor
     * @throws IllegalArgumentException if the name is taken
     */
    public Processor register(String name, Callback callback) {
        return insert(-1, name, callback);
    }

    /**
     * Positions the next registration before an existing step.
     *
     * @param existing the name of a registered step
     * @return the pending registration
     * @throws IllegalArgumentException if no step has that name
     */
    public Registration before(String existing) {
        indexOf(existing);
        return new Registration(existing, false);
    }

    /**
     * Positions the next registration after an existing step.
     *
     * @param existing the name of a registered step
     * @return the pending registration
     * @throws IllegalArgumentException if no step has that name
     */
    public Registration after(String existing) {
        indexOf(existing);
        return new Registration(existing, true);
    }

    /**
     * Replaces a step, keeping its place.
     *
     * @param name the name of a registered step
     * @param callback the new step
     * @return this processor
     * @throws IllegalArgumentException if no step has that name
     */
    public synchronized Processor replace(String name, Callback callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        List<Entry> copy = new ArrayList<>(entries);
        copy.set(indexOf(name), new Entry(name, callback));
        entries = List.copyOf(copy);
        return this;
    }

    /**
     * Removes a step.
     *
     * @param name the name of a registered step
     * @return this processor
     * @throws IllegalArgumentException if no step has that name
     */
    public synchronized Processor remove(String name) {
        List<Entry> copy = new ArrayList<>(entries);
        copy.remove(indexOf(name));
        entries = List.copyOf(copy);
        return this;
    }

    /** @return the step names in order */
    public List<String> names() {
        return entries.stream().map(Entry::name).collect(Collectors.toList());
    }

    /**
     * Composes every step over an input stream: each step's {@link Callback#apply} is called now, in order; nothing
     * runs before the result is subscribed.
     *
     * <p>Cancelling the result cancels the last step's stream, which each step passes on to the one before it: the
     * built-in steps release their connection, and the operation's own transaction, if one was begun, is rolled back.
     *
     * @param operation the operation
     * @param input what the first step receives
     * @return what the last step emits; the error of a step (the statements' translated
     *     {@link dev.r2orm.R2ormException}s, a hook's error) or of {@code input}, passed on by the steps after it
     */
    public Flux<Object> run(Operation operation, Flux<Object> input) {
        Flux<Object> flux = input;
        for (Entry e : entries) {
            flux = e.callback.apply(operation, flux);
        }
        return flux;
    }

    private synchronized Processor insert(int index, String name, Callback callback) {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(callback, "callback must not be null");
        for (Entry e : entries) {
            if (e.name.equals(name)) {
                throw new IllegalArgumentException("the " + kind + " chain already has a step named '" + name
                        + "'; use replace(...) to change it");
            }
        }
        List<Entry> copy = new ArrayList<>(entries);
        copy.add(index < 0 ? copy.size() : index, new Entry(name, callback));
        entries = List.copyOf(copy);
        return this;
    }

    private int indexOf(String name) {
        List<Entry> current = entries;
        for (int i = 0; i < current.size(); i++) {
            if (current.get(i).name.equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("the " + kind + " chain has no step named '" + name + "'; it has "
                + names());
    }

    /** A registration positioned relative to an existing step. */
    public final class Registration {

        private final String anchor;
        private final boolean after;

        private Registration(String anchor, boolean after) {
            this.anchor = anchor;
            this.after = after;
        }

        /**
         * Registers the step at the chosen position.
         *
         * @param name a unique name
         * @param callback the step
         * @return the processor
         * @throws IllegalArgumentException if the name is taken or the anchor was removed meanwhile
         */
        public Processor register(String name, Callback callback) {
            synchronized (Processor.this) {
                int i = indexOf(anchor);
                return insert(after ? i + 1 : i, name, callback);
            }
        }
    }

    @Override
    public String toString() {
        return kind + " " + names();
    }
}
