package dev.r2orm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the foreign key field of an association, overriding the convention: on the owner for a belongs-to
 * ({@code companyId} for a field {@code company}), on the target for a has-one or has-many ({@code userId} for an owner
 * {@code User}).
 *
 * <pre>{@code
 * @ForeignKey("companyRefer") Company company;        // belongs-to through User.companyRefer
 * @ForeignKey("managerId") List<Employee> team;       // has-many through Employee.managerId
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface ForeignKey {

    /**
     * The foreign key's field name (or column name).
     *
     * @return the field name
     */
    String value();
}
