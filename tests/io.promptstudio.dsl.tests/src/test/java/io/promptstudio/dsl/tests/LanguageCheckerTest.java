package io.promptstudio.dsl.tests;

import static io.promptstudio.dsl.tests.Checking.assertClean;
import static io.promptstudio.dsl.tests.Checking.assertOnly;
import static io.promptstudio.dsl.tests.Checking.check;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptstudio.core.services.Severity;
import io.promptstudio.dsl.check.LanguageChecker;
import io.promptstudio.dsl.validation.IssueCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per checker rule, each with the bad input that triggers it; and a realistic file that is clean. */
class LanguageCheckerTest {

    @TempDir
    Path dir;

    static final String TICKETS = """
            namespace support

            /** How urgent a ticket is. */
            enum Priority { LOW, MEDIUM, HIGH @description("needs a human today") }

            class Customer {
              name: string
              tier: "free" | "pro" | "enterprise"
            }

            class Ticket {
              title: string @minLength(3)
              body: string
              customer: Customer
              tags: string[]
              parent: Ticket?
            }

            class Triage {
              priority: Priority
              score: int @range(1, 5)
              reasons: string[]
              labels: map<string, float>
            }

            profile precise {
              provider = "openai"
              model = "gpt-4o-mini"
              temperature = 0
              top_p = 1
              seed = 42
              max_tokens = 400
              stop = ["\\n\\n"]
            }

            profile creative extends precise {
              temperature = 1.2
            }

            /** Sorts an incoming ticket. */
            prompt TriageTicket(ticket: Ticket, history: chat, examples: string[] = [], strict: bool = true) -> Triage using precise {
              system \"\"\"
                You triage support tickets for {{ ticket.customer.name | upper }} ({{ ticket.customer.tier }}).
                {% if strict %}Be conservative.{% else %}Be generous.{% endif %}
                {% for example in examples %}Example: {{ example }}
                {% endfor %}
                Answer as JSON like \\{{"priority": "HIGH"}}: {{ output_format }}
              \"\"\"
              history history
              user \"\"\"
                {{ ticket.title }}: {{ ticket.body }} [{{ ticket.tags | join(", ") }}]
              \"\"\"
            }

            test UrgentOutage for TriageTicket {
              input {
                ticket = { title: "Site down", body: "All requests fail", customer: { name: "Acme", tier: "pro" }, tags: ["outage"] }
                history = []
              }
              expect {
                output.priority == Priority.HIGH
                output.score >= 4 and length(output.reasons) > 0
                contains(ticket.title, "down")
              }
            }
            """;

    @Test
    void aRealisticFileIsClean() throws Exception {
        assertClean(check(dir, TICKETS));
    }

    @Test
    void syntaxErrorsArePlacedAndCoded() throws Exception {
        var found = check(dir, "prompt P(x: string) -> string {\n  user \"\"\"{{ x }}\"\"\"\n  usr \"hi\"\n}\n");
        assertOnly(found, LanguageChecker.SYNTAX, 3, 3, "usr");
    }

    @Test
    void unresolvedNamesAreReported() throws Exception {
        var found = check(dir, "prompt P(x: Tiket) -> string using fast {\n  user \"{{ x }}\"\n}\n");
        assertEquals(2, found.stream().filter(d -> d.code().equals(LanguageChecker.UNRESOLVED)).count(), Checking.format(found));
        assertEquals("Couldn't resolve reference to TypeDeclaration 'Tiket'.", found.get(0).message());
    }

    @Test
    void duplicateNames() throws Exception {
        var found = check(dir, "class A { x: int }\nenum A { B }\n");
        assertOnly(found, IssueCodes.DUPLICATE_NAME, 2, 6, "Duplicate declaration 'A': it is already declared on line 1");
        var fields = check(dir, "class A {\n  x: int\n  x: string\n}\n");
        assertOnly(fields, IssueCodes.DUPLICATE_NAME, 3, 3, "Duplicate field 'x'");
    }

    @Test
    void duplicateNamesAcrossFilesOfOneNamespace() throws Exception {
        var found = check(dir, "a.pstudio", "namespace support\nclass Ticket { id: string }\n",
                "b.pstudio", "namespace support\n\nenum Ticket { OPEN }\n", "c.pstudio", "namespace billing\nclass Ticket { id: string }\n");
        assertEquals(2, found.stream().filter(d -> d.code().equals(IssueCodes.DUPLICATE_NAME)).count(), Checking.format(found));
        assertEquals("a.pstudio:2:7 Duplicate declaration 'support.Ticket': it is also declared in b.pstudio",
                found.get(0).file().getFileName() + ":" + found.get(0).line() + ":" + found.get(0).column() + " " + found.get(0).message());
        assertEquals("b.pstudio:3:6 Duplicate declaration 'support.Ticket': it is also declared in a.pstudio",
                found.get(1).file().getFileName() + ":" + found.get(1).line() + ":" + found.get(1).column() + " " + found.get(1).message());
    }

    @Test
    void unknownTemplateVariable() throws Exception {
        var found = check(dir, "prompt P(topic: string) -> string {\n  user \"\"\"Write about {{ topc }}.\"\"\"\n}\n");
        assertOnly(found, IssueCodes.UNKNOWN_VARIABLE, 2, 26, "Unknown variable 'topc': the prompt's parameters are topic");
        assertOnly(found, IssueCodes.UNUSED_PARAMETER, 1, 10, "Parameter 'topic' is not used");
    }

    @Test
    void unknownMemberOnARecord() throws Exception {
        var found = check(dir, "class T { title: string }\nprompt P(t: T) -> string {\n  user \"{{ t.titel }}\"\n}\n");
        assertOnly(found, IssueCodes.UNKNOWN_MEMBER, 3, 14, "T has no field 'titel' (fields: title)");
    }

    @Test
    void memberOnAValueWithoutMembers() throws Exception {
        var found = check(dir, "prompt P(t: string) -> string {\n  user \"{{ t.length }}\"\n}\n");
        assertOnly(found, IssueCodes.UNKNOWN_MEMBER, 2, 14, "'t' is string, which has no member 'length'");
    }

    @Test
    void forOverSomethingThatIsNotAList() throws Exception {
        var found = check(dir, "prompt P(t: string) -> string {\n  user \"{% for c in t %}{{ c }}{% endfor %}\"\n}\n");
        assertOnly(found, IssueCodes.FOR_OVER_NON_LIST, 2, 21, "'{% for %}' needs a list, but 't' is string");
    }

    @Test
    void loopVariablesHaveTheElementType() throws Exception {
        var found = check(dir, "class T { a: int }\nprompt P(ts: T[]) -> string {\n  user \"{% for t in ts %}{{ t.b }}{% endfor %}\"\n}\n");
        assertOnly(found, IssueCodes.UNKNOWN_MEMBER, 3, 31, "T has no field 'b'");
    }

    @Test
    void ifOnARecordIsAlwaysTrue() throws Exception {
        var found = check(dir, "class T { a: int }\nprompt P(t: T) -> string {\n  user \"{% if t %}{{ t.a }}{% endif %}\"\n}\n");
        assertOnly(found, IssueCodes.IF_ON_NON_BOOLEAN, 3, 15, "is always true");
    }

    @Test
    void templateSyntaxErrors() throws Exception {
        var unclosed = check(dir, "prompt P(t: string) -> string {\n  user \"{{ t }} and {% if t %}open\"\n}\n");
        assertOnly(unclosed, IssueCodes.TEMPLATE_SYNTAX, 2, 21, "'{% if %}' is never closed by '{% endif %}'");
        var unknownTag = check(dir, "prompt P(t: string) -> string {\n  user \"{{ t }}{% while t %}\"\n}\n");
        assertOnly(unknownTag, IssueCodes.TEMPLATE_SYNTAX, 2, 16, "unknown tag 'while'");
        var notAPath = check(dir, "prompt P(t: string) -> string {\n  user \"{{ t }}{{ 1 + 2 }}\"\n}\n");
        assertOnly(notAPath, IssueCodes.TEMPLATE_SYNTAX, 2, 16, "expected a variable or member path in '{{ }}', found '1 + 2'");
    }

    @Test
    void jsonLookingBracesAreKeptAsTextWithAWarning() throws Exception {
        var found = check(dir, "prompt P(t: string) -> string {\n  user \"\"\"{{ t }} Reply like {{\"label\": \"spam\"}}\"\"\"\n}\n");
        var warning = assertOnly(found, IssueCodes.AMBIGUOUS_BRACES, 2, 30, "looks like JSON, so it is kept as text; write \\{{");
        assertEquals(Severity.WARNING, warning.severity());
        assertClean(check(dir, "prompt P(t: string) -> string {\n  user \"\"\"{{ t }} Reply like \\{{\"label\": \"spam\"}}\"\"\"\n}\n"));
    }

    @Test
    void unknownFiltersAndWrongArity() throws Exception {
        var found = check(dir, "prompt P(t: string[]) -> string {\n  user \"{{ t | shout }} {{ t | join }}\"\n}\n");
        assertEquals(2, found.stream().filter(d -> d.code().equals(IssueCodes.UNKNOWN_FILTER)).count(), Checking.format(found));
        assertEquals("Unknown filter 'shout' (known: default, first, indent, join, json, last, length, lower, trim, upper)",
                found.get(0).message());
        assertEquals("Filter 'join' takes 1 argument, given 0", found.get(1).message());
    }

    @Test
    void defaultsMustFitTheirType() throws Exception {
        var found = check(dir, "prompt P(n: int = 2.5, s: string = 3, b: bool? = null) -> string {\n  user \"{{ n }}{{ s }}{{ b }}\"\n}\n");
        assertEquals(2, found.stream().filter(d -> d.code().equals(IssueCodes.TYPE_MISMATCH)).count(), Checking.format(found));
        assertEquals("Default of 'n': 2.5 is not a whole number, but int is expected", found.get(0).message());
        assertEquals("Default of 's': 3 is not a string", found.get(1).message());
    }

    @Test
    void testInputsMustFitAndBeComplete() throws Exception {
        String source = """
                enum Lang { EN, DE }
                class Doc { title: string, lang: Lang }
                prompt Summarize(doc: Doc, words: int, tone: string = "neutral") -> string {
                  user "{{ doc.title }} {{ doc.lang }} {{ words }} {{ tone }}"
                }
                test Short for Summarize {
                  input { doc = { title: "A", lang: "EN" } }
                }
                """.replace("class Doc { title: string, lang: Lang }", "class Doc {\n  title: string\n  lang: Lang\n}");
        var found = check(dir, source);
        assertOnly(found, IssueCodes.MISSING_TEST_INPUT, 9, 6, "does not give the required input 'words' of prompt Summarize");
        assertOnly(found, IssueCodes.TYPE_MISMATCH, 10, 17, "Input 'doc': lang: \"EN\" is not a value of enum Lang (write Lang.EN)");
    }

    @Test
    void profileSettingsAreCheckedForKindRangeAndProvider() throws Exception {
        var found = check(dir, """
                profile p {
                  provider = "openia"
                  temperature = 2.5
                  top_p = -0.1
                  seed = 1.5
                  max_tokens = 0
                  temprature = 1
                  model = 4
                }
                """);
        assertOnly(found, IssueCodes.UNKNOWN_PROVIDER, 2, 14, "Unknown provider 'openia' (known: anthropic, azure-openai, gemini, mistral, ollama, openai, openai-compatible)");
        assertEquals(4, found.stream().filter(d -> d.code().equals(IssueCodes.SETTING_OUT_OF_RANGE)).count(), Checking.format(found));
        assertEquals("'temperature' is 2.5, but must be from 0 to 2", found.get(1).message());
        assertEquals("'top_p' is -0.1, but must be from 0 to 1", found.get(2).message());
        assertEquals("'seed' must be a whole number from 0, not 1.5", found.get(3).message());
        assertEquals("'max_tokens' is 0, but must be a whole number from 1", found.get(4).message());
        assertOnly(found, IssueCodes.UNKNOWN_SETTING, 7, 3, "Unknown profile setting 'temprature'");
        assertOnly(found, IssueCodes.TYPE_MISMATCH, 8, 11, "'model' must be a string, not 4");
    }

    @Test
    void profileInheritanceCycles() throws Exception {
        var found = check(dir, "profile a extends b { }\nprofile b extends a { }\n");
        assertEquals(2, found.stream().filter(d -> d.code().equals(IssueCodes.PROFILE_CYCLE)).count(), Checking.format(found));
    }

    @Test
    void recursionMustGoThroughOptionalOrList() throws Exception {
        var found = check(dir, "class Node {\n  value: int\n  next: Node\n  children: Node[]\n  parent: Node?\n}\n");
        assertOnly(found, IssueCodes.INVALID_RECURSION, 3, 9, "'Node' contains itself through field 'next'");
        var indirect = check(dir, "class A { b: B }\nclass B { a: A }\n");
        assertEquals(2, indirect.stream().filter(d -> d.code().equals(IssueCodes.INVALID_RECURSION)).count(), Checking.format(indirect));
    }

    @Test
    void unreachableUnionMembers() throws Exception {
        var found = check(dir, "type Answer = string | \"yes\" | int | 3 | int\n");
        assertEquals(3, found.stream().filter(d -> d.code().equals(IssueCodes.UNREACHABLE_UNION_MEMBER)).count(), Checking.format(found));
        assertEquals("'\"yes\"' can never be chosen: 'string' in the same union already accepts it", found.get(0).message());
    }

    @Test
    void historyNeedsAChatParameter() throws Exception {
        var found = check(dir, "prompt P(turns: string) -> string {\n  history turns\n}\n");
        assertOnly(found, IssueCodes.HISTORY_NOT_CHAT, 2, 11, "'history' needs a chat parameter, but 'turns' is string");
    }

    @Test
    void expectationsUseOutputAndInputsAndKnownFunctions() throws Exception {
        var found = check(dir, """
                enum Mood { HAPPY }
                class R {
                  label: string
                }
                prompt P(t: string) -> R {
                  user "{{ t }}"
                }
                test T for P {
                  input { t = "x" }
                  expect {
                    output.lable == "spam"
                    shout(output.label)
                    result == 1
                    output.label == Mood.SAD
                  }
                }
                """);
        assertEquals(2, found.stream().filter(d -> d.code().equals(IssueCodes.UNKNOWN_MEMBER)).count(), Checking.format(found));
        assertEquals("11:12 'output' is R, which has no field 'lable' (fields: label)", found.get(0).line() + ":" + found.get(0).column() + " " + found.get(0).message());
        assertOnly(found, IssueCodes.UNKNOWN_FUNCTION, 12, 5, "Unknown function 'shout'");
        assertOnly(found, IssueCodes.UNKNOWN_VARIABLE, 13, 5, "Unknown name 'result'");
        assertEquals("14:26 Enum Mood has no value 'SAD' (values: HAPPY)", found.get(3).line() + ":" + found.get(3).column() + " " + found.get(3).message());
    }

    @Test
    void namesResolveAcrossFilesThroughNamespacesAndImports() throws Exception {
        var found = check(dir, "types.pstudio", "namespace shared\nclass Doc { text: string }\n",
                "use.pstudio", "import shared.*\nprompt P(d: Doc) -> string {\n  user \"{{ d.text }}\"\n}\n");
        assertClean(found);
        var withoutImport = check(dir, "types.pstudio", "namespace shared\nclass Doc { text: string }\n",
                "use.pstudio", "prompt P(d: Doc) -> string {\n  user \"{{ d.text }}\"\n}\n");
        assertEquals(LanguageChecker.UNRESOLVED, withoutImport.get(0).code(), Checking.format(withoutImport));
    }

    @Test
    void importsMustNameAnExistingNamespaceOrDeclaration() throws Exception {
        var found = check(dir, "types.pstudio", "namespace shared\nclass Doc { text: string }\n",
                "use.pstudio", "import shared.*\nimport shraed.*\nimport shared.Dco\nimport shared.Doc\n");
        assertEquals(2, found.stream().filter(d -> d.code().equals(IssueCodes.UNRESOLVED_IMPORT)).count(), Checking.format(found));
        assertEquals("2:8 Unresolved import: no file declares 'namespace shraed'",
                found.get(0).line() + ":" + found.get(0).column() + " " + found.get(0).message());
        assertEquals("3:8 Unresolved import: nothing named 'shared.Dco' is declared in the workspace",
                found.get(1).line() + ":" + found.get(1).column() + " " + found.get(1).message());
    }

    /** Found by the fuzz test: an import with an empty name made the import checks throw. */
    @Test
    void anImportWithoutANameIsASyntaxErrorNotACrash() throws Exception {
        var found = check(dir, "namespace a\nimport .*\nclass A { x: int }\n");
        assertEquals(LanguageChecker.SYNTAX, found.get(0).code(), Checking.format(found));
        assertEquals(0, found.stream().filter(d -> d.code().equals(LanguageChecker.INTERNAL_ERROR)).count(), Checking.format(found));
    }

    @Test
    void namespacesThatImportEachOtherInACircleAreReported() throws Exception {
        var found = check(dir, "a.pstudio", "namespace a\nimport b.*\nclass A { b: B? }\n",
                "b.pstudio", "namespace b\nimport c.*\nclass B { c: C? }\n",
                "c.pstudio", "namespace c\nimport a.*\nclass C { a: A? }\n",
                "d.pstudio", "namespace d\nimport a.*\nclass D { a: A }\n");
        var cycles = found.stream().filter(d -> d.code().equals(IssueCodes.IMPORT_CYCLE)).toList();
        assertEquals(3, cycles.size(), Checking.format(found));
        assertEquals(Severity.WARNING, cycles.get(0).severity());
        assertEquals("a.pstudio:2:8 Import cycle: a -> b -> c -> a", cycles.get(0).file().getFileName() + ":" + cycles.get(0).line()
                + ":" + cycles.get(0).column() + " " + cycles.get(0).message());
    }

    @Test
    void annotationsMustBeKnownWellFormedAndFitTheirField() throws Exception {
        var found = check(dir, """
                enum Mood { HAPPY @description("smiles"), SAD @range(1, 2) }
                class R {
                  a: string @range(1, 5)
                  b: int @range(5, 1)
                  c: string @pattern("[a-z")
                  d: string[] @minItems(1) @maxItems(2.5)
                  e: int? @range(0, 10) @descripton("typo")
                  f: string @minLength(1) @minLength(2)
                }
                """);
        assertEquals(2, found.stream().filter(d -> d.code().equals(IssueCodes.UNKNOWN_ANNOTATION)).count(), Checking.format(found));
        assertEquals(5, found.stream().filter(d -> d.code().equals(IssueCodes.INVALID_ANNOTATION)).count(), Checking.format(found));
        String all = Checking.format(found);
        for (String expected : List.of("1:48: error: Unknown annotation '@range' on enum value 'SAD' (known: @alias, @description)",
                "3:14: error: '@range' on field 'a': constrains an int or float field, but this one is string",
                "4:11: error: '@range' on field 'b': the minimum 5 is greater than the maximum 1",
                "5:14: error: '@pattern' on field 'c': not a valid regular expression",
                "6:29: error: '@maxItems' on field 'd': takes one whole number from 0",
                "7:26: error: Unknown annotation '@descripton' on field 'e'",
                "8:28: error: '@minLength' is given twice on field 'f'")) {
            if (!all.contains(expected)) {
                org.junit.jupiter.api.Assertions.fail("missing '" + expected + "' in:\n" + all);
            }
        }
    }

    @Test
    void outputTypesMustHaveAJsonSchema() throws Exception {
        var found = check(dir, """
                enum Key { A, B }
                class Scores { byId: map<int, float> }
                prompt P(t: string) -> map<Key, int> | Scores {
                  user "{{ t }}"
                }
                prompt Q(t: string) -> map<"x" | "y", string> {
                  user "{{ t }}"
                }
                """);
        assertOnly(found, IssueCodes.NOT_JSON_SCHEMA, 2, 22,
                "The output of P cannot be expressed as JSON Schema: JSON object keys are text: a map key must be string, an enum or string literals, not int");
    }

    @Test
    void aFileThatIsNotUtf8IsReportedNotGuessed() throws Exception {
        Path file = dir.resolve("bad.pstudio");
        Files.write(file, new byte[] { 'p', 'r', (byte) 0xC3, (byte) 0x28 });
        var found = new LanguageChecker().check(java.util.List.of(file));
        assertOnly(found, LanguageChecker.UNREADABLE, 1, 1, "cannot read the file: it is not valid UTF-8");
    }
}
