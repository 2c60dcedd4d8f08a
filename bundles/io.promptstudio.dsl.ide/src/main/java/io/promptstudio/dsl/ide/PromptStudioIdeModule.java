package io.promptstudio.dsl.ide;

import io.promptstudio.dsl.ide.contentassist.PromptStudioContentProposalProvider;
import io.promptstudio.dsl.ide.highlighting.PromptStudioHighlighting;
import io.promptstudio.dsl.ide.hover.PromptStudioHover;
import io.promptstudio.dsl.ide.quickfix.PromptStudioCodeActions;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.ide.server.hover.IHoverService;

/** Guice bindings of the language's IDE services; the generated base binds the content-assist parser. */
public class PromptStudioIdeModule extends AbstractPromptStudioIdeModule {

    public Class<? extends IdeContentProposalProvider> bindIdeContentProposalProvider() {
        return PromptStudioContentProposalProvider.class;
    }

    public Class<? extends ISemanticHighlightingCalculator> bindISemanticHighlightingCalculator() {
        return PromptStudioHighlighting.class;
    }

    public Class<? extends IHoverService> bindIHoverService() {
        return PromptStudioHover.class;
    }

    public Class<? extends ICodeActionService2> bindICodeActionService2() {
        return PromptStudioCodeActions.class;
    }
}
