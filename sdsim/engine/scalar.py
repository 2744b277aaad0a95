"""Scalar (N = 1) implementations of the helpers used by the generated code.

For a single run, numpy's per-call overhead dominates, so scalar models
(without subscripts) run the same generated source with these pure-Python
helpers bound instead. They raise on domain errors (division by zero,
overflow, log of a negative number...), in which case the caller falls
back to the numpy path, which follows numpy's inf/nan semantics.
"""

from __future__ import annotations

import math
from bisect import bisect_right

from .runtime import SMALL_VENSIM, _check_delay


def _minimum(a, b):
    """``np.minimum`` for floats (propagates NaN)."""
    return b if b < a or b != b else a


def _maximum(a, b):
    """``np.maximum`` for floats (propagates NaN)."""
    return b if b > a or b != b else a


def _trunc(x):
    return float(math.trunc(x))


def _interp(x, xp, fp):
    """``np.interp`` for a float ``x`` (same formula as numpy's C code)."""
    if x != x:
        return x
    last = len(xp) - 1
    if x <= xp[0]:
        return fp[0]
    if x >= xp[last]:
        return fp[last]
    j = bisect_right(xp, x) - 1
    if x == xp[j]:
        return fp[j]
    slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
    res = slope * (x - xp[j]) + fp[j]
    if res != res:
        res = slope * (x - xp[j + 1]) + fp[j + 1]
    return res


def _pulse(t, start, width):
    return 1.0 if start - SMALL_VENSIM <= t < start + width else 0.0


def _pulse_train(t, start, repeat, width, end):
    if repeat == 0:
        return 1.0 if start - SMALL_VENSIM <= t < start + width else 0.0
    if start <= t < end:
        return 1.0 if (t - start + SMALL_VENSIM) % repeat < width else 0.0
    return 0.0


def _mkstate(x, batch, shape):
    return float(x)


SCALAR_HELPERS = {
    "np": None,  # replaced by numpy in scalar_namespace (np.pi, np.nan)
    "_b1": float, "_mkstate": _mkstate, "_check_delay": _check_delay,
    "_pulse": _pulse, "_pulse_train": _pulse_train,
    "_abs": abs, "_exp": math.exp, "_log": math.log, "_sqrt": math.sqrt, "_sin": math.sin,
    "_cos": math.cos, "_tan": math.tan, "_arcsin": math.asin, "_arccos": math.acos,
    "_arctan": math.atan, "_sinh": math.sinh, "_cosh": math.cosh, "_tanh": math.tanh,
    "_trunc": _trunc, "_minimum": _minimum, "_maximum": _maximum, "_pow": math.pow,
    "_where": lambda c, a, b: a if c else b, "_and": lambda a, b: bool(a) and bool(b),
    "_or": lambda a, b: bool(a) or bool(b), "_not": lambda a: not a, "_interp": _interp,
}

# errors after which the batched numpy code is used instead
FALLBACK_ERRORS = (ArithmeticError, ValueError, TypeError)
