package io.promptstudio.dsl.validation;

import io.promptstudio.dsl.promptStudio.PromptStudioPackage;
import java.util.List;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.EValidatorRegistrar;

/**
 * A group of the language's checks, composed into {@link PromptStudioValidator} (which Xtext registers);
 * registering each group as well would run its checks twice.
 */
public abstract class ComposedValidator extends AbstractDeclarativeValidator {

    @Override
    protected List<EPackage> getEPackages() {
        return List.of(PromptStudioPackage.eINSTANCE);
    }

    @Override
    public void register(EValidatorRegistrar registrar) {
        // composed, not registered
    }
}
