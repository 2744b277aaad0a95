"""Slider specifications from the lever catalogue, and the investment-share rebalancing rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sdsim.app_support.i18n import unit
from sdsim.catalog import lever_catalog
from sdsim.levers import SHARE_KEYS

SHARE_STEP = 0.1  # finer than the catalogue's 0.5 so that rebalanced shares can sum to 100


@dataclass(frozen=True)
class SliderSpec:
    """Everything ``st.slider`` needs for one lever or assumption."""

    kind: str  # 'lever' or 'assumption'
    key: str
    group: str
    label: str
    unit: str
    low: float
    high: float
    step: float
    default: float
    help: str
    source: str

    @property
    def widget_key(self) -> str:
        return f"{self.kind}:{self.key}"

    def clamp(self, value: float) -> float:
        return float(min(self.high, max(self.low, value)))


def _round_step(value: float, step: float) -> float:
    return round(round(value / step) * step, 10)


def slider_specs(zone: str, lang: str = "en") -> list[SliderSpec]:
    """One spec per lever and assumption of ``zone``, labelled in ``lang``."""
    specs = []
    for row in lever_catalog(zone):
        is_lever = row["kind"] == "lever"
        label = row["label_cn"] if lang == "cn" else row["label_en"]
        text = row["description_cn"] if lang == "cn" else row["description"]
        step = SHARE_STEP if row["key"] in SHARE_KEYS else float(row["step"])
        if not is_lever:
            step = _nice_step((row["high"] - row["low"]) / 100)
        u = unit(row["unit"], lang)
        src = row["source"]
        src_label = ("来源" if lang == "cn" else "Source") + f": {src}" if src else ""
        rng = ("范围" if lang == "cn" else "Range") + f": {row['low']:g}-{row['high']:g} {u}"
        specs.append(SliderSpec(
            kind=row["kind"], key=row["key"], group=row["group"], label=f"{label} ({u})",
            unit=row["unit"], low=float(row["low"]), high=float(row["high"]), step=step,
            default=float(row["default"]), help=f"{text}  \n{rng}  \n{src_label}".strip(),
            source=src,
        ))
    return specs


def _nice_step(raw: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) not larger than ``raw``."""
    import math

    if raw <= 0:
        return 0.01
    exp = math.floor(math.log10(raw))
    for m in (5, 2, 1):
        if m * 10**exp <= raw:
            return float(round(m * 10**exp, 12))
    return float(10**exp)


def slider_default(spec: SliderSpec) -> float:
    """The starting value of a slider: the zone's baseline on the slider's grid."""
    return spec.clamp(_round_step(spec.default, spec.step)) if spec.kind == "lever" else (
        spec.clamp(spec.default)
    )


def rebalance(
    shares: Mapping[str, float], changed: str, value: float, step: float = SHARE_STEP
) -> dict[str, float]:
    """Set share ``changed`` to ``value`` and rescale the others so the five sum to 100.

    The others keep their proportions to each other (equal parts when they are all zero);
    values are rounded to ``step`` and the rounding remainder goes to the largest of them.
    """
    value = float(min(100.0, max(0.0, value)))
    others = [k for k in SHARE_KEYS if k != changed]
    rest = 100.0 - value
    total = sum(float(shares[k]) for k in others)
    out = {changed: value}
    for k in others:
        part = float(shares[k]) / total if total > 0 else 1.0 / len(others)
        out[k] = _round_step(rest * part, step)
    remainder = round(rest - sum(out[k] for k in others), 10)
    if others and abs(remainder) > 1e-9:
        biggest = max(others, key=lambda k: out[k])
        out[biggest] = round(max(0.0, out[biggest] + remainder), 10)
    return {k: out[k] for k in SHARE_KEYS}
