package dev.r2orm.property;

import org.jspecify.annotations.Nullable;

/** The mapped class of the hand-written {@code accounts} table. */
class Account {

    @Nullable Long id;
    String owner = "";
    long balance;
    @Nullable String note;

    Account() {
    }

    Account(@Nullable Long id, String owner, long balance, @Nullable String note) {
        this.id = id;
        this.owner = owner;
        this.balance = balance;
        this.note = note;
    }

    /** An entity holding only a primary key, for the calls that take an entity to name a row. */
    static Account key(long id) {
        Account a = new Account();
        a.id = id;
        return a;
    }

    AccountModel.Row row() {
        return new AccountModel.Row(owner, balance, note);
    }
}
