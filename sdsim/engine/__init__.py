"""Vectorised system-dynamics engine.

Compiles a Vensim ``.mdl`` (parsed by PySD's translator) into numpy code
that simulates N parameter sets at once, reproducing PySD's Euler
integration.

Examples
--------
>>> from sdsim.engine import CompiledModel
>>> model = CompiledModel.from_mdl("models/zone.mdl")        # doctest: +SKIP
>>> res = model.run({"birth rate": np.linspace(0.01, 0.05, 1000)})  # doctest: +SKIP
>>> res.values["population"].shape                           # doctest: +SKIP
(1000, 11)
"""

from .errors import CompileError
from .model import CompiledModel
from .result import EngineResult

__all__ = ["CompileError", "CompiledModel", "EngineResult"]
