package io.promptstudio.ui;

import java.awt.image.BufferedImage;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;

/** Charts drawn off screen by AWT (JFreeChart), as image data for SWT to show: the views' charts never meet AWT's display. */
public final class ChartImages {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ChartImages() {
    }

    /** An RGB image's pixels as SWT image data. */
    public static ImageData imageData(BufferedImage image) {
        PaletteData palette = new PaletteData(0xFF0000, 0x00FF00, 0x0000FF);
        ImageData data = new ImageData(image.getWidth(), image.getHeight(), 24, palette);
        int[] row = new int[image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, image.getWidth(), 1, row, 0, image.getWidth());
            data.setPixels(0, y, row.length, row, 0);
        }
        return data;
    }
}
