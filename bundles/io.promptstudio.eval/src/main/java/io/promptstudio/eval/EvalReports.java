package io.promptstudio.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstudio.eval.stats.PairedComparison;
import io.promptstudio.eval.stats.PairwiseJudging;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * The suite's outcome and its cases as files: JSON (the summary), JSON Lines (a case a line, as they come), JUnit XML,
 * and a self-contained HTML page (no script, no file beside it: the charts are inline SVG).
 */
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
        root.put("budgetSpent", outcome.budgetSpent());
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
            PairwiseJudging judged = comparison.pairwise();
            if (judged != null) {
                ObjectNode pairwise = node.putObject("pairwise");
                pairwise.put("wins", judged.wins());
                pairwise.put("losses", judged.losses());
                pairwise.put("ties", judged.ties());
                pairwise.put("positionBiased", judged.positionBiased());
                pairwise.put("errors", judged.errors());
                if (judged.winRate() != null) {
                    pairwise.put("winRate", judged.winRate());
                    pairwise.put("winRateLow", judged.winRateInterval(0.95).low());
                    pairwise.put("winRateHigh", judged.winRateInterval(0.95).high());
                }
                pairwise.put("signTestP", judged.pValue());
            }
        }
        return JSON.writeValueAsString(root) + "\n";
    }

    /**
     * The pairwise judge's word on B against A, for people: "judge prefers B: 14 wins, 6 losses, 3 ties (1 position-biased),
     * win rate 70.0 % [48.1 %, 85.5 %], sign test p 0.1153". Null when no pairwise judge ran.
     */
    public static String pairwise(EvalOutcome.Comparison comparison) {
        PairwiseJudging judged = comparison.pairwise();
        if (judged == null) {
            return null;
        }
        String leaning = judged.pValue() < EvalOutcome.ALPHA ? (judged.wins() > judged.losses() ? "judge prefers B" : "judge prefers A")
                : "judge: no significant preference";
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s — %d wins, %d losses, %d ties (%d position-biased)", leaning,
                judged.wins(), judged.losses(), judged.ties(), judged.positionBiased()));
        if (judged.errors() > 0) {
            line.append(", ").append(judged.errors()).append(" undecided (errors)");
        }
        if (judged.winRate() != null) {
            PairedComparison.Interval interval = judged.winRateInterval(0.95);
            line.append(String.format(Locale.ROOT, ", win rate %.1f %% [%.1f %%, %.1f %%]", 100 * judged.winRate(), 100 * interval.low(),
                    100 * interval.high()));
        }
        return line.append(String.format(Locale.ROOT, ", sign test p %.4f", judged.pValue())).toString();
    }

    /** Why the run stopped early, or empty: " (cancelled)", " (stopped: budget spent)". */
    public static String stopped(EvalOutcome outcome) {
        return outcome.cancelled() ? " (cancelled)" : outcome.budgetSpent() ? " (stopped: the budget was spent)" : "";
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

    /**
     * One HTML page: the verdict, a bar chart of each variant's pass rate, a histogram of each variant's case scores,
     * the comparisons, and a table of the cases that did not pass, with their reasons.
     */
    public static void html(EvalOutcome outcome, List<CaseResult> results, Writer out) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + xml("eval " + outcome.suite()) + "</title>\n"
                + "<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                + "padding:4px 8px;text-align:left;vertical-align:top}.pass{color:#1a7f37}.fail{color:#c62828}.error{color:#666}"
                + "svg text{font-size:12px}</style></head><body>\n");
        out.write("<h1>eval " + xml(outcome.suite()) + "</h1>\n<p class=\"" + (outcome.passed() ? "pass\">PASS" : "fail\">FAIL") + " — suite threshold "
                + String.format(Locale.ROOT, "%.0f %%", 100 * outcome.suiteThreshold()) + xml(stopped(outcome)) + "</p>\n");
        out.write("<h2>Variants</h2>\n<table><tr><th>variant</th><th>cases</th><th>passed</th><th>failed</th><th>errors</th><th>pass rate</th>"
                + "<th>mean score</th><th>cost</th><th>median</th><th>p95</th><th>unstable</th></tr>\n");
        for (EvalOutcome.VariantSummary summary : outcome.variants()) {
            out.write("<tr><td>" + xml(summary.variant().label()) + "</td><td>" + summary.cases() + "</td><td>" + summary.passed() + "</td><td>"
                    + summary.failed() + "</td><td>" + summary.errors() + "</td><td>" + String.format(Locale.ROOT, "%.1f %%", 100 * summary.passRate())
                    + "</td><td>" + (summary.meanScore() == null ? "none" : String.format(Locale.ROOT, "%.3f", summary.meanScore())) + "</td><td>$"
                    + summary.cost().toPlainString() + "</td><td>" + summary.medianMillis() + " ms</td><td>" + summary.p95Millis() + " ms</td><td>"
                    + xml(String.join(", ", summary.unstable())) + "</td></tr>\n");
        }
        out.write("</table>\n<h2>Pass rate</h2>\n" + passRateChart(outcome) + "\n<h2>Scores</h2>\n" + scoreHistogram(outcome, results) + "\n");
        if (!outcome.comparisons().isEmpty()) {
            out.write("<h2>Comparisons</h2>\n<table><tr><th>B vs A</th><th>verdict</th><th>mean difference</th><th>95 % interval</th>"
                    + "<th>Wilcoxon p (Holm)</th><th>McNemar p (Holm)</th><th>rows</th><th>would detect</th></tr>\n");
            for (EvalOutcome.Comparison comparison : outcome.comparisons()) {
                out.write("<tr><td>" + xml(comparison.b().label() + " vs " + comparison.a().label()) + "</td><td>" + xml(comparison.verdict())
                        + "</td><td>" + String.format(Locale.ROOT, "%+.3f", comparison.meanDifference()) + "</td><td>"
                        + String.format(Locale.ROOT, "[%+.3f, %+.3f]", comparison.interval().low(), comparison.interval().high()) + "</td><td>"
                        + String.format(Locale.ROOT, "%.4f", comparison.wilcoxonP()) + "</td><td>" + String.format(Locale.ROOT, "%.4f",
                                comparison.mcnemarP()) + "</td><td>" + comparison.pairs() + "</td><td>"
                        + String.format(Locale.ROOT, "%.3f", comparison.minimumDetectableEffect()) + "</td></tr>\n");
                if (comparison.pairwise() != null) {
                    out.write("<tr><td></td><td colspan=\"7\">" + xml(pairwise(comparison)) + "</td></tr>\n");
                }
            }
            out.write("</table>\n");
        }
        out.write("<h2>Cases that did not pass</h2>\n<table><tr><th>case</th><th>variant</th><th>status</th><th>score</th><th>reason</th>"
                + "<th>output</th></tr>\n");
        for (CaseResult result : results) {
            if (result.passed()) {
                continue;
            }
            out.write("<tr><td>" + xml(result.where() + (result.repeat() > 1 ? " #" + result.repeat() : "")) + "</td><td>"
                    + xml(result.variant().label()) + "</td><td class=\"" + (result.error() ? "error" : "fail") + "\">" + result.status() + "</td><td>"
                    + (result.score() == null ? "" : String.format(Locale.ROOT, "%.2f", result.score())) + "</td><td>" + xml(result.reason())
                    + "</td><td>" + xml(result.output() == null ? "" : result.output()) + "</td></tr>\n");
        }
        out.write("</table>\n</body></html>\n");
    }

    /** Horizontal bars, one a variant, of the share of its cases that passed. */
    private static String passRateChart(EvalOutcome outcome) {
        int rowHeight = 24;
        int width = 640;
        int labels = 280;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\""
                + (outcome.variants().size() * rowHeight + 10) + "\" role=\"img\" aria-label=\"pass rate per variant\">");
        int y = 0;
        for (EvalOutcome.VariantSummary summary : outcome.variants()) {
            double bar = (width - labels - 60) * summary.passRate();
            svg.append("<text x=\"0\" y=\"").append(y + 16).append("\">").append(xml(summary.variant().label())).append("</text>")
                    .append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"#1a7f37\"/>", labels, y + 4,
                            bar))
                    .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.1f %%</text>", labels + bar + 6, y + 16, 100 * summary.passRate()));
            y += rowHeight;
        }
        return svg.append("</svg>").toString();
    }

    /** Per variant, how many answered cases scored in each tenth from 0 to 1. */
    private static String scoreHistogram(EvalOutcome outcome, List<CaseResult> results) {
        StringBuilder charts = new StringBuilder();
        for (EvalOutcome.VariantSummary summary : outcome.variants()) {
            int[] bins = new int[10];
            for (CaseResult result : results) {
                if (result.variant().equals(summary.variant()) && result.score() != null) {
                    bins[Math.min(9, (int) (result.score() * 10))]++;
                }
            }
            int most = java.util.Arrays.stream(bins).max().orElse(0);
            StringBuilder svg = new StringBuilder("<figure><figcaption>" + xml(summary.variant().label()) + "</figcaption>"
                    + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"330\" height=\"130\" role=\"img\" aria-label=\"scores of "
                    + xml(summary.variant().label()) + "\">");
            for (int bin = 0; bin < 10; bin++) {
                double height = most == 0 ? 0 : 100.0 * bins[bin] / most;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"28\" height=\"%.1f\" fill=\"#4a6fa5\"><title>%.1f–%.1f: %d</title></rect>",
                        bin * 32 + 5, 105 - height, height, bin / 10.0, (bin + 1) / 10.0, bins[bin]));
            }
            svg.append("<text x=\"5\" y=\"125\">0</text><text x=\"310\" y=\"125\">1</text></svg></figure>");
            charts.append(svg);
        }
        return charts.toString();
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
