package dev.r2orm.integration;

import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.ForeignKey;
import dev.r2orm.annotation.ManyToMany;
import dev.r2orm.annotation.Polymorphic;
import dev.r2orm.annotation.PrimaryKey;
import java.util.List;

/** Models for association tests, after GORM's documentation examples. */
final class AssociationModels {

    private AssociationModels() {
    }

    static class Company {
        Long id;
        @Column(size = 40)
        String name;

        Company() {
        }

        Company(String name) {
            this.name = name;
        }
    }

    static class Member {
        Long id;
        @Column(size = 40)
        String name;
        Long companyId;
        Company company;
        CreditCard creditCard;
        List<Post> posts;
        @ManyToMany(joinTable = "member_languages")
        List<Language> languages;

        Member() {
        }

        Member(String name) {
            this.name = name;
        }
    }

    static class CreditCard {
        Long id;
        @Column(size = 20)
        String number;
        Long memberId;

        CreditCard() {
        }

        CreditCard(String number, Long memberId) {
            this.number = number;
            this.memberId = memberId;
        }
    }

    static class Post {
        Long id;
        @Column(size = 40)
        String title;
        Long memberId;
        List<Comment> comments;

        Post() {
        }

        Post(String title, Long memberId) {
            this.title = title;
            this.memberId = memberId;
        }
    }

    static class Comment {
        Long id;
        @Column(size = 40)
        String body;
        Long postId;

        Comment() {
        }

        Comment(String body, Long postId) {
            this.body = body;
            this.postId = postId;
        }
    }

    static class Language {
        @PrimaryKey
        @Column(size = 10)
        String code;
        @Column(size = 40)
        String name;

        Language() {
        }

        Language(String code, String name) {
            this.code = code;
            this.name = name;
        }
    }

    static class Dog {
        Long id;
        @Column(size = 20)
        String name;
        @Polymorphic("owner")
        List<Toy> toys;

        Dog() {
        }

        Dog(String name) {
            this.name = name;
        }
    }

    static class Cat {
        Long id;
        @Column(size = 20)
        String name;
        @Polymorphic(value = "owner", type = "kitty")
        Toy toy;

        Cat() {
        }

        Cat(String name) {
            this.name = name;
        }
    }

    static class Toy {
        Long id;
        @Column(size = 20)
        String name;
        Long ownerId;
        @Column(size = 20)
        String ownerType;

        Toy() {
        }

        Toy(String name, Long ownerId, String ownerType) {
            this.name = name;
            this.ownerId = ownerId;
            this.ownerType = ownerType;
        }
    }

    /** Self-reference: a manager (belongs-to), a team (has-many) and friends (many-to-many). */
    static class Employee {
        Long id;
        @Column(size = 20)
        String name;
        Long managerId;
        Employee manager;
        @ForeignKey("managerId")
        List<Employee> team;
        @ManyToMany(joinTable = "employee_friends")
        List<Employee> friends;

        Employee() {
        }

        Employee(String name, Long managerId) {
            this.name = name;
            this.managerId = managerId;
        }
    }

    /** A wrong declaration: no foreign key anywhere. */
    static class Orphan {
        Long id;
        Company company;
    }
}
