"""Load a Vensim ``.mdl`` file into a small intermediate representation.

The parsing itself is done by PySD's translator
(:class:`pysd.translators.vensim.vensim_file.VensimFile`); this module only
collects what the code generator needs: python-safe names identical to the
ones PySD's builder assigns, subscript ranges, element dimensions and the
abstract syntax trees of every component.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CompileError

CONTROL_NAMES = ("initial_time", "final_time", "time_step", "saveper")


@dataclass
class Component:
    """One equation of an element (a subscripted element may have several).

    Attributes
    ----------
    subs : list of str
        Subscripts on the left-hand side, as written (ranges or elements).
    ast : object
        PySD abstract syntax tree of the right-hand side.
    """

    subs: list
    ast: object


@dataclass
class Element:
    """A model element (variable, constant, lookup or control variable).

    Attributes
    ----------
    name : str
        Original Vensim name.
    py_name : str
        Python-safe name, as PySD assigns it.
    dims : tuple of str
        Subscript ranges of the element (empty for scalars).
    components : list of Component
        The equations defining the element.
    units, doc : str
        Units and documentation strings.
    control : bool
        True for INITIAL TIME, FINAL TIME, TIME STEP and SAVEPER.
    """

    name: str
    py_name: str
    dims: tuple
    components: list
    units: str = ""
    doc: str = ""
    control: bool = False


@dataclass
class ModelIR:
    """Everything the code generator needs from a parsed model.

    Attributes
    ----------
    path : Path
        The model file.
    elements : dict
        ``py_name -> Element`` in model order.
    namespace : dict
        Original Vensim name -> python-safe name (PySD's namespace).
    cleanspace : dict
        Lower-case, underscore-joined name -> python-safe name; the names
        used by :class:`ReferenceStructure` in the syntax trees.
    ranges : dict
        Subscript range name -> list of its elements.
    subscripts : object
        PySD's :class:`SubscriptManager`, used to resolve coordinates.
    """

    path: Path
    elements: dict
    namespace: dict
    cleanspace: dict
    ranges: dict
    subscripts: object = field(repr=False)

    def coord_dict(self, subs: list) -> dict:
        """Resolve written subscripts into ``{dimension: [elements]}``."""
        return self.subscripts.make_coord_dict(list(subs))


def load_model(path) -> ModelIR:
    """Parse a Vensim model and return its :class:`ModelIR`.

    Parameters
    ----------
    path : str or Path
        Path to a ``.mdl`` file.

    Returns
    -------
    ModelIR
        The intermediate representation.

    Raises
    ------
    CompileError
        If the model uses macros (not supported).
    """
    from pysd.builders.python.namespace import NamespaceManager
    from pysd.builders.python.subscripts import SubscriptManager
    from pysd.translators.structures.abstract_model import AbstractControlElement
    from pysd.translators.vensim.vensim_file import VensimFile

    path = Path(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        vf = VensimFile(path)
        vf.parse()
        abstract = vf.get_abstract_model()
    if len(abstract.sections) > 1:
        raise CompileError("MACRO", abstract.sections[1].name, "macros are not supported")
    section = abstract.sections[0]

    subscripts = SubscriptManager(section.subscripts, path.parent)
    namespace = NamespaceManager(section.params)
    elements: dict[str, Element] = {}
    for element in section.elements:
        # Same order of insertion as PySD's SectionBuilder.build_section,
        # so the python-safe names are identical.
        namespace.add_to_namespace(element.name)
        py_name = namespace.namespace[element.name]
        comps = [Component(list(c.subscripts[0]), c.ast) for c in element.components]
        for c in element.components:
            if c.subscripts[1]:
                raise CompileError(":EXCEPT:", element.name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dims = tuple(subscripts.make_merge_list([c.subs for c in comps], element.name))
        elements[py_name] = Element(
            name=element.name,
            py_name=py_name,
            dims=dims,
            components=comps,
            units=element.units or "",
            doc=element.documentation or "",
            control=isinstance(element, AbstractControlElement),
        )
    return ModelIR(
        path=path,
        elements=elements,
        namespace=dict(namespace.namespace),
        cleanspace=dict(namespace.cleanspace),
        ranges={k: list(v) for k, v in subscripts.subscripts.items()},
        subscripts=subscripts,
    )
