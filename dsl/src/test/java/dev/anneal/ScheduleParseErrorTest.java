package dev.anneal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.text.ScheduleParseException;
import org.junit.jupiter.api.Test;

/** Parse errors say where (line, column), what was found and what was expected, or the node, value and rule. */
class ScheduleParseErrorTest {

    private static ScheduleParseException error(String text) {
        return assertThrows(ScheduleParseException.class, () -> Schedule.parse(text));
    }

    private static String firstLine(ScheduleParseException e) {
        return e.getMessage().lines().findFirst().orElseThrow();
    }

    private static void assertError(String text, int line, int column, String found, String expected) {
        ScheduleParseException e = error(text);
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertEquals(found, e.found(), e.getMessage());
        assertEquals(expected, e.expected(), e.getMessage());
    }

    @Test
    void aThenInsideAnArgumentIsASyntaxErrorAtTheThen() {
        ScheduleParseException e = error("warmup(10) then cosine(tMax=90 then constant())");
        assertEquals("line 1, column 32: expected ')' or ',', found 'then'", firstLine(e));
        assertEquals(")' or ','", e.expected().substring(1));
        assertEquals("'then'", e.found());
    }

    @Test
    void theMessageEndsWithTheLineAndACaretUnderTheColumn() {
        ScheduleParseException e = error("warmup(10) then cosine(tMax=90 then constant())");
        String[] lines = e.getMessage().split("\n");
        assertEquals(3, lines.length);
        assertEquals("  warmup(10) then cosine(tMax=90 then constant())", lines[1]);
        assertEquals("  " + " ".repeat(31) + "^", lines[2]);
    }

    @Test
    void linesAndColumnsCountFromOneAcrossNewlinesAndComments() {
        String text = "# a schedule\r\nwarmup(10)\n  then cosine(tMax=90,, etaMin=1e-6)\n";
        ScheduleParseException e = error(text);
        assertEquals(3, e.line());
        assertEquals(23, e.column());
        assertEquals("','", e.found());
        assertTrue(e.getMessage().contains("\n    then cosine(tMax=90,, etaMin=1e-6)\n"), e.getMessage());
    }

    @Test
    void anEmptyTextExpectsASchedule() {
        assertError("", 1, 1, "the end of the text", "a schedule");
        assertError("  # only a comment\n", 2, 1, "the end of the text", "a schedule");
    }

    @Test
    void syntaxErrorsNameWhatWasFoundAndExpected() {
        assertError("warmup(10) then", 1, 16, "the end of the text", "a schedule or a value");
        assertError("warmup(10) cosine()", 1, 12, "'cosine'", "'then', '*' or the end of the text");
        assertError("warmup(10", 1, 10, "the end of the text", "')' or ','");
        assertError("multiStep(milestones=[1, 2)", 1, 27, "')'", "']' or ','");
        assertError("warmup(10) $ cosine()", 1, 12, "'$'", "a name, a number, a string or one of ( ) [ ] , = : . * -");
        assertError("warmup(2.days)", 1, 10, "'days'", "'epochs' or 'steps' after '2.'");
        assertError("warmup(10).", 1, 12, "the end of the text", "a method: lasting, clamp, perEpoch, momentum");
        assertError("warmup(- 5)", 1, 8, "'- 5'", "a length: a whole number >= 0 of steps (500) or of epochs (2.epochs)");
        assertError("warmup(-x)", 1, 9, "'x'", "a number after '-'");
        assertError("function(\"0.95 ** t)", 1, 10, "the end of the text", "a closing \" for this string");
        assertError("function('a\\nb')", 1, 12, "'n'", "\\\\, \\' or \\\" after a backslash");
        assertError("warmup(10)\u0007", 1, 11, "U+0007", "a name, a number, a string or one of ( ) [ ] , = : . * -");
    }

    @Test
    void aNumberGoesOnTheLeftOfTimes() {
        assertError("cosine(10) * 0.5", 1, 14, "'0.5'", "a schedule after '*' (a number goes on the left: 0.5 * s)");
        assertError("0.5 * 2 * cosine(10)", 1, 7, "'2'", "a schedule after '*' (a number goes on the left: 0.5 * s)");
        assertError("[1] * cosine(10)", 1, 1, "'[1]'", "a schedule or a number before '*'");
    }

    @Test
    void aScheduleIsExpectedAroundThenAndBeforeMethods() {
        assertError("0.5 then cosine()", 1, 1, "'0.5'", "a schedule before 'then'");
        assertError("cosine() then linear", 1, 15, "'linear'", "a schedule after 'then'");
        assertError("\"cosine\".lasting(5)", 1, 1, "'\"cosine\"'", "a schedule before '.lasting'");
        assertError("0.5", 1, 1, "'0.5'", "a schedule");
        assertError("cosine(10).momentum()", 1, 1, "'cosine(10)'", "oneCycle(...), cyclic(...), OneCycleLR(...) or CyclicLR(...) before '.momentum()'");
        assertError("cosine(10).scale(2)", 1, 12, "'scale'", "a method: lasting, clamp, perEpoch, momentum");
    }

    @Test
    void anUnknownNameListsTheKnownShapes() {
        ScheduleParseException e = error("warmup(5) then cosin(tMax=90)");
        assertEquals(1, e.column() - 15);
        assertEquals("'cosin'", e.found());
        assertTrue(firstLine(e).startsWith("line 1, column 16: unknown schedule 'cosin'; known: constant, warmup, linear, step, "
                + "multiStep, exponential, polynomial, cosine, cosineRestarts, oneCycle, cyclic, inverseSqrt, warmupStableDecay, "
                + "piecewise, function, plateau"), firstLine(e));
    }

    @Test
    void anUnknownKeywordListsTheNodesParameters() {
        ScheduleParseException e = error("cosine(tMax=90, eta_min=0.1)");
        assertEquals("line 1, column 17: cosine has no parameter 'eta_min'; its parameters: tMax, etaMin, periodic", firstLine(e));
        assertEquals("one of: tMax, etaMin, periodic", e.expected());
        assertEquals("line 1, column 18: clamp has no parameter 'lo'; its parameters: min, max", firstLine(error("constant().clamp(lo=1)")));
    }

    @Test
    void argumentsAreBoundOnceInOrder() {
        assertEquals("line 1, column 20: cosine: a positional argument cannot follow keyword arguments",
                firstLine(error("cosine(etaMin=0.1, 90)")));
        assertEquals("line 1, column 23: cosine takes at most 3 arguments (parameters: tMax, etaMin, periodic)",
                firstLine(error("cosine(90, 0.1, true, 4)")));
        assertEquals("line 1, column 21: perEpoch takes no arguments (parameters: none)",
                firstLine(error("cosine(10).perEpoch(2)")));
        assertEquals("line 1, column 12: cosine: tMax is given twice", firstLine(error("cosine(90, tMax=80)")));
        assertEquals("line 1, column 1: cosineRestarts: t0 is required (parameters: t0, tMult, etaMin, decay)",
                firstLine(error("cosineRestarts(tMult=2)")));
        assertEquals("line 1, column 1: function: expression is required (parameters: expression)", firstLine(error("function()")));
    }

    @Test
    void aValueOfTheWrongKindNamesTheNodeTheParameterAndTheRule() {
        assertEquals("line 1, column 13: cosine(tMax=-5): tMax must be a length: a whole number >= 0 of steps (500) or of epochs (2.epochs)",
                firstLine(error("cosine(tMax=-5)")));
        assertEquals("line 1, column 23: cosine(etaMin=\"0.1\"): etaMin must be a number", firstLine(error("cosine(tMax=5, etaMin=\"0.1\")")));
        assertEquals("line 1, column 21: cyclic(mode=triangle): mode must be one of triangular, triangular2, expRange",
                firstLine(error("cyclic(0.1, 4, mode=triangle)")));
        assertEquals("line 1, column 18: plateau(patience=1.5): patience must be a whole number from -9223372036854775808 to 9223372036854775807",
                firstLine(error("plateau(patience=1.5)")));
        assertEquals("line 1, column 25: cosineRestarts(tMult=99999999999999999999): tMult must be a whole number from -9223372036854775808 to 9223372036854775807",
                firstLine(error("cosineRestarts(5, tMult=99999999999999999999)")));
        assertEquals("line 1, column 17: cosine(periodic=1): periodic must be true or false", firstLine(error("cosine(periodic=1)")));
        assertEquals("line 1, column 8: cosine(tMax=2.5): tMax must be a length: a whole number >= 0 of steps (500) or of epochs (2.epochs)",
                firstLine(error("cosine(2.5)")));
        assertEquals("line 1, column 8: warmup(length=None): length must be a length: a whole number >= 0 of steps (500) or of epochs (2.epochs)",
                firstLine(error("warmup(None)")));
    }

    @Test
    void aBadListItemIsPointedAtAndTheWholeListShown() {
        assertEquals("line 1, column 27: piecewise(points=[0: 1.0, 5]): points must be a list of points time: factor, e.g. [0: 1.0, 2.epochs: 0.5]",
                firstLine(error("piecewise(points=[0: 1.0, 5])")));
        assertEquals("line 1, column 23: piecewise(points=[0: 1.0, 5: x]): points must be a list of points time: factor, e.g. [0: 1.0, 2.epochs: 0.5]",
                firstLine(error("piecewise([0: 1.0, 5: x])")));
        assertEquals("line 1, column 27: multiStep(milestones=[30, -80]): milestones must be a list of lengths, each a whole number >= 0 of steps (500) or of epochs (2.epochs)",
                firstLine(error("multiStep(milestones=[30, -80])")));
        assertEquals("line 1, column 22: multiStep(milestones=30): milestones must be a list of lengths, each a whole number >= 0 of steps (500) or of epochs (2.epochs)",
                firstLine(error("multiStep(milestones=30)")));
    }

    @Test
    void aParameterTheNodeRejectsKeepsTheNodesOwnMessageAtTheNode() {
        ScheduleParseException e = error("warmup(5) then cosine(tMax=0)");
        assertEquals("line 1, column 16: cosine(tMax=0, etaMin=0.0): tMax must be > 0, got 0", firstLine(e));
        assertEquals("'cosine(tMax=0)'", e.found());
        assertEquals("cosine(tMax=0, etaMin=0.0): tMax must be > 0, got 0", e.expected());
        assertEquals("line 2, column 3: warmup(5, startFactor=1.5): startFactor must be in [0, 1], got 1.5",
                firstLine(error("constant().lasting(3) then\n  warmup(5, startFactor=1.5)")));
        assertEquals("line 1, column 1: scale(nan): factor must be finite, got nan", firstLine(error("nan * cosine()")));
        assertEquals("line 1, column 1: clamp(min=0.5, max=0.1): min must be <= max, both numbers",
                firstLine(error("constant().clamp(min=0.5, max=0.1)")));
        assertEquals("line 1, column 27: piecewise point 100: -1.0: factor must be finite and >= 0, got -1.0",
                firstLine(error("piecewise(points=[0: 1.0, 100: -1.0])")));
    }

    @Test
    void anExpressionErrorPointsIntoTheQuotedString() {
        ScheduleParseException e = error("warmup(5) then function(\"0.95 ** \")");
        assertEquals("line 1, column 34: function(expression=\"0.95 ** \"): expected a number, 't' or '(', found the end", firstLine(e));
        assertEquals("the end", e.found());
        ScheduleParseException escaped = error("function('t \\\\ \\'')");
        assertEquals(13, escaped.column());
        assertEquals("'\\'", escaped.found());
        ScheduleParseException multiLine = error("cyclic(0.1, 4,\n  scaleFn=\"0.8 **\n x $\")");
        assertEquals(3, multiLine.line());
        assertEquals(4, multiLine.column());
        assertEquals("'$'", multiLine.found());
    }

    @Test
    void aLambdaHasNoTextForm() {
        ScheduleParseException e = error(Schedule.function("decay", t -> 0.5).toString());
        assertEquals("line 1, column 10: function(...) takes a quoted expression in t, e.g. function(\"0.95 ** t\"); "
                + "a Java or Kotlin lambda (function(name)) has no text form", firstLine(e));
        assertEquals("'decay'", e.found());
    }

    @Test
    void deepNestingIsAParseErrorNotAStackOverflow() {
        int n = 100_000;
        ScheduleParseException parens = error("(".repeat(n) + "constant()" + ")".repeat(n));
        assertEquals("line 1, column 101: nesting deeper than 100 levels (brackets, calls and operators)", firstLine(parens));
        ScheduleParseException lists = error("multiStep(milestones=" + "[".repeat(n) + "]".repeat(n) + ")");
        assertEquals(1, lists.line());
        ScheduleParseException products = error("constant()" + " * constant()".repeat(n));
        assertTrue(firstLine(products).endsWith("nesting deeper than 100 levels (brackets, calls and operators)"), firstLine(products));
        ScheduleParseException methods = error("constant()" + ".perEpoch()".repeat(n));
        assertEquals(1, methods.column());
        ScheduleParseException expression = error("function(\"" + "(".repeat(n) + "t" + ")".repeat(n) + "\")");
        assertEquals("line 1, column 111: function(expression=\"((((((((((((((((((((((((((((((((((((...): "
                + "expected at most 200 levels of nesting, found '('",
                firstLine(expression));
    }
}
