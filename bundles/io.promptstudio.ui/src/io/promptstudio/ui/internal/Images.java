package io.promptstudio.ui.internal;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.graphics.Image;

/** The bundle's own images, loaded once into JFace's registry and disposed with the display. */
final class Images {

    private static final String PROMPT_FILE = "io.promptstudio.ui.promptFile";

    private Images() {
    }

    static Image promptFile() {
        var registry = JFaceResources.getImageRegistry();
        Image image = registry.get(PROMPT_FILE);
        if (image == null) {
            registry.put(PROMPT_FILE, ImageDescriptor.createFromURL(Images.class.getResource("/icons/promptstudio16.png")));
            image = registry.get(PROMPT_FILE);
        }
        return image;
    }
}
