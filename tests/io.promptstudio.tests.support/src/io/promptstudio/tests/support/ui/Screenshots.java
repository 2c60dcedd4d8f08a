package io.promptstudio.tests.support.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/** Saves what a shell shows on screen as a PNG, so a person can look at what the test saw. */
public final class Screenshots {

    /** The system property naming the folder screenshots go to; the build sets it under target/. */
    public static final String FOLDER_PROPERTY = "promptstudio.screenshots";

    private Screenshots() {
    }

    public static Path folder() {
        return Path.of(System.getProperty(FOLDER_PROPERTY, "target/screenshots"));
    }

    /** Captures the shell's area of the screen into {@code folder()/name}. */
    public static Path capture(Shell shell, String name) throws IOException {
        UiWait.drainEvents();
        // GTK paints on its frame clock, not as a queued event: without this a capture can show a view's previous
        // pixels (its "loading…" heading after the test saw the loaded one)
        shell.update();
        return capture(shell.getDisplay(), shell.getBounds(), name);
    }

    /** Captures the whole screen into {@code folder()/name}. */
    public static Path captureScreen(Display display, String name) throws IOException {
        return capture(display, display.getBounds(), name);
    }

    private static Path capture(Display display, Rectangle bounds, String name) throws IOException {
        UiWait.drainEvents();
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
            ImageData data = image.getImageData();
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { data };
            Path file = folder().resolve(name);
            Files.createDirectories(file.getParent());
            loader.save(file.toString(), SWT.IMAGE_PNG);
            return file;
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
