package dev.anneal.samples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalChartTest {

    @Test
    void stepDownIsDrawnWithCornersAndLabelledAxes() {
        List<String> lines = TerminalChart.render(x -> x < 3 ? 1.0 : 0.0, 6, 20, 3);

        assertEquals(List.of(
                "  1 ┤────────╮",
                "0.5 ┤        │",
                "  0 ┤        ╰──────",
                "    └┬────────────┬─",
                "     0            5"), lines);
    }

    @Test
    void riseIsDrawnWithCornersWhenThereAreFewerValuesThanColumns() {
        List<String> lines = TerminalChart.render(x -> x, 3, 20, 3);

        assertEquals(List.of(
                "2 ┤            ╭────",
                "1 ┤      ╭─────╯",
                "0 ┤──────╯",
                "  └┬───────────┬────",
                "   0           2"), lines);
    }

    @Test
    void oneValueSpikeAmongThousandsStillShows() {
        List<String> lines = TerminalChart.render(x -> x == 500 ? 1.0 : 0.0, 1000, 24, 3);

        assertEquals("  1 ┤         │", lines.get(0));
        assertEquals("  0 ┤─────────│─────────", lines.get(2));
        assertEquals("     0       500", lines.get(4));
    }

    @Test
    void constantIsDrawnAgainstAZeroBaseline() {
        List<String> lines = TerminalChart.render(x -> 0.1, 11, 24, 5);

        assertEquals("  0.1 ┤─────────────────", lines.get(0));
        assertEquals("    0 ┤", lines.get(4));
    }

    @Test
    void notFiniteValuesLeaveAGap() {
        List<String> lines = TerminalChart.render(x -> x == 1 ? Double.NaN : 1.0, 3, 20, 2);

        assertEquals("1 ┤──────      ─────", lines.get(0));
    }

    @Test
    void axisNumbersArePlainInTheMiddleRangeAndScientificOutside() {
        assertEquals("0", TerminalChart.number(BigDecimal.ZERO));
        assertEquals("0.025", TerminalChart.number(new BigDecimal("0.0250")));
        assertEquals("12500", TerminalChart.number(new BigDecimal("12500")));
        assertEquals("2.5e-6", TerminalChart.number(new BigDecimal("0.0000025")));
        assertEquals("1e5", TerminalChart.number(new BigDecimal("100000")));
        assertEquals("-0.5", TerminalChart.number(new BigDecimal("-0.50")));
    }

    @Test
    void axisStepIsTheNextRoundNumber() {
        assertEquals(new BigDecimal("0.025"), TerminalChart.roundStep(0.0225));
        assertEquals(new BigDecimal("0.5"), TerminalChart.roundStep(0.3));
        assertEquals(new BigDecimal("1"), TerminalChart.roundStep(1.0));
        assertEquals(new BigDecimal("2E+3"), TerminalChart.roundStep(1001));
    }

    @Test
    void tooSmallAChartIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TerminalChart.render(x -> 0, 10, 19, 5));
        assertThrows(IllegalArgumentException.class, () -> TerminalChart.render(x -> 0, 10, 40, 1));
        assertThrows(IllegalArgumentException.class, () -> TerminalChart.render(x -> 0, 0, 40, 5));
    }
}
