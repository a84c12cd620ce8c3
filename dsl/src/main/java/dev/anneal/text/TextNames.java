package dev.anneal.text;

import java.util.Locale;

/**
 * Enum constants in the text form: lower camel case ({@code EXP_RANGE} is {@code expRange}). Public
 * only for the nodes of {@code dev.anneal}, which print their enum parameters with it (internal: no
 * compatibility promise):
 * <pre>{@code
 * TextNames.of(Cyclic.Mode.EXP_RANGE);   // "expRange"
 * }</pre>
 */
public final class TextNames {
    private TextNames() {
    }

    /** The text name of {@code e}. */
    public static String of(Enum<?> e) {
        String[] words = e.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder sb = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return sb.toString();
    }

    /** The constant of {@code type} whose text name is {@code name}, or null. */
    static <E extends Enum<E>> E find(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(name)) {
                return e;
            }
        }
        return null;
    }
}
