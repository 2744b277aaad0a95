"""Model checks in the spirit of Sterman, *Business Dynamics*, ch. 21.

Each check returns a :class:`CheckResult`; ``sdsim check`` prints them and the tests assert them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sdsim.levers import SHARE_KEYS
from sdsim.paths import CALIBRATION_DIR
from sdsim.zones import ZONES

#: Outcomes whose 2030 value the integration-error check compares.
DT_TOLERANCE = 0.005


@dataclass
class CheckResult:
    name: str
    passed: bool
    detail: str


def units_and_docs() -> CheckResult:
    """Every model variable has units and a one-line documentation string."""
    from sdsim.pysd_model import model_doc

    doc = model_doc()
    missing = [
        row["Real Name"] for _, row in doc.iterrows()
        if not str(row["Units"] or "").strip() or not str(row["Comment"] or "").strip()
        or str(row["Comment"]) == "None"
    ]
    return CheckResult("units and docs", not missing,
                       f"{len(doc)} variables; missing units or docs: {missing or 'none'}")


def dimensional_consistency() -> CheckResult:
    """Every equation is dimensionally consistent (see :mod:`sdsim.units`)."""
    from sdsim.units import check_units

    report = check_units()
    ok = not report.problems and not report.unchecked
    detail = f"{report.checked} equations checked; problems: {report.problems or 'none'}"
    if report.unchecked:
        detail += f"; not checkable: {report.unchecked}"
    return CheckResult("dimensional consistency", ok, detail)


def _bad_values(table: pd.DataFrame) -> list[str]:
    values = table.drop(columns=["year", "gdp_growth"])
    problems = [c for c in values if not np.all(np.isfinite(values[c]))]
    problems += [f"{c}<0" for c in values if np.any(values[c].to_numpy() < -1e-9)]
    return problems


def extreme_conditions(zone: str = "shenzhen") -> CheckResult:
    """Zero investment and all investment to one direction: no NaN, no negative values, and
    responses in the sensible direction against the baseline in 2030."""
    from sdsim.runner import run

    base = run(zone).set_index("year").loc[2030]
    issues = []
    zero = run(zone, {"investment_rate": 0})
    issues += [f"zero investment: {p}" for p in _bad_values(zero)]
    if zero.set_index("year").loc[2030, "gdp"] >= base["gdp"]:
        issues.append("zero investment did not lower GDP")
    expect = {
        "share_ecology": [("surface_water_good", ">="), ("pm25", "<"), ("forest_cover", ">=")],
        "share_technology": [("rd_intensity", ">"), ("knowledge", ">")],
        "share_livelihood": [("public_service_level", ">")],
        "share_industry": [("capital", ">")],
        "share_infrastructure": [("recycled_water", ">")],
    }
    for key in SHARE_KEYS:
        table = run(zone, {key: 100.0})
        issues += [f"100 % {key}: {p}" for p in _bad_values(table)]
        last = table.set_index("year").loc[2030]
        for outcome, op in expect[key]:
            ok = last[outcome] > base[outcome] if op == ">" else (
                last[outcome] >= base[outcome] - 1e-9 if op == ">=" else last[outcome] < base[outcome])
            if not ok:
                issues.append(f"100 % {key}: {outcome} {last[outcome]:.4g} not {op} baseline {base[outcome]:.4g}")
    return CheckResult(f"extreme conditions ({zone})", not issues, "; ".join(issues) or "all sensible")


def integration_error(zone: str = "shenzhen") -> CheckResult:
    """Halving TIME STEP moves every 2030 outcome by less than 0.5 %."""
    from sdsim.runner import run

    a = run(zone, time_step=0.25).set_index("year").loc[2030]
    b = run(zone, time_step=0.125).set_index("year").loc[2030]
    rel = ((a - b).abs() / b.abs().where(b.abs() > 1e-12, 1.0)).drop("gdp_growth")
    worst = rel.idxmax()
    return CheckResult(
        f"integration error ({zone})", bool(rel.max() < DT_TOLERANCE),
        f"largest 2030 change when halving dt: {worst} {rel.max():.3%}",
    )


def calibration_fit() -> CheckResult:
    """Every zone's 2020 figures within tolerance in its committed fit report."""
    lines, ok = [], True
    for zone in ZONES:
        path = CALIBRATION_DIR / f"{zone}_fit.csv"
        if not path.exists():
            ok = False
            lines.append(f"{zone}: no fit report")
            continue
        report = pd.read_csv(path)
        gated = report[report.within_tolerance.notna()]
        passed = gated.within_tolerance.astype(str).str.lower().eq("true")
        ok &= bool(passed.all())
        lines.append(f"{zone} {int(passed.sum())}/{len(gated)}")
    return CheckResult("calibration within tolerance", ok, ", ".join(lines))


def run_checks() -> list[CheckResult]:
    """All checks, cheapest first."""
    results = [units_and_docs(), dimensional_consistency(), calibration_fit()]
    results += [integration_error(zone) for zone in ZONES]
    results += [extreme_conditions(zone) for zone in ZONES]
    return results
