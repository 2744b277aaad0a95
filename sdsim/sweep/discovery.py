"""Scenario discovery: which lever ranges meet all of a zone's targets (PRIM).

PRIM (Friedman and Fisher's Patient Rule Induction Method) peels the sweep's factor space down
to a box where most runs meet every target. The implementation is EMA Workbench's
(``ema_workbench.analysis.prim``); the box chosen on the peeling trajectory is the one with
the highest coverage among those whose density reaches ``threshold``.
"""

from __future__ import annotations

import json
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sdsim.errors import SdsimError
from sdsim.sweep.goals import Goal, all_met


@dataclass
class Discovery:
    """A PRIM box and how well it separates the runs that meet every target.

    Attributes
    ----------
    box : pandas.DataFrame
        One row per factor: ``factor, kind, low, high, sweep_low, sweep_high, restricted``.
    coverage, density, mass : float
        Share of target-meeting runs inside the box, share of runs in the box that meet the
        targets, share of all runs in the box.
    runs, met : int
        Runs in the sweep and runs meeting every target.
    goals : pandas.DataFrame
        Per target: the share of runs that meet it (to see which target binds).
    trajectory : pandas.DataFrame
        PRIM's peeling trajectory (coverage, density, mass, restricted dimensions).
    """

    box: pd.DataFrame
    coverage: float
    density: float
    mass: float
    runs: int
    met: int
    goals: pd.DataFrame
    trajectory: pd.DataFrame

    def summary(self) -> str:
        """A few lines for the terminal."""
        lines = [f"{self.met:,} of {self.runs:,} runs meet every target."]
        if self.met:
            lines.append(f"PRIM box: coverage {self.coverage:.0%}, density {self.density:.0%}, "
                         f"mass {self.mass:.0%}.")
            for _, r in self.box[self.box.restricted].iterrows():
                lines.append(f"  {r.factor}: {r.low:.4g} .. {r.high:.4g} "
                             f"(swept {r.sweep_low:.4g} .. {r.sweep_high:.4g})")
        worst = self.goals.sort_values("share_met").head(3)
        lines.append("Hardest targets: " + "; ".join(
            f"{r.goal} ({r.share_met:.0%} of runs)" for _, r in worst.iterrows()))
        return "\n".join(lines)


def _prim():
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from ema_workbench.analysis import prim
    except ImportError:
        raise SdsimError("scenario discovery needs EMA Workbench: pip install ema_workbench "
                         "(or pip install 'sdsim' with its dependencies).") from None
    logging.getLogger("EMA").setLevel(logging.WARNING)
    logging.getLogger("EMA.analysis.prim").setLevel(logging.WARNING)
    return prim


def discover(experiments: pd.DataFrame, outcomes: dict[str, np.ndarray], goals: list[Goal],
             kinds: dict[str, str] | None = None, *, threshold: float = 0.8,
             peel_alpha: float = 0.05, factors: str = "levers") -> Discovery:
    """Find a box of factor ranges in which runs meet every goal.

    Parameters
    ----------
    experiments : pandas.DataFrame
        One row per run, one column per factor.
    outcomes : dict
        Outcome columns ``'key@year' -> (N,)``; every goal's column must be present.
    goals : list of Goal
        The targets.
    kinds : dict, optional
        Factor -> 'lever' or 'uncertainty' (default: all levers).
    threshold : float
        Minimum share of target-meeting runs in the box (PRIM's density threshold).
    peel_alpha : float
        Share of runs peeled off per step.
    factors : {'levers', 'all'}
        Search the box over the levers only, or over levers and uncertainties.

    Returns
    -------
    Discovery
    """
    if not goals:
        raise SdsimError("no targets to discover against; add 'targets: plan' or inline "
                         "targets to the sweep spec.")
    missing = [g.column for g in goals if g.column not in outcomes]
    if missing:
        raise SdsimError(f"the sweep has no outcome column(s) {missing}; add them to its "
                         "outcomes and run it again.")
    kinds = kinds or {c: "lever" for c in experiments.columns}
    cols = [c for c in experiments.columns if factors == "all" or kinds.get(c) == "lever"]
    if not cols:
        raise SdsimError("the sweep varies no lever; use factors='all' to search uncertainties.")
    x = experiments[cols].reset_index(drop=True)
    y = all_met(goals, outcomes)
    rates = pd.DataFrame({"goal": [g.label or g.describe() for g in goals],
                          "target": [g.describe() for g in goals],
                          "share_met": [float(g.met(outcomes[g.column]).mean()) for g in goals]})
    sweep_lo, sweep_hi = x.min(), x.max()
    empty = pd.DataFrame({"factor": cols, "kind": [kinds.get(c, "lever") for c in cols],
                          "low": np.nan, "high": np.nan, "sweep_low": sweep_lo.to_numpy(),
                          "sweep_high": sweep_hi.to_numpy(), "restricted": False})
    if not y.any():
        return Discovery(empty, 0.0, 0.0, 0.0, len(y), 0, rates, pd.DataFrame())
    if y.all():  # every run meets the targets: the whole swept space is the box
        full = empty.assign(low=empty["sweep_low"], high=empty["sweep_high"])
        return Discovery(full, 1.0, 1.0, 1.0, len(y), len(y), rates, pd.DataFrame())
    prim = _prim()
    finder = prim.Prim(x, y.astype(int), threshold=threshold, peel_alpha=peel_alpha)
    box = finder.find_box()
    traj = box.peeling_trajectory.reset_index(drop=True)
    ok = traj[traj["density"] >= threshold]
    i = int(ok["coverage"].idxmax()) if len(ok) else int(traj["density"].idxmax())
    lims = box.box_lims[i]
    low, high = lims.loc[0, cols].astype(float), lims.loc[1, cols].astype(float)
    frame = empty.assign(low=low.to_numpy(), high=high.to_numpy())
    frame["restricted"] = (frame["low"] > frame["sweep_low"]) | (frame["high"] < frame["sweep_high"])
    row = traj.loc[i]
    return Discovery(frame, float(row["coverage"]), float(row["density"]), float(row["mass"]),
                     len(y), int(y.sum()), rates, traj)


def discover_sweep(out: str | Path, *, threshold: float = 0.8, factors: str = "levers",
                   goals: list[Goal] | None = None) -> Discovery:
    """PRIM on a finished sweep directory, against its spec's targets (or ``goals``)."""
    from sdsim.sweep.goals import spec_goals
    from sdsim.sweep.runner import load_results
    from sdsim.sweep.spec import SweepSpec

    out = Path(out)
    experiments, outcomes = load_results(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    spec = SweepSpec.model_validate(manifest["spec"])
    if goals is None:
        goals = spec_goals(spec)
    return discover(experiments, outcomes, goals, manifest.get("factors"),
                    threshold=threshold, factors=factors)
