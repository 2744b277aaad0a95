"""Run a sweep in chunks, resumably, and write its results.

Layout of the output directory::

    manifest.json          spec, spec hash, runs, chunks, outcome columns, status
    experiments.parquet    one row per run, one column per lever and uncertainty
    outcomes/part-00000.parquet ...  the outcomes table as a Parquet dataset, one file per
                           chunk (written atomically when the chunk finishes); one column per
                           outcome ('key@year', or 'key[year]' for each year of a series)
    sensitivity.csv        Sobol S1/ST with confidence intervals, Morris mu*/sigma, or
                           Spearman rank correlations (grid, LHS)

A killed sweep restarted with the same spec and ``--out`` skips the chunks already on disk
and ends with the same files as an uninterrupted run; a different spec (or model or zone
calibration) is refused. ``pandas.read_parquet(out / 'outcomes')`` reads the whole table;
:func:`load_results` gives EMA Workbench's (experiments, outcomes) pair.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sdsim.errors import SdsimError
from sdsim.export_basic import atomic_write
from sdsim.sweep.chunks import compute_chunk, make_task, series_column
from sdsim.sweep.samplers import Design, sample
from sdsim.sweep.spec import SweepSpec, load_spec

MANIFEST = "manifest.json"
OUTPUTS = ("experiments.parquet", "sensitivity.csv")
PARTS = "outcomes"


@dataclass
class SweepResult:
    """What a call of :func:`run_sweep` left in ``out``.

    Attributes
    ----------
    out : Path
        The output directory.
    complete : bool
        True when every chunk ran and the results are assembled.
    runs, chunks_done, chunks_total : int
        Design size and chunk progress.
    """

    out: Path
    complete: bool
    runs: int
    chunks_done: int
    chunks_total: int

    def load(self) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
        """The experiments table and the outcomes dict (see :func:`load_results`)."""
        return load_results(self.out)

    def sensitivity(self) -> pd.DataFrame:
        """The sensitivity table."""
        return pd.read_csv(self.out / "sensitivity.csv")


def _chunk_path(out: Path, i: int) -> Path:
    return out / PARTS / f"part-{i:05d}.parquet"


def _write_json(path: Path, data: dict) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False)
    atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def _meta(spec: SweepSpec) -> dict:
    """Years, units and output columns (the same for every run of a spec)."""
    from sdsim.batch import run_batch

    keys = list(dict.fromkeys(key for _, key, _ in spec.outcome_items()))
    res = run_batch(spec.zone, final_year=spec.final_year, time_step=spec.time_step,
                    outcomes=keys)
    years = [int(y) for y in res.years]
    columns = []
    for name, key, year in spec.outcome_items():
        columns += [series_column(key, y) for y in years] if year is None else [name]
    return {"years": years, "units": res.units, "indexed": res.indexed, "columns": columns,
            "outcomes": [[n, k, y] for n, k, y in spec.outcome_items()]}


def _prepare(out: Path, spec: SweepSpec, digest: str, overwrite: bool) -> dict | None:
    """Check ``out`` against the spec; return its manifest when it belongs to this spec."""
    manifest_path = out / MANIFEST
    if manifest_path.exists():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SdsimError(f"{manifest_path}: unreadable manifest ({exc}); "
                             "delete the directory or use --overwrite.") from None
        if manifest.get("spec_hash") == digest:
            return manifest
        if not overwrite:
            raise SdsimError(
                f"{out}: holds results of another sweep or model version (spec hash "
                f"{manifest.get('spec_hash')} != {digest}); use another --out, or --overwrite "
                "to discard them.")
    elif out.exists() and any(out.iterdir()) and not overwrite:
        raise SdsimError(f"{out}: not empty and not a sweep directory (no {MANIFEST}); "
                         "choose an empty or new --out.")
    if overwrite:
        shutil.rmtree(out / PARTS, ignore_errors=True)
        for name in (MANIFEST, *OUTPUTS):
            (out / name).unlink(missing_ok=True)
    return None


def run_sweep(spec: SweepSpec | str | Path, out: str | Path, *, executor: str = "local",
              address: str | None = None, workers: int | None = None, client=None,
              progress: bool = True, max_chunks: int | None = None,
              overwrite: bool = False) -> SweepResult:
    """Run (or resume) a sweep and write its results to ``out``.

    Parameters
    ----------
    spec : SweepSpec, str or Path
        A validated spec or the path of a sweep YAML file.
    out : str or Path
        Output directory (created when missing).
    executor : {'local', 'processes', 'dask'}
        This process (the engine spreads each chunk over every core with threads), one
        worker process per core, or a Dask cluster.
    address : str, optional
        Dask scheduler address (``tcp://host:8786``); without it 'dask' starts a LocalCluster.
    workers : int, optional
        Worker processes for 'processes' or the local Dask cluster (default: cores).
    client : distributed.Client, optional
        Run on this Dask client.
    progress : bool
        Show a tqdm progress bar (runs done / total).
    max_chunks : int, optional
        Stop after this many new chunks (the sweep stays resumable).
    overwrite : bool
        Discard results of a different spec in ``out``.

    Returns
    -------
    SweepResult
    """
    if not isinstance(spec, SweepSpec):
        spec = load_spec(spec)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    digest = spec.digest()
    manifest = _prepare(out, spec, digest, overwrite)
    runs = spec.runs()
    n_chunks = -(-runs // spec.chunk_size)
    if manifest and manifest.get("status") == "complete" and all(
            (out / name).exists() for name in OUTPUTS):
        return SweepResult(out, True, runs, n_chunks, n_chunks)
    design = sample(spec)
    if manifest is None:
        manifest = {"spec_hash": digest, "spec": spec.model_dump(mode="json"), "runs": runs,
                    "chunk_size": spec.chunk_size, "chunks": n_chunks,
                    "factors": design.kinds, **_meta(spec), "status": "running"}
        _write_json(out / MANIFEST, manifest)
    (out / PARTS).mkdir(exist_ok=True)
    todo = [i for i in range(n_chunks) if not _chunk_path(out, i).exists()]
    done_runs = runs - sum(min(spec.chunk_size, runs - i * spec.chunk_size) for i in todo)
    if max_chunks is not None:
        todo = todo[:max(0, int(max_chunks))]
    if executor == "processes" and client is None and len(todo) <= 1:
        executor = "local"  # one chunk: starting worker processes would cost more than it
    if todo:
        _run_chunks(spec, design, out, todo, manifest["columns"], runs, done_runs,
                    executor, address, workers, client, progress)
    finished = sum(_chunk_path(out, i).exists() for i in range(n_chunks))
    if finished < n_chunks:
        return SweepResult(out, False, runs, finished, n_chunks)
    _assemble(spec, design, out, manifest, n_chunks)
    return SweepResult(out, True, runs, n_chunks, n_chunks)


def _run_chunks(spec, design: Design, out: Path, todo: list[int], columns: list[str],
                runs: int, done_runs: int, executor, address, workers, client,
                progress: bool) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from tqdm.auto import tqdm

    from sdsim.sweep.executors import make_executor

    values = design.experiments.to_numpy()
    size = spec.chunk_size
    tasks = iter(todo)
    pool = make_executor(executor, address, workers, client)
    bar = tqdm(total=runs, initial=done_runs, unit="run", disable=not progress,
               desc=spec.name, unit_scale=True)
    pending: set = set()
    try:
        while True:
            while len(pending) < 2 * pool.workers:
                i = next(tasks, None)
                if i is None:
                    break
                lo, hi = i * size, min(runs, (i + 1) * size)
                pending.add(pool.submit(compute_chunk, make_task(spec, i, lo, hi, values[lo:hi])))
            if not pending:
                break
            done, pending = pool.wait(pending)
            failed = [f.exception() for f in done if f.exception() is not None]
            for fut in done:
                if fut.exception() is not None:
                    continue
                res = fut.result()
                table = pa.table({c: res["columns"][c] for c in columns})
                atomic_write(_chunk_path(out, res["index"]),
                             lambda tmp, t=table: pq.write_table(t, tmp, compression="zstd"))
                bar.update(res["hi"] - res["lo"])
            if failed:
                raise failed[0]
    finally:
        bar.close()
        pool.close()


def _read_parts(out: Path, n_chunks: int, columns: list[str] | None = None):
    """The outcomes table (pyarrow) from its part files, in run order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    return pa.concat_tables([pq.read_table(_chunk_path(out, i), columns=columns)
                             for i in range(n_chunks)])


def _assemble(spec, design: Design, out: Path, manifest: dict, n_chunks: int) -> None:
    """Write the experiments and the sensitivity table; mark the sweep complete."""
    from sdsim.sweep.sensitivity import analyse

    atomic_write(out / "experiments.parquet",
                 lambda tmp: design.experiments.to_parquet(tmp, index=False,
                                                           compression="zstd"))
    scalar = _scalar_columns(manifest)
    table = _read_parts(out, n_chunks, list(dict.fromkeys(scalar.values())))
    sens = analyse(spec, design, {name: table.column(col).to_numpy()
                                  for name, col in scalar.items()})
    atomic_write(out / "sensitivity.csv", lambda tmp: sens.to_csv(tmp, index=False))
    _write_json(out / MANIFEST, {**manifest, "status": "complete"})


def _scalar_columns(manifest: dict) -> dict[str, str]:
    """Outcome label -> column for sensitivity: 'key@year', and a series at its last year."""
    last = manifest["years"][-1]
    out = {}
    for name, key, year in manifest["outcomes"]:
        if year is None:
            out.setdefault(f"{key}@{last}", series_column(key, last))
        else:
            out.setdefault(name, name)
    return out


def load_results(out: str | Path) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Read a finished sweep in EMA Workbench's shape.

    Returns
    -------
    experiments : pandas.DataFrame
        One row per run, one column per lever and uncertainty.
    outcomes : dict
        ``'key@year' -> (N,)`` and, for series, ``'key' -> (N, years)``.
    """
    out = Path(out)
    manifest_path = out / MANIFEST
    if not manifest_path.exists():
        raise SdsimError(f"{out}: no {MANIFEST}; not a sweep directory.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("status") != "complete":
        raise SdsimError(f"{out}: the sweep has not finished; run `sdsim sweep` again with "
                         "the same spec and --out to resume it.")
    experiments = pd.read_parquet(out / "experiments.parquet")
    table = _read_parts(out, manifest["chunks"])
    outcomes: dict[str, np.ndarray] = {}
    for name, key, year in manifest["outcomes"]:
        if year is None:
            cols = [table.column(series_column(key, y)).to_numpy() for y in manifest["years"]]
            outcomes[key] = np.stack(cols, axis=1)
        else:
            outcomes[name] = table.column(name).to_numpy()
    return experiments, outcomes
