package io.promptstudio.ui.internal.language;

import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.ui.PromptStudioLog;
import io.promptstudio.ui.internal.Messages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.osgi.util.NLS;

/**
 * The checker's findings as markers: they show in the Problems view and, through the editor's annotation model,
 * as squiggles and ruler icons. Markers are replaced only when the findings changed, so typing does not make the
 * Problems view flicker.
 */
public final class ProblemMarkers {

    public static final String TYPE = "io.promptstudio.ui.problem";
    public static final String CODE = "code";

    private ProblemMarkers() {
    }

    public static void update(IFile file, List<LanguageSession.Finding> findings) {
        if (!file.exists()) {
            return;
        }
        try {
            Set<List<Object>> wanted = new HashSet<>();
            findings.forEach(finding -> wanted.add(key(finding.offset(), finding.offset() + finding.length(), finding.code(), finding.message())));
            Set<List<Object>> present = new HashSet<>();
            for (IMarker marker : file.findMarkers(TYPE, false, IResource.DEPTH_ZERO)) {
                present.add(key(marker.getAttribute(IMarker.CHAR_START, -1), marker.getAttribute(IMarker.CHAR_END, -1),
                        marker.getAttribute(CODE, ""), marker.getAttribute(IMarker.MESSAGE, "")));
            }
            if (present.equals(wanted)) {
                return;
            }
            // the file as the rule: the editor's checks and the background checks replace its markers one at a time
            file.getWorkspace().run(monitor -> {
                file.deleteMarkers(TYPE, false, IResource.DEPTH_ZERO);
                for (LanguageSession.Finding finding : findings) {
                    // created with all its attributes at once: a reader (the Problems view, a hover) never sees half a marker
                    java.util.Map<String, Object> attributes = new java.util.HashMap<>();
                    attributes.put(IMarker.MESSAGE, finding.message());
                    attributes.put(IMarker.SEVERITY, switch (finding.severity()) {
                        case "error" -> IMarker.SEVERITY_ERROR;
                        case "warning" -> IMarker.SEVERITY_WARNING;
                        default -> IMarker.SEVERITY_INFO;
                    });
                    attributes.put(IMarker.LINE_NUMBER, finding.line());
                    attributes.put(IMarker.CHAR_START, finding.offset());
                    attributes.put(IMarker.CHAR_END, finding.offset() + Math.max(finding.length(), 0));
                    attributes.put(IMarker.LOCATION, NLS.bind(Messages.Marker_location, finding.line(), finding.column()));
                    attributes.put(CODE, finding.code());
                    file.createMarker(TYPE, attributes);
                }
            }, file, org.eclipse.core.resources.IWorkspace.AVOID_UPDATE, null);
        } catch (CoreException e) {
            PromptStudioLog.log(e.getStatus());
        }
    }

    /** The finding a marker stands for, as the session reported it. */
    public static LanguageSession.Finding finding(IMarker marker) {
        int start = marker.getAttribute(IMarker.CHAR_START, 0);
        int end = marker.getAttribute(IMarker.CHAR_END, start);
        int severity = marker.getAttribute(IMarker.SEVERITY, IMarker.SEVERITY_INFO);
        return new LanguageSession.Finding(start, end - start, marker.getAttribute(IMarker.LINE_NUMBER, 1), 1,
                severity == IMarker.SEVERITY_ERROR ? "error" : severity == IMarker.SEVERITY_WARNING ? "warning" : "info",
                marker.getAttribute(CODE, ""), marker.getAttribute(IMarker.MESSAGE, ""));
    }

    public static List<IMarker> at(IFile file, int offset) {
        List<IMarker> markers = new ArrayList<>();
        try {
            for (IMarker marker : file.findMarkers(TYPE, false, IResource.DEPTH_ZERO)) {
                int start = marker.getAttribute(IMarker.CHAR_START, -1);
                int end = marker.getAttribute(IMarker.CHAR_END, -1);
                if (start <= offset && offset <= end) {
                    markers.add(marker);
                }
            }
        } catch (CoreException e) {
            PromptStudioLog.log(e.getStatus());
        }
        return markers;
    }

    private static List<Object> key(int start, int end, String code, String message) {
        return List.of(start, end, Objects.requireNonNullElse(code, ""), Objects.requireNonNullElse(message, ""));
    }
}
