package dev.r2orm.migrate;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Formats a time with a Go layout, as Go's {@code time.Time.Format} does: the layout is the reference time
 * {@code Mon Jan 2 15:04:05 MST 2006} written the way the result should look, and anything that is not one of Go's
 * reference tokens is copied as is. The tokens are read left to right with Go's rules, so {@code 1} on its own is the
 * month and {@code Janet} is literal text.
 *
 * <p>Tokens: {@code 2006 06 January Jan 1 01 Monday Mon 2 _2 02 __2 002 15 3 03 4 04 5 05 PM pm MST}, the zones
 * {@code -070000 -07:00:00 -0700 -07:00 -07} and their {@code Z} forms (which print {@code Z} at offset zero), and
 * fractional seconds {@code .000} (fixed width) or {@code .999} (trailing zeros dropped), also with {@code ,}.
 */
final class GoTimeLayout {

    private GoTimeLayout() {
    }

    /**
     * @param t the time, in the zone to print
     * @param layout a Go layout such as {@code 20060102150405}
     * @return the formatted time
     */
    static String format(ZonedDateTime t, String layout) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < layout.length()) {
            int used = token(t, layout, i, out);
            if (used == 0) {
                out.append(layout.charAt(i));
                used = 1;
            }
            i += used;
        }
        return out.toString();
    }

    /** Appends the token at {@code i} and returns its length, or returns 0 when there is no token there. */
    private static int token(ZonedDateTime t, String layout, int i, StringBuilder out) {
        String rest = layout.substring(i);
        switch (rest.charAt(0)) {
            case 'J':
                if (rest.startsWith("January")) {
                    return append(out, t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH), 7);
                }
                if (rest.startsWith("Jan") && !lowerAt(rest, 3)) {
                    return append(out, t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), 3);
                }
                return 0;
            case 'M':
                if (rest.startsWith("Monday")) {
                    return append(out, t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH), 6);
                }
                if (rest.startsWith("Mon") && !lowerAt(rest, 3)) {
                    return append(out, t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), 3);
                }
                if (rest.startsWith("MST")) {
                    return append(out, t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), 3);
                }
                return 0;
            case '0':
                if (rest.length() >= 2 && rest.charAt(1) >= '1' && rest.charAt(1) <= '6') {
                    return append(out, zeroTwo(t, rest.charAt(1)), 2);
                }
                if (rest.startsWith("002")) {
                    return append(out, pad(t.getDayOfYear(), 3, '0'), 3);
                }
                return 0;
            case '1':
                if (rest.startsWith("15")) {
                    return append(out, pad(t.getHour(), 2, '0'), 2);
                }
                return append(out, Integer.toString(t.getMonthValue()), 1);
            case '2':
                if (rest.startsWith("2006")) {
                    return append(out, pad(t.getYear(), 4, '0'), 4);
                }
                return append(out, Integer.toString(t.getDayOfMonth()), 1);
            case '_':
                if (rest.startsWith("_2") && !rest.startsWith("_2006")) {
                    return append(out, pad(t.getDayOfMonth(), 2, ' '), 2);
                }
                if (rest.startsWith("__2")) {
                    return append(out, pad(t.getDayOfYear(), 3, ' '), 3);
                }
                return 0;
            case '3':
                return append(out, Integer.toString(hour12(t)), 1);
            case '4':
                return append(out, Integer.toString(t.getMinute()), 1);
            case '5':
                return append(out, Integer.toString(t.getSecond()), 1);
            case 'P':
                return rest.startsWith("PM") ? append(out, t.getHour() >= 12 ? "PM" : "AM", 2) : 0;
            case 'p':
                return rest.startsWith("pm") ? append(out, t.getHour() >= 12 ? "pm" : "am", 2) : 0;
            case '-':
            case 'Z':
                return zone(t, rest, out);
            case '.':
            case ',':
                return fraction(t, rest, out);
            default:
                return 0;
        }
    }

    private static String zeroTwo(ZonedDateTime t, char which) {
        switch (which) {
            case '1':
                return pad(t.getMonthValue(), 2, '0');
            case '2':
                return pad(t.getDayOfMonth(), 2, '0');
            case '3':
                return pad(hour12(t), 2, '0');
            case '4':
                return pad(t.getMinute(), 2, '0');
            case '5':
                return pad(t.getSecond(), 2, '0');
            default:
                return pad(Math.floorMod(t.getYear(), 100), 2, '0');
        }
    }

    private static int zone(ZonedDateTime t, String rest, StringBuilder out) {
        String body = rest.substring(1);
        boolean iso = rest.charAt(0) == 'Z';
        int offset = t.getOffset().getTotalSeconds();
        String[] forms = {"070000", "07:00:00", "0700", "07:00", "07"};
        for (String form : forms) {
            if (body.startsWith(form)) {
                if (iso && offset == 0) {
                    return append(out, "Z", form.length() + 1);
                }
                int abs = Math.abs(offset);
                String sep = form.contains(":") ? ":" : "";
                StringBuilder z = new StringBuilder(offset < 0 ? "-" : "+").append(pad(abs / 3600, 2, '0'));
                if (form.length() > 2) {
                    z.append(sep).append(pad(abs / 60 % 60, 2, '0'));
                }
                if (form.length() > 5) {
                    z.append(sep).append(pad(abs % 60, 2, '0'));
                }
                return append(out, z.toString(), form.length() + 1);
            }
        }
        return 0;
    }

    private static int fraction(ZonedDateTime t, String rest, StringBuilder out) {
        if (rest.length() < 2 || (rest.charAt(1) != '0' && rest.charAt(1) != '9')) {
            return 0;
        }
        char digit = rest.charAt(1);
        int end = 1;
        while (end < rest.length() && rest.charAt(end) == digit) {
            end++;
        }
        if (end < rest.length() && rest.charAt(end) >= '0' && rest.charAt(end) <= '9') {
            return 0;
        }
        int width = Math.min(end - 1, 9);
        String digits = pad(t.getNano(), 9, '0').substring(0, width);
        if (digit == '9') {
            int last = digits.length();
            while (last > 0 && digits.charAt(last - 1) == '0') {
                last--;
            }
            digits = digits.substring(0, last);
            if (digits.isEmpty()) {
                return end;
            }
        }
        out.append(rest.charAt(0)).append(digits);
        return end;
    }

    private static int hour12(ZonedDateTime t) {
        int h = t.getHour() % 12;
        return h == 0 ? 12 : h;
    }

    private static boolean lowerAt(String s, int i) {
        return i < s.length() && s.charAt(i) >= 'a' && s.charAt(i) <= 'z';
    }

    private static int append(StringBuilder out, String text, int used) {
        out.append(text);
        return used;
    }

    private static String pad(int value, int width, char fill) {
        String s = Integer.toString(Math.abs(value));
        StringBuilder b = new StringBuilder(value < 0 ? "-" : "");
        for (int k = s.length(); k < width; k++) {
            b.append(fill);
        }
        return b.append(s).toString();
    }
}
