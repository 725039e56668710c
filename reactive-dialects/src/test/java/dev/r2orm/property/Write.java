package dev.r2orm.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.DuplicatedKeyException;
import dev.r2orm.property.AccountModel.Row;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One write to the {@code accounts} table, through a {@link Db} or a transaction's {@code tx.db()}. Each knows
 * whether the model expects it to fail, and on success checks what the call emitted and brings the model up to date.
 */
sealed interface Write {

    /**
     * @param model the state the write runs on
     * @return the error the model expects, null when it expects success
     */
    @Nullable Class<? extends Throwable> failure(AccountModel model);

    /**
     * Runs the write; on success checks its result against the model and applies it there.
     *
     * @param db where to write
     * @param model the state the write runs on
     * @return completes when written and checked
     */
    Mono<Void> run(Db db, AccountModel model);

    /** {@code db.create(account)}. */
    record Create(String owner, long balance, @Nullable String note) implements Write {

        @Override
        public @Nullable Class<? extends Throwable> failure(AccountModel model) {
            return model.ownerTaken(owner, null) ? DuplicatedKeyException.class : null;
        }

        @Override
        public Mono<Void> run(Db db, AccountModel model) {
            Account a = new Account(null, owner, balance, note);
            return db.create(a).doOnNext(created -> {
                assertThat(created).as("created entity").isSameAs(a);
                model.inserted(created);
            }).then();
        }
    }

    /** {@code db.createAll(accounts)}: one multi-row INSERT, all or nothing. */
    record CreateAll(List<Create> accounts) implements Write {

        @Override
        public @Nullable Class<? extends Throwable> failure(AccountModel model) {
            Set<String> owners = new HashSet<>();
            for (Create c : accounts) {
                if (!owners.add(c.owner()) || model.ownerTaken(c.owner(), null)) {
                    return DuplicatedKeyException.class;
                }
            }
            return null;
        }

        @Override
        public Mono<Void> run(Db db, AccountModel model) {
            List<Account> all = accounts.stream().map(c -> new Account(null, c.owner(), c.balance(), c.note())).toList();
            return db.createAll(all).collectList().doOnNext(created -> {
                assertThat(created).as("created entities, in order").containsExactlyElementsOf(all);
                created.forEach(model::inserted);
            }).then();
        }
    }

    /**
     * {@code update("balance", v)} by key: through {@code db.model(entity)} or {@code where("id = ?")}. The row
     * is the {@code index}-th one, or a key no row has when {@code missing}.
     */
    record Update(int index, boolean missing, boolean byEntity, long balance) implements Write {

        @Override
        public @Nullable Class<? extends Throwable> failure(AccountModel model) {
            return null;
        }

        @Override
        public Mono<Void> run(Db db, AccountModel model) {
            long id = model.id(index, missing);
            Row before = model.row(id);
            Mono<Long> update = byEntity ? db.model(Account.key(id)).update("balance", balance)
                    : db.model(Account.class).where("id = ?", id).update("balance", balance);
            return update.doOnNext(n -> {
                assertThat(n).as("rows updated").isEqualTo(before == null ? 0L : 1L);
                if (before != null) {
                    model.put(id, before.withBalance(balance));
                }
            }).then();
        }
    }

    /** {@code where("id = ?", id).updates(map)} of owner and note (a null note included). */
    record Updates(int index, boolean missing, String owner, @Nullable String note) implements Write {

        @Override
        public @Nullable Class<? extends Throwable> failure(AccountModel model) {
            long id = model.id(index, missing);
            return model.row(id) != null && model.ownerTaken(owner, id) ? DuplicatedKeyException.class : null;
        }

        @Override
        public Mono<Void> run(Db db, AccountModel model) {
            long id = model.id(index, missing);
            Row before = model.row(id);
            Map<String, @Nullable Object> values = new HashMap<>();
            values.put("owner", owner);
            values.put("note", note);
            return db.model(Account.class).where("id = ?", id).updates(values).doOnNext(n -> {
                assertThat(n).as("rows updated").isEqualTo(before == null ? 0L : 1L);
                if (before != null) {
                    model.put(id, new Row(owner, before.balance(), note));
                }
            }).then();
        }
    }

    /** Deletes by key: {@code db.delete(entity)} or {@code model(Account.class).delete(ids)}. */
    record Delete(int index, boolean missing, boolean byEntity) implements Write {

        @Override
        public @Nullable Class<? extends Throwable> failure(AccountModel model) {
            return null;
        }

        @Override
        public Mono<Void> run(Db db, AccountModel model) {
            long id = model.id(index, missing);
            boolean exists = model.row(id) != null;
            Mono<Long> delete = byEntity ? db.delete(Account.key(id))
                    : db.model(Account.class).delete(List.of(id));
            return delete.doOnNext(n -> {
                assertThat(n).as("rows deleted").isEqualTo(exists ? 1L : 0L);
                model.remove(id);
            }).then();
        }
    }

    /** {@code where("balance < ?", limit).delete()}. */
    record DeleteWhere(long limit) implements Write {

        @Override
        public @Nullable Class<? extends Throwable> failure(AccountModel model) {
            return null;
        }

        @Override
        public Mono<Void> run(Db db, AccountModel model) {
            List<Long> ids = model.idsWithBalanceBelow(limit);
            return db.model(Account.class).where("balance < ?", limit).delete().doOnNext(n -> {
                assertThat(n).as("rows deleted").isEqualTo(ids.size());
                ids.forEach(model::remove);
            }).then();
        }
    }

    /** Which row {@link Save} saves. */
    enum SaveTarget {
        /** An entity without key: inserted. */
        NEW,
        /** The {@code index}-th row: every column updated. */
        EXISTING,
        /** The {@code index}-th deleted key: the update matches nothing, so the row is inserted with that key. */
        DELETED
    }

    /**
     * {@code db.save(entity)}. With {@code unchanged}, an existing row is saved with the values it holds (an UPDATE
     * that changes nothing must still count as a match, or save would insert a duplicate key).
     */
    record Save(SaveTarget target, int index, boolean unchanged, String owner, long balance, @Nullable String note)
            implements Write {

        @Override
        public @Nullable Class<? extends Throwable> failure(AccountModel model) {
            Account a = entity(model);
            return model.ownerTaken(a.owner, a.id) ? DuplicatedKeyException.class : null;
        }

        @Override
        public Mono<Void> run(Db db, AccountModel model) {
            Account a = entity(model);
            Long key = a.id;
            return db.save(a).doOnNext(saved -> {
                assertThat(saved).as("saved entity").isSameAs(a);
                if (key == null) {
                    model.inserted(saved);
                } else {
                    assertThat(saved.id).as("key of the saved entity").isEqualTo(key);
                    model.put(key, saved.row());
                }
            }).then();
        }

        private Account entity(AccountModel model) {
            if (target == SaveTarget.EXISTING && !model.isEmpty()) {
                long id = model.id(index, false);
                Row row = unchanged ? model.row(id) : new Row(owner, balance, note);
                return new Account(id, row.owner(), row.balance(), row.note());
            }
            Long id = target == SaveTarget.DELETED ? model.deletedId(index) : null;
            return new Account(id, owner, balance, note);
        }
    }

    /**
     * {@code db.create(account)} with the owner of the {@code index}-th row: breaks the unique constraint, so
     * nothing may change. On an empty table the owner is one no other write uses, and the create succeeds.
     */
    record CreateTaken(int index, long balance) implements Write {

        @Override
        public @Nullable Class<? extends Throwable> failure(AccountModel model) {
            return create(model).failure(model);
        }

        @Override
        public Mono<Void> run(Db db, AccountModel model) {
            return create(model).run(db, model);
        }

        private Create create(AccountModel model) {
            Row taken = model.isEmpty() ? null : model.row(model.id(index, false));
            return new Create(taken == null ? "taken" : taken.owner(), balance, null);
        }
    }
}
