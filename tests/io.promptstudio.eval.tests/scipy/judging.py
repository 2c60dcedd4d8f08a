"""Makes the golden values of the judging statistics and the BLEU score: SciPy's and NLTK's answers on fixed data.

Run it with SciPy and NLTK installed (python3 -m pip install scipy nltk) from this folder:
    python3 judging.py > judging.json
The committed judging.json says which SciPy and NLTK made it.
"""
import json
import re

import nltk
import scipy
from nltk.translate.bleu_score import SmoothingFunction, sentence_bleu
from scipy import stats

cases = {"scipy": scipy.__version__, "nltk": nltk.__version__, "sign": [], "bleu": []}

# pairwise judging: B won `wins` rows, lost `losses` (ties left out); the two-sided exact sign test and the
# Wilson score interval of B's win rate
for wins, losses in [(14, 6), (30, 30), (3, 0), (0, 9), (61, 39), (7, 12)]:
    result = stats.binomtest(wins, wins + losses, 0.5, alternative="two-sided")
    interval = result.proportion_ci(confidence_level=0.95, method="wilson")
    cases["sign"].append({"wins": wins, "losses": losses, "p": float(result.pvalue),
                          "low": float(interval.low), "high": float(interval.high)})


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


for answer, reference in [
        ("The cat sat on the mat.", "The cat is sitting on the mat."),
        ("the quick brown fox jumps over the lazy dog", "the quick brown fox jumps over the lazy dog"),
        ("a fast brown fox leaps over a dog that is lazy", "the quick brown fox jumps over the lazy dog"),
        ("Refunds are accepted within 30 days of purchase with a receipt.",
         "We accept refunds for 30 days after purchase if you keep the receipt."),
        ("yes", "yes it is"),
        ("completely unrelated words here", "the invoice total is 42 euros"),
        ("Paris is the capital of France", "The capital of France is Paris"),
]:
    value = sentence_bleu([words(reference)], words(answer), smoothing_function=SmoothingFunction().method1)
    cases["bleu"].append({"answer": answer, "reference": reference, "bleu": float(value)})

print(json.dumps(cases, indent=1))
