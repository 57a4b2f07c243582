"""The project's modules import one way: no cycles, and no app imports a layer above its own.

The graph is read from the source with ``ast``, without running any of it. Only imports that
run when a module is imported count: those at module level (including inside module-level
``if``/``try``/``with`` blocks and class bodies). Imports inside functions run later, and
imports under ``if TYPE_CHECKING:`` never run; both are left out. Migrations and tests are
not part of the product's graph.

The layers, from the ground up (docs: shared design, "Layering"):

    core → partnerships → audit → accounts → casework → escalations, config
         → oversight, notifications → scripts

An app may import its own modules and those of any layer below; packages on one layer are
independent of each other. ``config`` is the project's wiring (settings, URLs, the Celery
app). It names the apps above it only by dotted strings (``include("oversight.urls")``, the
beat schedule's task names), so importing it never pulls in a higher layer; and no app
imports ``config``: settings are read through ``django.conf.settings``, tasks are declared
with ``celery.shared_task`` (``core.tasks``). ``CONFIG_IMPORTABLE`` and ``ALLOWED`` list
the exceptions, each with its reason.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# An entry is a package or a module prefix; a module takes the layer of its longest prefix.
# partnerships is cut in two, as the design's layering says ("partnerships (fence,
# permissions, middleware) → audit"): who may work where sits below the audit log, and the
# services that change it (and record the change in the log) sit above it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    (
        "partnerships.models",
        "partnerships.fence",
        "partnerships.access",
        "partnerships.permissions",
    ),
    ("audit",),
    ("partnerships",),
    ("accounts",),
    ("casework",),
    ("escalations", "config"),
    ("oversight", "notifications"),
    ("scripts",),
)
LAYER_OF = {package: height for height, packages in enumerate(LAYERS) for package in packages}
PACKAGES = tuple(sorted({name.split(".")[0] for name in LAYER_OF}))


def layer_of(module: str) -> int:
    """The layer of a module: that of the longest package or prefix it falls under."""
    parts = module.split(".")
    for length in range(len(parts), 0, -1):
        prefix = ".".join(parts[:length])
        if prefix in LAYER_OF:
            return LAYER_OF[prefix]
    raise KeyError(module)


# The modules of ``config`` an app may import, and which of its modules may: the Celery app,
# for a task module that has to bind to it by name (``@app.task``, ``app.control``). None
# does today (``shared_task`` through ``core.tasks`` binds late), so this is the only door.
CONFIG_IMPORTABLE = {"config.celery": "tasks"}

# (importer, imported) pairs that break the layering on purpose, each with why.
# Keep this empty unless a cut would cost more than it saves; say so here when it is not.
ALLOWED: dict[tuple[str, str], str] = {}

EXCLUDED_DIRS = {"migrations", "tests", "__pycache__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    """Every module of the project's packages: ``{"casework.services": Path(...)}``."""
    modules: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT / package)
            if EXCLUDED_DIRS & set(relative.parts[:-1]) or path.name.startswith("test_"):
                continue
            modules[_module_name(path)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_time_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements that run when the module is imported: not function bodies."""
    for node in body:
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _import_time_statements(node.body)
            yield from _import_time_statements(node.orelse)
        elif isinstance(node, ast.Try | ast.TryStar):
            yield from _import_time_statements(node.body)
            for handler in node.handlers:
                yield from _import_time_statements(handler.body)
            yield from _import_time_statements(node.orelse)
            yield from _import_time_statements(node.finalbody)
        elif isinstance(node, ast.With | ast.AsyncWith | ast.ClassDef):
            yield from _import_time_statements(node.body)
        elif isinstance(node, ast.For | ast.AsyncFor | ast.While):
            yield from _import_time_statements(node.body)
            yield from _import_time_statements(node.orelse)


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module that ``name`` names, or the nearest package above it."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def module_imports(module: str, path: Path, modules: dict[str, Path]) -> dict[str, int]:
    """The project modules ``module`` imports at import time, with the line of each."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: dict[str, int] = {}
    for node in _import_time_statements(tree.body):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            # ``from a import b`` imports the submodule a.b when there is one, else names in a.
            targets = [f"{source}.{alias.name}" for alias in node.names]
        for target in targets:
            resolved = _resolve(target, modules)
            if resolved and resolved != module:
                found.setdefault(resolved, node.lineno)
    return found


def import_graph() -> dict[str, dict[str, int]]:
    modules = project_modules()
    return {module: module_imports(module, path, modules) for module, path in modules.items()}


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan), each as one cycle through it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(_one_cycle(graph, group) for group in groups)


def _one_cycle(graph: dict[str, dict[str, int]], group: list[str]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node]):
                if target == start:
                    return [*paths[node], start]
                if target in members and target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    return group  # unreachable for a strongly connected group


def layering_violations(graph: dict[str, dict[str, int]]) -> list[str]:
    found = []
    for importer, imported in sorted(graph.items()):
        own = importer.split(".")[0]
        for target, line in sorted(imported.items()):
            other = target.split(".")[0]
            if other == own or (importer, target) in ALLOWED:
                continue
            where = f"{importer} (line {line}) imports {target}"
            if other == "config":
                if importer.split(".")[-1] != CONFIG_IMPORTABLE.get(target):
                    found.append(f"{where}: no app imports config")
            elif layer_of(target) > layer_of(importer):
                found.append(f"{where}: {other} is above {own}")
            elif layer_of(target) == layer_of(importer) and other != "config":
                found.append(f"{where}: {own} and {other} share a layer and stay independent")
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, dict[str, int]]:
    return import_graph()


def test_the_graph_sees_the_project(graph):
    # A guard for the reader: a broken walk would pass the two tests below on an empty graph.
    assert {"casework.models", "casework.views", "partnerships.fence", "config.urls"} <= set(graph)
    assert "partnerships.models" in graph["casework.models.cases"]
    assert not any(".migrations" in module for module in graph)


def test_only_imports_that_run_on_import_count(tmp_path):
    path = tmp_path / "services.py"
    path.write_text(
        "from typing import TYPE_CHECKING\n"
        "import casework.models\n"
        "from .selectors import visible_cases\n"
        "if TYPE_CHECKING:\n"
        "    from escalations.models import Escalation\n"
        "else:\n"
        "    from audit import services\n"
        "try:\n"
        "    from partnerships import fence\n"
        "except ImportError:\n"
        "    fence = None\n"
        "class Later:\n"
        "    from core import actors\n"
        "def later():\n"
        "    from oversight import services\n"
    )
    names = (
        "casework.models casework.selectors escalations.models audit audit.services "
        "partnerships partnerships.fence core core.actors oversight.services"
    )
    modules = dict.fromkeys(names.split(), path)
    found = module_imports("casework.services", path, modules)
    assert set(found) == {
        "casework.models",
        "casework.selectors",
        "audit.services",
        "partnerships.fence",
        "core.actors",
    }


def test_no_import_cycles(graph):
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(" → ".join(cycle) for cycle in found)


def test_no_app_imports_a_layer_above_its_own(graph):
    found = layering_violations(graph)
    assert not found, "imports against the layering:\n" + "\n".join(found)


def test_allowed_exceptions_still_exist(graph):
    # An exception nobody needs any more is taken out, so the list only says what is true.
    stale = [pair for pair in ALLOWED if pair[1] not in graph.get(pair[0], {})]
    assert not stale, f"ALLOWED lists imports that no longer exist: {stale}"
