package dev.anneal.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression's text into tokens: numbers ({@code 2}, {@code .5}, {@code 1_000},
 * {@code 1e-3}), names (dots included, {@code math.exp}), the operators {@code ** // <= >= == !=} and
 * {@code + - * / % < >}, and {@code ( ) ,}. Whitespace separates tokens.
 */
final class ExpressionLexer {

    /** A token as written and the 0-based offset where it starts. */
    record Token(String text, int start) {
    }

    private ExpressionLexer() {
    }

    /**
     * The tokens of {@code src}, whose one free name is {@code variable}.
     *
     * @throws ExpressionException at a character that starts no token
     */
    static List<Token> tokens(String src, String variable) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(src.charAt(i + 1)))) {
                while (i < n && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '.' || src.charAt(i) == '_')) {
                    i++;
                }
                if (i < n && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
                    int j = i + 1;
                    if (j < n && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
                        j++;
                    }
                    if (j < n && Character.isDigit(src.charAt(j))) {
                        i = j;
                        while (i < n && Character.isDigit(src.charAt(i))) {
                            i++;
                        }
                    }
                }
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_' || src.charAt(i) == '.')) {
                    i++;
                }
            } else {
                String two = i + 1 < n ? src.substring(i, i + 2) : "";
                if (two.equals("**") || two.equals("//") || two.equals("<=") || two.equals(">=")
                        || two.equals("==") || two.equals("!=")) {
                    i += 2;
                } else if ("+-*/%()<>,".indexOf(c) >= 0) {
                    i++;
                } else {
                    throw new ExpressionException(src, i + 1, "'" + c + "'", "a number, '" + variable + "', an operator or '('");
                }
            }
            tokens.add(new Token(src.substring(start, i), start));
        }
        return tokens;
    }
}
