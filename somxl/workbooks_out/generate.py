"""Write the SØM input workbook (the template), blank or filled with a case, and read the
settings a sender prefills and locks in it (``--settings``).

The sheets themselves are laid out by ``inputsheets`` (the writers' base, which the result
workbook and the annotated copy use too); this module opens the file atomically around them.
docs/template.md describes the layout and the conventions."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from somxl.model.catalog import Catalog
from somxl.base.errors import FileError, InputError
from somxl.base.fileio import check_target
from somxl.workbooks_out.inputsheets import SETTINGS_KEYS, Layout, NewOptions, add_input_sheets, check_settings
from somxl.workbooks_out.xlsxout import open_workbook, scratch_workbook

__all__ = ["Layout", "NewOptions", "SETTINGS_KEYS", "check_settings", "fill_layout", "load_settings",
           "write_input_workbook"]


def write_input_workbook(path: Path | str, *, lang: str = "da", case: dict | None = None,
                         options: NewOptions | None = None, catalog: Catalog | None = None) -> Layout:
    """Write the input workbook to ``path`` (atomically; refuses to overwrite unless
    ``options.force``). With ``case`` (a canonical case dict) the inputs are filled in."""
    options = options or NewOptions()
    path = Path(path)
    check_target(path, options.force)
    with open_workbook(path) as wb:
        return add_input_sheets(wb, lang=lang, case=case, options=options, catalog=catalog)


def fill_layout(case: dict | None, catalog: Catalog | None = None) -> Layout:
    """Where ``write_input_workbook`` (``somxl fill``) puts every input of ``case``, without
    writing a file: the same sheets laid out in memory and dropped. The cells do not depend on
    the language; a table's lines follow one another from its first row, and a table longer
    than the template's room pushes what is below it down, so the layout is the case's own."""
    return add_input_sheets(scratch_workbook(), lang="da", case=case, options=NewOptions(), catalog=catalog)


def load_settings(path: Path | str) -> dict[str, Any]:
    """Prefilled settings from a JSON or YAML file (YAML reads JSON too), checked. The file passes
    the safety gate of every input (``safety.read_input``); nesting is bounded."""
    import yaml

    from somxl.base.console import clean
    from somxl.base.safety import is_package, read_input, reading

    path = Path(path)
    with reading(path, "E023"):
        raw = read_input(path)
    if is_package(raw):
        raise FileError.of("E036", path=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # Python's own message would be English and name a codec
        raise FileError.of("E035", path=path, byte=exc.start) from None
    if re.search(r"\d{4300}", text):  # Python refuses to convert such a number; its message names sys
        raise FileError.of("E008", path=path)
    # composed once: the node tree shows a key written twice, which the data no longer can, and then
    # gives the data (in that order: constructing flattens merge keys '<<' into the tree)
    loader = _decimal_loader()(text)
    try:
        node = loader.get_single_node()
        twice = _repeated_key(node)
        data = None if node is None else loader.construct_document(node)
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        detail = clean(exc if not isinstance(exc, RecursionError) else "nested too deep")
        raise FileError.of("E025", path=path, detail=detail) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InputError.of("E026", path=path)
    if twice is not None:  # both readers keep one silently: every department's copy would lock it
        raise InputError.of("E038", path=path, key=clean(twice))
    return check_settings(data)


# The numbers of a settings file are the numbers JSON has, in decimal (a sign and leading zeros
# allowed, as typed). YAML 1.1 also reads 0x7EA, 0b..., 017 (octal 15), 2_026 and the base-60 33:46
# as numbers, all 2026 but the octal: a clock time or a code in a cell would be locked as the start
# year in every copy. Anything else is a text, which the settings' own checks then name (E028-E030).
_DECIMAL_INT = re.compile(r"[-+]?[0-9]+\Z")
_DECIMAL_FLOAT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")


@functools.cache
def _decimal_loader() -> type:
    """PyYAML's safe loader (the C one where there is one) with plain decimal numbers only."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    number_tags = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")

    class Loader(base):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in resolvers if tag not in number_tags]
                                   for first, resolvers in base.yaml_implicit_resolvers.items()}

        def decimal(self, node: Any) -> int | float:
            text = self.construct_scalar(node)
            if _DECIMAL_INT.match(text):
                return int(text, 10)  # '010' is ten, not YAML 1.1's octal eight
            if _DECIMAL_FLOAT.match(text):
                return float(text)
            # an explicit tag ('!!int 0x7EA') is held to the same rule: E025 names the value
            raise yaml.constructor.ConstructorError(None, None, f"{text!r} is no decimal number", node.start_mark)

    Loader.add_implicit_resolver(number_tags[0], _DECIMAL_INT, list("-+0123456789"))
    Loader.add_implicit_resolver(number_tags[1], _DECIMAL_FLOAT, list("-+0123456789."))
    for tag in number_tags:
        Loader.add_constructor(tag, Loader.decimal)
    # a date (2026-01-15) stays the text it was written as: no setting is a date, and E028 shows
    # the value as the user typed it, not as Python's datetime.date(2026, 1, 15)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", base.construct_scalar)
    return Loader


def _repeated_key(node: Any) -> str | None:
    """The first key written twice in one mapping of a composed YAML (or JSON) document."""
    import yaml

    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value
                    if isinstance(k, yaml.ScalarNode) and k.tag != "tag:yaml.org,2002:merge"]
            twice = next((k for i, k in enumerate(keys) if k in keys[:i]), None)
            if twice is not None:
                return twice
            stack += [v for _, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return None
