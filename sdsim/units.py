"""Dimensional consistency of the Vensim model, checked on PySD's abstract model.

Each variable's units string (``CNY100m/Year``, ``m3_100m*CNY10k/(m3*CNY100m)``) is parsed into
base dimensions (money, time, water volume, energy, CO2, mass, days, persons, percent, index);
scaled names (亿元 ``CNY100m`` and 万元 ``CNY10k``) share a dimension. Every equation is then
evaluated on dimensions: terms added or compared must agree, products and quotients combine,
``EXP``/``LN`` and powers with a variable exponent need dimensionless arguments, and a stock's
net flow must have the stock's units per Year. Bare numbers are dimensionless factors, and in a
sum they take the dimension of the other terms (Vensim's convention).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sdsim.paths import MODEL_FILE

BASE = {
    "CNY100m": "CNY", "CNY10k": "CNY", "Year": "Year", "percent": "percent", "m3": "m3",
    "m3_100m": "m3", "tce": "tce", "tce10k": "tce", "tCO2": "tCO2", "tCO210k": "tCO2",
    "ug": "ug", "days": "day", "person": "person", "index": "index",
}
DIMENSIONLESS = {"Dmnl", "1", ""}

Dim = tuple[tuple[str, int], ...]
NUMBER = ("number",)  # marker for a bare number


class UnitsError(ValueError):
    """A units string that cannot be parsed."""


def _norm(counter: Counter) -> Dim:
    return tuple(sorted((k, v) for k, v in counter.items() if v))


def parse_units(text: str) -> Dim:
    """Parse a Vensim units string into base dimensions ('CNY100m/Year' -> CNY^1 Year^-1)."""
    text = re.sub(r"\[.*\]", "", text).strip()
    tokens = re.findall(r"[A-Za-z_][A-Za-z0-9_]*|\d+|[*/()]", text)
    pos = 0

    def factor() -> Counter:
        nonlocal pos
        tok = tokens[pos]
        pos += 1
        if tok == "(":
            value = product()
            pos += 1  # ')'
            return value
        if tok in DIMENSIONLESS:
            return Counter()
        if tok not in BASE:
            raise UnitsError(f"unknown unit {tok!r} in {text!r}")
        return Counter({BASE[tok]: 1})

    def product() -> Counter:
        nonlocal pos
        value = factor()
        while pos < len(tokens) and tokens[pos] in "*/":
            op = tokens[pos]
            pos += 1
            rhs = factor()
            value = _add(value, rhs) if op == "*" else _sub(value, rhs)
        return value

    return _norm(product()) if tokens else ()


def _sub(a: Counter, b: Counter) -> Counter:
    out = Counter(a)
    for k, v in b.items():
        out[k] -= v
    return out


def _add(a: Counter, b: Counter) -> Counter:
    # Counter's own + drops negative exponents, so add by hand.
    out = Counter(a)
    for k, v in b.items():
        out[k] += v
    return out


def _fmt(d) -> str:
    if d == NUMBER:
        return "number"
    return "*".join(f"{k}^{v}" if v != 1 else k for k, v in d) or "Dmnl"


@dataclass
class UnitReport:
    """The result of the check: problems found and equations that could not be checked."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)


class _Checker:
    def __init__(self, units: dict[str, Dim], lookups: set[str], report: UnitReport, where: str):
        self.units, self.lookups, self.report, self.where = units, lookups, report, where

    def problem(self, msg: str) -> None:
        self.report.problems.append(f"{self.where}: {msg}")

    def same(self, dims: list, what: str):
        real = [d for d in dims if d != NUMBER]
        if any(d != real[0] for d in real[1:]):
            self.problem(f"{what} of different units: {', '.join(_fmt(d) for d in real)}")
        return real[0] if real else NUMBER

    def dim(self, node):  # noqa: C901 - one branch per node type
        name = type(node).__name__
        if isinstance(node, int | float) or name in ("float64", "int64"):
            return NUMBER
        if name == "ReferenceStructure":
            if node.reference == "time":
                return (("Year", 1),)
            return self.units[node.reference]
        if name == "ArithmeticStructure":
            args = [self.dim(a) for a in node.arguments]
            ops = list(node.operators)
            if len(args) == 1:  # unary minus / plus
                return args[0]
            if ops and all(o in "+-" for o in ops):
                return self.same(args, "sum")
            if ops and all(o in ("=", "<", ">", "<=", ">=", "<>") for o in ops):
                self.same(args, "comparison")
                return ()
            acc = Counter(dict(args[0])) if args[0] != NUMBER else Counter()
            for op, arg, raw in zip(ops, args[1:], node.arguments[1:], strict=True):
                d = Counter(dict(arg)) if arg != NUMBER else Counter()
                if op == "*":
                    acc = _add(acc, d)
                elif op == "/":
                    acc = _sub(acc, d)
                elif op == "^":
                    if d:
                        self.problem(f"exponent has units {_fmt(arg)}")
                    if acc and not isinstance(raw, int | float):
                        self.problem(f"power of {_fmt(_norm(acc))} with a variable exponent")
                    elif acc:
                        acc = Counter({k: v * raw for k, v in acc.items()})
                else:
                    self.report.unchecked.append(f"{self.where}: operator {op!r}")
            return _norm(acc)
        if name == "CallStructure":
            fn = getattr(node.function, "reference", str(node.function))
            args = [self.dim(a) for a in node.arguments]
            if fn in self.lookups:
                if args[0] not in ((), NUMBER):
                    self.problem(f"lookup {fn} called with units {_fmt(args[0])}")
                return self.units[fn]
            fn = fn.lower()
            if fn in ("exp", "ln", "log"):
                if args[0] not in ((), NUMBER):
                    self.problem(f"{fn.upper()} of {_fmt(args[0])}")
                return ()
            if fn in ("min", "max", "abs", "integer"):
                return self.same(args, fn.upper())
            if fn == "if_then_else":
                return self.same(args[1:], "IF THEN ELSE branches")
            self.report.unchecked.append(f"{self.where}: function {fn}")
            return NUMBER
        self.report.unchecked.append(f"{self.where}: {name}")
        return NUMBER


def check_units(mdl=MODEL_FILE) -> UnitReport:
    """Check every equation of ``mdl`` for dimensional consistency."""
    from pysd.translators.vensim.vensim_file import VensimFile

    vf = VensimFile(mdl)
    vf.parse()
    model = vf.get_abstract_model()
    elements = [e for s in model.sections for e in s.elements]
    units: dict[str, Dim] = {}
    report = UnitReport()
    lookups = set()
    for el in elements:
        key = _safe(el.name)
        try:
            units[key] = parse_units(el.units or "")
        except UnitsError as exc:
            report.problems.append(f"{el.name}: {exc}")
            units[key] = ()
        if any(type(c.ast).__name__ == "LookupsStructure" for c in el.components):
            lookups.add(key)
    for el in elements:
        key = _safe(el.name)
        checker = _Checker(units, lookups, report, el.name)
        for comp in el.components:
            ast = comp.ast
            kind = type(ast).__name__
            if kind == "LookupsStructure" or isinstance(ast, int | float) or kind in ("float64", "int64"):
                continue
            report.checked += 1
            if kind == "IntegStructure":
                flow = checker.dim(ast.flow)
                want = _norm(_sub(Counter(dict(units[key])), Counter({"Year": 1})))
                if flow not in (want, NUMBER):
                    checker.problem(f"net flow has units {_fmt(flow)}, stock needs {_fmt(want)}")
                init = checker.dim(ast.initial)
                if init not in (units[key], NUMBER):
                    checker.problem(f"initial value has units {_fmt(init)}, stock has {_fmt(units[key])}")
                continue
            got = checker.dim(ast)
            if got not in (units[key], NUMBER):
                checker.problem(f"equation gives {_fmt(got)}, declared {_fmt(units[key])}")
    return report


def _safe(name: str) -> str:
    return re.sub(r"\W+", "_", name.strip().lower()).strip("_")
