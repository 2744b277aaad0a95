"""The six demonstration zones."""

from __future__ import annotations

from dataclasses import dataclass

from sdsim.errors import SdsimError, suggest


@dataclass(frozen=True)
class Zone:
    """A demonstration zone: its key, Chinese and English names and its report chapter."""

    key: str
    name_cn: str
    name_en: str
    chapter_line: int

    @property
    def label(self) -> str:
        """'深圳 Shenzhen'."""
        return f"{self.name_cn} {self.name_en}"


ZONES: dict[str, Zone] = {
    z.key: z
    for z in (
        Zone("taiyuan", "太原", "Taiyuan", 270),
        Zone("guilin", "桂林", "Guilin", 400),
        Zone("shenzhen", "深圳", "Shenzhen", 560),
        Zone("chenzhou", "郴州", "Chenzhou", 690),
        Zone("lincang", "临沧", "Lincang", 840),
        Zone("chengde", "承德", "Chengde", 1000),
    )
}
_ALIASES = {z.name_cn: z.key for z in ZONES.values()} | {z.name_en.lower(): z.key for z in ZONES.values()}


def get_zone(name: str) -> Zone:
    """Return the zone for a key, English or Chinese name; raise a clear error otherwise."""
    key = _ALIASES.get(str(name).strip().lower(), str(name).strip().lower())
    if key not in ZONES:
        raise SdsimError(
            f"Unknown zone {name!r}.{suggest(str(name).lower(), ZONES)} "
            f"Valid zones: {', '.join(ZONES)}."
        )
    return ZONES[key]
