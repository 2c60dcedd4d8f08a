package io.promptstudio.optimize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstudio.eval.EvalReports;
import io.promptstudio.eval.OutputDiff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/** An optimization's report: settings, splits, every candidate, each generation, the test and the best's diff. */
public final class OptimizeReports {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OptimizeReports() {
    }

    /** The outcome as one JSON document. */
    public static String json(OptimizeOutcome outcome, CandidateWorkspace candidates) {
        ObjectNode root = JSON.createObjectNode();
        root.put("run", outcome.runId());
        root.put("prompt", candidates.targetName());
        root.put("status", outcome.status());
        root.put("stopReason", outcome.stopReason());
        root.set("settings", JSON.valueToTree(outcome.settings()));
        ObjectNode split = root.putObject("split");
        numbers(split.putArray("train"), outcome.split().train());
        numbers(split.putArray("batch"), outcome.split().batch());
        numbers(split.putArray("validation"), outcome.split().validation());
        numbers(split.putArray("test"), outcome.split().test());
        root.set("estimate", JSON.valueToTree(outcome.estimate()));
        root.set("spent", JSON.valueToTree(outcome.spent()));
        ArrayNode list = root.putArray("candidates");
        for (Scored each : outcome.candidates()) {
            list.add(candidate(each));
        }
        ArrayNode generations = root.putArray("generations");
        outcome.generations().forEach(generation -> generations.add(JSON.valueToTree(generation)));
        root.put("invalid", outcome.invalid());
        if (outcome.start() != null) {
            root.set("start", candidate(outcome.start()));
        }
        if (outcome.best() != null) {
            root.set("best", candidate(outcome.best()));
            root.put("diff", diff(candidates, outcome.best().candidate()));
        }
        root.put("improved", outcome.improved());
        if (outcome.test() != null) {
            try {
                root.set("test", JSON.readTree(EvalReports.json(outcome.test())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The prompt file as written against the file with the candidate adopted, line by line ({@code -}, {@code +}, two spaces). */
    public static String diff(CandidateWorkspace candidates, Candidate candidate) {
        StringBuilder text = new StringBuilder();
        for (OutputDiff.Line line : OutputDiff.lines(candidates.shape().fileText(), candidates.shape().fileWith(candidate))) {
            text.append(line.mark()).append(' ').append(line.text()).append('\n');
        }
        return text.toString();
    }

    private static ObjectNode candidate(Scored scored) {
        ObjectNode node = JSON.createObjectNode();
        node.put("number", scored.number());
        node.put("generation", scored.generation());
        node.put("origin", scored.origin());
        node.put("instruction", scored.candidate().instruction());
        node.put("demos", scored.candidate().demos().size());
        node.put("problem", scored.problem());
        node.put("fitness", scored.fitness());
        node.put("validation", scored.validation());
        BigDecimal cost = scored.cost();
        node.put("cost", cost);
        return node;
    }

    private static void numbers(ArrayNode array, List<Integer> numbers) {
        numbers.forEach(array::add);
    }
}
