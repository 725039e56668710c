package dev.r2orm.schema;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** English pluralisation of the last word of a snake_case name, enough for table names. */
final class Inflector {

    private static final Set<String> UNCOUNTABLE = Set.of("equipment", "information", "rice", "money", "species",
            "series", "fish", "sheep", "deer", "news", "data", "metadata", "feedback", "software", "jeans", "police");

    private static final Map<String, String> IRREGULAR = Map.ofEntries(
            Map.entry("person", "people"), Map.entry("man", "men"), Map.entry("woman", "women"),
            Map.entry("child", "children"), Map.entry("tooth", "teeth"), Map.entry("foot", "feet"),
            Map.entry("mouse", "mice"), Map.entry("goose", "geese"), Map.entry("ox", "oxen"),
            Map.entry("move", "moves"), Map.entry("sex", "sexes"), Map.entry("zombie", "zombies"),
            Map.entry("index", "indices"), Map.entry("matrix", "matrices"), Map.entry("vertex", "vertices"),
            Map.entry("criterion", "criteria"), Map.entry("analysis", "analyses"), Map.entry("status", "statuses"),
            Map.entry("alias", "aliases"), Map.entry("quiz", "quizzes"), Map.entry("bus", "buses"));

    private static final List<String[]> SUFFIXES = List.of(
            new String[] {"ies", "ies"}, new String[] {"ss", "sses"}, new String[] {"sh", "shes"},
            new String[] {"ch", "ches"}, new String[] {"x", "xes"}, new String[] {"zz", "zzes"},
            new String[] {"fe", "ves"}, new String[] {"lf", "lves"}, new String[] {"us", "uses"},
            new String[] {"is", "es"});

    private Inflector() {
    }

    static String pluralize(String snake) {
        int cut = snake.lastIndexOf('_') + 1;
        String head = snake.substring(0, cut);
        String word = snake.substring(cut);
        return head + pluralizeWord(word);
    }

    private static String pluralizeWord(String word) {
        if (word.isEmpty() || UNCOUNTABLE.contains(word)) {
            return word;
        }
        String irregular = IRREGULAR.get(word);
        if (irregular != null) {
            return irregular;
        }
        for (String[] rule : SUFFIXES) {
            if (word.endsWith(rule[0])) {
                return word.substring(0, word.length() - rule[0].length()) + rule[1];
            }
        }
        if (word.endsWith("y") && word.length() > 1 && "aeiou".indexOf(word.charAt(word.length() - 2)) < 0) {
            return word.substring(0, word.length() - 1) + "ies";
        }
        if (word.endsWith("s")) {
            return word;
        }
        return word + "s";
    }
}
