"""The policy closest to today's mix that meets a zone's targets (scipy.optimize, SLSQP).

Decision variables are constant lever settings (acting from 2021, as in a scenario file); the
distance to today's mix is the sum of squared changes, each scaled by its lever's range. Every
target bound is a constraint ``margin >= 0`` (the margin relative to the bound); all five
investment shares, when optimised, keep summing to 100 %. Gradients come from one batched
engine call per point (forward differences over all levers at once).

When the targets cannot all be met within the lever ranges, the result says how close the
best policy gets (the largest achievable worst margin) instead of pretending.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from sdsim.errors import SdsimError
from sdsim.sweep.goals import Goal, plan_goals


@dataclass
class Optimum:
    """Result of :func:`optimise`.

    Attributes
    ----------
    zone : str
        Zone key.
    levers : dict
        Lever key -> optimised constant (rounded for a scenario file).
    baseline : dict
        Lever key -> the zone's 2020 value.
    feasible : bool
        True when every target is met.
    distance : float
        Scaled distance to today's mix.
    report : pandas.DataFrame
        Per target: bound, value at baseline, value at the optimum, margin, met.
    """

    zone: str
    levers: dict[str, float]
    baseline: dict[str, float]
    feasible: bool
    distance: float
    report: pd.DataFrame
    assumptions: dict[str, float] = field(default_factory=dict)

    def to_scenario(self, name: str = "optimised"):
        """The optimum as a :class:`sdsim.scenarios.Scenario` (checked like a file)."""
        from sdsim.levers import SHARE_KEYS
        from sdsim.scenarios import make_scenario

        met = ", ".join(self.report["goal"])
        changed = {k: v for k, v in self.levers.items()
                   if k in SHARE_KEYS or abs(v - self.baseline[k]) > 1e-9}
        return make_scenario(
            self.zone, name, changed, assumptions=dict(self.assumptions),
            normalise=True,
            description={
                "zh": f"优化情景：在满足规划目标（{met}）的前提下最接近2020年政策组合的杠杆设置"
                      "（sdsim optimise 生成）。",
                "en": f"Optimised scenario: the lever settings closest to the 2020 policy mix "
                      f"that meet the plan's targets ({met}); written by `sdsim optimise`.",
            })

    def save(self, path: str | Path, name: str = "optimised") -> Path:
        """Write the optimum as a scenario YAML file."""
        from sdsim.scenarios import save_scenario

        if not self.feasible:
            raise SdsimError("no lever setting within the ranges meets every target; "
                             "nothing written. " + _shortfall(self.report))
        return save_scenario(self.to_scenario(name), path)


def _shortfall(report: pd.DataFrame) -> str:
    bad = report[~report["met"]]
    return "Missed: " + "; ".join(f"{r.goal}: {r.target}, best {r.optimum:.4g}"
                                  for _, r in bad.iterrows())


class _Problem:
    """Targets as functions of the lever vector, evaluated in engine batches (cached)."""

    def __init__(self, zone, keys, goals, assumptions, final_year, lo, hi):
        self.zone, self.keys, self.goals = zone, keys, goals
        self.assumptions, self.final_year = assumptions, final_year
        self.lo, self.hi, self.scale = lo, hi, hi - lo
        self.sides = [(i, s) for i, g in enumerate(goals) for s, b in (("low", g.low),
                                                                      ("high", g.high))
                      if b is not None]
        self._cache: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}

    def values(self, x: np.ndarray) -> np.ndarray:
        """Outcome value of every goal for each row of ``x`` (M, D) -> (M, goals)."""
        from sdsim.batch import run_batch

        x = np.clip(np.atleast_2d(x), self.lo, self.hi)
        levers = {k: x[:, j] for j, k in enumerate(self.keys)}
        keys = list(dict.fromkeys(g.indicator for g in self.goals))
        res = run_batch(self.zone, levers, {k: np.full(len(x), v) for k, v in
                                            self.assumptions.items()},
                        self.final_year, outcomes=keys, n=len(x), normalise=True)
        return np.stack([res.at(g.indicator, g.year) for g in self.goals], axis=1)

    def margins(self, values: np.ndarray) -> np.ndarray:
        cols = []
        for i, side in self.sides:
            g = self.goals[i]
            v = values[..., i]
            cols.append((v - g.low) / max(abs(g.low), 1e-9) if side == "low"
                        else (g.high - v) / max(abs(g.high), 1e-9))
        return np.stack(cols, axis=-1)

    def eval(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Margins (C,) at ``x`` and their Jacobian (C, D) by forward differences."""
        x = np.clip(np.asarray(x, dtype=float), self.lo, self.hi)
        key = x.tobytes()
        if key not in self._cache:
            h = 1e-6 * self.scale
            h = np.where(x + h > self.hi, -h, h)  # step inwards at an upper bound
            pts = np.repeat(x[None], len(x) + 1, axis=0)
            pts[1:] += np.diag(h)
            m = self.margins(self.values(pts))
            self._cache[key] = (m[0], ((m[1:] - m[0]) / h[:, None]).T)
        return self._cache[key]


def optimise(zone: str, goals: list[Goal] | None = None, *, levers: list[str] | None = None,
             assumptions: dict[str, float] | None = None, final_year: int | None = None,
             maxiter: int = 200) -> Optimum:
    """Find the lever settings closest to today's mix that meet every goal.

    Parameters
    ----------
    zone : str
        Zone key or name.
    goals : list of Goal, optional
        Targets (default: the zone's published targets, :func:`~sdsim.sweep.goals.plan_goals`).
    levers : list of str, optional
        Levers to optimise (default: all); the others keep their 2020 values.
    assumptions : dict, optional
        Assumption overrides held during the optimisation.
    final_year : int, optional
        Last year simulated (default: the latest target year).
    maxiter : int
        SLSQP iteration limit.

    Returns
    -------
    Optimum
    """
    from sdsim.batch import _zone_parameters
    from sdsim.levers import SHARE_KEYS
    from sdsim.levers import levers as lever_table
    from sdsim.zones import get_zone

    zkey = get_zone(zone).key
    table = lever_table()
    goals = goals if goals is not None else plan_goals(zkey)
    if not goals:
        raise SdsimError(f"zone {zkey!r}: no targets to optimise for.")
    keys = list(levers or table)
    unknown = [k for k in keys if k not in table]
    if unknown:
        raise SdsimError(f"unknown lever(s) {unknown}; valid: {', '.join(table)}.")
    final_year = int(final_year or max(g.year for g in goals))
    base = np.array([_zone_parameters(zkey).baseline_levers[k] for k in keys])
    lo = np.array([table[k].low for k in keys])
    hi = np.array([table[k].high for k in keys])
    scale = hi - lo
    prob = _Problem(zkey, keys, goals, dict(assumptions or {}), final_year, lo, hi)
    shares = np.array([k in SHARE_KEYS for k in keys])
    eq = []
    if shares.sum() == len(SHARE_KEYS):
        eq = [{"type": "eq", "fun": lambda x: np.array([x[shares].sum() - 100.0]),
               "jac": lambda x: shares.astype(float)[None]}]
    elif shares.any():  # the shares left out take the rest: the ones set stay within 100 %
        eq = [{"type": "ineq", "fun": lambda x: np.array([100.0 - x[shares].sum()]),
               "jac": lambda x: -shares.astype(float)[None]}]
    # phase 1: the policy with the largest worst margin (is every target reachable?)
    z0 = np.append(base, prob.eval(base)[0].min())
    phase1 = minimize(
        lambda z: -z[-1], z0, jac=lambda z: np.append(np.zeros(len(base)), -1.0),
        bounds=[*zip(lo, hi, strict=True), (None, None)], method="SLSQP",
        constraints=[{"type": "ineq", "fun": lambda z: prob.eval(z[:-1])[0] - z[-1],
                      "jac": lambda z: np.hstack([prob.eval(z[:-1])[1],
                                                  -np.ones((len(prob.sides), 1))])},
                     *[{**c, "fun": (lambda z, f=c["fun"]: f(z[:-1])),
                        "jac": (lambda z, j=c["jac"]: np.hstack([j(z[:-1]), [[0.0]]]))}
                       for c in eq]],
        options={"maxiter": maxiter, "ftol": 1e-10})
    x = np.clip(phase1.x[:-1], lo, hi)
    if prob.eval(x)[0].min() >= 0:
        # phase 2: closest to today's mix among policies meeting every target
        res = minimize(
            lambda v: float(np.sum(((v - base) / scale) ** 2)), x,
            jac=lambda v: 2 * (v - base) / scale ** 2, bounds=list(zip(lo, hi, strict=True)),
            method="SLSQP", options={"maxiter": maxiter, "ftol": 1e-12},
            constraints=[{"type": "ineq", "fun": lambda v: prob.eval(v)[0],
                          "jac": lambda v: prob.eval(v)[1]}, *eq])
        cand = np.clip(res.x, lo, hi)
        if prob.eval(cand)[0].min() >= -1e-9:
            x = cand
    x = _rounded(x, keys, shares, prob)
    return _result(zkey, keys, base, x, scale, prob, dict(assumptions or {}))


def _rounded(x, keys, shares, prob) -> np.ndarray:
    """Round to 3 decimals (shares kept at 100 %) unless that breaks a met target."""
    from sdsim.levers import SHARE_KEYS

    for digits in (3, 5, 8):
        r = np.round(x, digits)
        if shares.sum() == len(SHARE_KEYS):
            j = np.flatnonzero(shares)[np.argmax(r[shares])]
            r[j] = np.round(r[j] + 100.0 - r[shares].sum(), digits + 2)
        if prob.eval(r)[0].min() >= min(0.0, prob.eval(x)[0].min()):
            return r
    return x


def _result(zone, keys, base, x, scale, prob, assumptions) -> Optimum:
    vals = prob.values(np.vstack([base, x]))
    rows = []
    for i, g in enumerate(prob.goals):
        rows.append({"goal": g.label or g.describe(), "target": g.describe().split(" ", 2)[-1],
                     "indicator": g.indicator, "year": g.year, "baseline": vals[0, i],
                     "optimum": vals[1, i], "margin": float(g.margin(vals[1, i])),
                     "met": bool(g.met(vals[1:, i])[0])})
    report = pd.DataFrame(rows)
    return Optimum(zone, {k: float(v) for k, v in zip(keys, x, strict=True)},
                   {k: float(v) for k, v in zip(keys, base, strict=True)},
                   bool(report["met"].all()), float(np.sum(((x - base) / scale) ** 2)),
                   report, assumptions)
