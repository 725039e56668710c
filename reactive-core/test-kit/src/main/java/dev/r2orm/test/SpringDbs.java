package dev.r2orm.test;

import dev.r2orm.Db;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/** The {@code Db} bean of a Spring test's application context; loaded only for tests Spring runs. */
final class SpringDbs {

    private SpringDbs() {
    }

    /**
     * @param context the test's context
     * @param name the bean's name, or empty for the only {@code Db} bean
     * @return the bean, or null when the application context has none
     */
    static @Nullable Db find(ExtensionContext context, String name) {
        ApplicationContext spring = SpringExtension.getApplicationContext(context);
        if (!name.isEmpty()) {
            return spring.containsBean(name) ? spring.getBean(name, Db.class) : null;
        }
        String[] names = spring.getBeanNamesForType(Db.class);
        if (names.length > 1) {
            throw new ExtensionConfigurationException("@RolledBack found several Db beans "
                    + java.util.Arrays.toString(names) + ": name one with @RolledBack(db = \"...\")");
        }
        return names.length == 1 ? spring.getBean(names[0], Db.class) : null;
    }
}
