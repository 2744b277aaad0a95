"""The sweep specification (``scenarios/sweeps/*.yaml``), validated with pydantic.

Example
-------
.. code-block:: yaml

    name: shenzhen_rd_lhs
    zone: shenzhen
    sampler: lhs          # grid | lhs | sobol | morris
    n: 1000               # lhs: runs; grid: points per factor; sobol: base sample (2^k);
                          # morris: trajectories
    seed: 42
    final_year: 2030
    levers:               # lever key: [low, high] (or 'full' for the lever's whole range)
      share_technology: [3, 15]
      investment_rate: [20, 35]
    uncertainties:        # assumption key: [low, high] or 'full' (the documented range)
      capital_elasticity: full
    outcomes:             # 'key@year' (one number per run) or 'key' (the yearly series)
      - rd_intensity@2030
      - pm25
    targets: plan         # optional: the zone's published targets (models/targets.csv)

Every check runs before any simulation: unknown names, empty or inverted ranges, ranges
outside a lever's or assumption's documented range, an unknown sampler, an ``n`` the sampler
cannot use, investment-share ranges that can sum to more than 100 %.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError

from sdsim.errors import SdsimError, suggest
from sdsim.tables import read_yaml

SAMPLERS = ("grid", "lhs", "sobol", "morris")
#: Refuse designs larger than this (a typo in ``n`` should not fill the disk).
MAX_RUNS = 50_000_000

Number = Annotated[float, Field(strict=False)]
Range = tuple[Number, Number] | Literal["full"]


class InlineTarget(BaseModel):
    """A target given in the spec: ``{indicator: pm25, year: 2025, max: 18}``."""

    model_config = ConfigDict(extra="forbid")

    indicator: str
    year: StrictInt
    min: Number | None = None
    max: Number | None = None


class SweepSpec(BaseModel):
    """A validated sweep: zone, factors with ranges, sampler, outcomes and run settings."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="sweep", pattern=r"^[A-Za-z0-9_\-]+$")
    zone: str
    sampler: str
    n: StrictInt = Field(ge=1)
    seed: StrictInt = 0
    levels: StrictInt = Field(default=4, ge=2, description="Morris grid levels (even)")
    final_year: StrictInt = 2030
    time_step: Number = 0.25
    normalise: StrictBool = False
    chunk_size: StrictInt = Field(default=50_000, ge=1)
    levers: dict[str, Range] = Field(default_factory=dict)
    uncertainties: dict[str, Range] = Field(default_factory=dict)
    outcomes: list[str] = Field(min_length=1)
    targets: Literal["plan"] | list[InlineTarget] | None = None

    # -- derived ---------------------------------------------------------
    def factors(self) -> dict[str, tuple[str, float, float]]:
        """Factor key -> (kind 'lever' or 'uncertainty', low, high), levers first."""
        from sdsim.levers import assumptions, levers

        out = {}
        for kind, table, ranges in (("lever", levers(), self.levers),
                                    ("uncertainty", assumptions(), self.uncertainties)):
            for key, rng in ranges.items():
                low, high = (table[key].low, table[key].high) if rng == "full" else rng
                out[key] = (kind, float(low), float(high))
        return out

    def outcome_items(self) -> list[tuple[str, str, int | None]]:
        """(column name, outcome key, year or None for the series), spec outcomes first."""
        items = [(o, *_parse_outcome(o)) for o in self.outcomes]
        for key, year in self.target_outcomes():
            name = f"{key}@{year}"
            if name not in [i[0] for i in items]:
                items.append((name, key, year))
        return items

    def target_outcomes(self) -> list[tuple[str, int]]:
        """(outcome key, year) pairs the targets need."""
        from sdsim.sweep.goals import spec_goals

        return [(g.indicator, g.year) for g in spec_goals(self)]

    def runs(self) -> int:
        """Number of model runs the design has."""
        d = len(self.levers) + len(self.uncertainties)
        return {"grid": self.n ** d, "lhs": self.n, "sobol": self.n * (d + 2),
                "morris": self.n * (d + 1)}[self.sampler]

    def digest(self) -> str:
        """Hash of the spec and of the inputs it runs on (model and zone calibration)."""
        from sdsim.paths import MODEL_FILE
        from sdsim.zone_params import parameter_file

        h = hashlib.sha256(json.dumps(self.model_dump(mode="json"), sort_keys=True).encode())
        for path in (Path(MODEL_FILE), parameter_file(self.zone)):
            h.update(path.read_bytes() if path.exists() else b"")
        return h.hexdigest()[:20]


def _parse_outcome(text: str) -> tuple[str, int | None]:
    key, sep, year = text.partition("@")
    if not sep:
        return key.strip(), None
    return key.strip(), int(year)


def load_spec(path: str | Path) -> SweepSpec:
    """Read, validate and check a sweep file; errors name the file and the field."""
    path = Path(path)
    if not path.exists():
        raise SdsimError(f"{path}: sweep file not found.")
    data = read_yaml(path)
    return build_spec(data, where=str(path))


def build_spec(data, where: str = "sweep spec") -> SweepSpec:
    """Validate sweep data (a mapping) structurally and against the model."""
    if not isinstance(data, dict):
        raise SdsimError(f"{where}: a sweep is a mapping of fields (zone, sampler, n, levers, "
                         "uncertainties, outcomes, ...).")
    for key in ("levers", "uncertainties"):
        if key in data and data[key] is None:
            data = {**data, key: {}}
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as exc:
        raise _structure_error(exc, where) from None
    check_spec(spec, where)
    return spec


def _structure_error(exc: ValidationError, where: str) -> SdsimError:
    messages = []
    for err in exc.errors()[:4]:
        loc = [p for p in err["loc"] if not (isinstance(p, str) and
                                             (p.startswith(("tuple[", "list[")) or p in
                                              ("literal['full']", "literal['plan']")))]
        field = ".".join(str(p) for p in loc) or "(top level)"
        value = err.get("input")
        if err["type"] == "extra_forbidden":
            fields = list(SweepSpec.model_fields) if len(loc) == 1 else list(
                InlineTarget.model_fields)
            messages.append(f"{where}, field {field}: unknown field.{suggest(str(loc[-1]), fields)}"
                            f" Valid fields: {', '.join(fields)}.")
        elif err["type"] == "missing":
            messages.append(f"{where}, field {field}: missing; add it.")
        elif loc[:1] in (["levers"], ["uncertainties"]):
            messages.append(f"{where}, field {field}: {value!r} is not a range; write "
                            "[low, high] (two numbers) or 'full'.")
        else:
            messages.append(f"{where}, field {field}: {value!r} is invalid ({err['msg']}).")
    return SdsimError(" ".join(messages))


def _fail(where: str, field: str, message: str) -> SdsimError:
    return SdsimError(f"{where}, field {field}: {message}")


def check_spec(spec: SweepSpec, where: str = "sweep spec") -> None:
    """Check a structurally valid spec against the model; raise SdsimError naming the field."""
    from sdsim.batch import OUTCOME_KEYS
    from sdsim.lever_settings import BASE_YEAR
    from sdsim.levers import SHARE_KEYS, assumptions, levers
    from sdsim.zones import get_zone

    try:
        get_zone(spec.zone)
    except SdsimError as exc:
        raise _fail(where, "zone", str(exc)) from None
    if spec.sampler not in SAMPLERS:
        raise _fail(where, "sampler", f"unknown sampler {spec.sampler!r}."
                    f"{suggest(spec.sampler, SAMPLERS)} Use one of {', '.join(SAMPLERS)}.")
    if not BASE_YEAR < spec.final_year <= 2100:
        raise _fail(where, "final_year", f"{spec.final_year} must lie in {BASE_YEAR + 1}-2100.")
    if not 0 < spec.time_step <= 1:
        raise _fail(where, "time_step", f"{spec.time_step} must lie in (0, 1] years.")
    for group, table, noun in (("levers", levers(), "lever"),
                               ("uncertainties", assumptions(), "assumption")):
        for key, rng in getattr(spec, group).items():
            field = f"{group}.{key}"
            if key not in table:
                raise _fail(where, field, f"unknown {noun} {key!r}.{suggest(key, table)} "
                            f"Valid: {', '.join(table)}.")
            doc = table[key]
            if rng == "full":
                continue
            low, high = rng
            if not low < high:
                raise _fail(where, field, f"range [{low:g}, {high:g}] is "
                            f"{'empty' if low == high else 'inverted'}; write [low, high] with "
                            "low < high (to hold a value fixed, leave the factor out).")
            if low < doc.low or high > doc.high:
                raise _fail(where, field, f"range [{low:g}, {high:g}] goes outside the "
                            f"documented range [{doc.low:g}, {doc.high:g}] {doc.unit}; narrow it.")
    both = set(spec.levers) & set(spec.uncertainties)
    if both:
        raise _fail(where, "uncertainties", f"{sorted(both)} also listed under levers.")
    factors = spec.factors()
    if not factors:
        raise _fail(where, "levers", "no factor to vary; give at least one lever or "
                    "uncertainty with a range.")
    shares = [k for k in SHARE_KEYS if k in spec.levers]
    if shares and len(shares) < len(SHARE_KEYS):
        top = sum(factors[k][2] for k in shares)
        if top > 100.0 + 1e-9:
            raise _fail(where, f"levers.{shares[0]}", f"the varied investment shares "
                        f"{', '.join(shares)} can sum to {top:g} % (their highs), leaving nothing "
                        "for the others; lower their highs so they sum to 100 or less.")
    elif len(shares) == len(SHARE_KEYS) and not spec.normalise:
        raise _fail(where, "levers", "all five investment shares vary, so a run's shares do "
                    "not sum to 100 %; leave one out (it takes the rest) or set normalise: true.")
    d = len(factors)
    if spec.sampler == "sobol" and spec.n & (spec.n - 1):
        lo = 1 << (spec.n.bit_length() - 1)
        raise _fail(where, "n", f"Sobol sampling needs a power of two, not {spec.n}; use "
                    f"{lo} or {lo * 2}.")
    if spec.sampler == "morris":
        if spec.n < 2:
            raise _fail(where, "n", "Morris needs at least 2 trajectories for sigma; use n >= 2 "
                        "(10-50 is usual).")
        if spec.levels % 2:
            raise _fail(where, "levels", f"Morris levels must be even, not {spec.levels}; "
                        f"use {spec.levels + 1}.")
    if spec.sampler == "grid" and spec.n < 2:
        raise _fail(where, "n", "a grid needs at least 2 points per factor.")
    if spec.sampler == "sobol" and d < 2:
        raise _fail(where, "levers", "Sobol indices need at least two factors.")
    if spec.runs() > MAX_RUNS:
        raise _fail(where, "n", f"the {spec.sampler} design has {spec.runs():,} runs "
                    f"({d} factors), more than {MAX_RUNS:,}; lower n.")
    for i, text in enumerate(spec.outcomes):
        field = f"outcomes[{i}]"
        try:
            key, year = _parse_outcome(text)
        except ValueError:
            raise _fail(where, field, f"{text!r}: write 'key' or 'key@year' (e.g. "
                        "'rd_intensity@2030').") from None
        if key not in OUTCOME_KEYS:
            raise _fail(where, field, f"unknown outcome {key!r}.{suggest(key, OUTCOME_KEYS)} "
                        f"Valid: {', '.join(OUTCOME_KEYS)}.")
        if year is not None and not BASE_YEAR <= year <= spec.final_year:
            raise _fail(where, field, f"year {year} is outside the run "
                        f"{BASE_YEAR}-{spec.final_year}.")
    if len(set(spec.outcomes)) != len(spec.outcomes):
        raise _fail(where, "outcomes", "an outcome is listed twice; keep one.")
    from sdsim.sweep.goals import spec_goals

    try:
        spec_goals(spec)
    except SdsimError as exc:
        raise _fail(where, "targets", str(exc)) from None
