package dev.r2orm;

import java.security.CodeSource;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Finds the application's frame that called r2orm: the first one outside r2orm's core, Reactor and the JDK. */
final class CallSites {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final @Nullable CodeSource OWN = Db.class.getProtectionDomain().getCodeSource();

    private CallSites() {
    }

    static @Nullable StackTraceElement caller() {
        Optional<StackWalker.StackFrame> frame =
                WALKER.walk(frames -> frames.filter(CallSites::application).findFirst());
        return frame.map(StackWalker.StackFrame::toStackTraceElement).orElse(null);
    }

    private static boolean application(StackWalker.StackFrame f) {
        String name = f.getClassName();
        if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("reactor.")) {
            return false;
        }
        CodeSource source = f.getDeclaringClass().getProtectionDomain().getCodeSource();
        return OWN == null ? !name.startsWith("dev.r2orm.") : source == null || !sameLocation(source, OWN);
    }

    private static boolean sameLocation(CodeSource a, CodeSource b) {
        return a.getLocation() != null && a.getLocation().equals(b.getLocation());
    }
}
