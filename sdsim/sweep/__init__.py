"""Sweeps: many runs of one zone over ranges of levers and uncertainties.

A sweep spec (:mod:`sdsim.sweep.spec`, YAML in ``scenarios/sweeps/``) names the zone, the
factors and their ranges, the sampler and the outcomes; :func:`run_sweep` draws the design,
runs it in resumable chunks on the compiled engine (:func:`sdsim.batch.run_batch`) and writes
Parquet results in EMA Workbench's shape plus a sensitivity table. :mod:`sdsim.sweep.discovery`
finds lever ranges that meet a zone's targets (PRIM) and :mod:`sdsim.sweep.optimise` the
policy closest to today's mix that meets them.
"""

from sdsim.sweep.runner import SweepResult, load_results, run_sweep
from sdsim.sweep.samplers import Design, sample
from sdsim.sweep.spec import SweepSpec, build_spec, load_spec

__all__ = ["Design", "SweepResult", "SweepSpec", "build_spec", "load_results", "load_spec",
           "run_sweep", "sample"]
