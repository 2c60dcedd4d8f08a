package io.promptstudio.dsl.validation;

import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.PathExpression;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.types.Types;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.scoping.IScopeProvider;
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

    /** Reports the first segment of {@code path} that the type of its head ({@code type}) has no field for. */
    protected void checkMembers(PathExpression path, TypeRef type) {
        String walked = path.getHead();
        for (int i = 0; i < path.getSegments().size() && type != null; i++) {
            String segment = path.getSegments().get(i);
            var member = Types.hasMembers(type) ? Types.member(type, segment) : java.util.Optional.<TypeRef>empty();
            if (member.isEmpty()) {
                error("'" + walked + "' is " + Types.describe(type) + ", which has no field '" + segment + "'"
                        + (Types.memberNames(type).isEmpty() ? "" : " (fields: " + String.join(", ", Types.memberNames(type)) + ")"),
                        path, Literals.PATH_EXPRESSION__SEGMENTS, i, IssueCodes.UNKNOWN_MEMBER);
                return;
            }
            type = member.get();
            walked += "." + segment;
        }
    }

    /**
     * Whether {@code path} names an enum value ({@code Priority.HIGH}), reporting a value the enum lacks; false when it
     * is not an enum's name, for the caller to report as unknown.
     */
    protected boolean checkedAsEnumValue(PathExpression path, IScopeProvider scopes) {
        IEObjectDescription found = scopes.getScope(path, Literals.NAMED_TYPE__TYPE).getSingleElement(QualifiedName.create(path.getHead()));
        EObject declaration = found == null ? null : EcoreUtil.resolve(found.getEObjectOrProxy(), path);
        if (!(declaration instanceof EnumType enumType) || path.getSegments().size() != 1) {
            return false;
        }
        String value = path.getSegments().get(0);
        if (enumType.getValues().stream().noneMatch(each -> each.getName().equals(value))) {
            error("Enum " + enumType.getName() + " has no value '" + value + "' (values: " + String.join(", ",
                    enumType.getValues().stream().map(each -> each.getName()).toList()) + ")", path, Literals.PATH_EXPRESSION__SEGMENTS, 0,
                    IssueCodes.UNKNOWN_MEMBER);
        }
        return true;
    }
}
