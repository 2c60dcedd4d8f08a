package io.promptstudio.ui.collab.internal;

import io.promptstudio.collab.Collaborator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jface.text.ITextViewerExtension5;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.events.PaintEvent;
import org.eclipse.swt.events.PaintListener;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;

/**
 * Draws the others' carets and selections in their colours. A caret that moves shows its owner's name above it
 * for a moment ({@link #NAME_MILLIS}): long enough to tell who it is, without covering the line above for good.
 */
final class RemoteCursors implements PaintListener {

    static final int NAME_MILLIS = 3000;

    private final ISourceViewer viewer;
    private List<Collaborator> collaborators = List.of();
    private List<io.promptstudio.collab.Comments.Thread> comments = List.of();
    /**
     * By client id: where its owner last said the caret was (not where edits moved it since), and until when its
     * name shows.
     */
    private final Map<Long, Integer> heads = new HashMap<>();
    private final Map<Long, Long> namedUntil = new HashMap<>();
    /** One runnable, so that each move reschedules the same timer instead of adding one. */
    private final Runnable hideNames = this::hideNamesDue;

    RemoteCursors(ISourceViewer viewer) {
        this.viewer = viewer;
        viewer.getTextWidget().addPaintListener(this);
    }

    /** The others' presence changed: a caret that moved shows its name again. */
    void show(List<Collaborator> now) {
        long time = System.currentTimeMillis();
        for (Collaborator collaborator : now) {
            Integer before = heads.put(collaborator.clientId(), collaborator.head());
            if (before == null || before != collaborator.head()) {
                namedUntil.put(collaborator.clientId(), time + NAME_MILLIS);
            }
        }
        reposition(now);
        scheduleNextNameToGo();
    }

    /** Sets the one timer for the next name to go (a later move reschedules it, SWT keeps one per runnable). */
    private void scheduleNextNameToGo() {
        StyledText text = viewer.getTextWidget();
        long time = System.currentTimeMillis();
        namedUntil.values().stream().filter(until -> until > time).min(Long::compare).ifPresent(until -> {
            if (!text.isDisposed()) {
                text.getDisplay().timerExec((int) (until - time) + 50, hideNames);
            }
        });
    }

    private void hideNamesDue() {
        StyledText text = viewer.getTextWidget();
        if (text != null && !text.isDisposed()) {
            text.redraw();
            scheduleNextNameToGo();
        }
    }

    /** The text changed under the carets: they are drawn where they are now, their names left as they were. */
    void reposition(List<Collaborator> now) {
        java.util.Set<Long> present = new java.util.HashSet<>();
        now.forEach(collaborator -> present.add(collaborator.clientId()));
        heads.keySet().retainAll(present);
        namedUntil.keySet().retainAll(present);
        collaborators = now;
        StyledText text = viewer.getTextWidget();
        if (!text.isDisposed()) {
            text.redraw();
        }
    }

    /** Whose names are up now. */
    List<String> named() {
        long time = System.currentTimeMillis();
        return collaborators.stream().filter(collaborator -> namedUntil.getOrDefault(collaborator.clientId(), 0L) > time)
                .map(Collaborator::name).toList();
    }

    List<Collaborator> shown() {
        return collaborators;
    }

    /** Underlines the ranges open comment threads are about. */
    void showComments(List<io.promptstudio.collab.Comments.Thread> threads) {
        comments = threads;
        StyledText text = viewer.getTextWidget();
        if (!text.isDisposed()) {
            text.redraw();
        }
    }

    @Override
    public void paintControl(PaintEvent event) {
        StyledText text = viewer.getTextWidget();
        GC gc = event.gc;
        Color amber = new Color(text.getDisplay(), new RGB(0xf0, 0x8c, 0x00));
        gc.setBackground(amber);
        for (io.promptstudio.collab.Comments.Thread thread : comments) {
            int start = widgetOffset(thread.start());
            int end = widgetOffset(thread.end());
            if (thread.resolved() || start < 0 || end <= start) {
                continue;
            }
            for (int offset = start; offset < end; offset++) {
                Rectangle box = text.getTextBounds(offset, offset);
                gc.fillRectangle(box.x, box.y + box.height - 2, box.width, 2);
            }
        }
        amber.dispose();
        for (Collaborator collaborator : collaborators) {
            int head = widgetOffset(collaborator.head());
            if (head < 0) {
                continue;
            }
            Color color = new Color(text.getDisplay(), rgb(collaborator.color()));
            try {
                int anchor = widgetOffset(collaborator.anchor());
                if (anchor >= 0 && anchor != head) {
                    int start = Math.min(anchor, head);
                    int end = Math.max(anchor, head);
                    gc.setAlpha(60);
                    gc.setBackground(color);
                    for (int offset = start; offset < end; offset++) {
                        Rectangle box = text.getTextBounds(offset, offset);
                        gc.fillRectangle(box);
                    }
                    gc.setAlpha(255);
                }
                Point at = text.getLocationAtOffset(head);
                int height = text.getLineHeight(head);
                gc.setBackground(color);
                gc.fillRectangle(at.x, at.y, 2, height);
                if (namedUntil.getOrDefault(collaborator.clientId(), 0L) > System.currentTimeMillis()) {
                    gc.setForeground(text.getDisplay().getSystemColor(SWT.COLOR_WHITE));
                    Point label = gc.textExtent(collaborator.name());
                    // above the caret's line, or below it on the first visible line, never over the caret's own text
                    int top = at.y - label.y >= 0 ? at.y - label.y : at.y + height;
                    gc.fillRectangle(at.x, top, label.x + 4, label.y);
                    gc.drawText(collaborator.name(), at.x + 2, top, true);
                }
            } finally {
                color.dispose();
            }
        }
    }

    private int widgetOffset(int modelOffset) {
        if (modelOffset < 0 || modelOffset > viewer.getDocument().getLength()) {
            return -1;
        }
        if (viewer instanceof ITextViewerExtension5 extension) {
            return extension.modelOffset2WidgetOffset(modelOffset);
        }
        return modelOffset;
    }

    static RGB rgb(String hex) {
        try {
            int value = Integer.parseInt(hex.startsWith("#") ? hex.substring(1) : hex, 16);
            return new RGB((value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff);
        } catch (NumberFormatException e) {
            return new RGB(0x88, 0x88, 0x88);
        }
    }

    void dispose() {
        StyledText text = viewer.getTextWidget();
        if (text != null && !text.isDisposed()) {
            text.removePaintListener(this);
            text.redraw();
        }
    }
}
