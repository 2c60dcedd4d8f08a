package io.promptstudio.dsl.scoping;

import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage;
import io.promptstudio.dsl.promptStudio.TestCase;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.Scopes;

/**
 * Parameters are named by their simple name inside their own prompt: {@code history turns} in a prompt's
 * messages, and {@code topic = "…"} in the input block of a test for that prompt. Everything else
 * resolves through qualified names and imports (the default).
 */
public class PromptStudioScopeProvider extends AbstractPromptStudioScopeProvider {

    @Override
    public IScope getScope(EObject context, EReference reference) {
        if (reference == PromptStudioPackage.Literals.HISTORY_MESSAGE__PARAMETER) {
            Prompt prompt = EcoreUtil2.getContainerOfType(context, Prompt.class);
            return prompt == null ? IScope.NULLSCOPE : Scopes.scopeFor(prompt.getParameters());
        }
        if (reference == PromptStudioPackage.Literals.ARGUMENT__PARAMETER) {
            TestCase test = EcoreUtil2.getContainerOfType(context, TestCase.class);
            // Resolving the prompt here is safe: it is a different reference of the same test.
            Prompt prompt = test == null ? null : test.getPrompt();
            return prompt == null || prompt.eIsProxy() ? IScope.NULLSCOPE : Scopes.scopeFor(prompt.getParameters());
        }
        return super.getScope(context, reference);
    }

}
