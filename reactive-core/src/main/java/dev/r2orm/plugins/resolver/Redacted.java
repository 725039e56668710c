package dev.r2orm.plugins.resolver;

/** URLs as they may be logged: without the password. */
final class Redacted {

    private Redacted() {
    }

    /** @return the URL with the password of its user info (between {@code :} and {@code @}) replaced */
    static String url(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@', scheme + 3);
        if (scheme < 0 || at < 0) {
            return url;
        }
        int colon = url.indexOf(':', scheme + 3);
        return colon > 0 && colon < at ? url.substring(0, colon + 1) + "***" + url.substring(at) : url;
    }
}
