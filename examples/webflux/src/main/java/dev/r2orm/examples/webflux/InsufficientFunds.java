package dev.r2orm.examples.webflux;

import org.jspecify.annotations.Nullable;

/** A transfer larger than the balance of the account it debits: 409, nothing written. */
public class InsufficientFunds extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param account the account debited
     */
    public InsufficientFunds(@Nullable Long account) {
        super("insufficient funds in account " + account);
    }
}
