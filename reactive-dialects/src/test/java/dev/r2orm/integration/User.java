package dev.r2orm.integration;

import dev.r2orm.annotation.Column;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A plain-class model using most column types. */
public class User {

    enum Role { ADMIN, MEMBER }

    Long id;
    @Column(size = 100, notNull = true)
    String name;
    @Column(size = 200, unique = true)
    String email;
    int age;
    boolean active;
    Role role;
    BigDecimal balance;
    LocalDate birthday;
    UUID token;
    Instant createdAt;
    Instant updatedAt;

    User() {
    }

    User(String name, String email, int age) {
        this.name = name;
        this.email = email;
        this.age = age;
    }

    @Override
    public String toString() {
        return "User[" + id + ", " + name + ", " + email + ", " + age + "]";
    }
}
