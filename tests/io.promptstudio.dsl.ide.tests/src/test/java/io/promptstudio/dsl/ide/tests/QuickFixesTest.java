package io.promptstudio.dsl.ide.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptstudio.dsl.ide.quickfix.QuickFixes;
import io.promptstudio.dsl.validation.IssueCodes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;

/** Each quick fix turns the finding it is for into a file that no longer has it. */
class QuickFixesTest {

    private static List<Issue> issues(XtextResource resource) {
        return IdeFixture.IDE.getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
    }

    private static Issue only(XtextResource resource, String code) {
        List<Issue> matching = issues(resource).stream().filter(issue -> code.equals(issue.getCode())).toList();
        assertEquals(1, matching.size(), issues(resource).toString());
        return matching.get(0);
    }

    private static List<QuickFixes.Fix> fixes(String text, String code) throws Exception {
        XtextResource resource = IdeFixture.load(text);
        Issue issue = only(resource, code);
        return QuickFixes.fixes(resource, code, issue.getOffset(), issue.getLength(), issue.getMessage());
    }

    private static String apply(String text, QuickFixes.Fix fix) {
        List<QuickFixes.Edit> edits = new ArrayList<>(fix.edits());
        edits.sort(Comparator.comparingInt(QuickFixes.Edit::offset).reversed());
        StringBuilder result = new StringBuilder(text);
        edits.forEach(edit -> result.replace(edit.offset(), edit.offset() + edit.length(), edit.text()));
        return result.toString();
    }

    private static List<String> remainingCodes(String text) throws Exception {
        return issues(IdeFixture.load(text)).stream().map(Issue::getCode).toList();
    }

    @Test
    void aTypoedVariableIsChangedOrDeclared() throws Exception {
        String text = "prompt P(ticket: string) -> string {\n  user \"{{ tikcet }}\"\n}\n";
        var fixes = fixes(text, IssueCodes.UNKNOWN_VARIABLE);
        assertEquals(List.of("Change to 'ticket'", "Declare parameter 'tikcet: string'"), fixes.stream().map(QuickFixes.Fix::title).toList());
        assertEquals(List.of(), remainingCodes(apply(text, fixes.get(0))));
        assertEquals("prompt P(ticket: string, tikcet: string) -> string {\n  user \"{{ tikcet }}\"\n}\n", apply(text, fixes.get(1)));
    }

    @Test
    void aTypoedFieldFilterAnnotationAndProviderGetTheNearestKnownName() throws Exception {
        String member = "class T {\n  title: string\n}\nprompt P(t: T) -> string {\n  user \"{{ t.titel }}\"\n}\n";
        assertEquals(List.of(), remainingCodes(apply(member, fixes(member, IssueCodes.UNKNOWN_MEMBER).get(0))));
        String filter = "prompt P(t: string) -> string {\n  user \"{{ t | uper }}\"\n}\n";
        assertEquals("Change to 'upper'", fixes(filter, IssueCodes.UNKNOWN_FILTER).get(0).title());
        assertEquals(List.of(), remainingCodes(apply(filter, fixes(filter, IssueCodes.UNKNOWN_FILTER).get(0))));
        String annotation = "class T {\n  title: string @maxLenght(3)\n}\n";
        assertEquals(List.of(), remainingCodes(apply(annotation, fixes(annotation, IssueCodes.UNKNOWN_ANNOTATION).get(0))));
        String provider = "profile p {\n  provider = \"openia\"\n}\n";
        var providerFix = fixes(provider, IssueCodes.UNKNOWN_PROVIDER).get(0);
        assertEquals("Change to 'openai'", providerFix.title());
        assertEquals("profile p {\n  provider = \"openai\"\n}\n", apply(provider, providerFix));
    }

    @Test
    void aTestMissingInputsGetsThemWithTypedPlaceholders() throws Exception {
        String text = """
                enum Tone { CALM, ANGRY }
                class Ticket {
                  subject: string
                  tags: string[]
                  note: string?
                }
                prompt P(ticket: Ticket, tone: Tone, n: int, extra: string = "x") -> string {
                  user "{{ ticket.subject }} {{ tone }} {{ n }} {{ extra }}"
                }
                test T for P {
                  expect {
                    length(output) > 0
                  }
                }
                """;
        var fix = fixes(text, IssueCodes.MISSING_TEST_INPUT).get(0);
        assertEquals("Add inputs 'ticket', 'tone', 'n'", fix.title());
        String fixed = apply(text, fix);
        assertEquals(true, fixed.contains("  input {\n    ticket = { subject: \"\", tags: [] }\n    tone = Tone.CALM\n    n = 0\n  }"), fixed);
        assertEquals(List.of(), remainingCodes(fixed));
    }

    @Test
    void aMissingInputGoesIntoTheTestsExistingInputBlock() throws Exception {
        String text = """
                prompt P(review: string, audience: string) -> string {
                  user "{{ review }} {{ audience }}"
                }
                test T for P {
                  input {
                    review = "Broke after two days"
                  }
                  expect {
                    length(output) > 0
                  }
                }
                """;
        var fix = fixes(text, IssueCodes.MISSING_TEST_INPUT).get(0);
        assertEquals("Add input 'audience'", fix.title());
        String fixed = apply(text, fix);
        assertEquals(true, fixed.contains("  input {\n    audience = \"\"\n    review = \"Broke after two days\"\n  }"), fixed);
        assertEquals(1, fixed.split("input \\{", -1).length - 1, "one input block: " + fixed);
        assertEquals(List.of(), remainingCodes(fixed));
    }

    @Test
    void aDatasetRowGetsItsMissingInputsAfterItsOthers() throws Exception {
        String text = """
                prompt P(review: string, stars: int) -> string {
                  user "{{ review }} {{ stars }}"
                }
                dataset D for P {
                  { review: "Broke" } -> "bad"
                }
                """;
        var fix = fixes(text, IssueCodes.MISSING_TEST_INPUT).get(0);
        assertEquals("Add input 'stars'", fix.title());
        String fixed = apply(text, fix);
        assertEquals(true, fixed.contains("{ review: \"Broke\", stars: 0 } -> \"bad\""), fixed);
        assertEquals(List.of(), remainingCodes(fixed));
    }

    @Test
    void noFixIsOfferedWhenNothingIsClose() throws Exception {
        assertEquals(List.of("Declare parameter 'zzzzzz: string'"), fixes("prompt P(ticket: string) -> string {\n  user \"{{ zzzzzz }} {{ ticket }}\"\n}\n",
                IssueCodes.UNKNOWN_VARIABLE).stream().map(QuickFixes.Fix::title).toList());
    }
}
