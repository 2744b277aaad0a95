"""Static detection of values PySD computes as Python integers.

PySD initialises a SMOOTH's stages with ``np.array([init] * order)``; when
``init`` is a Python ``int`` that array has an integer dtype and, at the
first Euler step only, the input written into it is truncated towards
zero (``targets[0] = input``). To reproduce PySD exactly, the engine finds
initial values that PySD would hold as integers.
"""

from __future__ import annotations

import numpy as np
from pysd.translators.structures import abstract_expressions as ae

from .ir import ModelIR

NOT_INT = (False, frozenset())


def int_typed(ir: ModelIR, node, memo: dict | None = None) -> tuple[bool, frozenset]:
    """Whether PySD evaluates ``node`` to a Python int.

    Parameters
    ----------
    ir : ModelIR
        The model.
    node : object
        An abstract syntax tree node.
    memo : dict, optional
        Cache of element results.

    Returns
    -------
    (bool, frozenset)
        Whether the value is an integer, and the constants whose default
        (integer) values that relies on: overriding one of them with a
        float makes the value a float.
    """
    memo = {} if memo is None else memo
    if isinstance(node, bool):
        return NOT_INT
    if isinstance(node, (int, np.integer)):
        return True, frozenset()
    if isinstance(node, ae.ArithmeticStructure):
        if "/" in node.operators:
            return NOT_INT
        if "^" in node.operators and not all(
                isinstance(a, (int, np.integer)) and a >= 0 for a in node.arguments[1:]):
            return NOT_INT
        return _all(ir, node.arguments, memo)
    if isinstance(node, ae.CallStructure):
        fn = node.function.reference
        if fn == "integer":
            return True, frozenset()
        if fn == "if_then_else":
            return _all(ir, node.arguments[1:], memo)
        return NOT_INT
    if isinstance(node, ae.ReferenceStructure):
        py = ir.cleanspace.get(node.reference)
        if py is None or py not in ir.elements:
            return NOT_INT
        if py not in memo:
            memo[py] = NOT_INT  # guards against recursion
            el = ir.elements[py]
            if len(el.components) == 1 and not el.control:
                ok, deps = int_typed(ir, el.components[0].ast, memo)
                is_const = ok and not deps and _no_refs(el.components[0].ast)
                memo[py] = (ok, deps | {py}) if is_const else (ok, deps)
        return memo[py]
    return NOT_INT


def _all(ir, nodes, memo) -> tuple[bool, frozenset]:
    deps: frozenset = frozenset()
    for arg in nodes:
        ok, d = int_typed(ir, arg, memo)
        if not ok:
            return NOT_INT
        deps |= d
    return True, deps


def _no_refs(node) -> bool:
    if isinstance(node, ae.ReferenceStructure):
        return False
    if isinstance(node, (ae.ArithmeticStructure, ae.LogicStructure)):
        return all(_no_refs(a) for a in node.arguments)
    if isinstance(node, ae.CallStructure):
        return all(_no_refs(a) for a in node.arguments)
    return True
