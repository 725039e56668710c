package dev.r2orm.examples.webflux;

import dev.r2orm.DuplicatedKeyException;
import dev.r2orm.ForeignKeyViolationException;
import dev.r2orm.RecordNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * r2orm's typed errors as HTTP statuses, with RFC 9457 problem details that never carry SQL or values: a missing row
 * is 404, a duplicate key or a row still referenced is 409, a broken rule is 400.
 */
@RestControllerAdvice
public class BankErrors {

    /** Created by Spring. */
    public BankErrors() {
    }

    /**
     * @param e the error
     * @return 404
     */
    @ExceptionHandler(RecordNotFoundException.class)
    public ProblemDetail notFound(RecordNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no such record");
    }

    /**
     * @param e the error, naming the unique constraint
     * @return 409
     */
    @ExceptionHandler(DuplicatedKeyException.class)
    public ProblemDetail duplicate(DuplicatedKeyException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "already exists ("
                + e.constraint().orElse("a unique key") + ")");
    }

    /**
     * @param e the error
     * @return 409
     */
    @ExceptionHandler(ForeignKeyViolationException.class)
    public ProblemDetail stillReferenced(ForeignKeyViolationException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "still referenced ("
                + e.constraint().orElse("a unique key") + ")");
    }

    /**
     * @param e the error
     * @return 409
     */
    @ExceptionHandler(InsufficientFunds.class)
    public ProblemDetail insufficientFunds(InsufficientFunds e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    /**
     * @param e the broken rule
     * @return 400
     */
    @ExceptionHandler(InvalidRequest.class)
    public ProblemDetail invalid(InvalidRequest e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
