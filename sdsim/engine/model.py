"""The public :class:`CompiledModel`: compile once, run batches fast."""

from __future__ import annotations

import difflib
import functools
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from .elements import compile_element
from .expr import Context
from .ir import load_model
from .program import CONTROLS, Program
from .result import EngineResult
from .runtime import HELPERS, interp_rows, time_grid
from .scalar import FALLBACK_ERRORS

_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


@functools.lru_cache(maxsize=64)
def _grid(ctl: tuple):
    times, rows, saved = time_grid(*ctl)
    saved.setflags(write=False)
    return times, rows, saved


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=os.cpu_count() or 2,
                                       thread_name_prefix="sdsim-engine")
        return _POOL


class CompiledModel:
    """A Vensim model compiled to vectorised numpy code.

    Build it with :meth:`from_mdl`; then :meth:`run` simulates N parameter
    sets at once and reproduces PySD's Euler integration.

    Attributes
    ----------
    constants : dict
        Python name -> default value (float, or ndarray for subscripted
        constants) of every model constant.
    stocks : list of str
        Python names of the stocks (elements defined as a pure INTEG).
    variables : list of str
        Python names of the other time-varying elements.
    names : dict
        Vensim name -> python name (PySD's namespace).
    initial_time, final_time, time_step, saveper : float
        Defaults from the model's control section.
    units, docs : dict
        Python name -> units / documentation string.
    dims : dict
        Python name -> tuple of subscript ranges (empty for scalars).
    chunk_size : int
        Largest batch processed per call of the generated code. Batches
        larger than ``parallel_min`` are split into a multiple of the CPU
        count of chunks run on a thread pool (numpy releases the GIL).
    parallel_min : int
        Smallest batch split across threads.
    """

    chunk_size = 32768
    parallel_min = 8192

    def __init__(self, path) -> None:
        self.ir = ir = load_model(path)
        ctx = Context(ir)
        self._codes = {py: compile_element(ctx, el) for py, el in ir.elements.items()}
        self._globals = ctx.globals
        self._program = Program(self._codes, ctx.states, ctx.globals,
                                {py: el.name for py, el in ir.elements.items()})
        self._cache: dict = {}
        self.names = dict(ir.namespace)
        self._py2vensim = {py: el.name for py, el in ir.elements.items()}
        self.dims = {py: el.dims for py, el in ir.elements.items()}
        self.units = {py: el.units for py, el in ir.elements.items()}
        self.docs = {py: el.doc for py, el in ir.elements.items()}
        kinds = {py: c.kind for py, c in self._codes.items()}
        self.stocks = [py for py, k in kinds.items() if k == "stock"]
        self.variables = [py for py, k in kinds.items() if k == "aux"]
        self.lookups = [py for py, k in kinds.items() if k == "lookup"]
        self.constants = {py: self._eval_constant(py) for py, k in kinds.items()
                          if k == "constant"}
        self._const_arrays = {py: self._as_batch(py, v)[0] for py, v in self.constants.items()}
        (self.initial_time, self.final_time, self.time_step,
         self.saveper) = self._controls({}, {})
        self.scalar_fast_path = not any(self.dims.values()) and not any(
            k[0] in "AN" for k in ctx.globals)

    @classmethod
    def from_mdl(cls, path) -> CompiledModel:
        """Parse and compile a Vensim ``.mdl`` file.

        Parameters
        ----------
        path : str or Path
            The model file.

        Raises
        ------
        CompileError
            If the model uses a construct the engine does not support.
        """
        return cls(path)

    def __repr__(self) -> str:
        return (f"CompiledModel({self.ir.path.name!r}, stocks={len(self.stocks)}, "
                f"variables={len(self.variables)}, constants={len(self.constants)})")

    # -- helpers -------------------------------------------------------
    def _exec(self, py: str, env: dict):
        ns = dict(HELPERS)
        ns.update(self._globals)
        ns.update(env)
        exec(self._codes[py].code, ns)  # noqa: S102
        return ns[f"v_{py}"]

    def _eval_constant(self, py: str):
        value = np.asarray(self._exec(py, {}), dtype=float)
        if self.dims[py]:
            return np.array(np.broadcast_to(value, (1,) + self._codes[py].shape)[0])
        return float(value.reshape(-1)[0])

    def _controls(self, overrides: dict, params: dict) -> tuple:
        vals = {k: float(v) for k, v in overrides.items() if v is not None}

        def get(name):
            if name not in vals:
                env = {}
                for dep in self._codes[name].deps:
                    if dep in CONTROLS:
                        env[f"v_{dep}"] = get(dep)
                    elif dep in params:
                        arr = params[dep]
                        if arr.size != 1:
                            raise ValueError(f"{self._py2vensim[name]} depends on {dep!r}, "
                                             "which cannot vary across the batch")
                        env[f"v_{dep}"] = arr.reshape(1)
                    elif dep in self.constants:
                        env[f"v_{dep}"] = self._const_arrays[dep]
                    else:
                        raise ValueError(f"{self._py2vensim[name]} depends on {dep!r}, "
                                         "which is not a constant")
                vals[name] = float(np.asarray(self._exec(name, env)).reshape(-1)[0])
            return vals[name]

        return tuple(get(n) for n in CONTROLS)

    def resolve(self, name: str) -> str | None:
        """Return the python name for a python or Vensim name, or None."""
        if name in self._codes:
            return name
        if name in self.names:
            return self.names[name]
        low = name.lower().strip()
        for vname, py in self.names.items():
            if vname.lower() == low or vname.lower().replace(" ", "_") == low:
                return py
        return None

    def _suggest(self, name: str, pool) -> str:
        pool = list(pool)
        pool += [self._py2vensim[p] for p in pool if p in self._py2vensim]
        close = difflib.get_close_matches(name, pool, n=5, cutoff=0.5)
        return f"; closest valid names: {close}" if close else ""

    def _constant_name(self, name: str) -> str:
        py = self.resolve(name)
        if py is None:
            raise KeyError(f"unknown constant {name!r}" + self._suggest(name, self.constants))
        if py not in self.constants:
            kind = self._codes[py].kind if py in self._codes else "variable"
            raise ValueError(f"{name!r} is not a constant (it is a {kind}); only constants can "
                             "be overridden" + self._suggest(name, self.constants))
        return py

    def _as_batch(self, py: str, value) -> tuple[np.ndarray, int | None]:
        """Shape a constant's value as ``(1 or N,) + dims``; return it and N."""
        shape = self._codes[py].shape
        v = np.asarray(value, dtype=float)
        if not shape and v.ndim == 1:
            return v, len(v)
        if v.ndim == 0:
            return np.full((1,) + shape, float(v)), None
        if shape and v.shape == shape:
            return v[None].copy(), None
        if v.ndim == 1:
            return np.broadcast_to(v.reshape((-1,) + (1,) * len(shape)),
                                   (len(v),) + shape), len(v)
        if v.shape[1:] == shape:
            return v, v.shape[0]
        raise ValueError(f"value for {py!r} has shape {v.shape}; expected a scalar, (N,)"
                         + (f", {shape} or (N, *{shape})" if shape else ""))

    def outputs_default(self) -> list[str]:
        """Default outputs: every stock and variable, in model order."""
        return [py for py, c in self._codes.items() if c.kind in ("stock", "aux")]

    def _outputs(self, outputs) -> list[str]:
        if outputs is None:
            return self.outputs_default()
        valid = [py for py, c in self._codes.items() if c.kind != "lookup"]
        out = []
        for name in outputs:
            py = self.resolve(name)
            if py is None or self._codes[py].kind == "lookup":
                raise KeyError(f"unknown output {name!r}" + self._suggest(name, valid))
            if py not in out:
                out.append(py)
        return out

    def runner(self, outputs: list[str], series=frozenset(), scalar: bool = False):
        """Return ``(run_chunk, source)`` of the generated code (cached).

        ``scalar=True`` gives the pure-Python variant used for single runs
        of models without subscripts.
        """
        key = (tuple(outputs), frozenset(series), scalar)
        if key not in self._cache:
            self._cache[key] = self._program.build(list(outputs), frozenset(series), scalar)
        return self._cache[key]

    # -- running -------------------------------------------------------
    def _chunks(self, n: int) -> list[tuple[int, int]]:
        """Split a batch of ``n`` runs into ``(lo, hi)`` chunks."""
        size = max(1, int(self.chunk_size))
        if n <= min(self.parallel_min, size):
            return [(0, n)]
        cpus = os.cpu_count() or 1
        count = -(-n // size)
        count = -(-count // cpus) * cpus
        step = -(-n // count)
        return [(lo, min(lo + step, n)) for lo in range(0, n, step)]

    def _run_scalar(self, C, Q, out, outs, times, rows, ctl, qraw, ov) -> bool:
        """Single run with pure-Python floats; False if it hit a domain error."""
        run_chunk, _ = self.runner(outs, frozenset(qraw), scalar=True)
        c = {k: float(v.reshape(-1)[0]) for k, v in C.items()}
        q = {k: v.reshape(len(times), -1)[:, 0].tolist() for k, v in Q.items()}
        o = {k: v[:, 0] for k, v in out.items()}
        try:
            run_chunk(c, q, o, 1, times, rows, ctl, ov)
        except FALLBACK_ERRORS:
            return False
        return True

    def run(self, params=None, *, series=None, n=None, initial_time=None, final_time=None,
            time_step=None, saveper=None, outputs=None) -> EngineResult:
        """Simulate a batch of parameter sets.

        Parameters
        ----------
        params : dict, optional
            Constant overrides by python or Vensim name: a scalar (same for
            every run) or an array of shape (N,). Subscripted constants also
            accept an array of their subscript shape or ``(N,) + shape``.
            As in PySD, a ``pd.Series`` indexed by time is a time-varying
            override (see ``series``). Control names (``INITIAL TIME``,
            ``FINAL TIME``, ``TIME STEP``, ``SAVEPER``) are accepted as
            scalars and act like the keyword arguments below (which win).
        series : dict, optional
            Time-varying overrides of constants: ``name -> (times (K,),
            values (K,) or (N, K))``, linearly interpolated at each
            integration time and held constant outside ``times`` (exactly
            ``np.interp``, as PySD does for a ``pd.Series`` param).
        n : int, optional
            Batch size when no array parameter gives it (default 1).
        initial_time, final_time, time_step, saveper : float, optional
            Control overrides. Starting at another ``initial_time``
            initialises every stock from its initial-value expression
            evaluated at that time.
        outputs : list of str, optional
            Names to store (default: all stocks and variables).

        Returns
        -------
        EngineResult
            Times and ``(N, S)`` arrays per output.
        """
        controls = {"initial_time": initial_time, "final_time": final_time,
                    "time_step": time_step, "saveper": saveper}
        series = dict(series or {})
        batch = {}
        arrays = {}
        for name, value in (params or {}).items():
            if self.resolve(name) in CONTROLS:
                py = self.resolve(name)
                if np.size(value) != 1:
                    raise ValueError(f"control {name!r} must be a scalar")
                if controls[py] is None:
                    controls[py] = float(np.asarray(value).reshape(-1)[0])
                continue
            if isinstance(value, pd.Series):
                series[name] = (value.index.to_numpy(dtype=float),
                                value.to_numpy(dtype=float))
                continue
            py = self._constant_name(name)
            arrays[py], batch[name] = self._as_batch(py, value)
        qraw = {}
        for name, (xp, fp) in series.items():
            py = self._constant_name(name)
            if py in arrays:
                raise ValueError(f"{name!r} given both in params and series")
            xp, fp = np.asarray(xp, dtype=float), np.asarray(fp, dtype=float)
            if xp.ndim != 1 or fp.shape[-1] != len(xp) or fp.ndim > 2 or len(xp) == 0:
                raise ValueError(f"series {name!r}: expected times (K,) and values (K,) or "
                                 f"(N, K); got {xp.shape} and {fp.shape}")
            if np.any(np.diff(xp) <= 0):
                raise ValueError(f"series {name!r}: times must be strictly increasing")
            qraw[py] = (xp, fp)
            batch[name] = fp.shape[0] if fp.ndim == 2 else None
        sizes = {k: v for k, v in batch.items() if v is not None}
        if n is not None:
            sizes["n"] = int(n)
        if len(set(sizes.values())) > 1:
            raise ValueError(f"inconsistent batch sizes: {sizes}")
        N = next(iter(sizes.values()), 1)

        ctl = self._controls(controls, arrays)
        ov = frozenset(arrays) | frozenset(qraw)
        times, rows, saved = _grid(ctl)
        outs = self._outputs(outputs)
        C = dict(self._const_arrays)
        C.update(arrays)
        tk = np.asarray(times, dtype=float)
        Q = {}
        for py, (xp, fp) in qraw.items():
            shape = self._codes[py].shape
            q = np.interp(tk, xp, fp)[:, None] if fp.ndim == 1 else interp_rows(tk, xp, fp)
            Q[py] = np.broadcast_to(q.reshape(q.shape + (1,) * len(shape)), q.shape + shape)
        out = {py: np.empty((len(saved), N) + self._codes[py].shape) for py in outs}

        def work(lo: int, hi: int) -> None:
            c = {k: (v if v.shape[0] == 1 else v[lo:hi]) for k, v in C.items()}
            q = {k: (v if v.shape[1] == 1 else v[:, lo:hi]) for k, v in Q.items()}
            o = {k: v[:, lo:hi] for k, v in out.items()}
            with np.errstate(all="ignore"):
                run_chunk(c, q, o, hi - lo, times, rows, ctl, ov)

        scalar_done = N == 1 and self.scalar_fast_path and self._run_scalar(
            C, Q, out, outs, times, rows, ctl, qraw, ov)
        if not scalar_done:
            run_chunk, _ = self.runner(outs, frozenset(qraw))
            bounds = self._chunks(N)
            if len(bounds) == 1:
                work(*bounds[0])
            else:
                for fut in [_pool().submit(work, lo, hi) for lo, hi in bounds]:
                    fut.result()
        values = {py: out[py].swapaxes(0, 1) for py in outs}
        coords = {py: [self.ir.ranges[d] for d in self.dims[py]] for py in outs}
        return EngineResult(saved.copy(), values, self._py2vensim, coords, N)
