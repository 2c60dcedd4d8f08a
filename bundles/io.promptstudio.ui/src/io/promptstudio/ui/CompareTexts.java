package io.promptstudio.ui;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import org.eclipse.compare.CompareConfiguration;
import org.eclipse.compare.CompareEditorInput;
import org.eclipse.compare.CompareUI;
import org.eclipse.compare.IEncodedStreamContentAccessor;
import org.eclipse.compare.ITypedElement;
import org.eclipse.compare.structuremergeviewer.DiffNode;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.swt.graphics.Image;

/** Two texts side by side in Eclipse's compare editor, read-only: versions of a document, a proposal against its file. */
public final class CompareTexts {

    /** A text read when the editor opens (from a store, which may fail). */
    public interface Source {
        String text() throws IOException;
    }

    private CompareTexts() {
    }

    public static void open(String title, String leftName, Source left, String rightName, Source right) {
        CompareConfiguration configuration = new CompareConfiguration();
        configuration.setLeftLabel(leftName);
        configuration.setRightLabel(rightName);
        configuration.setLeftEditable(false);
        configuration.setRightEditable(false);
        CompareUI.openCompareEditor(new CompareEditorInput(configuration) {
            @Override
            protected Object prepareInput(IProgressMonitor monitor) throws InvocationTargetException {
                setTitle(title);
                try {
                    return new DiffNode(new TextElement(leftName, left.text()), new TextElement(rightName, right.text()));
                } catch (IOException e) {
                    throw new InvocationTargetException(e);
                }
            }
        });
    }

    /** A text for the compare editor. */
    private record TextElement(String name, String text) implements ITypedElement, IEncodedStreamContentAccessor {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public String getType() {
            return ITypedElement.TEXT_TYPE;
        }

        @Override
        public InputStream getContents() {
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String getCharset() {
            return StandardCharsets.UTF_8.name();
        }
    }
}
