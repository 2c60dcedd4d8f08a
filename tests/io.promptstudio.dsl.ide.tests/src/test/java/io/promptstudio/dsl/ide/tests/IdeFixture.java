package io.promptstudio.dsl.ide.tests;

import com.google.inject.Injector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;

/** Parses texts with the language's IDE injector, as the language server and the editor do. */
final class IdeFixture {

    static final Injector IDE = io.promptstudio.dsl.ide.session.LanguageSession.ideInjector();

    private IdeFixture() {
    }

    /** Loads the texts into one resource set (names resolve across them) and returns the first. */
    static XtextResource load(String... texts) throws IOException {
        XtextResourceSet resources = IDE.getInstance(XtextResourceSet.class);
        XtextResource first = null;
        for (int i = 0; i < texts.length; i++) {
            XtextResource resource = (XtextResource) resources.createResource(URI.createURI("memory:/file" + i + ".pstudio"));
            resource.load(new ByteArrayInputStream(texts[i].getBytes(StandardCharsets.UTF_8)), Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
            first = first == null ? resource : first;
        }
        return first;
    }
}
