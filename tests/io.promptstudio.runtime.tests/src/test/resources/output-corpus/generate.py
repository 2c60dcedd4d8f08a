"""Writes corpus.jsonl: answers in the shapes models really produce, each with the value it must parse to or the
error it must give. The schemas (schemas.json) are what `promptstudio schema` prints for four prompts of examples/.
Deterministic: run `python3 generate.py` after changing it, and commit both files."""
import json
import re

BASES = {
    "ClassifySentiment": [
        {"sentiment": "NEGATIVE", "confidence": 0.92, "evidence": ["Broke after two days", "support never answered"]},
        {"sentiment": "POSITIVE", "confidence": 0.8, "evidence": ["works great"]},
        {"sentiment": "NEUTRAL", "confidence": 0.55, "evidence": ["it is a kettle"]},
    ],
    "TriageTicket": [
        {"priority": "URGENT", "queue": "bugs", "reasons": ["enterprise customer", "all API calls fail"]},
        {"priority": "LOW", "queue": "how-to", "reasons": ["question about settings"]},
        {"priority": "HIGH", "queue": "billing", "reasons": ["charged twice", "refund requested"]},
    ],
    "ExtractInvoice": [
        {"invoice_number": "INV-2041", "issued_on": "2026-03-02", "vendor": "ACME GmbH", "currency": "EUR",
         "items": [{"description": "Widget", "quantity": 1, "unit_price": 19.99}], "total": 19.99, "due_on": None},
        {"invoice_number": "A-77", "issued_on": "2026-01-15", "vendor": "Globex", "currency": "USD",
         "items": [{"description": "Seats", "quantity": 12, "unit_price": 30}, {"description": "Support", "quantity": 1, "unit_price": 99.5}],
         "total": 459.5, "due_on": "2026-02-15"},
        {"invoice_number": "77-B", "issued_on": "2025-12-01", "vendor": "Initech", "currency": "GBP",
         "items": [{"description": "Consulting", "quantity": 3, "unit_price": 120}], "total": 360, "due_on": None},
    ],
    "PlanSteps": [
        {"goal": "Total the three newest invoices",
         "steps": [{"tool": "search_invoices", "input": {"sort": "date", "limit": "3"}, "why": "find them"},
                   {"tool": "sum", "input": {"field": "total"}, "why": "add the totals"}],
         "done_when": "a total is reported"},
        {"goal": "Find the refund policy", "steps": [{"tool": "search_docs", "input": {"query": "refund"}, "why": "it is in the docs"}],
         "done_when": "the policy is quoted"},
    ],
}

ENUM_FIELDS = {"sentiment", "priority", "queue", "currency"}
OPTIONAL = {"due_on"}
LAST_KEY = {"ClassifySentiment": "evidence", "TriageTicket": "reasons", "ExtractInvoice": "due_on", "PlanSteps": "done_when"}
WRONG_NESTED = {
    "ClassifySentiment": (lambda v: v.update(confidence="very high"), "$.confidence: expected a number"),
    "TriageTicket": (lambda v: v.update(reasons={"why": 1}), "$.reasons[0]: expected text, got an object"),
    "ExtractInvoice": (lambda v: v["items"][0].update(quantity="many"), "$.items[0].quantity: expected a whole number"),
    "PlanSteps": (lambda v: v["steps"][0].update(tool={"name": "x"}), "$.steps[0].tool: expected text, got an object"),
}
OUT_OF_RANGE = {
    "ClassifySentiment": (lambda v: v.update(confidence=1.7), "$.confidence: 1.7 is above the maximum 1"),
    "ExtractInvoice": (lambda v: v["items"][0].update(quantity=0), "$.items[0].quantity: 0 is below the minimum 1"),
    "PlanSteps": (lambda v: v.update(steps=[]), "$.steps: has 0 items, at least 1 expected"),
    "TriageTicket": (lambda v: v.update(queue="sales"), "$.queue: expected one of"),
}


def copy(value):
    return json.loads(json.dumps(value))


def pretty(value):
    return json.dumps(value, indent=2)


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def rename_keys(value, rename):
    if isinstance(value, dict):
        return {rename(k): rename_keys(v, rename) for k, v in value.items()}
    if isinstance(value, list):
        return [rename_keys(v, rename) for v in value]
    return value


def numbers_to_text(value):
    if isinstance(value, dict):
        return {k: numbers_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [numbers_to_text(v) for v in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def shapes(schema, base):
    """(shape, answer, expected value or None, error text or None) for one base value."""
    v = copy(base)
    yield "clean", json.dumps(v), v, None
    yield "pretty", pretty(v), v, None
    yield "chatty-preamble", "Sure! Here is the result you asked for:\n" + json.dumps(v) + "\nLet me know if you need anything else.", v, None
    yield "fenced-json", "```json\n" + pretty(v) + "\n```", v, None
    yield "fenced-in-prose", "Here you go:\n\n```\n" + pretty(v) + "\n```\n\nI based this on the wording of the text.", v, None
    yield "trailing-commas", re.sub(r"([^\[{\s])\n(\s*)([}\]])", r"\1,\n\2\3", pretty(v)), v, None
    yield "single-quotes", pretty(v).replace('"', "'"), v, None
    yield "unquoted-keys", re.sub(r'"(\w+)":', r"\1:", pretty(v)), v, None
    yield "comments", pretty(v).replace("{\n", "{\n  // my reasoning is below\n", 1).replace(": ", ": /* value */ ", 1), v, None
    yield "truncated-closers", pretty(v).rstrip("}] \n"), v, None
    text = pretty(v)
    last = LAST_KEY[schema]
    cut = text[: text.rindex('"' + last + '"') + 3]
    if last in OPTIONAL:
        expected = copy(v)
        expected[last] = None
        yield "truncated-in-last-field", cut, expected, None
    else:
        yield "truncated-in-last-field", cut, None, "$." + last + ": required field is missing"
    enum_fields = [k for k in v if k in ENUM_FIELDS]
    if enum_fields:
        lowered = copy(v)
        for k in enum_fields:
            lowered[k] = " " + lowered[k].lower() + " "
        yield "enum-case-and-spaces", json.dumps(lowered), v, None
    if numbers_to_text(v) != v:
        yield "numbers-as-text", json.dumps(numbers_to_text(v)), v, None
    extra = copy(v)
    extra["explanation"] = "The customer is clearly upset."
    extra["confidence_note"] = {"source": "model"}
    yield "extra-fields", json.dumps(extra), v, None
    for key, item in v.items():
        if isinstance(item, list) and item and isinstance(item[0], str):
            single = copy(v)
            single[key] = [item[0]]
            answer = copy(single)
            answer[key] = item[0]
            yield "scalar-for-list", json.dumps(answer), single, None
            break
    if any("_" in k for k in v):
        yield "camel-case-keys", json.dumps(rename_keys(v, camel)), v, None
    else:
        yield "capitalised-keys", json.dumps(rename_keys(v, str.capitalize)), v, None
    required = [k for k in v if k not in OPTIONAL]
    missing = copy(v)
    del missing[required[0]]
    yield "missing-required-field", json.dumps(missing), None, "$." + required[0] + ": required field is missing"
    wrong = copy(v)
    change, error = WRONG_NESTED[schema]
    change(wrong)
    yield "nested-wrong-type", pretty(wrong), None, error
    ranged = copy(v)
    change, error = OUT_OF_RANGE[schema]
    change(ranged)
    yield "out-of-range", json.dumps(ranged), None, error
    yield "example-then-answer", 'An answer like {"note": "x"} would be wrong. Mine is:\n' + json.dumps(v), v, None
    python = json.dumps(v).replace("null", "None").replace("true", "True").replace("false", "False")
    if python != json.dumps(v):
        yield "python-literals", python, v, None
    yield "prose-only", "I am not able to answer this from the text I was given.", None, "$: the answer contains no JSON value"


def main():
    cases = []
    for schema, bases in BASES.items():
        for index, base in enumerate(bases):
            for shape, answer, expected, error in shapes(schema, base):
                case = {"id": f"{schema}-{index}-{shape}", "schema": schema, "shape": shape, "answer": answer}
                if error is None:
                    case["expected"] = expected
                else:
                    case["error"] = error
                cases.append(case)
    with open("corpus.jsonl", "w") as out:
        for case in cases:
            out.write(json.dumps(case) + "\n")
    print(len(cases), "cases")


main()
