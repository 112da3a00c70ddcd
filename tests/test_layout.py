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
# from above; writing back turns what sync reads of Anki into Markdown; the commands run the
# stages, and the CLI only parses, calls a command and prints.
ORDER = (
    "sources",
    "deck",
    "shapes",
    "checks",
    "render",
    "package",
    "sync",
    "writeback",
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
    owners = {
        "markdown": "render",
        "genanki": "package",
        "anki": "sync",
        "click": "cli",
        "markdownify": "writeback",
        "bs4": "writeback",
    }
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


# Objects that one stage hands another and that are not values: each works on its own state,
# which no other stage writes.
SERVICES = {
    "qadeck.diagnostics.Diagnostics": "the findings of a run, which every stage adds to",
    "qadeck.background.Forked": "work done beside the build, waited for",
    "qadeck.incremental.store.RenderCache": "the cache file, read and written by itself",
    "qadeck.incremental.documents.DocumentMemory": "looks documents up in the cache",
    "qadeck.incremental.reading.RememberingReader": "keeps what memory gave, by part",
    "qadeck.render.ahead.RenderAhead": "rendering under way in worker processes",
    "qadeck.render.ahead.Fragments": "fragments as they come back from the workers",
    "qadeck.render.media.MediaStore": "the image files read so far",
    "qadeck.render.notes.MediaRenderer": "renders Markdown with images, keeping their files",
    "qadeck.render.memo.Blocks": "code blocks highlighted so far",
    "qadeck.sync.apply.Backend": "the way into a collection",
    "qadeck.sync.collection.CollectionBackend": "the collection file, open",
    "qadeck.sync.ankiconnect.AnkiConnect": "an AnkiConnect connection",
}


def _classes() -> dict[str, ast.ClassDef]:
    """Every class of the package, by its dotted name."""
    found = {}
    for name, path in modules().items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                found[f"{name}.{node.name}"] = node
    return found


def _is_value(node: ast.ClassDef) -> bool:
    """A frozen dataclass, a NamedTuple, an enum, a protocol, an exception, or a class that
    refuses assignments."""
    for decorator in node.decorator_list:
        called = isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "dataclass"
        keywords = decorator.keywords if isinstance(decorator, ast.Call) else []
        if called and any(k.arg == "frozen" and ast.unparse(k.value) == "True" for k in keywords):
            return True
    methods = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
    if "__setattr__" in methods:  # refuses assignments itself
        return True
    bases = {ast.unparse(base).split(".")[-1] for base in node.bases}
    values = {"NamedTuple", "StrEnum", "Enum", "IntEnum", "Protocol", "Exception"}
    return bool(bases & values) or any(base.endswith(("Error", "Exception")) for base in bases)


def _imported_names(tree: ast.Module, known: dict[str, Path]) -> dict[str, str]:
    """The names a module imports from qadeck modules, with the dotted names they stand for."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in known and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _annotation_names(tree: ast.Module) -> set[str]:
    """Every name used in an annotation of the module (string annotations included)."""
    found = set()
    for node in ast.walk(tree):
        annotations = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = [*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs]
            annotations = [a.annotation for a in arguments if a.annotation] + [node.returns]
        elif isinstance(node, ast.AnnAssign):
            annotations = [node.annotation]
        for annotation in annotations:
            if annotation is None:
                continue
            text = ast.unparse(annotation).strip("'\"")
            found |= set(
                text.replace("[", " ").replace("]", " ").replace(",", " ").replace("|", " ").split()
            )
    return found


def test_what_stages_hand_each_other_is_frozen() -> None:
    known, classes = modules(), _classes()
    handed = set()
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = _imported_names(tree, known)
        for name in _annotation_names(tree):
            dotted = imported.get(name)
            if dotted in classes and stage_of(dotted.rsplit(".", 1)[0]) != stage_of(module):
                handed.add(dotted)
    assert len(handed) > 20, "the annotations were read"
    mutable = sorted(
        name for name in handed if not _is_value(classes[name]) and name not in SERVICES
    )
    assert not mutable, "objects handed between stages must be frozen values: " + ", ".join(mutable)


def test_no_function_assigns_to_an_attribute_of_another_stages_object() -> None:
    known, classes = modules(), _classes()
    wrong = []
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = _imported_names(tree, known)
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            arguments = [*function.args.args, *function.args.kwonlyargs]
            foreign = {
                a.arg
                for a in arguments
                if a.annotation is not None
                and any(
                    (dotted := imported.get(word)) in classes
                    and stage_of(dotted.rsplit(".", 1)[0]) != stage_of(module)
                    for word in ast.unparse(a.annotation).replace("|", " ").split()
                )
            }
            for node in ast.walk(function):
                targets = []
                if isinstance(node, ast.Assign):
                    targets = node.targets
                elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                    targets = [node.target]
                for target in targets:
                    if isinstance(target, ast.Subscript):
                        target = target.value
                    owner = target.value if isinstance(target, ast.Attribute) else None
                    if isinstance(owner, ast.Name) and owner.id in foreign:
                        wrong.append(f"{module}.{function.name}: {ast.unparse(target)}")
    assert not wrong, "assigned into another stage's object: " + ", ".join(wrong)


def test_no_two_modules_share_a_name() -> None:
    names: dict[str, list[str]] = {}
    for module, path in modules().items():
        if path.name != "__init__.py":
            names.setdefault(module.rsplit(".", 1)[-1], []).append(module)
    shared = {
        name: places
        for name, places in names.items()
        if len(places) > 1
        # a verb's two halves: what it does (commands/) and how it is asked for (cli/)
        and sorted(places) != [f"qadeck.cli.{name}", f"qadeck.commands.{name}"]
    }
    assert not shared, f"modules of the same name: {shared}"


def test_no_run_of_six_lines_is_written_twice() -> None:
    """Six lines in a row that say something (not blank, not a lone bracket or keyword) appear
    once in the package."""
    trivial = {"", ")", "]", "}", "),", "],", "},", '"""', "else:", "try:", "finally:", "return"}
    seen: dict[tuple[str, ...], str] = {}
    repeated = []
    for name, path in modules().items():
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        meaningful = [(n, line) for n, line in enumerate(lines, 1) if line not in trivial]
        for start in range(len(meaningful) - 5):
            run = tuple(line for _, line in meaningful[start : start + 6])
            if any(line.startswith(("from ", "import ", "@")) for line in run):
                continue  # imports and decorators say which names, not what is done
            where = f"{name}:{meaningful[start][0]}"
            if run in seen and not seen[run].startswith(f"{name}:"):
                repeated.append(f"{seen[run]} ~ {where}")
            seen.setdefault(run, where)
    assert not repeated, "the same six lines twice: " + ", ".join(repeated)
