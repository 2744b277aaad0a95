"""Run a model through PySD, the reference, and compare with the engine.

PySD translates the ``.mdl`` into a ``.py`` next to it, so the model is
copied into a temporary directory first. ``model.run(params=...)``
changes the loaded model permanently, so every run loads a fresh copy.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd


class PySDReference:
    """A PySD translation of a model, in a private temporary directory.

    Parameters
    ----------
    mdl_path : str or Path
        The Vensim model.
    """

    def __init__(self, mdl_path) -> None:
        import pysd

        self._tmp = tempfile.TemporaryDirectory(prefix="sdsim_pysd_")
        src = Path(mdl_path)
        dst = Path(self._tmp.name) / src.name
        shutil.copy(src, dst)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = pysd.read_vensim(str(dst))
        self.py_path = model.py_model_file

    def close(self) -> None:
        """Delete the temporary translation."""
        self._tmp.cleanup()

    def __enter__(self) -> PySDReference:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def load(self):
        """Load a fresh PySD model object."""
        import pysd

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pysd.load(self.py_path)

    def run(self, params=None, *, series=None, columns=None, initial_time=None,
            final_time=None, time_step=None, saveper=None,
            initial_mode: str = "reinit") -> pd.DataFrame:
        """Run the model once in PySD.

        Parameters
        ----------
        params : dict, optional
            Scalar constant overrides.
        series : dict, optional
            ``name -> (times, values)``, passed to PySD as a ``pd.Series``.
        columns : list of str, optional
            ``return_columns`` for PySD.
        initial_time : float, optional
            Start time. With ``initial_mode="reinit"`` the model's
            ``INITIAL TIME`` control is replaced before the run, so every
            stateful object is initialised at the new start (the engine's
            semantics). With ``initial_mode="initial_condition"``,
            ``run(initial_condition=(initial_time, {}))`` is used instead:
            PySD then initialises the stocks at the model's original start
            time and only moves the clock.
        final_time, time_step, saveper : float, optional
            Control overrides passed to ``model.run``.
        initial_mode : {"reinit", "initial_condition"}
            See ``initial_time``.

        Returns
        -------
        pandas.DataFrame
            PySD's output.
        """
        model = self.load()
        allparams = dict(params or {})
        for name, (xp, fp) in (series or {}).items():
            allparams[name] = pd.Series(np.asarray(fp, dtype=float),
                                        index=np.asarray(xp, dtype=float))
        kwargs = {}
        if initial_time is not None:
            if initial_mode == "reinit":
                model.components._control_vars["initial_time"] = lambda: initial_time
            elif initial_mode == "initial_condition":
                kwargs["initial_condition"] = (initial_time, {})
            else:
                raise ValueError(f"unknown initial_mode {initial_mode!r}")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return model.run(params=allparams or None, return_columns=columns,
                             final_time=final_time, time_step=time_step, saveper=saveper,
                             **kwargs)


def max_rel_diff(a: pd.DataFrame, b: pd.DataFrame, floor: float = 1e-12) -> tuple[float, str]:
    """Largest relative difference between two frames with the same columns.

    ``|a - b| / max(|a|, |b|, floor)`` over every column and time; equal
    values (including two NaNs) count as 0.

    Returns
    -------
    (float, str)
        The largest difference and the column where it occurs.
    """
    if list(a.index) != list(b.index):
        raise AssertionError(f"time index differs: {list(a.index)[:5]}... vs "
                             f"{list(b.index)[:5]}...")
    worst, where = 0.0, ""
    for col in b.columns:
        x = np.asarray(a[col], dtype=float)
        y = np.asarray(b[col], dtype=float)
        same = (x == y) | (np.isnan(x) & np.isnan(y))
        den = np.maximum(np.maximum(np.abs(x), np.abs(y)), floor)
        with np.errstate(invalid="ignore"):
            rel = np.where(same, 0.0, np.abs(x - y) / den)
        rel = np.where(np.isnan(rel), np.inf, rel)
        if rel.size and rel.max() > worst:
            worst, where = float(rel.max()), col
    return worst, where
