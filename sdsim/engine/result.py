"""Container for the outputs of a batched run."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd


class EngineResult:
    """Outputs of :meth:`CompiledModel.run`.

    Attributes
    ----------
    times : numpy.ndarray, shape (S,)
        Saved times (rounded like PySD's output index).
    values : dict
        ``python name -> array`` of shape ``(N, S)`` for scalar variables
        and ``(N, S) + dims`` for subscripted ones.
    n : int
        Number of runs in the batch.
    """

    def __init__(self, times: np.ndarray, values: dict, vensim_names: dict,
                 coords: dict, n: int) -> None:
        self.times = times
        self.values = values
        self.n = n
        self._vensim = vensim_names
        self._coords = coords

    def __repr__(self) -> str:
        return (f"EngineResult(n={self.n}, times={len(self.times)}, "
                f"outputs={list(self.values)})")

    def columns(self) -> list[tuple[str, str, tuple]]:
        """Flattened columns: ``(Vensim label, python name, subscript index)``."""
        cols = []
        for name in self.values:
            label = self._vensim.get(name, name)
            coords = self._coords.get(name, [])
            if not coords:
                cols.append((label, name, ()))
                continue
            for combo in itertools.product(*[range(len(c)) for c in coords]):
                subs = ",".join(c[i] for c, i in zip(coords, combo, strict=False))
                cols.append((f"{label}[{subs}]", name, combo))
        return cols

    def to_frame(self, i: int = 0) -> pd.DataFrame:
        """Return run ``i`` as a DataFrame shaped like PySD's ``model.run()``.

        Columns are Vensim names (subscripted variables are flattened to
        ``name[element]``) and the index is ``time``.
        """
        data = {}
        for label, name, combo in self.columns():
            data[label] = self.values[name][(i, slice(None)) + combo]
        frame = pd.DataFrame(data, index=pd.Index(self.times, name="time"))
        return frame

    def _resolve(self, key: str) -> tuple[str, tuple]:
        if key in self.values:
            return key, ()
        for label, name, combo in self.columns():
            if key == label or key == f"{name}{label[len(self._vensim.get(name, name)):]}":
                return name, combo
        by_vensim = {v: k for k, v in self._vensim.items() if k in self.values}
        if key in by_vensim:
            return by_vensim[key], ()
        raise KeyError(f"{key!r} is not an output of this run")

    def array(self, names: list[str]) -> np.ndarray:
        """Stack outputs into an array of shape ``(N, S, V)``.

        Parameters
        ----------
        names : list of str
            Python or Vensim names of scalar outputs, or single elements of
            subscripted outputs such as ``"pop[north]"``.
        """
        cols = []
        for key in names:
            name, combo = self._resolve(key)
            arr = self.values[name][(slice(None), slice(None)) + combo]
            if arr.ndim != 2:
                raise ValueError(f"{key!r} is subscripted; name one element, e.g. "
                                 f"{key}[{self._coords[name][0][0]}]")
            cols.append(arr)
        return np.stack(cols, axis=-1)
