package io.promptstudio.ui.optimize.internal;

import io.promptstudio.optimize.OptimizeOutcome;
import io.promptstudio.ui.ChartImages;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.eclipse.swt.graphics.ImageData;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The Optimization view's live chart, drawn by JFreeChart off screen: best and mean batch score, and best validation score, per generation. */
final class OptimizeChart {

    private OptimizeChart() {
    }

    static ImageData draw(List<OptimizeOutcome.Generation> generations, int width, int height) {
        XYSeries best = new XYSeries(Messages.Optimize_chartBest);
        XYSeries mean = new XYSeries(Messages.Optimize_chartMean);
        XYSeries validation = new XYSeries(Messages.Optimize_chartValidation);
        for (OptimizeOutcome.Generation generation : generations) {
            add(best, generation.number(), generation.bestFitness());
            add(mean, generation.number(), generation.meanFitness());
            add(validation, generation.number(), generation.bestValidation());
        }
        XYSeriesCollection lines = new XYSeriesCollection();
        lines.addSeries(best);
        lines.addSeries(mean);
        lines.addSeries(validation);
        NumberAxis generationAxis = new NumberAxis(Messages.Optimize_chartGeneration);
        generationAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis scoreAxis = new NumberAxis(Messages.Optimize_chartScore);
        scoreAxis.setRange(0, 1.05);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x1B, 0x5E, 0x20));
        renderer.setSeriesPaint(1, new Color(0x90, 0xA4, 0xAE));
        renderer.setSeriesPaint(2, new Color(0x15, 0x65, 0xC0));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        // validation is often the batch's best: dashed and drawn last, it stays visible on top of it
        renderer.setSeriesStroke(2, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { 6f, 4f }, 0f));
        XYPlot plot = new XYPlot(lines, generationAxis, scoreAxis, renderer);
        plot.setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(Messages.Optimize_chartTitle, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        BufferedImage image = new BufferedImage(Math.max(160, width), Math.max(120, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        chart.draw(graphics, new java.awt.geom.Rectangle2D.Double(0, 0, image.getWidth(), image.getHeight()));
        graphics.dispose();
        return ChartImages.imageData(image);
    }

    private static void add(XYSeries series, int x, Double y) {
        if (y != null) {
            series.add(x, y);
        }
    }
}
