"""Compile whole elements (all their components) into assignment source."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import CompileError
from .expr import ComponentCompiler, Context, align, is_lookup
from .ir import Element, ModelIR


@dataclass
class ElementCode:
    """Compiled element.

    Attributes
    ----------
    py_name : str
        Python name of the element.
    kind : str
        ``"constant"``, ``"aux"``, ``"stock"``, ``"control"`` or ``"lookup"``.
    code : str
        Source of one statement assigning ``v_<py_name>``.
    deps : frozenset
        Dependencies of the value.
    dims : tuple
        Subscript dimensions.
    shape : tuple
        Subscript shape.
    """

    py_name: str
    kind: str
    code: str
    deps: frozenset
    dims: tuple
    shape: tuple


def compile_element(ctx: Context, el: Element) -> ElementCode:
    """Compile one element.

    Parameters
    ----------
    ctx : Context
        Shared compilation context (collects states and globals).
    el : Element
        The element.

    Returns
    -------
    ElementCode
        The compiled element.
    """
    ir: ModelIR = ctx.ir
    shape = tuple(len(ir.ranges[d]) for d in el.dims)
    if is_lookup(el):
        ctx.lookup_tables(el)
        return ElementCode(el.py_name, "lookup", "", frozenset(), el.dims, shape)
    n_states = len(ctx.states)
    parts = []
    deps: frozenset = frozenset()
    for comp in el.components:
        if len(comp.subs) != len(el.dims):
            raise CompileError("subscript mismatch", el.name)
        target, positions, assembly = [], [], []
        for i, (sub, dim) in enumerate(zip(comp.subs, el.dims, strict=False)):
            own = ir.ranges[dim]
            elems = ir.ranges[sub] if sub in ir.ranges else [sub]
            if not set(elems) <= set(own):
                raise CompileError("subscript mapping", el.name, f"{sub!r} not in {dim!r}")
            positions.append([own.index(c) for c in elems])
            if sub in ir.ranges:
                target.append(sub)
                assembly.append(sub)
            else:
                assembly.append(f"#{i}")
        cc = ComponentCompiler(ctx, el, tuple(target))
        expr = cc.compile(comp.ast)
        cc.to_target(expr)  # validates the dimensions
        deps = deps | expr.deps
        parts.append((positions, expr, tuple(assembly), tuple(target)))

    v = f"v_{el.py_name}"
    if el.control:
        kind = "control"
    elif len(ctx.states) > n_states:
        kind = "aux"
    elif not deps:
        kind = "constant"
    else:
        kind = "aux"
    full = len(parts) == 1 and all(
        p == list(range(n)) for p, n in zip(parts[0][0], shape, strict=False)) and all(
        not a.startswith("#") for a in parts[0][2])
    if full:
        positions, expr, assembly, target = parts[0]
        code = align(expr, target) if expr.batched else expr.code
        if expr.batched and expr.dims == target:
            stmt = f"{v} = {code}"
        elif el.dims:
            stmt = f"{v} = _full({code}, {shape!r})"
        elif el.control:
            stmt = f"{v} = {code}"
        else:
            stmt = f"{v} = _b1({code})"
        if (len(ctx.states) == n_states + 1 and ctx.states[-1].kind == "integ"
                and stmt == f"{v} = {ctx.states[-1].stage_vars[0]}"):
            kind = "stock"
    else:
        items = ", ".join(
            f"({tuple(map(tuple, pos))!r}, {align(e, a) if e.batched else e.code})"
            for pos, e, a, _ in parts)
        stmt = f"{v} = _assemble({shape!r}, [{items}])"
    return ElementCode(el.py_name, kind, stmt, deps, el.dims, shape)
