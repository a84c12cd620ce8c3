package dev.anneal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.anneal.text.ScheduleParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated texts: every input gives a schedule (which prints as text that reads back to
 * it) or a ScheduleParseException with a position inside the text; never any other exception.
 */
class ScheduleParserFuzzTest {

    private static final List<String> VALID = List.of(
            "warmup(10) then cosine(tMax=90, etaMin=1e-6)",
            "warmup(2.epochs, startFactor=0.1) then constant()",
            "step(stepSize=5.epochs, gamma=0.5)",
            "multiStep(milestones=[30, 80], gamma=0.25)",
            "piecewise(points=[0: 1.0, 100: 0.5, 2.epochs: 0.1], interpolation=linear)",
            "cyclic(maxLr=0.1, stepUp=4, stepDown=6, mode=triangular2, baseMomentum=0.7)",
            "cyclic(maxLr=0.05, stepUp=3, scaleFn=\"0.8 ** x\", scaleMode=iterations).momentum()",
            "0.5 * cosine(tMax=10) * exponential(gamma=0.99)",
            "(warmup(5) then constant()).clamp(min=1e-5, max=0.1)",
            "oneCycle(total=1000, maxLr=0.1, pctStart=0.25, anneal=linear, threePhase=true).momentum()",
            "function('min(1.0, (t + 1) / 5)').lasting(10) then polynomial(100, power=2.0)",
            "plateau(mode=max, factor=0.5, patience=2, threshold=1e-3, thresholdMode=abs, cooldown=1, minLr=-inf)",
            "inverseSqrt(warmup=4000, timescale=None) * linear(200, startFactor=0.0, endFactor=1.0)",
            "warmupStableDecay(warmup=100, stable=800, decay=100, shape=oneMinusSqrt, endFactor=0.1)",
            "cosineRestarts(t0=50, tMult=2, etaMin=1e-5, decay=0.5).perEpoch()",
            "# comment\nwarmup(\n  10,  # steps\n  startFactor=0.1,\n)\nthen cosine(periodic=True)\n",
            "-0.0 * (warmup(5) then cosine()).lasting(3.epochs)",
            "SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=15)], milestones=[5])",
            "warmup(5) then CyclicLR(base_lr=0.01, max_lr=0.1, mode=\"triangular2\", cycle_momentum=False).momentum()",
            "0.5 * LambdaLR(lr_lambda='0.95 ** epoch') * OneCycleLR(max_lr=0.1, total_steps=100, three_phase=True)",
            "ReduceLROnPlateau(mode=\"max\", factor=0.5, patience=2, threshold=0.05, threshold_mode=\"abs\", min_lr=1e-5)");

    private static final List<String> TOKENS = List.of("then", "*", "(", ")", "[", "]", ",", "=", ":", ".", "-", "#",
            "\"", "'", "\\", "\n", " ", "epochs", "steps", "inf", "nan", "None", "True", "false", "0", "1e-6", "2.5", "1e400",
            "99999999999999999999", "cosine", "warmup", "function", "momentum", "lasting", "clamp", "perEpoch", "tMax",
            "CosineAnnealingLR", "T_max", "\"0.95 ** t\"", "'x'", "expRange", "function(decay)", "SequentialLR",
            "schedulers", "milestones", "None", "-1", "StepLR(step_size=3)");

    private static final String ALPHABET = "()[],=:.*-+#\"'\\ \n\r\t0123456789eEabcdefghijklmnopqrstuvwxyzTNF_$\u0000\u00e9\u2028";

    private static final Pattern TOKEN = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]*|[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?|\"[^\"]*\"|'[^']*'|\\s+|.", Pattern.DOTALL);

    private int accepted;

    @Test
    void randomStringsGiveAScheduleOrAParseError() {
        Random r = new Random(11);
        for (int i = 0; i < 15_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(40);
            for (int k = 0; k < n; k++) {
                int kind = r.nextInt(10);
                if (kind < 6) {
                    sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                } else if (kind < 9) {
                    sb.append(TOKENS.get(r.nextInt(TOKENS.size())));
                } else {
                    sb.appendCodePoint(r.nextInt(Character.MAX_CODE_POINT + 1));
                }
            }
            check(sb.toString());
        }
    }

    @Test
    void characterMutationsOfValidTextsGiveAScheduleOrAParseError() {
        Random r = new Random(12);
        for (int i = 0; i < 25_000; i++) {
            StringBuilder sb = new StringBuilder(VALID.get(r.nextInt(VALID.size())));
            int mutations = 1 + r.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                mutateChars(sb, r);
            }
            check(sb.toString());
        }
        assertTrue(accepted > 500, "mutations should keep some texts valid, got " + accepted);
    }

    @Test
    void tokenMutationsOfValidTextsGiveAScheduleOrAParseError() {
        Random r = new Random(13);
        for (int i = 0; i < 25_000; i++) {
            List<String> tokens = tokens(VALID.get(r.nextInt(VALID.size())));
            int mutations = 1 + r.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                mutateTokens(tokens, r);
            }
            check(String.join("", tokens));
        }
        assertTrue(accepted > 500, "mutations should keep some texts valid, got " + accepted);
    }

    @Test
    void splicedValidTextsGiveAScheduleOrAParseError() {
        Random r = new Random(14);
        for (int i = 0; i < 5_000; i++) {
            String a = VALID.get(r.nextInt(VALID.size()));
            String b = VALID.get(r.nextInt(VALID.size()));
            check(a.substring(0, r.nextInt(a.length() + 1)) + b.substring(r.nextInt(b.length() + 1)));
        }
    }

    private static void mutateChars(StringBuilder sb, Random r) {
        int at = r.nextInt(sb.length() + 1);
        switch (r.nextInt(5)) {
            case 0 -> {
                if (at < sb.length()) {
                    sb.deleteCharAt(at);
                }
            }
            case 1 -> sb.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            case 2 -> {
                int end = Math.min(sb.length(), at + r.nextInt(12));
                sb.insert(at, sb.substring(at, end));
            }
            case 3 -> {
                int other = r.nextInt(sb.length() + 1);
                if (at < sb.length() && other < sb.length()) {
                    char c = sb.charAt(at);
                    sb.setCharAt(at, sb.charAt(other));
                    sb.setCharAt(other, c);
                }
            }
            default -> {
                if (at < sb.length()) {
                    sb.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                }
            }
        }
    }

    private static void mutateTokens(List<String> tokens, Random r) {
        int at = r.nextInt(tokens.size() + 1);
        switch (r.nextInt(4)) {
            case 0 -> {
                if (at < tokens.size()) {
                    tokens.remove(at);
                }
            }
            case 1 -> tokens.add(at, TOKENS.get(r.nextInt(TOKENS.size())));
            case 2 -> {
                if (at < tokens.size()) {
                    int end = Math.min(tokens.size(), at + 1 + r.nextInt(6));
                    tokens.addAll(at, new ArrayList<>(tokens.subList(at, end)));
                }
            }
            default -> {
                int other = r.nextInt(tokens.size());
                if (at < tokens.size()) {
                    String t = tokens.get(at);
                    tokens.set(at, tokens.get(other));
                    tokens.set(other, t);
                }
            }
        }
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    /** Parses: a schedule must read back from its own text; an error must point inside the text. */
    private void check(String text) {
        Schedule s;
        try {
            s = Schedule.parse(text);
        } catch (ScheduleParseException e) {
            long lines = 1 + text.chars().filter(c -> c == '\n').count() + text.chars().filter(c -> c == '\r').count();
            assertTrue(e.line() >= 1 && e.line() <= lines && e.column() >= 1 && e.column() <= text.length() + 1,
                    () -> "position out of the text for " + show(text) + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith("line " + e.line() + ", column " + e.column() + ": "), e.getMessage());
            assertTrue(e.found() != null && e.expected() != null, e.getMessage());
            return;
        } catch (Throwable t) {
            fail("input " + show(text) + " threw " + t, t);
            return;
        }
        accepted++;
        assertEquals(s, Schedule.parse(s.toString()), () -> "re-reading the text of " + show(text));
    }

    private static String show(String text) {
        StringBuilder sb = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('"').toString();
    }
}
