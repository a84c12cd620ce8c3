package dev.anneal.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a schedule's text into tokens: names, numbers, quoted strings and the punctuation
 * {@code ( ) [ ] , = : . * -}. Whitespace and newlines separate tokens; {@code #} starts a comment
 * that runs to the end of the line. A character that starts no token ends the list with an
 * {@link Kind#ERROR} token, which the parser reports when it gets there, so errors come in text order.
 */
final class TextLexer {

    enum Kind { NAME, NUMBER, STRING, PUNCT, END, ERROR }

    /**
     * A token: {@code text} is as written (for an error, what was found, and {@code value} what was
     * expected); for a string, {@code value} is its content and
     * {@code offsets[i]} the offset in the whole text of the content's character {@code i}
     * ({@code offsets[value.length()]} is the closing quote's).
     */
    record Token(Kind kind, String text, int start, int end, String value, int[] offsets) {
        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }

        boolean isName(String name) {
            return kind == Kind.NAME && text.equals(name);
        }
    }

    private static final String PUNCTUATION = "()[],=:.*-";

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int i;

    private TextLexer(String src) {
        this.src = src;
    }

    /** The tokens of {@code src}, ending with an END or ERROR token. */
    static List<Token> tokens(String src) {
        TextLexer lexer = new TextLexer(src);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        int n = src.length();
        while (true) {
            skipSpaceAndComments();
            if (i >= n) {
                tokens.add(new Token(Kind.END, "", n, n, null, null));
                return;
            }
            int start = i;
            char c = src.charAt(i);
            if (isDigit(c)) {
                number();
                add(Kind.NUMBER, start);
            } else if (isNameStart(c)) {
                while (i < n && isNamePart(src.charAt(i))) {
                    i++;
                }
                add(Kind.NAME, start);
            } else if (c == '"' || c == '\'') {
                if (!string(c)) {
                    return;
                }
            } else if (PUNCTUATION.indexOf(c) >= 0) {
                i++;
                add(Kind.PUNCT, start);
            } else {
                error(start, describe(src.codePointAt(i)), "a name, a number, a string or one of ( ) [ ] , = : . * -");
                return;
            }
        }
    }

    private void skipSpaceAndComments() {
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                i++;
            } else if (c == '#') {
                while (i < n && src.charAt(i) != '\n' && src.charAt(i) != '\r') {
                    i++;
                }
            } else {
                return;
            }
        }
    }

    /** {@code digits [. digits] [(e|E) [+|-] digits]}; a dot not followed by a digit is left for {@code 2.epochs}. */
    private void number() {
        int n = src.length();
        digits();
        if (i + 1 < n && src.charAt(i) == '.' && isDigit(src.charAt(i + 1))) {
            i++;
            digits();
        }
        if (i < n && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
                j++;
            }
            if (j < n && isDigit(src.charAt(j))) {
                i = j;
                digits();
            }
        }
    }

    private void digits() {
        while (i < src.length() && isDigit(src.charAt(i))) {
            i++;
        }
    }

    /** A string in {@code quote}s with the escapes backslash-backslash and backslash-quote; false after an error token. */
    private boolean string(char quote) {
        int start = i;
        int n = src.length();
        StringBuilder value = new StringBuilder();
        int[] offsets = new int[16];
        i++;
        while (true) {
            if (i >= n) {
                error(start, "the end of the text", "a closing " + quote + " for this string");
                return false;
            }
            char c = src.charAt(i);
            if (c == quote) {
                break;
            }
            int at = i;
            if (c == '\\') {
                char next = i + 1 < n ? src.charAt(i + 1) : 0;
                if (next != '\\' && next != '"' && next != '\'') {
                    error(i, i + 1 < n ? describe(src.codePointAt(i + 1)) : "the end of the text",
                            "\\\\, \\" + quote + " or \\" + (quote == '"' ? '\'' : '"') + " after a backslash");
                    return false;
                }
                c = next;
                i++;
            }
            if (value.length() + 1 >= offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[value.length()] = at;
            value.append(c);
            i++;
        }
        offsets[value.length()] = i;
        i++;
        tokens.add(new Token(Kind.STRING, src.substring(start, i), start, i, value.toString(),
                Arrays.copyOf(offsets, value.length() + 1)));
        return true;
    }

    /** Ends the tokens with an error token: {@code found} at {@code at}, {@code expected} kept as its value. */
    private void error(int at, String found, String expected) {
        tokens.add(new Token(Kind.ERROR, found, at, at, expected, null));
    }

    private void add(Kind kind, int start) {
        tokens.add(new Token(kind, src.substring(start, i), start, i, null, null));
    }

    /** A character as an error message shows it: {@code '$'}, or {@code U+0007} when it does not print. */
    static String describe(int codePoint) {
        if (Character.isISOControl(codePoint) || Character.isWhitespace(codePoint) || !Character.isDefined(codePoint)
                || Character.getType(codePoint) == Character.SURROGATE) {
            return String.format("U+%04X", codePoint);
        }
        return "'" + new String(Character.toChars(codePoint)) + "'";
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c);
    }
}
