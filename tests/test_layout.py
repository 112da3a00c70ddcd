"""The source tree shows the pipeline: no import cycles, small modules, stages in one direction."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src"
PACKAGE = SRC / "qadeck"
MAX_LINES = 300
# The pipeline's stages, each a package, from the bottom up: a stage imports only from the
# stages below it (besides the shared modules at the top of the package). The deck model is the
# vocabulary the shapes read documents into; the remembering layer wraps reading and rendering
# from above; the commands run the stages, and the CLI only parses, calls a command and prints.
ORDER = (
    "sources",
    "deck",
    "shapes",
    "checks",
    "render",
    "package",
    "sync",
    "incremental",
    "commands",
    "cli",
)
STAGES = {stage: set(ORDER[:index]) for index, stage in enumerate(ORDER)}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: dict[str, Path], typing: bool = True) -> set[str]:
    """Every qadeck module `path` imports, at the top or inside a function (and, unless
    `typing` is false, inside `if TYPE_CHECKING:`)."""
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if not typing:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
                node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                if submodule in known:
                    found.add(submodule)
                elif node.module in known:
                    found.add(node.module)
    return found


def graph(typing: bool = True) -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known, typing) for name, path in known.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as the list of its modules, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)) is not None:
            return cycle
    return None


def test_no_import_cycles() -> None:
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_cycles() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_lazy_imports_are_seen() -> None:
    known = modules()
    # fragments are rendered by renderer, which loads Python-Markdown's converter only on demand
    assert "qadeck.render.converter" in imports(PACKAGE / "render" / "fragment_renderer.py", known)


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in STAGES else None


def test_stages_import_only_the_stages_before_them() -> None:
    wrong = []
    for module, targets in graph(typing=False).items():  # types may name any stage's data
        stage = stage_of(module)
        for target in targets:
            other = stage_of(target)
            if stage and other and other != stage and other not in STAGES[stage]:
                wrong.append(f"{module} -> {target}")
    assert not wrong, "imports against the pipeline's direction: " + ", ".join(wrong)


def test_every_package_says_what_its_stage_takes_and_gives() -> None:
    for init in PACKAGE.glob("*/**/__init__.py"):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring.split()) >= 12, f"{init} needs a docstring"
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} == set(STAGES)


def test_modules_stay_small() -> None:
    long = {
        name: count
        for name, path in modules().items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_libraries_stay_in_their_stage() -> None:
    owners = {"markdown": "render", "genanki": "package", "anki": "sync", "click": "cli"}
    wrong = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                roots = [node.module.split(".")[0]]
            else:
                continue
            for root in roots:
                if root in owners and stage_of(name) != owners[root]:
                    wrong.append(f"{name} imports {root}")
    assert not wrong, ", ".join(wrong)
