package io.promptstudio.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;

/**
 * Two answers line by line: each as indented JSON with its keys sorted (so that the same value always reads the
 * same), then the longest common subsequence of their lines, so that what only one of them says stands out.
 */
public final class OutputDiff {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private OutputDiff() {
    }

    /** A line of the comparison: {@code ' '} in both, {@code '-'} only in the first, {@code '+'} only in the second. */
    public record Line(char mark, String text) {
    }

    public static List<Line> lines(String first, String second) {
        List<String> a = pretty(first);
        List<String> b = pretty(second);
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Line> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                lines.add(new Line(' ', a.get(i++)));
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                lines.add(new Line('-', a.get(i++)));
            } else {
                lines.add(new Line('+', b.get(j++)));
            }
        }
        while (i < a.size()) {
            lines.add(new Line('-', a.get(i++)));
        }
        while (j < b.size()) {
            lines.add(new Line('+', b.get(j++)));
        }
        return lines;
    }

    /** An answer as indented JSON lines; an answer that is not JSON, as its own lines. */
    private static List<String> pretty(String output) {
        if (output == null) {
            return List.of();
        }
        try {
            return JSON.writeValueAsString(JSON.readValue(output, Object.class)).lines().toList();
        } catch (JsonProcessingException e) {
            return output.lines().toList();
        }
    }
}
