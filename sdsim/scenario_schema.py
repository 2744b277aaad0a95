"""The scenario file format: a pydantic (v2) model and a line-tracking YAML reader.

A scenario file (``scenarios/<zone>_<name>.yaml``) looks like::

    zone: shenzhen
    name: plan
    description:
      zh: |-
        ...（说明哪些来源行促成了杠杆设置，哪些是分析者的假设）
      en: |-
        ... (which source lines motivated the lever settings, what is an analyst's assumption)
    normalise: false
    levers:
      share_technology: {2021: 5.0, 2025: 8.0}   # a path: linear between points, held after
      fiscal_share: 30.0                          # a constant, acting from 2021
    assumptions:
      knowledge_rd_elasticity: 0.2                # override of models/assumptions.csv
    sources:
    - ref: 004_feeeed543def0cf5.txt:2
      quote: 全社會研發投入占地區生產總值比重達到5.5%-6%
      note: share_technology path

This module checks *structure* (fields, types) and keeps the line of every field so that the
semantic checks in :mod:`sdsim.scenario_check` can say which line of which file is wrong. The
canonical writer is :mod:`sdsim.scenario_writer`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    ValidationError,
)

from sdsim.errors import SdsimError, suggest

#: A number as YAML writes it (int or float); booleans and strings are refused.
Number = Annotated[float, Field(strict=True)]
#: A lever setting: a constant or a path {year: value}.
Setting = Number | dict[StrictInt, Number]

FIELD_ORDER = ("zone", "name", "description", "normalise", "levers", "assumptions", "sources")


class Description(BaseModel):
    """What a scenario is and why, in Chinese and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class SourceRef(BaseModel):
    """A source line behind a lever choice: ``file:line``, the quoted words, what it motivated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ref: str = Field(pattern=r"^[\w.\-]+\.txt:\d+$")
    quote: str = Field(min_length=1)
    note: str = ""


class Scenario(BaseModel):
    """One policy scenario for one zone.

    Attributes
    ----------
    zone : str
        Zone key ('shenzhen').
    name : str
        Scenario name ('plan'); a file ``<zone>_<name>.yaml`` is found by this name.
    description : Description
        Chinese and English text: what the scenario does and which sources motivated it.
    normalise : bool
        When all five investment shares are given and do not sum to 100 %, scale them to 100 %
        instead of refusing the scenario.
    levers : dict
        Lever key -> constant or ``{year: value}`` path (see ``sdsim levers``); unset levers keep
        the zone's 2020 mix. Investment shares left out rescale in proportion.
    assumptions : dict
        Assumption key -> value (overrides of ``models/assumptions.csv``; a modified baseline).
    sources : list of SourceRef
        The source lines behind the lever choices.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    zone: str = Field(min_length=1)
    name: str = Field(default="", pattern=r"^[a-z0-9_]*$")
    description: Description
    normalise: StrictBool = False
    levers: dict[str, Setting] = Field(default_factory=dict)
    assumptions: dict[str, Number] = Field(default_factory=dict)
    sources: list[SourceRef] = Field(default_factory=list)

    _origin: Path | None = PrivateAttr(default=None)
    _lines: dict[tuple, int] = PrivateAttr(default_factory=dict)

    @property
    def origin(self) -> Path | None:
        """The file the scenario was read from (None when built in Python)."""
        return self._origin

    def line_of(self, *field: Any) -> int | None:
        """Line of a field in the file (``line_of('levers', 'share_ecology', 2025)``)."""
        field = tuple(field)
        while field:
            if field in self._lines:
                return self._lines[field]
            field = field[:-1]
        return self._lines.get((), None)

    def where(self, *field: Any) -> str:
        """'file, line N, field levers.share_ecology[2025]' for error messages."""
        label = field_label(field)
        if self._origin is None:
            head = f"scenario {self.name or '(unnamed)'!r}"
            return f"{head}, field {label}" if label else head
        line = self.line_of(*field)
        head = f"{self._origin}" + (f", line {line}" if line else "")
        return f"{head}, field {label}" if label else head

    def settings(self) -> dict[str, float | dict[int, float]]:
        """Lever settings in the form :func:`sdsim.runner.run` takes (fresh copies)."""
        return {k: dict(v) if isinstance(v, dict) else v for k, v in self.levers.items()}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    __hash__ = None  # mutable model


def field_label(field: tuple) -> str:
    """('levers', 'share_ecology', 2025) -> 'levers.share_ecology[2025]'."""
    out = ""
    for part in field:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# --------------------------------------------------------------------------- reading


class _Index:
    """Build Python data from a composed YAML node, recording the line of every key."""

    def __init__(self, path: Path):
        self.path = path
        self.lines: dict[tuple, int] = {(): 1}
        self._constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, where: tuple) -> Any:
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            first_line: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise SdsimError(
                        f"{self.path}, line {key_node.start_mark.line + 1}: a field name must be "
                        "a plain word or a year, not a list or mapping."
                    )
                key = self._constructor.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                if key in out:
                    raise SdsimError(
                        f"{self.path}, line {line}, field {field_label(where + (key,))}: appears "
                        f"twice (first on line {first_line[key]}); keep one of them."
                    )
                first_line[key] = line
                self.lines[where + (key,)] = line
                out[key] = self.build(value_node, where + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                self.lines[where + (i,)] = item.start_mark.line + 1
                items.append(self.build(item, where + (i,)))
            return items
        return self._constructor.construct_object(node, deep=True)


def read_yaml(path: Path) -> tuple[Any, dict[tuple, int]]:
    """Parse a YAML file into Python data and a map field path -> line (1-based)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SdsimError(f"{path}: file not found.") from exc
    except UnicodeDecodeError as exc:
        raise SdsimError(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8.") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SdsimError(
            f"{path}{line}: not valid YAML ({problem}); check the indentation, colons and "
            "brackets on that line."
        ) from exc
    if node is None:
        raise SdsimError(
            f"{path}: the file is empty; a scenario needs zone, description and levers."
        )
    index = _Index(Path(path))
    try:
        data = index.build(node, ())
    except yaml.YAMLError as exc:  # e.g. a bad timestamp or tag
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise SdsimError(f"{path}{line}: not valid YAML ({exc}).") from exc
    return data, index.lines


_HINTS = {
    "missing": "add it",
    "string_type": "write text",
    "bool_type": "write true or false",
    "float_type": "write a number",
    "float_parsing": "write a number",
    "int_type": "write a whole year such as 2025",
    "int_from_float": "write a whole year such as 2025",
    "int_parsing": "write a whole year such as 2025",
    "dict_type": "write a mapping of field: value lines",
    "list_type": "write a list of '- ref: ..., quote: ...' entries",
    "string_pattern_mismatch": "follow the pattern",
    "string_too_short": "write some text",
}


def _structure_error(
    errors: list[dict], lines: dict[tuple, int], path: Path | None, name: str
) -> SdsimError:
    """Turn pydantic errors into one message naming file, line, field, value and the fix."""
    messages = []
    seen: set[tuple] = set()

    def in_path(err: dict) -> bool:  # an error inside a {year: value} path of a lever
        loc = err["loc"]
        tags = [i for i, p in enumerate(loc) if isinstance(p, str) and p.startswith("dict[")]
        return bool(tags) and len(loc) > tags[0] + 1

    # a lever setting is a union: when its path has an error, do not also say "not a number"
    path_groups = {
        tuple(e["loc"][:2]) for e in errors if e["loc"][:1] == ("levers",) and in_path(e)
    }
    errors = [e for e in errors if not (tuple(e["loc"][:2]) in path_groups and not in_path(e))]
    for err in errors:
        loc = tuple(err["loc"])
        # drop union-member tags ('float', 'dict[int,float]') and the '[key]' marker
        clean: list = []
        key_error = False
        for part in loc:
            if part == "[key]":
                key_error = True
                continue
            if isinstance(part, str) and (part in ("float", "int") or part.startswith("dict[")):
                continue
            if clean[:1] == ["levers"] and isinstance(part, str) and part.lstrip("-").isdigit():
                part = int(part)  # a year key, reported as text by pydantic
            clean.append(part)
        field = tuple(clean)
        # one message per lever setting (a union reports both members) or path point
        group = field[:2] if field[:1] == ("levers",) and not in_path(err) else field
        if group in seen:
            continue
        seen.add(group)
        line = None
        probe = field
        while probe and line is None:
            line = lines.get(probe)
            probe = probe[:-1]
        where = f"{path}" if path is not None else f"scenario {name or '(unnamed)'!r}"
        if line:
            where += f", line {line}"
        label = field_label(field) or "(top level)"
        kind = err["type"]
        value = err.get("input")
        if kind == "extra_forbidden":
            if len(field) == 1:
                choices = list(Scenario.model_fields)
            elif field[0] == "description":
                choices = list(Description.model_fields)
            else:
                choices = list(SourceRef.model_fields)
            messages.append(
                f"{where}: unknown field {label!r}.{suggest(str(field[-1]), choices)} "
                f"Valid fields here: {', '.join(choices)}."
            )
        elif kind == "missing":
            messages.append(f"{where}: missing field {label!r}; add it.")
        elif field[:1] == ("levers",) and len(field) >= 2:
            lever = field[1]
            if key_error:
                messages.append(
                    f"{where}, field {field_label(field[:2])}: year {value!r} is not a whole "
                    "year; write paths as "
                    "{2021: 5.0, 2025: 8.0}."
                )
            elif in_path(err):
                messages.append(
                    f"{where}, field {label}: value {value!r} is not a number; write a number "
                    "such as 8.0."
                )
            else:
                messages.append(
                    f"{where}, field {field_label(field[:2])}: value {value!r} is not a number "
                    f"or a path; write lever {lever!r} as a number (5.5) or as years to numbers "
                    "({2021: 5.0, 2025: 8.0})."
                )
        else:
            hint = _HINTS.get(kind, "fix the value")
            messages.append(
                f"{where}, field {label}: value {value!r} is invalid ({err['msg']}); {hint}."
            )
    return SdsimError(
        " ".join(messages[:5]) + (f" (and {len(messages) - 5} more)" if len(messages) > 5 else "")
    )


def build_scenario(
    data: Any, *, path: Path | None = None, lines: dict[tuple, int] | None = None, name: str = ""
) -> Scenario:
    """Validate the structure of scenario data (a mapping) and return a :class:`Scenario`.

    Parameters
    ----------
    data : Any
        Parsed YAML or a dict built in Python.
    path : Path, optional
        The file, named in error messages.
    lines : dict, optional
        Field path -> line, from :func:`read_yaml`.
    name : str
        Name to use when the data gives none (a file's name without the zone prefix).
    """
    lines = lines or {}
    where = f"{path}" if path is not None else "scenario"
    if not isinstance(data, dict):
        raise SdsimError(
            f"{where}: a scenario is a mapping of fields (zone, name, description, levers, ...), "
            f"not {type(data).__name__}."
        )
    data = dict(data)
    if not data.get("name") and name:
        data["name"] = name
    for key in ("levers", "assumptions"):
        if key in data and data[key] is None:  # 'levers:' with nothing under it
            data[key] = {}
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise _structure_error(exc.errors(), lines, path, str(data.get("name", ""))) from None
    scenario._origin = Path(path) if path is not None else None
    scenario._lines = dict(lines)
    return scenario
