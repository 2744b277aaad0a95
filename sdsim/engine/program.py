"""Order the compiled model and generate the vectorised run function.

One run function is generated per combination of (time-varying
constants, requested outputs). It processes one chunk of the batch::

    run_chunk(C, Q, O, B, times, rows, ctl, ov)

``C`` maps constant names to arrays of shape ``(1 or B,) + dims``, ``Q``
maps time-varying constants to arrays ``(len(times), 1 or B) + dims``,
``O`` maps output names to arrays ``(n_saved, B) + dims`` to fill,
``times``/``rows`` come from :func:`runtime.time_grid` and ``ctl`` is the
tuple of control values ``(initial_time, final_time, time_step, saveper)``
and ``ov`` the set of overridden constants.
"""

from __future__ import annotations

import numpy as np

from .errors import CompileError
from .runtime import HELPERS
from .scalar import SCALAR_HELPERS

CONTROLS = ("initial_time", "final_time", "time_step", "saveper")


def _toposort(nodes: list, deps: dict, what: str, names: dict) -> list:
    """Depth-first topological sort keeping model order where possible."""
    order: list = []
    state: dict = {}

    def visit(n, path):
        s = state.get(n)
        if s == 2:
            return
        if s == 1:
            cycle = [names.get(p, p) for p in path[path.index(n):]] + [names.get(n, n)]
            raise CompileError("circular dependency", names.get(n, n),
                               f"{what}: {' -> '.join(cycle)}")
        state[n] = 1
        path.append(n)
        for d in sorted(deps.get(n, ()), key=str):
            if d in deps:
                visit(d, path)
        path.pop()
        state[n] = 2
        order.append(n)

    for n in nodes:
        visit(n, [])
    return order


class Program:
    """Dependency analysis of a compiled model and source generation.

    Parameters
    ----------
    elements : dict
        ``py_name -> ElementCode``.
    states : list of State
        All stateful objects.
    globals_ : dict
        Module-level objects referenced by the generated code.
    names : dict
        ``py_name -> Vensim name``, used in error messages.
    """

    def __init__(self, elements: dict, states: list, globals_: dict, names: dict) -> None:
        self.elements = elements
        self.states = {s.sid: s for s in states}
        self.globals = globals_
        self.names = dict(names)
        for s in states:
            self.names[s.sid] = f"state of {names.get(s.element, s.element)}"

    def _closure(self, outputs: list) -> set:
        need: set = set()
        stack = list(outputs)
        while stack:
            n = stack.pop()
            if n in need or n == "time":
                continue
            need.add(n)
            if n in self.states:
                st = self.states[n]
                stack.extend(st.init.deps | st.step_deps)
            elif n in self.elements:
                stack.extend(self.elements[n].deps)
        return need

    def generate(self, outputs: list, series: frozenset) -> str:
        """Return the source of ``run_chunk`` for these outputs and series.

        Parameters
        ----------
        outputs : list of str
            Element python names to store at every saved time.
        series : frozenset of str
            Constants replaced by time series.

        Returns
        -------
        str
            Python source defining ``run_chunk``.
        """
        els, states = self.elements, self.states
        need = self._closure(outputs)
        # dynamic: depends on time, a (non-INITIAL) state or a series
        aux_deps = {n: els[n].deps for n in need
                    if n in els and els[n].kind in ("aux", "stock")}
        init_deps = dict(aux_deps)
        for sid in need & states.keys():
            init_deps[sid] = states[sid].init.deps
        model_order = [n for n in els if n in aux_deps] + sorted(
            (s for s in init_deps if s in states), key=lambda s: int(s[1:]))
        init_order = _toposort(model_order, init_deps, "initialisation", self.names)

        dynamic = {"time"} | set(series)
        dynamic |= {s for s in need & states.keys() if states[s].kind != "initial"}
        step_order = _toposort([n for n in els if n in aux_deps], aux_deps, "equations",
                               self.names)
        for n in step_order:
            if aux_deps[n] & dynamic:
                dynamic.add(n)
        loop = [n for n in step_order if n in dynamic]

        lines = ["def run_chunk(C, Q, O, B, times, rows, ctl, ov):"]
        add = lines.append
        add("    v_initial_time, v_final_time, v_time_step, v_saveper = ctl")
        add("    dt = v_time_step")
        consts = [n for n in els if n in need and els[n].kind == "constant"]
        for n in consts:
            if n in series:
                add(f"    q_{n} = Q[{n!r}]")
                add(f"    v_{n} = q_{n}[0]")
            else:
                add(f"    v_{n} = C[{n!r}]")
        for n in outputs:
            add(f"    o_{n} = O[{n!r}]")
        add("    t = times[0]")
        for n in init_order:
            if n in states:
                st = states[n]
                for var in st.stage_vars:
                    add(f"    {var} = _mkstate({st.init.code}, B, {st.shape!r})")
                if st.check:
                    add(f"    {st.check}")
                if st.int_flag:
                    add(f"    {st.int_flag[0]} = {st.int_flag[1]}")
            else:
                add(f"    {els[n].code}")
        for n in outputs:
            if n not in dynamic:
                add(f"    o_{n}[:] = v_{n}")
        live = [s for s in states.values() if s.sid in need and s.ddts]
        add("    last = len(times) - 1")
        add("    for k in range(last + 1):")
        add("        t = times[k]")
        for n in consts:
            if n in series:
                add(f"        v_{n} = q_{n}[k]")
        for n in loop:
            add(f"        {els[n].code}")
        dyn_out = [n for n in outputs if n in dynamic]
        if dyn_out:
            add("        j = rows[k]")
            add("        if j >= 0:")
            for n in dyn_out:
                add(f"            o_{n}[j] = v_{n}")
        add("        if k == last:")
        add("            break")
        incs = []
        for st in live:
            for var, ddt in zip(st.stage_vars, st.ddts, strict=False):
                incs.append((var, f"_d{len(incs)}"))
                add(f"        {incs[-1][1]} = ({ddt}) * dt")
        for var, inc in incs:
            add(f"        {var} += {inc}")
        return "\n".join(lines) + "\n"

    def build(self, outputs: list, series: frozenset, scalar: bool = False):
        """Generate, compile and return ``(run_chunk, source)``.

        With ``scalar=True`` the same source is bound to the pure-Python
        helpers of :mod:`.scalar` (only valid for models without subscripts).
        """
        source = self.generate(outputs, series)
        if scalar:
            namespace = dict(SCALAR_HELPERS)
            namespace["np"] = np
            namespace.update({k: tuple(np.asarray(v).tolist()) for k, v in self.globals.items()})
        else:
            namespace = dict(HELPERS)
            namespace.update(self.globals)
        code = compile(source, "<sdsim.engine generated>", "exec")
        exec(code, namespace)  # noqa: S102
        return namespace["run_chunk"], source
