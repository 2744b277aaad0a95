"""Translate PySD abstract syntax trees into numpy expression source text.

Every value in the generated code is either

* *unbatched*: a Python scalar or 0-d array (literals, ``TIME``, control
  variables and functions of those only), or
* *batched*: an array whose leading axis is the batch axis (of length
  ``B`` or 1), followed by one axis per subscript dimension, in the order
  given by :attr:`Expr.dims`.

Element values and stateful variables are always batched, so a reference
to an element can be aligned with others by transposing / inserting axes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from pysd.translators.structures import abstract_expressions as ae

from .errors import CompileError
from .ir import Element, ModelIR

SMALL_VENSIM = 1e-6

_UNARY_NP = {
    "abs": "_abs", "exp": "_exp", "ln": "_log", "sqrt": "_sqrt", "sin": "_sin",
    "cos": "_cos", "tan": "_tan", "arcsin": "_arcsin", "arccos": "_arccos",
    "arctan": "_arctan", "sinh": "_sinh", "cosh": "_cosh", "tanh": "_tanh",
    "integer": "_trunc",
}
_BINARY_NP = {"min": "_minimum", "max": "_maximum", "power": "_pow"}
_REDUCE_NP = {"sum": "np.sum", "prod": "np.prod", "vmin": "np.min", "vmax": "np.max"}
_ARITH = {"+": "+", "-": "-", "*": "*", "/": "/"}
_COMPARE = {"=": "==", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_LOGIC = {":AND:": "_and", ":OR:": "_or"}
_STRUCT_NAMES = {
    ae.DelayNStructure: "DELAY N", ae.DelayFixedStructure: "DELAY FIXED",
    ae.SmoothNStructure: "SMOOTH N", ae.TrendStructure: "TREND",
    ae.ForecastStructure: "FORECAST", ae.SampleIfTrueStructure: "SAMPLE IF TRUE",
    ae.GetConstantsStructure: "GET CONSTANTS", ae.GetDataStructure: "GET DATA",
    ae.GetLookupsStructure: "GET LOOKUPS", ae.DataStructure: "DATA",
    ae.AllocateAvailableStructure: "ALLOCATE AVAILABLE",
    ae.AllocateByPriorityStructure: "ALLOCATE BY PRIORITY",
}


@dataclass(frozen=True)
class Expr:
    """A compiled (sub-)expression.

    Attributes
    ----------
    code : str
        Python source evaluating to the value.
    dims : tuple of str
        Subscript dimensions of the value (trailing axes).
    batched : bool
        Whether the value has a leading batch axis.
    deps : frozenset of str
        Names the value depends on: element python names, state ids
        (``$k``) and ``"time"``.
    """

    code: str
    dims: tuple = ()
    batched: bool = False
    deps: frozenset = frozenset()


@dataclass
class State:
    """A stateful object (stock, smooth, delay or INITIAL).

    Attributes
    ----------
    sid : str
        Identifier used in dependency sets (``$k``).
    kind : str
        One of ``"integ"``, ``"smooth"``, ``"delay"``, ``"initial"``.
    element : str
        Python name of the element whose equation created it.
    shape : tuple of int
        Subscript shape of every stage variable.
    stage_vars : list of str
        Local variable names holding the stages.
    init : Expr
        Initial value of every stage, aligned to the state dimensions.
    ddts : list of str
        Derivative source of every stage (empty for INITIAL).
    step_deps : frozenset
        Dependencies of the derivatives.
    check : str
        Optional source of a statement run once after initialisation.
    int_flag : tuple
        ``(variable, source)`` of a flag computed at initialisation (see
        :mod:`.inttype`).
    """

    sid: str
    kind: str
    element: str
    shape: tuple
    stage_vars: list
    init: Expr
    ddts: list = field(default_factory=list)
    step_deps: frozenset = frozenset()
    check: str = ""
    int_flag: tuple = ()


def union_dims(exprs) -> tuple:
    """Return the ordered union of the dimensions of ``exprs``."""
    out: list[str] = []
    for e in sorted(exprs, key=lambda e: -len(e.dims)):
        for d in e.dims:
            if d not in out:
                out.append(d)
    return tuple(out)


def align(e: Expr, dims: tuple) -> str:
    """Return source of ``e`` broadcastable against a value with ``dims``.

    Parameters
    ----------
    e : Expr
        Expression to align; its dimensions must be a subset of ``dims``.
    dims : tuple of str
        Target dimensions (names starting with ``#`` are length-1 axes).

    Returns
    -------
    str
        Source with axes transposed and ``None`` axes inserted as needed.
    """
    if not e.batched or not dims:
        return e.code
    order = sorted(e.dims, key=dims.index)
    code = e.code
    if list(order) != list(e.dims):
        axes = ", ".join(str(1 + e.dims.index(d)) for d in order)
        code = f"{code}.transpose(0, {axes})"
    if len(order) < len(dims):
        idx = ", ".join(":" if d in e.dims else "None" for d in dims)
        code = f"{code}[:, {idx}]"
    return code


def is_lookup(el: Element) -> bool:
    """Whether an element is a graphical function (named lookup)."""
    return isinstance(el.components[0].ast, ae.LookupsStructure)


def pysd_numbers(values) -> np.ndarray:
    """Round numbers the way PySD writes them into the translated model.

    PySD prints lookup tables and subscripted constants with
    ``np.array2string`` (8 significant decimals); reproducing that keeps
    the engine bit-compatible with PySD's runtime.
    """
    arr = np.array(values, dtype=float)
    text = np.array2string(arr, separator=",", threshold=arr.size)
    return np.array(eval(text, {"nan": np.nan, "inf": np.inf}), dtype=float)  # noqa: S307


class Context:
    """Shared state of one model compilation (globals and states)."""

    def __init__(self, ir: ModelIR) -> None:
        self.ir = ir
        self.globals: dict[str, object] = {}
        self.states: list[State] = []
        self.lookups: set[str] = set()

    def add_global(self, prefix: str, value) -> str:
        """Register a module-level object for the generated code."""
        name = f"{prefix}{len(self.globals)}"
        self.globals[name] = value
        return name

    def lookup_tables(self, el: Element) -> tuple[str, str]:
        """Return global names of the x and y tables of a named lookup."""
        xn, yn = f"LX_{el.py_name}", f"LY_{el.py_name}"
        if el.py_name not in self.lookups:
            if el.dims or len(el.components) > 1:
                raise CompileError("subscripted lookup", el.name)
            lk = el.components[0].ast
            if lk.type != "interpolate":
                raise CompileError(f"lookup type {lk.type}", el.name)
            x, y = pysd_numbers(lk.x), pysd_numbers(lk.y)
            if len(set(x.tolist())) != len(x):
                raise CompileError("lookup with repeated x values", el.name)
            order = np.argsort(x, kind="stable")
            self.globals[xn], self.globals[yn] = x[order], y[order]
            self.lookups.add(el.py_name)
        return xn, yn


class ComponentCompiler:
    """Compile the right-hand side of one component of an element.

    Parameters
    ----------
    ctx : Context
        Shared compilation context.
    element : Element
        The element being compiled.
    target_dims : tuple of str
        Dimensions of the component's left-hand side (ranges only).
    """

    def __init__(self, ctx: Context, element: Element, target_dims: tuple) -> None:
        self.ctx = ctx
        self.ir = ctx.ir
        self.element = element
        self.target_dims = target_dims
        self.shape = tuple(len(self.ir.ranges[d.rstrip("!")]) for d in target_dims)

    # -- helpers -------------------------------------------------------
    def fail(self, construct: str, detail: str = "") -> CompileError:
        return CompileError(construct, self.element.name, detail)

    def nary(self, template: str, args: list) -> Expr:
        """Combine ``args`` with broadcasting using ``template`` (str.format)."""
        dims = union_dims(args)
        codes = [align(a, dims) for a in args]
        deps = frozenset().union(*(a.deps for a in args))
        return Expr(template.format(*codes), dims, any(a.batched for a in args), deps)

    def to_target(self, e: Expr) -> Expr:
        """Align ``e`` to the component's dimensions (for stateful args)."""
        extra = [d for d in e.dims if d not in self.target_dims]
        if extra:
            raise self.fail("subscript mismatch", f"dimensions {extra} not on the left-hand side")
        return Expr(align(e, self.target_dims), self.target_dims if e.batched else (),
                    e.batched, e.deps)

    # -- dispatch ------------------------------------------------------
    def compile(self, node) -> Expr:
        """Compile an AST node into an :class:`Expr`."""
        if isinstance(node, bool):
            return Expr(repr(float(node)))
        if isinstance(node, (int, float, np.integer, np.floating)):
            if np.isnan(node):
                return Expr("np.nan")
            text = repr(node.item() if isinstance(node, np.generic) else node)
            return Expr(f"({text})" if text.startswith("-") else text)
        if isinstance(node, np.ndarray):
            return self.array(node)
        method = getattr(self, "c_" + type(node).__name__, None)
        if method is None:
            name = _STRUCT_NAMES.get(type(node), type(node).__name__)
            raise self.fail(name)
        return method(node)

    def array(self, node: np.ndarray) -> Expr:
        values = pysd_numbers(node).reshape(self.shape)
        name = self.ctx.add_global("A", values[None])
        return Expr(name, self.target_dims, True)

    def c_ArithmeticStructure(self, node) -> Expr:
        ops, args = list(node.operators), [self.compile(a) for a in node.arguments]
        if len(args) == 1:
            if ops[0] != "negative":
                raise self.fail(f"unary operator {ops[0]}")
            return self.nary("(-{0})", args)
        if all(op == "^" for op in ops):
            # PySD writes a**b**c, which Python evaluates right to left;
            # _pow is np.power (batched) or math.pow (scalar fast path)
            result = args[-1]
            for left in reversed(args[:-1]):
                result = self.nary("_pow({0}, {1})", [left, result])
            return result
        result = args[0]
        for op, right in zip(ops, args[1:], strict=False):
            if op not in _ARITH:
                raise self.fail(f"operator {op}")
            result = self.nary(f"({{0}} {_ARITH[op]} {{1}})", [result, right])
        return result

    def c_LogicStructure(self, node) -> Expr:
        ops, args = list(node.operators), [self.compile(a) for a in node.arguments]
        if len(args) == 1:
            if ops[0] != ":NOT:":
                raise self.fail(f"unary operator {ops[0]}")
            return self.nary("_not({0})", args)
        if len(ops) == 1 and ops[0] in _COMPARE:
            return self.nary(f"({{0}} {_COMPARE[ops[0]]} {{1}})", args)
        result = args[-1]
        for op, left in zip(reversed(ops), reversed(args[:-1]), strict=False):
            if op not in _LOGIC:
                raise self.fail(f"operator {op}")
            result = self.nary(_LOGIC[op] + "({0}, {1})", [left, result])
        return result

    def c_GameStructure(self, node) -> Expr:
        return self.compile(node.expression)

    def c_ReferenceStructure(self, node) -> Expr:
        from .refs import reference

        return reference(self, node)

    def c_CallStructure(self, node) -> Expr:
        from .calls import call

        return call(self, node)

    def c_InlineLookupsStructure(self, node) -> Expr:
        lk = node.lookups
        if lk.type != "interpolate":
            raise self.fail(f"lookup type {lk.type}")
        x = self.compile(node.argument)
        xn = self.ctx.add_global("IX", pysd_numbers(lk.x))
        yn = self.ctx.add_global("IY", pysd_numbers(lk.y))
        return Expr(f"_interp({x.code}, {xn}, {yn})", x.dims, x.batched, x.deps)

    def c_LookupsStructure(self, node) -> Expr:
        raise self.fail("lookup definition inside an expression")

    def c_IntegStructure(self, node) -> Expr:
        from .stateful import integ

        return integ(self, node)

    def c_SmoothStructure(self, node) -> Expr:
        from .stateful import smooth

        return smooth(self, node)

    def c_DelayStructure(self, node) -> Expr:
        from .stateful import delay

        return delay(self, node)

    def c_InitialStructure(self, node) -> Expr:
        from .stateful import initial

        return initial(self, node)
