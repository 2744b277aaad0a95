"""Compile stateful structures: INTEG, SMOOTH*, DELAY* and INITIAL.

The derivatives reproduce PySD's :mod:`pysd.py_backend.statefuls` term by
term so that the Euler update ``state + ddt * dt`` gives the same floating
point results.
"""

from __future__ import annotations

from .expr import ComponentCompiler, Expr, State
from .inttype import int_typed


def _new_state(cc: ComponentCompiler, kind: str, stages: int, init: Expr) -> State:
    ctx = cc.ctx
    k = len(ctx.states)
    py = cc.element.py_name
    if stages == 1:
        names = [f"s{k}_{py}"]
    else:
        names = [f"s{k}_{py}_{i}" for i in range(stages)]
    state = State(sid=f"${k}", kind=kind, element=py, shape=cc.shape,
                  stage_vars=names, init=init)
    ctx.states.append(state)
    return state


def _order(cc: ComponentCompiler, order, what: str) -> int:
    if not isinstance(order, (int, float)) or order != int(order) or order < 1:
        raise cc.fail(what, f"order must be a positive integer literal, got {order!r}")
    return int(order)


def integ(cc: ComponentCompiler, node) -> Expr:
    """Compile ``INTEG(flow, initial)``."""
    if node.non_negative:
        raise cc.fail("non-negative INTEG")
    init = cc.to_target(cc.compile(node.initial))
    flow = cc.to_target(cc.compile(node.flow))
    st = _new_state(cc, "integ", 1, init)
    st.ddts = [flow.code]
    st.step_deps = flow.deps
    return Expr(st.stage_vars[0], cc.target_dims, True, frozenset({st.sid}))


def smooth(cc: ComponentCompiler, node) -> Expr:
    """Compile SMOOTH, SMOOTHI, SMOOTH3 and SMOOTH3I.

    PySD: ``ddt = (targets - state) * order / smooth_time`` where
    ``targets`` is the state shifted by one stage with the input first.
    """
    n = _order(cc, node.order, "SMOOTH")
    init = cc.to_target(cc.compile(node.initial))
    inp = cc.to_target(cc.compile(node.input))
    tau = cc.to_target(cc.compile(node.smooth_time))
    st = _new_state(cc, "smooth", n, init)
    first = inp.code
    is_int, consts = int_typed(cc.ir, node.initial)
    if is_int:
        # PySD keeps an integer initial value in an integer array: at the
        # first step the input written into it is truncated towards zero.
        flag = f"_int{st.sid[1:]}"
        st.int_flag = (flag, f"not (ov & {set(consts)!r})" if consts else "True")
        first = f"(_trunc({inp.code}) if k == 0 and {flag} else {inp.code})"
    targets = [first] + st.stage_vars[:-1]
    st.ddts = [f"({tg} - {s}) * {n} / {tau.code}" for tg, s in zip(targets, st.stage_vars, strict=False)]
    st.step_deps = inp.deps | tau.deps
    return Expr(st.stage_vars[-1], cc.target_dims, True, frozenset({st.sid}))


def delay(cc: ComponentCompiler, node) -> Expr:
    """Compile DELAY1, DELAY1I, DELAY3 and DELAY3I.

    PySD stores ``value * delay_time`` in every stage; ``outflow_i =
    state_i / delay_time`` and ``ddt = (inflows - outflows) * order``.
    The output is ``state_n / delay_time``.
    """
    n = _order(cc, node.order, "DELAY")
    init = cc.to_target(cc.compile(node.initial))
    inp = cc.to_target(cc.compile(node.input))
    tau = cc.to_target(cc.compile(node.delay_time))
    init_val = Expr(f"({init.code} * {tau.code})", cc.target_dims,
                    init.batched or tau.batched, init.deps | tau.deps)
    st = _new_state(cc, "delay", n, init_val)
    outflows = [f"{s} / {tau.code}" for s in st.stage_vars]
    inflows = [inp.code] + outflows[:-1]
    st.ddts = [f"({i} - {o}) * {n}" for i, o in zip(inflows, outflows, strict=False)]
    st.step_deps = inp.deps | tau.deps
    st.check = f"_check_delay({n}, v_time_step, {tau.code}, {cc.element.name!r})"
    return Expr(f"({st.stage_vars[-1]} / {tau.code})", cc.target_dims, True,
                frozenset({st.sid}) | tau.deps)


def initial(cc: ComponentCompiler, node) -> Expr:
    """Compile ``INITIAL(expr)``: the value of ``expr`` at initialisation."""
    init = cc.to_target(cc.compile(node.initial))
    st = _new_state(cc, "initial", 1, init)
    return Expr(st.stage_vars[0], cc.target_dims, True, frozenset({st.sid}))
