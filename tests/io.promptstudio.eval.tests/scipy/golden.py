"""Makes the golden values the eval statistics are checked against: SciPy's answers on fixed data.

Run it with SciPy installed (python3 -m pip install scipy numpy) from this folder:
    python3 golden.py > golden.json
The committed golden.json says which SciPy made it.
"""
import json

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261207)
cases = {"scipy": scipy.__version__, "wilcoxon": [], "mcnemar": [], "holm": [], "mde": [], "bootstrap": []}


def wilcoxon_case(name, a, b, method):
    d = np.asarray(b) - np.asarray(a)
    result = stats.wilcoxon(d, zero_method="wilcox", correction=True, method=method)
    cases["wilcoxon"].append({"name": name, "a": list(map(float, a)), "b": list(map(float, b)),
                              "statistic": float(result.statistic), "p": float(result.pvalue),
                              "exact": method == "exact"})


a = rng.uniform(0, 1, 12).round(4)
wilcoxon_case("exact, 12 distinct differences", a, (a + rng.normal(0.15, 0.2, 12)).round(4), "exact")
a = rng.uniform(0, 1, 40).round(5)
wilcoxon_case("exact, 40 distinct differences", a, (a + rng.normal(0.05, 0.3, 40)).round(5), "exact")
a = rng.choice([0.0, 0.5, 1.0], 60)
wilcoxon_case("approximate, 60 cases with ties and zeros", a, rng.choice([0.0, 0.5, 1.0], 60, p=[0.2, 0.3, 0.5]), "approx")
a = rng.uniform(0, 1, 200).round(2)
wilcoxon_case("approximate, 200 cases rounded to hundredths", a, (a + rng.normal(-0.02, 0.1, 200)).round(2), "approx")

for only_a, only_b in [(3, 12), (0, 5), (10, 10), (25, 40), (1, 0), (7, 30)]:
    p = stats.binomtest(min(only_a, only_b), only_a + only_b, 0.5).pvalue
    cases["mcnemar"].append({"onlyA": only_a, "onlyB": only_b, "p": float(p)})


def holm(pvalues):
    m = len(pvalues)
    order = np.argsort(pvalues, kind="stable")
    adjusted = np.empty(m)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[index]))
        adjusted[index] = running
    return adjusted


for pvalues in [[0.01, 0.04, 0.03, 0.005], [0.2, 0.5, 0.001], [0.049, 0.049]]:
    cases["holm"].append({"p": pvalues, "adjusted": list(map(float, holm(pvalues)))})

for alpha, power, spread, n in [(0.05, 0.8, 0.3, 100), (0.05, 0.9, 0.12, 400), (0.01, 0.8, 1.0, 30)]:
    mde = (stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)) * spread / np.sqrt(n)
    cases["mde"].append({"alpha": alpha, "power": power, "spread": spread, "n": n, "mde": float(mde)})

a = rng.uniform(0, 1, 150).round(3)
b = (a + rng.normal(0.04, 0.15, 150)).round(3)
result = stats.bootstrap((b - a,), np.mean, confidence_level=0.95, n_resamples=20000, method="percentile",
                         random_state=np.random.default_rng(1))
cases["bootstrap"].append({"a": list(map(float, a)), "b": list(map(float, b)), "level": 0.95,
                           "low": float(result.confidence_interval.low), "high": float(result.confidence_interval.high)})

print(json.dumps(cases, indent=1))
