package io.promptstudio.core.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A shortest line diff (Myers' O((N+M)·D) algorithm): the fewest lines to delete and insert to turn one text
 * into another. Lines are compared whole, ends of line excluded.
 */
public final class LineDiff {

    /** What happens to one line. */
    public enum Kind { SAME, DELETED, INSERTED }

    /**
     * @param oldLine 1-based line number in the old text, 0 for an inserted line
     * @param newLine 1-based line number in the new text, 0 for a deleted line
     */
    public record Line(Kind kind, String text, int oldLine, int newLine) {
    }

    private LineDiff() {
    }

    public static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    public static List<Line> diff(String oldText, String newText) {
        return diff(lines(oldText), lines(newText));
    }

    public static List<Line> diff(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        int found = -1;
        for (int d = 0; d <= max && found < 0; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    found = d;
                    break;
                }
            }
        }
        List<Line> reversed = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = found; d > 0; d--) {
            int[] previous = trace.get(d);
            int k = x - y;
            int previousK = (k == -d || (k != d && previous[offset + k - 1] < previous[offset + k + 1])) ? k + 1 : k - 1;
            int previousX = previous[offset + previousK];
            int previousY = previousX - previousK;
            while (x > previousX && y > previousY) {
                reversed.add(new Line(Kind.SAME, a.get(x - 1), x, y));
                x--;
                y--;
            }
            if (x == previousX) {
                reversed.add(new Line(Kind.INSERTED, b.get(y - 1), 0, y));
                y--;
            } else {
                reversed.add(new Line(Kind.DELETED, a.get(x - 1), x, 0));
                x--;
            }
        }
        while (x > 0 && y > 0) {
            reversed.add(new Line(Kind.SAME, a.get(x - 1), x, y));
            x--;
            y--;
        }
        List<Line> result = new ArrayList<>(reversed.size());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            result.add(reversed.get(i));
        }
        return result;
    }

    /** The diff in unified format ({@code @@ -a,b +c,d @@} hunks with {@code context} lines around changes). */
    public static String unified(String oldName, String newName, List<Line> lines, int context) {
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldName).append('\n').append("+++ ").append(newName).append('\n');
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i).kind() == Kind.SAME) {
                i++;
                continue;
            }
            int start = Math.max(0, i - context);
            int end = i;
            int lastChange = i;
            while (end < lines.size() && (lines.get(end).kind() != Kind.SAME || end - lastChange <= 2 * context)) {
                if (lines.get(end).kind() != Kind.SAME) {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(lines.size(), lastChange + context + 1);
            int oldStart = 0;
            int newStart = 0;
            int oldCount = 0;
            int newCount = 0;
            StringBuilder hunk = new StringBuilder();
            for (int j = start; j < end; j++) {
                Line line = lines.get(j);
                if (line.kind() != Kind.INSERTED) {
                    oldCount++;
                    if (oldStart == 0) {
                        oldStart = line.oldLine();
                    }
                }
                if (line.kind() != Kind.DELETED) {
                    newCount++;
                    if (newStart == 0) {
                        newStart = line.newLine();
                    }
                }
                hunk.append(switch (line.kind()) {
                    case SAME -> ' ';
                    case DELETED -> '-';
                    case INSERTED -> '+';
                }).append(line.text()).append('\n');
            }
            out.append("@@ -").append(oldStart).append(',').append(oldCount).append(" +").append(newStart).append(',')
                    .append(newCount).append(" @@\n").append(hunk);
            i = end;
        }
        return out.toString();
    }
}
