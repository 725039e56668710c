package dev.r2orm.integration;

import dev.r2orm.Model;
import dev.r2orm.RecordNotFoundException;
import dev.r2orm.annotation.Column;
import dev.r2orm.hook.AfterCreate;
import dev.r2orm.hook.AfterDelete;
import dev.r2orm.hook.AfterFind;
import dev.r2orm.hook.AfterSave;
import dev.r2orm.hook.AfterUpdate;
import dev.r2orm.hook.BeforeCreate;
import dev.r2orm.hook.BeforeDelete;
import dev.r2orm.hook.BeforeSave;
import dev.r2orm.hook.BeforeUpdate;
import dev.r2orm.hook.HookContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/** Models for update, delete, soft-delete and hook tests. */
final class WriteModels {

    private WriteModels() {
    }

    static class Product {
        Long id;
        @Column(size = 50)
        String name;
        int price;
        Integer stock;
        boolean active;
        Instant createdAt;
        Instant updatedAt;

        Product() {
        }

        Product(String name, int price, Integer stock) {
            this.name = name;
            this.price = price;
            this.stock = stock;
        }
    }

    /** Soft-deleted: the base model has deletedAt. */
    static class Note extends Model {
        @Column(size = 50)
        String text;

        Note() {
        }

        Note(String text) {
            this.text = text;
        }
    }

    /** Records every hook call; fails or rewrites values on request. */
    static class Audited implements BeforeSave, BeforeCreate, AfterCreate, AfterSave, BeforeUpdate, AfterUpdate,
            BeforeDelete, AfterDelete, AfterFind {

        static final List<String> CALLS = new CopyOnWriteArrayList<>();

        Long id;
        @Column(size = 50)
        String name;
        @Column(size = 50)
        String slug;
        int version;
        Instant updatedAt;

        Audited() {
        }

        Audited(String name) {
            this.name = name;
        }

        @Override
        public Mono<Void> beforeSave(HookContext hook) {
            return record("beforeSave");
        }

        @Override
        public Mono<Void> beforeCreate(HookContext hook) {
            if ("reject".equals(name)) {
                return Mono.error(new IllegalStateException("name 'reject' is not allowed"));
            }
            slug = name.toLowerCase();
            return record("beforeCreate");
        }

        @Override
        public Mono<Void> afterCreate(HookContext hook) {
            // runs inside the create's transaction: the new row is visible through the Db it receives
            return hook.db().model(Audited.class).where("id = ?", id).count()
                    .flatMap(n -> n == 1 ? record("afterCreate") : Mono.error(new IllegalStateException("not visible")));
        }

        @Override
        public Mono<Void> afterSave(HookContext hook) {
            return record("afterSave");
        }

        @Override
        public Mono<Void> beforeUpdate(HookContext hook) {
            if (hook.changed("name") && "forbidden".equals(hook.newValue("name"))) {
                return Mono.error(new IllegalStateException("forbidden name"));
            }
            return record("beforeUpdate" + (hook.changed("name") ? "(name)" : "") + (hook.changed("version")
                    ? "(version)" : ""));
        }

        @Override
        public Mono<Void> afterUpdate(HookContext hook) {
            return record("afterUpdate");
        }

        @Override
        public Mono<Void> beforeDelete(HookContext hook) {
            if ("keep".equals(name)) {
                return Mono.error(new IllegalStateException("kept"));
            }
            return record("beforeDelete");
        }

        @Override
        public Mono<Void> afterDelete(HookContext hook) {
            return record("afterDelete");
        }

        @Override
        public Mono<Void> afterFind(HookContext hook) {
            return hook.context().hasKey("tenant") ? record("afterFind:" + hook.context().get("tenant"))
                    : record("afterFind");
        }

        private static Mono<Void> record(String call) {
            return Mono.fromRunnable(() -> CALLS.add(call));
        }
    }

    /** Fails after its insert, so the insert must be rolled back. */
    static class FailsAfterCreate implements AfterCreate {
        Long id;
        @Column(size = 20)
        String name;

        FailsAfterCreate() {
        }

        FailsAfterCreate(String name) {
            this.name = name;
        }

        @Override
        public Mono<Void> afterCreate(HookContext hook) {
            return Mono.error(new RecordNotFoundException("simulated failure after insert"));
        }
    }
}
