package dev.r2orm.examples.webflux;

/** A request body that breaks a rule: 400, with the rule as the detail. */
public class InvalidRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param rule what the body must satisfy
     */
    public InvalidRequest(String rule) {
        super(rule);
    }
}
