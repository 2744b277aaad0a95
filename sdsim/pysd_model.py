"""PySD back end: translate the Vensim model once, load the translation, run it without leaks.

PySD's ``model.run(params=...)`` changes the model object it runs on, so every run here
reloads the translated file (``reload=True``, about a millisecond-scale cost) and passes
``time_step``, ``saveper`` and ``final_time`` explicitly.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
import warnings
from functools import lru_cache
from pathlib import Path

import pandas as pd

from sdsim.paths import MODEL_FILE, cache_dir

_LOCK = threading.Lock()


def _digest(mdl: Path) -> str:
    import pysd

    h = hashlib.sha256(mdl.read_bytes())
    h.update(pysd.__version__.encode())
    return h.hexdigest()[:16]


def translated_path(mdl: Path | str = MODEL_FILE) -> Path:
    """Return the PySD translation of ``mdl``, translating only when the .mdl has changed.

    The translation is cached under :func:`sdsim.paths.cache_dir` keyed by the file's hash and
    the PySD version, and written to a temporary directory first, then moved into place.
    """
    import pysd

    mdl = Path(mdl)
    target_dir = cache_dir() / f"{mdl.stem}-{_digest(mdl)}"
    target = target_dir / f"{mdl.stem}.py"
    if target.exists():
        return target
    with _LOCK:
        if target.exists():
            return target
        tmp = Path(tempfile.mkdtemp(prefix="translate-", dir=cache_dir()))
        shutil.copy(mdl, tmp / mdl.name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pysd.read_vensim(str(tmp / mdl.name))
        try:
            os.replace(tmp, target_dir)
        except OSError:  # another process won the race
            shutil.rmtree(tmp, ignore_errors=True)
    return target


@lru_cache(maxsize=4)
def _load(path: str, mtime: float):
    import pysd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pysd.load(path)


def load_model(mdl: Path | str = MODEL_FILE):
    """The loaded PySD model for ``mdl`` (cached per process; always run with ``reload=True``)."""
    path = translated_path(mdl)
    return _load(str(path), path.stat().st_mtime)


def simulate(
    params: dict,
    outputs: list[str],
    *,
    initial_time: float = 2020.0,
    final_time: float = 2030.0,
    time_step: float = 0.25,
    saveper: float = 1.0,
    mdl: Path | str = MODEL_FILE,
) -> pd.DataFrame:
    """Run the model once with PySD and return the requested variables at each saved time.

    Parameters
    ----------
    params : dict
        Vensim constant name -> value (float) or time series (``pd.Series`` indexed by year).
    outputs : list of str
        Vensim variable names to return.
    initial_time, final_time, time_step, saveper : float
        Simulation control, always passed explicitly so nothing carries over from a previous run.

    Returns
    -------
    pandas.DataFrame
        Indexed by time, one column per output (Vensim names).
    """
    model = load_model(mdl)
    with _LOCK, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*inplace.*")
        warnings.filterwarnings("ignore", message="Replacing a constant value with a time-dependent")
        result = model.run(
            params=dict(params),
            return_columns=list(outputs),
            initial_condition=(float(initial_time), {}),
            final_time=float(final_time),
            time_step=float(time_step),
            saveper=float(saveper),
            reload=True,
            progress=False,
        )
    return result


def model_doc(mdl: Path | str = MODEL_FILE) -> pd.DataFrame:
    """PySD's table of variables: real name, python name, units, type and documentation."""
    return load_model(mdl).doc
