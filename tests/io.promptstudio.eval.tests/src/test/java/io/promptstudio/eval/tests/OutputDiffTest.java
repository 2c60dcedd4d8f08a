package io.promptstudio.eval.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptstudio.eval.OutputDiff;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two answers compared line by line, whatever the order of their keys; text that is not JSON compared as it is. */
class OutputDiffTest {

    @Test
    void onlyWhatDiffersIsMarkedWhateverTheKeysOrder() {
        List<OutputDiff.Line> lines = OutputDiff.lines("{\"sentiment\": \"POSITIVE\", \"confidence\": 0.9}",
                "{\"confidence\": 0.9, \"sentiment\": \"NEGATIVE\"}");
        assertEquals(List.of(new OutputDiff.Line(' ', "{"), new OutputDiff.Line(' ', "  \"confidence\" : 0.9,"),
                new OutputDiff.Line('-', "  \"sentiment\" : \"POSITIVE\""), new OutputDiff.Line('+', "  \"sentiment\" : \"NEGATIVE\""),
                new OutputDiff.Line(' ', "}")), lines);
    }

    @Test
    void textThatIsNotJsonAndMissingAnswersAreComparedAsLines() {
        assertEquals(List.of(new OutputDiff.Line(' ', "same"), new OutputDiff.Line('-', "old"), new OutputDiff.Line('+', "new")),
                OutputDiff.lines("same\nold", "same\nnew"));
        assertEquals(List.of(new OutputDiff.Line('+', "\"only\"")), OutputDiff.lines(null, "\"only\""));
    }
}
