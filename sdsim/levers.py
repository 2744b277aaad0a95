"""Levers (policy settings) and assumptions (uncertain constants), in EMA Workbench's vocabulary.

A *lever* is a constant of the model a planner sets (``models/levers.csv``); an *assumption*
is an uncertain constant with a documented range (``models/assumptions.csv``), what EMA
Workbench calls an *uncertainty*. Both carry units, ranges and the model's documentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sdsim.paths import ASSUMPTIONS_FILE, LEVERS_FILE
from sdsim.tables import read_rows, to_float

#: The five investment directions of the 2021 annual report (000_86a9a16adcebabe8.txt line 82).
SHARE_KEYS = (
    "share_infrastructure",
    "share_ecology",
    "share_technology",
    "share_livelihood",
    "share_industry",
)


def snake(name: str) -> str:
    """Vensim name -> snake_case key ('share ecology' -> 'share_ecology')."""
    return "_".join(name.lower().replace("-", " ").split())


@dataclass(frozen=True)
class Lever:
    """A policy lever: a model constant with a range, unit, labels and documentation."""

    key: str
    vensim: str
    unit: str
    low: float
    high: float
    step: float
    group: str
    label_cn: str
    label_en: str
    doc: str = ""
    help_cn: str = ""

    def label(self, lang: str = "en") -> str:
        return self.label_cn if lang == "cn" else self.label_en

    def help(self, lang: str = "en") -> str:
        """The model's documentation string, or its Chinese version."""
        return (self.help_cn or self.doc) if lang == "cn" else self.doc


@dataclass(frozen=True)
class Assumption:
    """An uncertain constant with a default, a plausible range and the reason for both."""

    key: str
    vensim: str
    default: float
    low: float
    high: float
    unit: str
    reason: str
    label_cn: str = ""
    reason_cn: str = ""

    def label(self, lang: str = "en") -> str:
        return (self.label_cn or self.vensim) if lang == "cn" else self.vensim

    def help(self, lang: str = "en") -> str:
        """Why the default and range are what they are, in ``lang``."""
        return (self.reason_cn or self.reason) if lang == "cn" else self.reason


def _docs() -> dict[str, str]:
    from sdsim.pysd_model import model_doc

    doc = model_doc()
    return {row["Real Name"]: str(row["Comment"]) for _, row in doc.iterrows()}


@lru_cache(maxsize=1)
def levers() -> dict[str, Lever]:
    """All levers by key, with the model's documentation string for each."""
    rows = read_rows(LEVERS_FILE, ["key", "vensim", "unit", "low", "high", "step", "group"])
    docs = _docs()
    out = {}
    for i, r in enumerate(rows, start=2):
        out[r["key"]] = Lever(
            key=r["key"],
            vensim=r["vensim"],
            unit=r["unit"],
            low=to_float(r["low"], LEVERS_FILE, i, "low"),
            high=to_float(r["high"], LEVERS_FILE, i, "high"),
            step=to_float(r["step"], LEVERS_FILE, i, "step"),
            group=r["group"],
            label_cn=r.get("label_cn", ""),
            label_en=r.get("label_en", ""),
            doc=docs.get(r["vensim"], "").removeprefix("Lever: "),
            help_cn=r.get("help_cn", "") or "",
        )
    return out


@lru_cache(maxsize=1)
def assumptions() -> dict[str, Assumption]:
    """All documented assumptions by key."""
    rows = read_rows(ASSUMPTIONS_FILE, ["vensim", "default", "low", "high", "unit", "reason"])
    out = {}
    for i, r in enumerate(rows, start=2):
        out[snake(r["vensim"])] = Assumption(
            key=snake(r["vensim"]),
            vensim=r["vensim"],
            default=to_float(r["default"], ASSUMPTIONS_FILE, i, "default"),
            low=to_float(r["low"], ASSUMPTIONS_FILE, i, "low"),
            high=to_float(r["high"], ASSUMPTIONS_FILE, i, "high"),
            unit=r["unit"],
            reason=r["reason"],
            label_cn=r.get("label_cn", "") or "",
            reason_cn=r.get("reason_cn", "") or "",
        )
    return out
