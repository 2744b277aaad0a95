"""Exceptions raised by the vectorised engine."""

from __future__ import annotations


class CompileError(ValueError):
    """A model construct cannot be compiled by the vectorised engine.

    Parameters
    ----------
    construct : str
        Name of the unsupported construct (e.g. ``"DELAY FIXED"``).
    variable : str
        Vensim name of the variable whose equation contains it.
    detail : str, optional
        Extra explanation appended to the message.
    """

    def __init__(self, construct: str, variable: str, detail: str = "") -> None:
        self.construct = construct
        self.variable = variable
        msg = f"unsupported construct {construct!r} in variable {variable!r}"
        if detail:
            msg += f": {detail}"
        super().__init__(msg)
