#!/usr/bin/env python3
"""The same lexicographic solve as `landplan solve`, through scipy's linprog (HiGHS).

Input: a scenario folder written by `landplan generate` (UTF-8 CSV, figures in ha).
Output: one line with the stage optima and the time of building and solving every stage
(reading the CSV files is not timed, as `landplan`'s benchmark does not time loading).

The stages are those of src/solve/lexicographic.rs, with the same reductions (a tier whose
optimum is its whole demand or its committed land is fixed, its fair cut needs no solve; the
closest-to-plan stage only has deviation columns for free cells); each stage is a fresh
linprog call, since linprog cannot keep a model between calls. Optional: needs numpy and
scipy (`pip install numpy scipy`). Used for the scipy ratio in docs/performance.md:

    landplan generate --towns 10000 --categories 7 --seed 1 --out /tmp/s10k
    python3 benches/scipy_scale.py /tmp/s10k
"""

import csv
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, vstack

HOLD = 1e-9


def rows_of(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def number(text, default=None):
    return float(text) if text not in (None, "") else default


def load(folder):
    folder = Path(folder)
    settings = {r["key"]: r["value"] for r in rows_of(folder / "scenario.csv")}
    categories = rows_of(folder / "categories.csv")
    towns = rows_of(folder / "towns.csv")
    cells = rows_of(folder / "cells.csv")
    rules = rows_of(folder / "rules.csv") if (folder / "rules.csv").exists() else []
    return settings, categories, towns, cells, rules


class Program:
    """Rows as (coefficients, lower, upper) on the cell columns and added columns."""

    def __init__(self, lower, upper):
        self.lower = list(lower)
        self.upper = list(upper)
        self.rows = []  # (dict column -> coefficient, lower, upper)

    def add_column(self, lower, upper):
        self.lower.append(lower)
        self.upper.append(upper)
        return len(self.lower) - 1

    def solve(self, objective, maximise):
        n = len(self.lower)
        c = np.zeros(n)
        for column, coefficient in objective.items():
            c[column] = -coefficient if maximise else coefficient
        data, indices, indptr, rhs = [], [], [0], []
        for terms, lower, upper in self.rows:
            for sign, bound in ((1.0, upper), (-1.0, -lower)):
                if np.isfinite(bound):
                    for column, coefficient in terms.items():
                        indices.append(column)
                        data.append(sign * coefficient)
                    indptr.append(len(indices))
                    rhs.append(bound)
        a = csr_matrix((data, indices, indptr), shape=(len(rhs), n))
        result = linprog(
            c,
            A_ub=a,
            b_ub=np.array(rhs),
            bounds=list(zip(self.lower, self.upper)),
            method="highs",
        )
        if result.status != 0:
            raise SystemExit(f"linprog stopped: {result.message}")
        return result.x


def build(settings, categories, towns, cells, rules):
    category_index = {c["category"]: i for i, c in enumerate(categories)}
    town_index = {t["town"]: i for i, t in enumerate(towns)}
    lower = [number(c["committed"], 0.0) for c in cells]
    upper = [number(c["demand"], number(c["plan"], 0.0)) for c in cells]
    plan = [number(c["plan"], 0.0) for c in cells]
    cell_category = [category_index[c["category"]] for c in cells]
    cell_town = [town_index[c["town"]] for c in cells]
    program = Program(lower, upper)
    everything = {i: 1.0 for i in range(len(cells))}
    program.rows.append((everything, -np.inf, float(settings["cap"])))
    for k, category in enumerate(categories):
        members = {i: 1.0 for i, c in enumerate(cell_category) if c == k}
        low, high = number(category.get("min")), number(category.get("max"))
        if low is not None or high is not None:
            program.rows.append(
                (members, low if low is not None else -np.inf, high if high is not None else np.inf)
            )
    by_town = {}
    for i, t in enumerate(cell_town):
        by_town.setdefault(t, {})[i] = 1.0
    for t, town in enumerate(towns):
        capacity = number(town.get("capacity"))
        if capacity is not None:
            program.rows.append((by_town.get(t, {}), -np.inf, capacity))
    for rule in rules:
        names = set(rule["categories"].split(";"))
        covered = {category_index[n] for n in names} if rule["categories"] != "*" else set(category_index.values())
        value = rule["value"]
        is_max = rule["bound"] == "max"
        if value.endswith("%"):
            share = float(value[:-1]) / 100.0
            terms = {i: (1.0 - share if cell_category[i] in covered else -share) for i in range(len(cells))}
            rhs = 0.0
        else:
            terms = {i: 1.0 for i in range(len(cells)) if cell_category[i] in covered}
            rhs = float(value)
        program.rows.append((terms, -np.inf, rhs) if is_max else (terms, rhs, np.inf))
    tiers = sorted({int(c["tier"]) for c in categories})
    tier_cells = [
        [i for i, k in enumerate(cell_category) if int(categories[k]["tier"]) == tier] for tier in tiers
    ]
    return program, tier_cells, plan


def hold(value):
    return value - HOLD * max(1.0, abs(value))


def staged(program, tier_cells, plan):
    cells = len(plan)
    original = (list(program.lower[:cells]), list(program.upper[:cells]))
    held, optima, x = [], [], None
    for members in tier_cells:
        committed = sum(original[0][i] for i in members)
        demand = sum(original[1][i] for i in members)
        if x is None or sum(x[i] for i in members) < hold(demand):
            x = program.solve({i: 1.0 for i in members}, maximise=True)
        best = sum(x[i] for i in members)
        if best >= hold(demand):
            for i in members:
                program.lower[i] = program.upper[i] = original[1][i]
            held.append("demand")
        elif best <= committed + HOLD * max(1.0, committed):
            for i in members:
                program.lower[i] = program.upper[i] = original[0][i]
            held.append("committed")
        else:
            program.rows.append(({i: 1.0 for i in members}, hold(best), np.inf))
            held.append("row")
        optima.append(best)
    ratios = []
    for members, how in zip(tier_cells, held):
        flexible = [i for i in members if original[1][i] - original[0][i] > 1e-12]
        if not flexible or how != "row":
            ratios.append(None if not flexible else (1.0 if how == "demand" else 0.0))
            continue
        ratio = program.add_column(0.0, 1.0)
        for i in flexible:
            program.rows.append(({i: 1.0, ratio: original[0][i] - original[1][i]}, original[0][i], np.inf))
        x = program.solve({ratio: 1.0}, maximise=True)
        ratios.append(x[ratio])
        program.lower[ratio] = max(0.0, hold(x[ratio]))
    objective, constant = {}, 0.0
    for i in range(cells):
        if program.lower[i] == program.upper[i]:
            constant += abs(program.lower[i] - plan[i])
            continue
        d = program.add_column(0.0, np.inf)
        program.rows.append(({d: 1.0, i: -1.0}, -plan[i], np.inf))
        program.rows.append(({d: 1.0, i: 1.0}, plan[i], np.inf))
        objective[d] = 1.0
    x = program.solve(objective, maximise=False)
    deviation = sum(x[d] for d in objective) + constant
    return optima, ratios, deviation


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: scipy_scale.py SCENARIO_FOLDER")
    data = load(sys.argv[1])
    start = time.perf_counter()
    program, tier_cells, plan = build(*data)
    optima, ratios, deviation = staged(program, tier_cells, plan)
    seconds = time.perf_counter() - start
    shown = ", ".join(f"{o:.4f}" for o in optima)
    print(f"{sys.argv[1]}: {len(plan)} cells, tiers [{shown}], deviation {deviation:.4f}, "
          f"scipy/HiGHS build + solve {seconds:.2f} s")


if __name__ == "__main__":
    main()
