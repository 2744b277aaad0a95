"""Sensitivity tables: Sobol S1/ST (with confidence intervals), Morris mu*/sigma, Spearman.

The method follows the sampler: a Sobol (Saltelli) design gives first-order and total Sobol
indices, a Morris design gives elementary-effect statistics; a grid or Latin hypercube gives
Spearman rank correlations (no variance decomposition is possible without a Saltelli design).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

COLUMNS = {
    "sobol": ["S1", "S1_conf", "ST", "ST_conf"],
    "morris": ["mu", "mu_star", "mu_star_conf", "sigma"],
    "spearman": ["rho", "p_value"],
}
NUM_RESAMPLES = 100


def method_for(sampler: str) -> str:
    """The sensitivity method a sampler supports."""
    return sampler if sampler in ("sobol", "morris") else "spearman"


def analyse(spec, design, outcomes: dict[str, np.ndarray]) -> pd.DataFrame:
    """One row per (outcome, factor) with the method's indices.

    Parameters
    ----------
    spec : SweepSpec
        The sweep (sampler, seed, Morris levels).
    design : Design
        Its experiments and SALib problem.
    outcomes : dict
        Outcome label -> values (N,), in design order.

    Returns
    -------
    pandas.DataFrame
        Columns ``outcome, factor, kind, method`` and the method's indices; indices are NaN
        for an outcome with non-finite values or no variation.
    """
    method = method_for(spec.sampler)
    names = design.problem["names"]
    x = design.experiments[names].to_numpy()
    rows = []
    for label, y in outcomes.items():
        y = np.asarray(y, dtype=float)
        usable = bool(np.all(np.isfinite(y))) and np.ptp(y) > 0
        stats = _indices(method, spec, design.problem, x, y) if usable else {}
        for j, name in enumerate(names):
            row = {"outcome": label, "factor": name, "kind": design.kinds[name],
                   "method": method}
            for col in COLUMNS[method]:
                row[col] = float(stats[col][j]) if stats else np.nan
            rows.append(row)
    return pd.DataFrame(rows, columns=["outcome", "factor", "kind", "method", *COLUMNS[method]])


def _indices(method: str, spec, problem: dict, x: np.ndarray, y: np.ndarray) -> dict:
    if method == "sobol":
        from SALib.analyze import sobol

        res = sobol.analyze(problem, y, calc_second_order=False, num_resamples=NUM_RESAMPLES,
                            seed=spec.seed)
        return {c: np.asarray(res[c]) for c in COLUMNS["sobol"]}
    if method == "morris":
        from SALib.analyze import morris

        res = morris.analyze(problem, x, y, num_levels=spec.levels,
                             num_resamples=NUM_RESAMPLES, seed=spec.seed)
        return {c: np.asarray(res[c], dtype=float) for c in COLUMNS["morris"]}
    return _spearman(x, y)


def _spearman(x: np.ndarray, y: np.ndarray) -> dict:
    """Spearman's rho of each factor with ``y`` and its two-sided p-value (t approximation)."""
    from scipy.stats import rankdata
    from scipy.stats import t as student

    n = len(y)
    ry = rankdata(y)
    ry = (ry - ry.mean()) / ry.std()
    rho = np.full(x.shape[1], np.nan)
    for j in range(x.shape[1]):
        rx = rankdata(x[:, j])
        if rx.std() > 0:
            rho[j] = float(np.mean((rx - rx.mean()) / rx.std() * ry))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = rho * np.sqrt((n - 2) / np.maximum(1.0 - rho ** 2, 0.0))
    p = np.where(np.isfinite(t), 2 * student.sf(np.abs(t), max(n - 2, 1)), 0.0)
    return {"rho": rho, "p_value": np.where(np.isnan(rho), np.nan, p)}
