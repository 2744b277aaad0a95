"""Where each calibrated figure comes from, and which outcomes run on an index (2020 = 100)."""

from __future__ import annotations

import pandas as pd

from sdsim.app_support.i18n import unit as tr_unit
from sdsim.outcomes import OUTCOMES
from sdsim.paths import CALIBRATION_DIR


def fit_sources(zone: str, lang: str = "en") -> pd.DataFrame:
    """The zone's fit report: indicator, year, observed, model, unit and source (file:line)."""
    path = CALIBRATION_DIR / f"{zone}_fit.csv"
    if not path.exists():
        return pd.DataFrame(columns=["indicator", "year", "observed", "model", "unit", "source"])
    fit = pd.read_csv(path)
    names = {k: o.name(lang) for k, o in OUTCOMES.items()}
    out = pd.DataFrame({
        "indicator": [names.get(k, k) for k in fit["indicator"]],
        "year": fit["year"],
        "observed": fit["observed"],
        "model": fit["model"].round(4),
        "unit": [tr_unit(str(u).replace("_", " "), lang) for u in fit["unit"]],
        "source": fit["source"],
    })
    return out


def lever_sources(specs, lang: str = "en") -> pd.DataFrame:
    """Lever, 2020 value and source of that value, from the slider specs."""
    rows = [{"lever": s.label, "baseline": round(s.default, 4), "source": s.source}
            for s in specs if s.kind == "lever"]
    return pd.DataFrame(rows)


def indexed_names(table: pd.DataFrame, lang: str = "en") -> list[str]:
    """Names of the outcomes that this zone's run reports as an index (2020 = 100)."""
    return [OUTCOMES[k].name(lang) for k in table.attrs.get("indexed", [])]
