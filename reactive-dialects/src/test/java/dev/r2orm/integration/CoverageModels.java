package dev.r2orm.integration;

import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Constraint;
import dev.r2orm.annotation.ForeignKey;
import dev.r2orm.annotation.ManyToMany;
import dev.r2orm.annotation.Polymorphic;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.References;
import java.util.List;

/** Models for {@link AssociationCoverageIntegrationTests}: one family per association kind and override. */
final class CoverageModels {

    private CoverageModels() {
    }

    /** Has-one (passport, through {@code CvPassport.cvPersonId}) and belongs-to (city, through {@code cityId}). */
    static class CvPerson {
        Long id;
        @Column(size = 20)
        String name;
        Long cityId;
        CvCity city;
        CvPassport passport;

        CvPerson() {
        }

        CvPerson(String name) {
            this.name = name;
        }
    }

    static class CvCity {
        Long id;
        @Column(size = 20)
        String name;

        CvCity() {
        }

        CvCity(String name) {
            this.name = name;
        }
    }

    static class CvPassport {
        Long id;
        @Column(size = 20)
        String number;
        Long cvPersonId;

        CvPassport() {
        }

        CvPassport(String number) {
            this.number = number;
        }
    }

    /** Self-reference: a manager (belongs-to), a team (has-many) and friends (many-to-many). */
    static class CvEmployee {
        Long id;
        @Column(size = 20)
        String name;
        Long managerId;
        CvEmployee manager;
        @ForeignKey("managerId")
        List<CvEmployee> team;
        @ManyToMany(joinTable = "cv_employee_friends")
        List<CvEmployee> friends;

        CvEmployee() {
        }

        CvEmployee(String name) {
            this.name = name;
        }
    }

    /** {@code @References}: the has-many's owner key is the unique {@code code}, not the primary key. */
    static class CvCompany {
        Long id;
        @Column(size = 20, unique = true)
        String code;
        @Column(size = 20)
        String name;
        @ForeignKey("companyCode")
        @References("code")
        List<CvWorker> workers;

        CvCompany() {
        }

        CvCompany(String code, String name) {
            this.code = code;
            this.name = name;
        }
    }

    /** A belongs-to whose foreign key {@code companyCode} refers to {@code CvCompany.code}. */
    static class CvWorker {
        Long id;
        @Column(size = 20)
        String name;
        @Column(size = 20)
        String companyCode;
        @ForeignKey("companyCode")
        @References("code")
        CvCompany company;

        CvWorker() {
        }

        CvWorker(String name) {
            this.name = name;
        }
    }

    /** As {@link CvWorker} with {@code @References} alone: its javadoc says it joins {@code companyCode}. */
    static class CvBadge {
        Long id;
        @Column(size = 20)
        String companyCode;
        @References("code")
        CvCompany company;
    }

    /** {@code @ForeignKey} on a has-many, by column name: {@code CvBook.writerId} in column {@code written_by}. */
    static class CvAuthor {
        Long id;
        @Column(size = 20)
        String name;
        @ForeignKey("written_by")
        List<CvBook> books;

        CvAuthor() {
        }

        CvAuthor(String name) {
            this.name = name;
        }
    }

    /** {@code @ForeignKey} on a belongs-to, by field name. */
    static class CvBook {
        Long id;
        @Column(size = 20)
        String title;
        @Column(name = "written_by")
        Long writerId;
        @ForeignKey("writerId")
        CvAuthor author;

        CvBook() {
        }

        CvBook(String title) {
            this.title = title;
        }
    }

    /** Many-to-many with both join columns named. */
    static class CvStudent {
        Long id;
        @Column(size = 20)
        String name;
        @ManyToMany(joinTable = "cv_student_langs", joinForeignKey = "owner_ref", joinReferences = "lang_ref")
        List<CvLang> langs;

        CvStudent() {
        }

        CvStudent(String name) {
            this.name = name;
        }
    }

    static class CvLang {
        @PrimaryKey
        @Column(size = 10)
        String code;
        @Column(size = 20)
        String name;

        CvLang() {
        }

        CvLang(String code, String name) {
            this.code = code;
            this.name = name;
        }
    }

    /** {@code ON DELETE CASCADE ON UPDATE CASCADE}. */
    static class CvFolder {
        Long id;
        @Column(size = 20)
        String name;
        @Constraint(onDelete = "CASCADE", onUpdate = "CASCADE")
        List<CvFile> files;

        CvFolder() {
        }

        CvFolder(String name, List<CvFile> files) {
            this.name = name;
            this.files = files;
        }
    }

    static class CvFile {
        Long id;
        @Column(size = 20)
        String name;
        Long cvFolderId;

        CvFile() {
        }

        CvFile(String name) {
            this.name = name;
        }
    }

    /** {@code ON DELETE SET NULL}: the foreign key column is nullable. */
    static class CvShelf {
        Long id;
        @Column(size = 20)
        String name;
        @Constraint(onDelete = "SET NULL")
        List<CvItem> items;

        CvShelf() {
        }

        CvShelf(String name, List<CvItem> items) {
            this.name = name;
            this.items = items;
        }
    }

    static class CvItem {
        Long id;
        @Column(size = 20)
        String name;
        Long cvShelfId;

        CvItem() {
        }

        CvItem(String name) {
            this.name = name;
        }
    }

    /** No {@code @Constraint}: the database's default action refuses deleting a referenced box. */
    static class CvBox {
        Long id;
        @Column(size = 20)
        String name;
        List<CvThing> things;

        CvBox() {
        }

        CvBox(String name, List<CvThing> things) {
            this.name = name;
            this.things = things;
        }
    }

    static class CvThing {
        Long id;
        @Column(size = 20)
        String name;
        Long cvBoxId;

        CvThing() {
        }

        CvThing(String name, Long cvBoxId) {
            this.name = name;
            this.cvBoxId = cvBoxId;
        }
    }
}
