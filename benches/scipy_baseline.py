#!/usr/bin/env python3
"""The alternative a Python analyst would write: the same lexicographic stages with SciPy.

Input: a scenario folder (default: scenarios/lianzhou-2025) and the sampled demands that
`landplan stress --samples-csv FILE` writes (sample,town,category,demand). Output, on standard
output: solves per second of scipy.optimize.linprog (HiGHS) running the lexicographic stages
of docs/model.md in a loop (tier by tier maximum supply, tier by tier fairest cut, closest to
the plan, each stage holding the ones before), and each tier's mean shortfall, to compare
with `landplan stress --format json` on the same samples.

It does not round to the input's decimals or check the answer in exact arithmetic (an
analyst's script would not), so it does less work per solve than landplan. It handles the
total cap, category bounds, town capacities and amount rules; share rules are refused.
Not part of the tests. Run (see docs/performance.md):

    landplan stress --samples 2000 --seed 1 --samples-csv /tmp/samples.csv > /dev/null
    python3 benches/scipy_baseline.py --samples-csv /tmp/samples.csv
"""

import argparse
import csv
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.optimize import linprog

# HiGHS works to a primal feasibility tolerance of 1e-7: holding an optimum tighter than
# that (landplan holds 1e-9 with microlp) makes later stages spuriously infeasible.
HOLD = 1e-6


def rows(path):
    with open(path, encoding="utf-8-sig") as f:
        return [r for r in csv.DictReader(f) if any(v.strip() for v in r.values() if v)]


def number(text, default=None):
    text = (text or "").strip()
    return float(text) if text else default


def load(folder):
    folder = Path(folder)
    settings = {r["key"]: r["value"] for r in rows(folder / "scenario.csv")}
    categories = {r["category"]: r for r in rows(folder / "categories.csv")}
    towns = {r["town"]: r for r in rows(folder / "towns.csv")}
    cells = []
    for r in rows(folder / "cells.csv"):
        plan = number(r["plan"], 0.0)
        cells.append(
            {
                "town": r["town"],
                "category": r["category"],
                "plan": plan,
                "demand": number(r.get("demand"), plan),
                "committed": number(r.get("committed"), 0.0),
                "tier": int(categories[r["category"]]["tier"]),
            }
        )
    n = len(cells)
    a_ub, b_ub = [np.ones(n)], [float(settings["cap"])]

    def limit(members, bound, value):
        row = np.array([1.0 if m else 0.0 for m in members])
        a_ub.append(row if bound == "max" else -row)
        b_ub.append(value if bound == "max" else -value)

    for name, c in categories.items():
        members = [cell["category"] == name for cell in cells]
        if number(c.get("min")) is not None:
            limit(members, "min", number(c["min"]))
        if number(c.get("max")) is not None:
            limit(members, "max", number(c["max"]))
    for name, t in towns.items():
        if number(t.get("capacity")) is not None:
            limit([cell["town"] == name for cell in cells], "max", number(t["capacity"]))
    rules_file = folder / "rules.csv"
    for r in rows(rules_file) if rules_file.exists() else []:
        if r["value"].strip().endswith("%"):
            raise SystemExit("share rules are not handled by this baseline")
        cats = {c.strip() for c in r["categories"].split(";")}
        ts = {t.strip() for t in r["towns"].split(";")}
        members = [
            cell["category"] in cats and ("*" in ts or cell["town"] in ts) for cell in cells
        ]
        limit(members, r["bound"].strip(), float(r["value"]))
    return cells, np.array(a_ub), np.array(b_ub)


def solve(cells, a_ub, b_ub, demand):
    """The lexicographic stages; returns each tier's supply."""
    n = len(cells)
    lower = np.array([c["committed"] for c in cells])
    upper = np.maximum(np.array(demand), lower)
    plan = np.array([c["plan"] for c in cells])
    tiers = sorted({c["tier"] for c in cells})
    members = {t: np.array([c["tier"] == t for c in cells], dtype=float) for t in tiers}
    a, b = list(a_ub), list(b_ub)
    bounds = list(zip(lower, upper))
    supply = []
    for t in tiers:
        res = linprog(-members[t], A_ub=np.array(a), b_ub=np.array(b), bounds=bounds, method="highs")
        if res.status != 0:
            raise RuntimeError(f"tier {t}: {res.message}")
        best = -res.fun
        supply.append(best)
        a.append(-members[t])
        b.append(-(best - HOLD * max(1.0, abs(best))))
    # Fair cuts: one ratio column per tier, x - k >= r (d - k) for flexible cells.
    width = n
    for t in tiers:
        flexible = [j for j in range(n) if members[t][j] and upper[j] - lower[j] > 1e-12]
        if not flexible:
            continue
        a = [np.append(row, 0.0) for row in a]
        bounds.append((0.0, 1.0))
        width += 1
        for j in flexible:
            row = np.zeros(width)
            row[j], row[-1] = -1.0, upper[j] - lower[j]
            a.append(row)
            b.append(-lower[j])
        c = np.zeros(width)
        c[-1] = -1.0
        res = linprog(c, A_ub=np.array(a), b_ub=np.array(b), bounds=bounds, method="highs")
        if res.status != 0:
            raise RuntimeError(f"fair cut of tier {t}: {res.message}")
        bounds[-1] = (max(0.0, -res.fun - HOLD), 1.0)
    # Closest to the plan: d >= x - p, d >= p - x, minimise the sum of d.
    a = [np.append(row, np.zeros(n)) for row in a]
    for j in range(n):
        for sign in (1.0, -1.0):
            row = np.zeros(width + n)
            row[j], row[width + j] = sign, -1.0
            a.append(row)
            b.append(sign * plan[j])
    bounds += [(0.0, None)] * n
    c = np.concatenate([np.zeros(width), np.ones(n)])
    res = linprog(c, A_ub=np.array(a), b_ub=np.array(b), bounds=bounds, method="highs")
    if res.status != 0:
        raise RuntimeError(f"closest to plan: {res.message}")
    x = res.x[:n]
    return [float(x[members[t] > 0].sum()) for t in tiers], tiers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=str(Path(__file__).resolve().parents[1] / "scenarios/lianzhou-2025"))
    parser.add_argument("--samples-csv", required=True)
    parser.add_argument("--limit", type=int, default=None, help="time only the first N samples")
    args = parser.parse_args()
    cells, a_ub, b_ub = load(args.scenario)
    index = {(c["town"], c["category"]): j for j, c in enumerate(cells)}
    demands = defaultdict(lambda: [0.0] * len(cells))
    for r in rows(args.samples_csv):
        demands[int(r["sample"])][index[(r["town"], r["category"])]] = float(r["demand"])
    samples = sorted(demands)[: args.limit]
    tier_demand = defaultdict(float)
    shortfall = defaultdict(float)
    start = time.perf_counter()
    for s in samples:
        supply, tiers = solve(cells, a_ub, b_ub, demands[s])
        for t, got in zip(tiers, supply):
            wanted = sum(d for d, c in zip(demands[s], cells) if c["tier"] == t)
            shortfall[t] += max(0.0, wanted - got)
    elapsed = time.perf_counter() - start
    print(f"scipy {__import__('scipy').__version__} linprog(method='highs'), one process, one thread")
    print(f"{len(samples)} lexicographic solves in {elapsed:.3f} s: {len(samples) / elapsed:.1f} solves/s, {1e3 * elapsed / len(samples):.3f} ms each")
    for t in sorted(shortfall):
        print(f"tier {t}: mean shortfall {shortfall[t] / len(samples):.6f}")


if __name__ == "__main__":
    main()
