"""The layers of DESIGN.md, checked on the source: the engine is pure Python (no Reflex, no database),
services own the database and never reach up into the UI, state calls services (no queries of its own),
pages and components only lay out. Every import is read, including those inside functions."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "shiftapp"

DATABASE = ("sqlmodel", "sqlalchemy", "shiftapp.db", "shiftapp.models")
FORBIDDEN = {
    "engine": ("reflex", *DATABASE, "shiftapp.services", "shiftapp.state", "shiftapp.pages", "shiftapp.components"),
    "services": ("reflex", "shiftapp.state", "shiftapp.pages", "shiftapp.components"),
    "state": (*DATABASE, "shiftapp.pages", "shiftapp.components"),
    "pages": (*DATABASE, "shiftapp.services"),
    "components": (*DATABASE, "shiftapp.services"),
}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, source: str | None = None) -> set[str]:
    """Every module a file imports (``source``: its text, if not read from disk), relative imports made absolute."""
    here = _module(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text() if source is None else source)):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            name = ".".join(base + ([node.module] if node.module else []))
            out.add(name)
            out |= {f"{name}.{a.name}" for a in node.names}  # `from .. import models` imports shiftapp.models
    return out


def _breaks(name: str, banned: tuple[str, ...]) -> bool:
    return any(name == b or name.startswith(b + ".") for b in banned)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_its_layer_may(layer):
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files
    wrong = {f"{p.relative_to(PACKAGE)}: {name}" for p in files for name in imports(p) if _breaks(name, FORBIDDEN[layer])}
    assert not wrong, sorted(wrong)


def test_the_check_sees_a_relative_import_of_the_database_inside_a_function():
    assert "shiftapp.services.home" in imports(PACKAGE / "state" / "desk.py")
    found = imports(PACKAGE / "state" / "probe.py", "def f():\n    from ..models import Duty\n    from .. import db\n")
    assert {"shiftapp.models", "shiftapp.models.Duty", "shiftapp.db"} <= found
    assert _breaks("shiftapp.models.Duty", FORBIDDEN["state"]) and not _breaks("shiftapp.modelsx", FORBIDDEN["state"])
