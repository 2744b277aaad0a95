"""The provenance table: each calibrated figure of a zone and the source line it comes from."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sdsim.lever_settings import BASE_YEAR
from sdsim.zones import get_zone

COLUMNS = [
    "item_type",
    "item",
    "label",
    "year",
    "kind",
    "observed",
    "model",
    "unit",
    "error",
    "error_unit",
    "within_tolerance",
    "use",
    "source",
    "quote",
    "note",
]
FIT_COLUMNS = [
    "indicator",
    "year",
    "kind",
    "source",
    "model",
    "error",
    "error_unit",
    "within_tolerance",
]
#: Observation indicators that are not outcome keys.
EXTRA_LABELS = {
    "good_air": "空气质量优良 Good air",
    "fixed_investment": "固定资产投资 Fixed investment",
}


def _indicator_label(key: str) -> str:
    from sdsim.outcomes import OUTCOMES

    if key in OUTCOMES:
        return f"{OUTCOMES[key].name_cn} {OUTCOMES[key].name_en}"
    return EXTRA_LABELS.get(key, "")


def _observations(directory: Path, key: str) -> pd.DataFrame | None:
    obs_file = directory / "observations.csv"
    if not obs_file.exists():
        return None
    obs = pd.read_csv(obs_file, dtype={"source": str, "quote": str, "note": str})
    obs = obs[obs["zone"] == key].rename(columns={"indicator": "item", "value": "observed"})
    fit_file = directory / f"{key}_fit.csv"
    if fit_file.exists():
        fit = pd.read_csv(fit_file)[FIT_COLUMNS].rename(columns={"indicator": "item"})
        obs = obs.merge(fit, on=["item", "year", "kind", "source"], how="left")
    obs.insert(0, "item_type", "observation")
    obs.insert(2, "label", [_indicator_label(k) for k in obs["item"]])
    return obs


def _levers_and_parameters(zp) -> list[pd.DataFrame]:
    from sdsim.levers import levers

    table = levers()
    keys = list(zp.baseline_levers)
    parts = [
        pd.DataFrame(
            {
                "item_type": "lever",
                "item": keys,
                "label": [
                    f"{table[k].label_cn} {table[k].label_en}" if k in table else "" for k in keys
                ],
                "year": BASE_YEAR,
                "observed": [float(v) for v in zp.baseline_levers.values()],
                "unit": [table[k].unit if k in table else "" for k in keys],
                "source": [zp.lever_sources.get(k, "") for k in keys],
            }
        )
    ]
    free = zp.fit.get("free_parameters", {})
    if free:
        start = zp.history.get("start", "")
        notes = []
        for name, fitted in free.items():
            used = float(zp.parameters.get(name, fitted))
            same = abs(used - float(fitted)) <= 1e-9 * max(1.0, abs(float(fitted)))
            notes.append(
                "" if same else f"fitted at the history start {start}; the 2020 run uses {used:.6g}"
            )
        parts.append(
            pd.DataFrame(
                {
                    "item_type": "parameter",
                    "item": list(free),
                    "model": [float(v) for v in free.values()],
                    "source": "fitted by `sdsim calibrate` to the observations above",
                    "note": notes,
                }
            )
        )
    return parts


def provenance_table(zone: str, calibration_dir: Path | None = None) -> pd.DataFrame:
    """Each calibrated figure of a zone with its source.

    Parameters
    ----------
    zone : str
        Zone key or name.
    calibration_dir : path-like, optional
        Directory with ``observations.csv``, ``<zone>.yaml`` and ``<zone>_fit.csv``.

    Returns
    -------
    pandas.DataFrame
        Rows of three kinds (column ``item_type``): ``observation`` — every cited figure of
        the zone in ``observations.csv`` (with its quote), plus the model's value and error from
        the fit report when it was fitted; ``lever`` — the 2020 policy mix and its source;
        ``parameter`` — the constants fitted by the calibration.
    """
    from sdsim.paths import CALIBRATION_DIR
    from sdsim.zone_params import load_zone_parameters

    key = get_zone(zone).key
    directory = Path(calibration_dir or CALIBRATION_DIR)
    parts = []
    obs = _observations(directory, key)
    if obs is not None:
        parts.append(obs)
    if (directory / f"{key}.yaml").exists():
        parts += _levers_and_parameters(load_zone_parameters(key, directory))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(parts, ignore_index=True).reindex(columns=COLUMNS)
