package io.promptstudio.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** The suite's outcome and its cases as files: JSON (the summary), JSON Lines (a case a line, as they come), JUnit XML. */
public final class EvalReports {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvalReports() {
    }

    /** The outcome as one JSON document: variants, their numbers and unstable rows, and the comparisons. */
    public static String json(EvalOutcome outcome) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("suite", outcome.suite());
        root.put("passed", outcome.passed());
        root.put("cancelled", outcome.cancelled());
        root.put("suiteThreshold", outcome.suiteThreshold());
        ArrayNode variants = root.putArray("variants");
        for (EvalOutcome.VariantSummary summary : outcome.variants()) {
            ObjectNode node = variants.addObject();
            node.put("prompt", summary.variant().prompt());
            node.put("profile", summary.variant().profile());
            node.put("cases", summary.cases());
            node.put("passed", summary.passed());
            node.put("failed", summary.failed());
            node.put("errors", summary.errors());
            node.put("passRate", summary.passRate());
            if (summary.meanScore() == null) {
                node.putNull("meanScore");
            } else {
                node.put("meanScore", summary.meanScore());
            }
            node.put("cost", summary.cost());
            node.put("medianMillis", summary.medianMillis());
            node.put("p95Millis", summary.p95Millis());
            summary.unstable().forEach(node.putArray("unstable")::add);
        }
        ArrayNode comparisons = root.putArray("comparisons");
        for (EvalOutcome.Comparison comparison : outcome.comparisons()) {
            ObjectNode node = comparisons.addObject();
            node.put("a", comparison.a().label());
            node.put("b", comparison.b().label());
            node.put("pairs", comparison.pairs());
            node.put("meanDifference", comparison.meanDifference());
            node.put("intervalLow", comparison.interval().low());
            node.put("intervalHigh", comparison.interval().high());
            node.put("intervalLevel", comparison.interval().level());
            node.put("wilcoxonP", comparison.wilcoxonP());
            node.put("mcnemarP", comparison.mcnemarP());
            node.put("minimumDetectableEffect", comparison.minimumDetectableEffect());
            node.put("verdict", comparison.verdict());
        }
        return JSON.writeValueAsString(root) + "\n";
    }

    /** One case as one line of JSON. */
    public static String jsonLine(CaseResult result) throws IOException {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("row", result.row());
        node.put("where", result.where());
        node.put("prompt", result.variant().prompt());
        node.put("profile", result.variant().profile());
        node.put("repeat", result.repeat());
        node.put("status", result.status());
        if (result.score() == null) {
            node.putNull("score");
        } else {
            node.put("score", result.score());
        }
        ObjectNode checks = node.putObject("checks");
        result.checks().forEach(check -> checks.put(check.name(), check.score()));
        node.put("output", result.output());
        node.put("reason", result.reason());
        node.put("cost", result.cost());
        node.put("latencyMillis", result.latencyMillis());
        return new ObjectMapper().writeValueAsString(node);
    }

    /** JUnit XML: a test suite per variant, a test case per row and repeat; errors are {@code <error>}, shortfalls {@code <failure>}. */
    public static void junit(EvalOutcome outcome, List<CaseResult> results, Writer out) throws IOException {
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"" + xml(outcome.suite()) + "\">\n");
        for (EvalOutcome.VariantSummary summary : outcome.variants()) {
            out.write("  <testsuite name=\"" + xml(outcome.suite() + " / " + summary.variant().label()) + "\" tests=\"" + summary.cases()
                    + "\" failures=\"" + summary.failed() + "\" errors=\"" + summary.errors() + "\">\n");
            for (CaseResult result : results) {
                if (!result.variant().equals(summary.variant())) {
                    continue;
                }
                String name = result.where() + (result.repeat() > 1 ? " #" + result.repeat() : "");
                out.write("    <testcase classname=\"" + xml(outcome.suite()) + "\" name=\"" + xml(name) + "\" time=\""
                        + String.format(Locale.ROOT, "%.3f", result.latencyMillis() / 1000.0) + "\"");
                if (result.passed()) {
                    out.write("/>\n");
                } else {
                    String element = result.error() ? "error" : "failure";
                    out.write(">\n      <" + element + " message=\"" + xml(result.reason()) + "\"/>\n    </testcase>\n");
                }
            }
            out.write("  </testsuite>\n");
        }
        out.write("</testsuites>\n");
    }

    private static String xml(String text) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                default -> escaped.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return escaped.toString();
    }
}
