package dev.anneal.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExpressionTest {

    private static double eval(String source, double x) {
        return Expression.parse(source, "epoch").eval(x);
    }

    @Test
    void followsPythonOperatorsAndPrecedence() {
        assertEquals(-4.0, eval("-2 ** 2", 0));
        assertEquals(0.5, eval("2 ** -1", 0));
        assertEquals(512.0, eval("2 ** 3 ** 2", 0));
        assertEquals(2.0, eval("epoch // 3", 7));
        assertEquals(-3.0, eval("-epoch // 3", 7));
        assertEquals(2.0, eval("-7 % 3", 0));
        assertEquals(1.4, eval("epoch / 5", 7), 1e-15);
    }

    @Test
    void conditionalsComparisonsAndFunctions() {
        assertEquals(1.0, eval("1.0 if epoch < 5 else 0.5", 4));
        assertEquals(0.5, eval("1.0 if epoch < 5 else 0.5", 5));
        assertEquals(1.0, eval("1 < epoch < 3", 2));
        assertEquals(0.0, eval("1 < epoch < 3", 3));
        assertEquals(0.6, eval("min(1.0, (epoch + 1) / 5)", 2), 1e-15);
        assertEquals(Math.cos(1.0), eval("math.cos(epoch)", 1), 0);
    }

    @Test
    void divisionByZeroRaisesLikePython() {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> eval("1 / epoch", 0));
        assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    }

    @Test
    void syntaxErrorsGiveColumnFoundAndExpected() {
        ExpressionException e = assertThrows(ExpressionException.class, () -> Expression.parse("0.95 **", "epoch"));
        assertEquals(8, e.column());
        assertEquals("the end", e.found());
        ExpressionException unknown = assertThrows(ExpressionException.class, () -> Expression.parse("x + 1", "epoch"));
        assertEquals(1, unknown.column());
    }

    @Test
    void deepNestingIsAnExpressionErrorNotAStackOverflow() {
        String deep = "(".repeat(50_000) + "epoch" + ")".repeat(50_000);
        ExpressionException e = assertThrows(ExpressionException.class, () -> Expression.parse(deep, "epoch"));
        assertTrue(e.expected().contains("levels of nesting"), e.getMessage());
        assertThrows(ExpressionException.class, () -> Expression.parse("-".repeat(50_000) + "epoch", "epoch"));
        assertEquals(1.0, Expression.parse("(".repeat(60) + "epoch" + ")".repeat(60), "epoch").eval(1.0));
    }
}
