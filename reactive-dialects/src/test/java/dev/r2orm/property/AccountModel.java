package dev.r2orm.property;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code accounts} table should hold: rows by id, and the ids of rows deleted since (which {@code save} may
 * insert again). Mutable; a transaction works on a {@link #copy()} and {@link #adopt(AccountModel) adopts} it on
 * commit.
 */
final class AccountModel {

    /** A key no row ever gets: the sequences of the three databases stay far below it in a test. */
    static final long MISSING_ID = 1_000_000_000L;

    /** One row of the table, without its id. */
    record Row(String owner, long balance, @Nullable String note) {

        Row withBalance(long newBalance) {
            return new Row(owner, newBalance, note);
        }
    }

    private final TreeMap<Long, Row> rows;
    private final TreeSet<Long> deleted;

    AccountModel() {
        this(new TreeMap<>(), new TreeSet<>());
    }

    private AccountModel(TreeMap<Long, Row> rows, TreeSet<Long> deleted) {
        this.rows = rows;
        this.deleted = deleted;
    }

    synchronized AccountModel copy() {
        return new AccountModel(new TreeMap<>(rows), new TreeSet<>(deleted));
    }

    /** Takes over the state of a copy whose transaction or savepoint committed. */
    void adopt(AccountModel committed) {
        AccountModel state = committed.copy();
        synchronized (this) {
            rows.clear();
            rows.putAll(state.rows);
            deleted.clear();
            deleted.addAll(state.deleted);
        }
    }

    synchronized SortedMap<Long, Row> rows() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(rows));
    }

    synchronized boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The id of the {@code index}-th row (modulo the row count), or {@link #MISSING_ID} when missing or empty. */
    synchronized long id(int index, boolean missing) {
        if (missing || rows.isEmpty()) {
            return MISSING_ID;
        }
        return new ArrayList<>(rows.keySet()).get(index % rows.size());
    }

    /** The {@code index}-th deleted id (modulo their count), or null when none was deleted. */
    synchronized @Nullable Long deletedId(int index) {
        if (deleted.isEmpty()) {
            return null;
        }
        return new ArrayList<>(deleted).get(index % deleted.size());
    }

    synchronized @Nullable Row row(long id) {
        return rows.get(id);
    }

    /** Whether a row other than {@code except} has this owner. */
    synchronized boolean ownerTaken(String owner, @Nullable Long except) {
        return rows.entrySet().stream().anyMatch(e -> e.getValue().owner().equals(owner)
                && !Objects.equals(e.getKey(), except));
    }

    /** Records an inserted row whose key the database generated: it must be new. */
    synchronized void inserted(Account a) {
        assertThat(a.id).as("generated key of %s", a.owner).isNotNull();
        assertThat(rows).as("rows when %s got key %s", a.owner, a.id).doesNotContainKey(a.id);
        assertThat(deleted).as("deleted keys when %s got key %s", a.owner, a.id).doesNotContain(a.id);
        rows.put(a.id, a.row());
    }

    synchronized void put(long id, Row row) {
        rows.put(id, row);
        deleted.remove(id);
    }

    synchronized boolean remove(long id) {
        if (rows.remove(id) == null) {
            return false;
        }
        deleted.add(id);
        return true;
    }

    synchronized List<Long> idsWithBalanceBelow(long limit) {
        List<Long> ids = new ArrayList<>();
        for (Map.Entry<Long, Row> e : rows.entrySet()) {
            if (e.getValue().balance() < limit) {
                ids.add(e.getKey());
            }
        }
        return ids;
    }

    @Override
    public synchronized String toString() {
        return rows.toString();
    }
}
