"""Experimental designs: full-factorial grid, Latin hypercube, Sobol (Saltelli) and Morris.

Each sampler is deterministic given the spec's ``seed``, so a restarted sweep regenerates the
same design and its finished chunks stay valid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class Design:
    """The runs of a sweep.

    Attributes
    ----------
    experiments : pandas.DataFrame
        One row per run, one column per lever and uncertainty (EMA Workbench's shape).
    problem : dict
        SALib's problem definition (``num_vars``, ``names``, ``bounds``).
    kinds : dict
        Factor key -> 'lever' or 'uncertainty'.
    """

    experiments: pd.DataFrame
    problem: dict
    kinds: dict[str, str]

    @property
    def runs(self) -> int:
        return len(self.experiments)


def _problem(factors: dict) -> dict:
    return {"num_vars": len(factors), "names": list(factors),
            "bounds": [[lo, hi] for _, lo, hi in factors.values()]}


def sample(spec) -> Design:
    """Draw the design of a validated :class:`~sdsim.sweep.spec.SweepSpec`.

    Returns
    -------
    Design
        ``spec.runs()`` rows; values clipped to each factor's range.
    """
    factors = spec.factors()
    problem = _problem(factors)
    lows = np.array([lo for _, lo, _ in factors.values()])
    highs = np.array([hi for _, _, hi in factors.values()])
    d = len(factors)
    if spec.sampler == "grid":
        axes = [np.linspace(lo, hi, spec.n) for lo, hi in zip(lows, highs, strict=True)]
        x = np.stack([g.reshape(-1) for g in np.meshgrid(*axes, indexing="ij")], axis=1)
    elif spec.sampler == "lhs":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d, rng=np.random.default_rng(spec.seed)).random(spec.n)
        x = lows + unit * (highs - lows)
    elif spec.sampler == "sobol":
        from SALib.sample import sobol

        x = sobol.sample(problem, spec.n, calc_second_order=False, seed=spec.seed)
    elif spec.sampler == "morris":
        from SALib.sample import morris

        x = morris.sample(problem, spec.n, num_levels=spec.levels, seed=spec.seed)
    else:  # guarded by check_spec
        raise ValueError(f"unknown sampler {spec.sampler!r}")
    x = np.clip(np.asarray(x, dtype=float), lows, highs)
    frame = pd.DataFrame(x, columns=list(factors))
    return Design(frame, problem, {k: v[0] for k, v in factors.items()})
