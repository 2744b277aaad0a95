"""Helpers called by the generated code, and PySD-compatible time grids."""

from __future__ import annotations

import numpy as np

SMALL_VENSIM = 1e-6
RPREC = 1e-5  # PySD's Time.rprec


def _b1(x) -> np.ndarray:
    """Turn an unbatched scalar into a batched value of shape (1,)."""
    return np.full(1, x, dtype=float)


def _full(x, shape: tuple) -> np.ndarray:
    """Broadcast an aligned value to ``(batch,) + shape`` (read-only view)."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 0:
        x = x.reshape((1,) * (len(shape) + 1))
    return np.broadcast_to(x, x.shape[:1] + tuple(shape))


def _assemble(shape: tuple, parts: list) -> np.ndarray:
    """Build a subscripted value defined piecewise by several equations.

    Parameters
    ----------
    shape : tuple of int
        Subscript shape of the element.
    parts : list of (positions, value)
        ``positions`` holds one list of indices per dimension; ``value``
        is aligned so that it broadcasts to the selected block.
    """
    batch = max((np.shape(v)[0] for _, v in parts if np.ndim(v) > 0), default=1)
    out = np.empty((batch,) + tuple(shape))
    for positions, value in parts:
        out[(slice(None),) + np.ix_(*positions)] = value
    return out


def _mkstate(x, batch: int, shape: tuple) -> np.ndarray:
    """Return a fresh, writable float array of shape ``(batch,) + shape``."""
    return np.array(np.broadcast_to(x, (batch,) + tuple(shape)), dtype=float)


def _pulse(t: float, start, width):
    """Vensim PULSE as PySD implements it (magnitude 1)."""
    return np.logical_and(start - SMALL_VENSIM <= t, t < start + width) * 1.0


def _pulse_train(t: float, start, repeat, width, end):
    """Vensim PULSE TRAIN as PySD's ``pulse(..., repeat_time, width, end)``."""
    single = np.logical_and(start - SMALL_VENSIM <= t, t < start + width)
    active = np.logical_and(start <= t, t < end)
    train = np.logical_and(active, np.remainder(t - start + SMALL_VENSIM, repeat) < width)
    return np.where(np.equal(repeat, 0), single, train) * 1.0


def _check_delay(order: int, dt: float, delay_time, name: str) -> None:
    """Refuse delays whose order PySD would silently reduce."""
    if order * dt > np.min(delay_time):
        raise ValueError(
            f"{name}: delay time {np.min(delay_time)!r} is smaller than order*TIME STEP "
            f"({order}*{dt}); PySD reduces the delay order in that case, the engine "
            "does not support it")


HELPERS = {
    "np": np, "_b1": _b1, "_full": _full, "_assemble": _assemble, "_mkstate": _mkstate,
    "_pulse": _pulse, "_pulse_train": _pulse_train, "_check_delay": _check_delay,
    "_abs": np.abs, "_exp": np.exp, "_log": np.log, "_sqrt": np.sqrt, "_sin": np.sin,
    "_cos": np.cos, "_tan": np.tan, "_arcsin": np.arcsin, "_arccos": np.arccos,
    "_arctan": np.arctan, "_sinh": np.sinh, "_cosh": np.cosh, "_tanh": np.tanh,
    "_trunc": np.trunc, "_minimum": np.minimum, "_maximum": np.maximum, "_pow": np.power,
    "_where": np.where, "_and": np.logical_and, "_or": np.logical_or,
    "_not": np.logical_not, "_interp": np.interp,
}


def time_grid(t0: float, tf: float, dt: float, saveper: float):
    """Integration times and saving flags, exactly as PySD's ``Time``.

    Parameters
    ----------
    t0, tf, dt, saveper : float
        Control values of the run.

    Returns
    -------
    times : list of float
        Every integration time, accumulated as ``t = t + dt``.
    rows : list of int
        For each integration time, the output row it is saved into, or -1.
    saved : numpy.ndarray
        The saved times, rounded as PySD rounds its output index.
    """
    if dt <= 0:
        raise ValueError(f"TIME STEP must be positive, got {dt!r}")
    prec = dt * RPREC

    def in_return(t: float) -> bool:
        delay = t - t0
        return delay % saveper < prec or -delay % saveper < prec

    times, rows, saved = [], [], []
    t = t0
    while True:
        times.append(t)
        if in_return(t):
            rows.append(len(saved))
            saved.append(t)
        else:
            rows.append(-1)
        if not t + prec < tf:
            break
        t = t + dt
    decimals = -int(np.log10(prec))
    return times, rows, np.round(np.array(saved, dtype=float), decimals)


def interp_rows(t: np.ndarray, xp: np.ndarray, fp: np.ndarray) -> np.ndarray:
    """``np.interp`` of every row of ``fp`` at the times ``t``.

    Reproduces numpy's formula so that each row equals
    ``np.interp(t, xp, fp[i])``.

    Parameters
    ----------
    t : numpy.ndarray, shape (S,)
        Evaluation times.
    xp : numpy.ndarray, shape (K,)
        Increasing sample times.
    fp : numpy.ndarray, shape (N, K)
        Sample values, one row per run.

    Returns
    -------
    numpy.ndarray, shape (S, N)
    """
    out = np.empty((len(t), fp.shape[0]))
    last = len(xp) - 1
    for i, x in enumerate(t):
        if not x > xp[0]:
            j = 0
        elif x >= xp[last]:
            j = last
        else:
            j = int(np.searchsorted(xp, x, side="right")) - 1
        if x <= xp[0] or x >= xp[last] or x == xp[j]:
            if x != x:
                out[i] = np.nan
            else:
                out[i] = fp[:, 0] if x <= xp[0] else fp[:, j]
            continue
        slope = (fp[:, j + 1] - fp[:, j]) / (xp[j + 1] - xp[j])
        res = slope * (x - xp[j]) + fp[:, j]
        bad = np.isnan(res)
        if bad.any():
            res[bad] = (slope * (x - xp[j + 1]) + fp[:, j + 1])[bad]
        out[i] = res
    return out
