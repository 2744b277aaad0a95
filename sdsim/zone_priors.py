"""A zone's starting point before fitting: baseline levers with their sources, the 2020
reference levels (cited, or a documented assumption for quantities run on an index), and
the balance values of stocks no source gives."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from sdsim.levers import SHARE_KEYS, assumptions, levers
from sdsim.observations import Observation, find, load_observations
from sdsim.paths import MODEL_FILE, OBSERVATIONS_FILE

BASE_YEAR = 2020
#: Assumed investment rate where no zone figure exists (the one documented level assumption
#: for a lever): Shenzhen's 2018 ratio of fixed investment to GDP is 25.6 %; inland
#: prefecture cities invest more relative to output.
ASSUMED_INVESTMENT_RATE = 30.0
#: Placeholder levels for quantities a zone runs on an index; only relative change is reported.
INDEX_PLACEHOLDERS = {
    "gdp": 100.0,
    "rd_intensity": 2.0,
    "water_per_10k_gdp": None,  # all-zone average, cited (reference row)
    "pm25": None,  # all-zone average, cited (reference row)
    "recycled_water": 50.0,
    "forest_cover": 40.0,
    "surface_water_good": 80.0,
    "clean_energy_share": 30.0,
    "disposable_income": 3.0,
}
#: Indicator -> the constant that sets its level at the start of a run.
LEVEL_PARAMETER = {
    "gdp": "reference GDP",
    "rd_intensity": "initial business rd intensity",
    "water_per_10k_gdp": "initial structural water intensity",
    "recycled_water": "initial recycled water share",
    "pm25": "initial pm25",
    "forest_cover": "initial forest cover",
    "surface_water_good": "initial surface water quality",
    "clean_energy_share": "initial clean energy share",
    "disposable_income": "initial disposable income",
}


@lru_cache(maxsize=1)
def stock_initials() -> dict[str, str]:
    """Stock name -> the constant holding its initial value, read from the .mdl's INTEG calls."""
    text = MODEL_FILE.read_text(encoding="utf-8")
    pairs = re.findall(r"^([^\n=~|]+?)\s*=\s*\n\s*INTEG\s*\(.*,\s*([^,()]+?)\s*\)\s*$", text, re.M)
    return {stock.strip(): init.strip() for stock, init in pairs}


@dataclass
class ZonePrior:
    """Everything calibration starts from for one zone."""

    zone: str
    parameters: dict[str, float]
    baseline_levers: dict[str, float]
    lever_sources: dict[str, str]
    levels: list[str]
    level_sources: dict[str, str] = field(default_factory=dict)


def _cite(o: Observation) -> str:
    return o.source


def baseline_levers(zone: str, obs: list[Observation]) -> tuple[dict[str, float], dict[str, str]]:
    """The zone's 2020 policy mix and where each number comes from."""
    lever_obs = [o for o in obs if o.use == "lever"]
    values: dict[str, float] = {}
    sources: dict[str, str] = {}
    own = {k: find(lever_obs, zone, k) for k in SHARE_KEYS}
    given = {k: o for k, o in own.items() if o is not None}
    all_zone = {k: find(lever_obs, "all_zones", k) for k in SHARE_KEYS}
    rest = 100.0 - sum(o.value for o in given.values())
    others = [k for k in SHARE_KEYS if k not in given]
    base_sum = sum(all_zone[k].value for k in others)
    for k in SHARE_KEYS:
        if k in given:
            values[k], sources[k] = given[k].value, _cite(given[k])
        else:
            values[k] = all_zone[k].value * rest / base_sum
            sources[k] = (
                f"{_cite(all_zone[k])} (all-zone split, scaled so the five shares sum to 100 %)"
            )
    social = find(lever_obs, zone, "social_share")
    total, fiscal = find(lever_obs, zone, "investment_total"), find(lever_obs, zone, "investment_fiscal")
    if social:
        values["fiscal_share"] = 100.0 - social.value
        sources["fiscal_share"] = f"{_cite(social)} (100 - social share)"
    elif total and fiscal:
        values["fiscal_share"] = fiscal.value / total.value * 100.0
        sources["fiscal_share"] = f"{_cite(fiscal)} (fiscal / total investment)"
    else:
        o = find(lever_obs, "all_zones", "fiscal_share")
        values["fiscal_share"], sources["fiscal_share"] = o.value, f"{_cite(o)} (all-zone figure)"
    fai = find(lever_obs, zone, "fixed_investment")
    gdp_then = next(
        (o for o in obs if o.zone == zone and o.indicator == "gdp" and fai and o.year == fai.year), None
    )
    if fai and gdp_then:
        values["investment_rate"] = fai.value / gdp_then.value * 100.0
        sources["investment_rate"] = (
            f"{_cite(fai)} / {_cite(gdp_then)} (fixed investment / GDP, {fai.year})"
        )
    else:
        values["investment_rate"] = ASSUMED_INVESTMENT_RATE
        sources["investment_rate"] = (
            "assumption: no zone figure in the sources; Shenzhen's 2018 ratio is 25.6 % and "
            "inland prefecture cities invest more relative to GDP"
        )
    table = levers()
    for key in ("water_share_of_infrastructure", "energy_share_of_infrastructure"):
        values[key] = _model_default(table[key].vensim)
        sources[key] = "assumption: not split in the sources (model default)"
    return values, sources


@cache
def _model_defaults() -> dict[str, float]:
    from sdsim.pysd_model import load_model

    model = load_model()
    out = {}
    for _, row in model.doc.iterrows():
        if row["Type"] == "Constant":
            try:
                out[row["Real Name"]] = float(getattr(model.components, row["Py Name"])())
            except (TypeError, ValueError):
                pass
    return out


def _model_default(vensim: str) -> float:
    return _model_defaults()[vensim]


def zone_prior(zone: str, observations: str | Path | None = None) -> ZonePrior:
    """Build the prior parameter set of a zone from the observation table and assumptions."""
    obs = load_observations(observations or OBSERVATIONS_FILE)
    fit = [o for o in obs if o.zone == zone and o.use == "fit"]
    levers_, lever_sources = baseline_levers(zone, obs)
    params = dict(_model_defaults())
    for a in assumptions().values():
        params[a.vensim] = a.default
    levels: list[str] = []
    level_sources: dict[str, str] = {}
    for indicator, constant in LEVEL_PARAMETER.items():
        o = next((x for x in fit if x.indicator == indicator and x.kind == "level" and x.year == BASE_YEAR), None)
        if o is not None:
            params[constant] = o.value
            levels.append(indicator)
            level_sources[indicator] = o.source
            continue
        placeholder = INDEX_PLACEHOLDERS[indicator]
        if placeholder is None:
            ref = find([x for x in obs if x.use == "reference"], "all_zones", indicator)
            placeholder = ref.value
        params[constant] = placeholder
    if any(o.indicator in ("good_air_ratio", "good_air_days") and o.kind == "level" and o.year == BASE_YEAR for o in fit):
        levels.append("good_air")
    for key, value in levers_.items():
        params[levers()[key].vensim] = value
    split_rd_intensity(params)
    params["reference business rd intensity"] = params["initial business rd intensity"]
    params["reference income"] = params["initial disposable income"]
    params["reference indicated pm25"] = params["initial pm25"]
    params["reference clean energy share"] = params["initial clean energy share"]
    params["reference energy intensity"] = params["initial structural energy intensity"]
    for lever_key in levers_:
        params.pop(levers()[lever_key].vensim, None)
    return ZonePrior(zone, params, levers_, lever_sources, levels, level_sources)


def split_rd_intensity(params: dict[str, float]) -> None:
    """Turn the observed total R&D intensity into its business part.

    R&D intensity observed in 2020 includes the technology direction's R&D; the business part
    is the remainder, so the model's 2020 R&D intensity equals the observation.
    """
    tech = params["investment rate"] * params["share technology"] / 100.0 * params["technology rd fraction"]
    params["initial business rd intensity"] = max(params["initial business rd intensity"] - tech, 0.0)


def balance_stocks(params: dict[str, float], start: float) -> None:
    """Set the unobserved stocks on the balanced-growth path through the base year.

    With productivity growing at ``a``, labour at ``n``, capital elasticity ``α`` and knowledge
    elasticity ``e``, output grows at ``g = (a + (1 - α) n) / (1 - α - e)`` on a balanced path.
    A stock fed by an inflow ``I`` that grows at ``g`` and retires at rate ``δ`` stands at
    ``I / (g + δ)``; this keeps the model from jumping or drifting in its first years
    (design notes: initialise in equilibrium where the data do not say otherwise). Stocks are
    set at ``start`` as their base-year value times ``exp(-g (base year - start))``.
    """
    alpha, e = params["capital elasticity"], params["knowledge output elasticity"]
    g = (params["tfp growth rate"] + (1 - alpha) * params["labour growth rate"]) / (1 - alpha - e)
    back = float(np.exp(-g * (BASE_YEAR - start)))
    gdp = params["reference GDP"]
    rate = params["investment rate"] / 100.0

    def level(share: str, retire: float) -> float:
        return gdp * rate * params[share] / 100.0 / max(g + retire, 0.01)

    productive = level("share infrastructure", params["depreciation rate"]) + level(
        "share industry", params["depreciation rate"]
    )
    params["capital output ratio"] = productive / gdp
    params["initial capital"] = productive * back
    tech = rate * params["share technology"] * params["technology rd fraction"]
    rd = gdp * (params["initial business rd intensity"] + tech) / 100.0
    knowledge = rd / max(g + params["knowledge obsolescence rate"], 0.01)
    effective = knowledge / (1 + g * params["knowledge diffusion delay"])
    params["reference knowledge"] = effective
    params["initial knowledge"] = knowledge * back
    params["initial effective knowledge"] = effective * back
    params["reference water saving share"] = rate * (
        params["share infrastructure"] * params["water share of infrastructure"]
        + params["share ecology"] * params["water share of ecology"]
    ) / 100.0
    eco = level("share ecology", params["eco depreciation rate"])
    params["reference eco capital"], params["initial eco capital"] = eco, eco * back
    public = level("share livelihood", params["public service depreciation rate"])
    params["reference public service capital"], params["initial public service capital"] = public, public * back
