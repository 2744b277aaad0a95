"""Compile references to model elements, with subscript selection."""

from __future__ import annotations

import numpy as np

from .expr import ComponentCompiler, Expr, is_lookup

_CONTROL_VARS = {"initial_time", "final_time", "time_step", "saveper"}


def reference(cc: ComponentCompiler, node) -> Expr:
    """Compile a :class:`ReferenceStructure`.

    Parameters
    ----------
    cc : ComponentCompiler
        The compiler of the component containing the reference.
    node : ReferenceStructure
        The reference.

    Returns
    -------
    Expr
        ``v_<name>`` with subscript selection applied.
    """
    ir = cc.ir
    name = node.reference
    if name == "time":
        return Expr("t", (), False, frozenset({"time"}))
    py = ir.cleanspace.get(name)
    if py is None:
        return subscript_number(cc, name)
    el = ir.elements[py]
    if el.control:
        return Expr(f"v_{py}", (), False, frozenset({py}))
    if is_lookup(el):
        raise cc.fail("lookup used without argument", f"{el.name!r}")
    code = f"v_{py}"
    deps = frozenset({py})
    subs = list(getattr(node.subscripts, "subscripts", None) or [])
    if not subs:
        return Expr(code, el.dims, True, deps)
    if len(subs) != len(el.dims):
        raise cc.fail("subscript mismatch", f"{el.name!r} has dimensions {list(el.dims)}")
    index: list[str] = []
    takes: list[tuple[int, list]] = []
    dims: list[str] = []
    for sub, dim in zip(subs, el.dims, strict=False):
        own = ir.ranges[dim]
        base = sub[:-1] if sub.endswith("!") else sub
        if base in ir.ranges:
            coords = ir.ranges[base]
            if not set(coords) <= set(own):
                raise cc.fail("subscript mapping", f"{sub!r} is not a subrange of {dim!r}")
            if coords != own:
                takes.append((len(dims), [own.index(c) for c in coords]))
            index.append(":")
            dims.append(sub)
        elif sub in own:
            index.append(str(own.index(sub)))
        else:
            raise cc.fail("subscript mapping", f"{sub!r} is not an element of {dim!r}")
    if any(i != ":" for i in index):
        code = f"{code}[:, {', '.join(index)}]"
    for axis, positions in takes:
        code = f"np.take({code}, {positions}, axis={axis + 1})"
    return Expr(code, tuple(dims), True, deps)


def subscript_number(cc: ComponentCompiler, name: str) -> Expr:
    """Compile a subscript range or element used as a number (1-based)."""
    s2n = cc.ir.subscripts.subscript2num
    if name not in s2n:
        raise cc.fail("unknown reference", name)
    source, coords = s2n[name]
    value = eval(source, {"np": np, "_subscript_dict": cc.ir.ranges})  # noqa: S307
    if not coords:
        return Expr(repr(float(value)))
    (dim,) = coords
    glob = cc.ctx.add_global("N", np.asarray(value, dtype=float)[None])
    return Expr(glob, (dim,), True)
