"""Vectorised system-dynamics engine.

Compiles a Vensim ``.mdl`` into numpy code that simulates N parameter sets
at once (arrays with a leading batch axis), reproducing PySD's Euler
integration to rounding error.

How it works
------------
PySD's translator parses the model (``VensimFile(path).parse()``,
``get_abstract_model()``); python-safe names come from PySD's own
``NamespaceManager`` so they are identical to ``model.namespace``. Each
component's abstract syntax tree is translated to numpy source text
(:mod:`.expr`, :mod:`.refs`, :mod:`.calls`, :mod:`.stateful`), the
elements are topologically sorted once for initialisation and once for the
time loop (:mod:`.program`), run-constant expressions are hoisted out of
the loop, elements not needed for the requested outputs are pruned, and
one ``run_chunk`` function is generated, compiled and cached per
(outputs, time-varying constants) combination. Large batches are split
into chunks run on a thread pool; single runs of models without
subscripts use the same source bound to pure-Python float helpers
(:mod:`.scalar`).

Semantics (matching PySD 3.14)
------------------------------
* Euler: ``state + ddt * dt`` with ``t`` accumulated as ``t + dt``; saved
  times follow PySD's ``Time.in_return`` (SAVEPER, relative precision
  1e-5, final time included) and are rounded like PySD's index.
* ``series`` / ``pd.Series`` params: ``np.interp`` at every integration
  time (linear, held constant before the first and after the last point),
  as PySD's ``_timeseries_component``.
* ``initial_time=t0``: every initial value (stocks, SMOOTH/DELAY, INITIAL)
  is evaluated at ``t0`` and INITIAL TIME returns ``t0``. This equals PySD
  with ``model.components._control_vars["initial_time"] = lambda: t0``;
  PySD's ``run(initial_condition=(t0, {}))`` instead keeps the values
  initialised at the model's own INITIAL TIME, which is the same whenever
  initial values do not depend on time.
* SMOOTH* whose initial value PySD holds as a Python ``int`` truncate the
  input at the first step (PySD stores the stages in an integer array);
  reproduced, assuming overridden constants are floats.

Examples
--------
>>> import numpy as np
>>> from sdsim.engine import CompiledModel
>>> model = CompiledModel.from_mdl("models/zone.mdl")               # doctest: +SKIP
>>> res = model.run({"investment rate": np.linspace(20, 40, 1000)})  # doctest: +SKIP
>>> res.values["capital"].shape                                     # doctest: +SKIP
(1000, 11)
>>> res.to_frame(0)                                                 # doctest: +SKIP
"""

from .errors import CompileError
from .model import CompiledModel
from .result import EngineResult

__all__ = ["CompileError", "CompiledModel", "EngineResult"]
