"""The house's layers: ita/ imports only downward (core <- storage <- services <- documents, cli, ui), has no
import cycle, and only ita/ui imports Streamlit. Read from the source with ast, so nothing is imported or run."""

import ast
from pathlib import Path

import pytest

ITA = Path(__file__).resolve().parents[2] / "ita"

# A layer may import its own modules and those of lower layers only; the three top layers are peers that do
# not use each other (the CLI and the pages both call documents directly).
RANK = {"core": 0, "storage": 1, "services": 2, "documents": 3, "cli": 4, "ui": 4}
MAY_USE = {
    "core": {"core"},
    "storage": {"core", "storage"},
    "services": {"core", "storage", "services"},
    "documents": {"core", "storage", "services", "documents"},
    "cli": {"core", "storage", "services", "documents", "cli"},
    "ui": {"core", "storage", "services", "documents", "ui"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ITA.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Returns the modules a file imports, `from ita.core import thai` giving ita.core.thai."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ITA.rglob("*.py"))}


def layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in RANK else None


def ita_imports() -> dict[str, set[str]]:
    """Returns, per ita module, the ita modules it imports (names that are not modules are dropped)."""
    known = modules()
    return {name: {m for m in imported_modules(path) if m in known and m != name} for name, path in known.items()}


def test_every_module_lives_in_a_layer():
    # `ls ita` shows the layers: besides the package itself and `python -m ita`, every module is in one.
    loose = [n for n in modules() if layer(n) is None and n not in {"ita", "ita.__main__", *(f"ita.{k}" for k in RANK)}]
    assert loose == []


@pytest.mark.parametrize("name", sorted(n for n in modules() if layer(n)))
def test_imports_go_downward_only(name):
    own = layer(name)
    wrong = sorted(m for m in ita_imports()[name] if layer(m) and layer(m) not in MAY_USE[own])
    assert wrong == [], f"{name} ({own}) imports {wrong}"


def test_only_ita_ui_imports_streamlit():
    users = sorted(n for n, p in modules().items()
                   if any(m == "streamlit" or m.startswith("streamlit.") for m in imported_modules(p))
                   and layer(n) != "ui")
    assert users == []


def test_no_import_cycle():
    graph = ita_imports()
    # Packages import nothing here, so a cycle is between modules; depth-first search with colours.
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, path: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle.extend([*path, node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, [*path, node]):
                return True
        state[node] = 2
        return False

    for start in sorted(graph):
        if state.get(start) is None and visit(start, []):
            break
    assert cycle == []


def test_the_layer_check_sees_a_wrong_import(tmp_path):
    # The check itself can fail: a core module that imports the store is caught.
    bad = tmp_path / "bad.py"
    bad.write_text("from ita.storage.store import Store\n", encoding="utf-8")
    assert "ita.storage.store" in imported_modules(bad)
    assert layer("ita.storage.store") not in MAY_USE["core"]
