"""Compile Vensim function calls (builtins and named lookups)."""

from __future__ import annotations

from .expr import (
    _BINARY_NP,
    _REDUCE_NP,
    _UNARY_NP,
    SMALL_VENSIM,
    ComponentCompiler,
    Expr,
    is_lookup,
)

_TIME = frozenset({"time"})
_T = Expr("t", (), False, _TIME)
_DT = Expr("v_time_step", (), False, frozenset({"time_step"}))

# name -> (number of arguments, template using {0}, {1}, ... for the aligned args)
_TEMPLATES = {
    "if_then_else": (3, "_where({0}, {1}, {2})"),
    "log": (2, "(_log({0}) / _log({1}))"),
    "xidz": (3, f"_where(_abs({{1}}) < {SMALL_VENSIM!r}, {{2}}, {{0}} / {{1}})"),
    "zidz": (2, f"_where(_abs({{1}}) < {SMALL_VENSIM!r}, 0.0, {{0}} / {{1}})"),
    "quantum": (2, f"_where({{1}} < {SMALL_VENSIM!r}, {{0}}, {{1}} * _trunc({{0}} / {{1}}))"),
    "modulo": (2, f"({{0}} - _where({{1}} < {SMALL_VENSIM!r}, {{0}}, "
                  f"{{1}} * _trunc({{0}} / {{1}})))"),
    # STEP(value, tstep): value * (time + dt/2 > tstep)
    "step": (2, "({0} * (({2} + {3} / 2) > {1}))"),
    # RAMP(slope, start, finish): (time + 1e-6 > start) * slope * (min(finish, t) - start)
    "ramp": (3, f"((({{3}} + {SMALL_VENSIM!r}) > {{1}}) * {{0}} * "
                "(_minimum({2}, {3}) - {1}))"),
    # PULSE(start, width): 1 if start - 1e-6 <= t < start + width
    "pulse": (2, "_pulse({2}, {0}, {1})"),
    # PULSE TRAIN(start, repeat, width, end) after PySD's argument reordering
    "pulse_train": (4, "_pulse_train({4}, {0}, {1}, {2}, {3})"),
}
_NEEDS_TIME = {"step": (_T, _DT), "ramp": (_T,), "pulse": (_T,), "pulse_train": (_T,)}


def vensim_name(fn: str) -> str:
    """Return the Vensim spelling of a PySD function name."""
    return fn.upper().replace("_", " ")


def call(cc: ComponentCompiler, node) -> Expr:
    """Compile a :class:`CallStructure`.

    Parameters
    ----------
    cc : ComponentCompiler
        The compiler of the component containing the call.
    node : CallStructure
        The call.

    Returns
    -------
    Expr
        The compiled call.
    """
    fn = node.function.reference
    ir = cc.ir
    py = ir.cleanspace.get(fn)
    if py is not None and is_lookup(ir.elements[py]):
        if len(node.arguments) != 1:
            raise cc.fail("lookup call with several arguments", fn)
        x = cc.compile(node.arguments[0])
        xn, yn = cc.ctx.lookup_tables(ir.elements[py])
        return Expr(f"_interp({x.code}, {xn}, {yn})", x.dims, x.batched,
                    x.deps | {py})
    if fn == "pi" and not node.arguments:
        return Expr("np.pi")
    args = [cc.compile(a) for a in node.arguments]
    if fn in _UNARY_NP and len(args) == 1:
        return cc.nary(_UNARY_NP[fn] + "({0})", args)
    if fn in _BINARY_NP and len(args) == 2:
        return cc.nary(_BINARY_NP[fn] + "({0}, {1})", args)
    if fn in _REDUCE_NP and len(args) == 1:
        return reduce(cc, fn, args[0])
    if fn in _TEMPLATES:
        nargs, template = _TEMPLATES[fn]
        if fn == "ramp" and len(args) == 2:
            template = f"((({{2}} + {SMALL_VENSIM!r}) > {{1}}) * {{0}} * ({{2}} - {{1}}))"
            nargs = 2
        if len(args) != nargs:
            raise cc.fail(vensim_name(fn), f"expected {nargs} arguments, got {len(args)}")
        return cc.nary(template, args + list(_NEEDS_TIME.get(fn, ())))
    raise cc.fail(vensim_name(fn))


def reduce(cc: ComponentCompiler, fn: str, arg: Expr) -> Expr:
    """Compile SUM/PROD/VMIN/VMAX over the dimensions marked with ``!``."""
    axes = [i + 1 for i, d in enumerate(arg.dims) if d.endswith("!")]
    if not axes or not arg.batched:
        raise cc.fail(vensim_name(fn), "needs a subscript range marked with '!'")
    axis = axes[0] if len(axes) == 1 else tuple(axes)
    dims = tuple(d for d in arg.dims if not d.endswith("!"))
    return Expr(f"{_REDUCE_NP[fn]}({arg.code}, axis={axis})", dims, True, arg.deps)
