package io.promptstudio.ui.eval.internal;

import io.promptstudio.eval.CaseResult;
import io.promptstudio.eval.EvalOutcome;
import io.promptstudio.eval.EvalStore;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.swt.graphics.ImageData;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The Evaluation view's charts, drawn by JFreeChart into an image the view shows: each variant's pass rate, the
 * distribution of its case scores, latency against cost per case, each comparison's mean difference with its
 * interval, and a suite's pass rate over its past runs. AWT draws off screen only (headless), so it never meets
 * SWT's display.
 */
final class EvalCharts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private EvalCharts() {
    }

    /** The four charts of a run: side by side in a wide, low area, else two by two. */
    static ImageData run(EvalOutcome outcome, List<CaseResult> results, int width, int height) {
        List<JFreeChart> charts = List.of(passRate(outcome), scores(outcome, results), latencyAndCost(outcome, results), interval(outcome));
        return grid(charts, width, height, width >= 3 * height ? 4 : 2);
    }

    /** The pass rate of each variant over a suite's runs, oldest first. */
    static ImageData history(List<EvalStore.StoredRun> newestFirst, int width, int height) {
        XYSeriesCollection lines = new XYSeriesCollection();
        List<EvalStore.StoredRun> runs = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(runs);
        java.util.Map<String, XYSeries> byVariant = new java.util.LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (EvalStore.StoredVariant variant : runs.get(i).variants()) {
                byVariant.computeIfAbsent(variant.variant(), XYSeries::new).add(i + 1, 100 * variant.passRate());
            }
        }
        byVariant.values().forEach(lines::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(Messages.Eval_chartHistory, Messages.Eval_chartRun, Messages.Eval_chartPassRate,
                lines, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.getRangeAxis().setRange(0, 100);
        // a point per run, so that a single run shows too
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return grid(List.of(chart), width, height, 1);
    }

    private static JFreeChart passRate(EvalOutcome outcome) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (EvalOutcome.VariantSummary summary : outcome.variants()) {
            data.addValue(100 * summary.passRate(), Messages.Eval_chartPassRate, summary.variant().label());
        }
        JFreeChart chart = ChartFactory.createBarChart(Messages.Eval_chartPassRate, null, "%", data, PlotOrientation.HORIZONTAL, false,
                false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getRangeAxis().setRange(0, 100);
        plot.getRenderer().setSeriesPaint(0, new Color(0x1a, 0x7f, 0x37));
        return chart;
    }

    private static JFreeChart scores(EvalOutcome outcome, List<CaseResult> results) {
        HistogramDataset data = new HistogramDataset();
        for (EvalOutcome.VariantSummary summary : outcome.variants()) {
            double[] scores = results.stream().filter(result -> result.variant().equals(summary.variant()) && result.score() != null)
                    .mapToDouble(CaseResult::score).toArray();
            if (scores.length > 0) {
                data.addSeries(summary.variant().label(), scores, 10, 0, 1);
            }
        }
        JFreeChart chart = ChartFactory.createHistogram(Messages.Eval_chartScores, Messages.Eval_chartScore, Messages.Eval_chartCases, data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.getXYPlot().setForegroundAlpha(0.6f);
        return chart;
    }

    private static JFreeChart latencyAndCost(EvalOutcome outcome, List<CaseResult> results) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (EvalOutcome.VariantSummary summary : outcome.variants()) {
            XYSeries points = new XYSeries(summary.variant().label(), false, true);
            for (CaseResult result : results) {
                if (result.variant().equals(summary.variant()) && !result.error() && result.cost() != null) {
                    points.add(result.latencyMillis(), result.cost().doubleValue() * 1000);
                }
            }
            data.addSeries(points);
        }
        return ChartFactory.createScatterPlot(Messages.Eval_chartLatencyCost, Messages.Eval_chartLatency, Messages.Eval_chartCost, data,
                PlotOrientation.VERTICAL, true, false, false);
    }

    private static JFreeChart interval(EvalOutcome outcome) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        YIntervalSeries differences = new YIntervalSeries(Messages.Eval_chartDifference);
        List<EvalOutcome.Comparison> comparisons = outcome.comparisons();
        for (int i = 0; i < comparisons.size(); i++) {
            EvalOutcome.Comparison comparison = comparisons.get(i);
            differences.add(i + 1, comparison.meanDifference(), comparison.interval().low(), comparison.interval().high());
        }
        data.addSeries(differences);
        NumberAxis which = new NumberAxis(Messages.Eval_chartComparison);
        which.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        which.setRange(0.5, Math.max(1, comparisons.size()) + 0.5);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setErrorStroke(new BasicStroke(2f));
        XYPlot plot = new XYPlot(data, which, new NumberAxis(Messages.Eval_chartDifferenceAxis), renderer);
        plot.addRangeMarker(new ValueMarker(0, Color.GRAY, new BasicStroke(1f)));
        return new JFreeChart(Messages.Eval_chartInterval, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    }

    /** The charts drawn side by side, {@code columns} to a row, as SWT image data. */
    private static ImageData grid(List<JFreeChart> charts, int width, int height, int columns) {
        int rows = (charts.size() + columns - 1) / columns;
        int cellWidth = Math.max(120, width / columns);
        int cellHeight = Math.max(90, height / rows);
        BufferedImage image = new BufferedImage(cellWidth * columns, cellHeight * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).draw(graphics, new java.awt.geom.Rectangle2D.Double((i % columns) * cellWidth, (i / columns) * cellHeight,
                    cellWidth, cellHeight));
        }
        graphics.dispose();
        return io.promptstudio.ui.ChartImages.imageData(image);
    }
}
