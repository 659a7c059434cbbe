"""Rules about the code itself, checked on every project module's syntax tree (``ast``), so they stay true.

- A module never uses another module's private (``_underscore``) names: ``from x import _name``,
  ``import x`` then ``x._name``, or ``from pkg import module`` then ``module._name``. What another
  module needs is public there (ruff 0.17.6 has no rule for this: PLC2701 is preview-only and
  misses ``module._name``).
- No function is longer than ``MAX_FUNCTION_LINES`` (its ``def`` to its last line, docstring included):
  a longer one is split where a name explains a step. Migrations and tests are not counted.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED_DIRS = {".venv", "node_modules", "var", "static", "locale", "templates", ".git"}
MAX_FUNCTION_LINES = 60
# None allowed: plan_xlsx and checklist_parse were the last two, split (tests/test_split_outputs.py pins their output).
LONG_FUNCTIONS_ALLOWED: set[str] = set()


def project_modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED_DIRS & set(path.relative_to(ROOT).parts) and "migrations" not in path.parts
    )


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_project_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def absolute(node: ast.ImportFrom, path: Path) -> str:
    """The module a ``from … import`` reads from, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def private_uses(path: Path) -> list[str]:
    """Every use in ``path`` of a private name of another module, as "line: what"."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules: dict[str, str] = {}  # local name → module it is bound to
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:  # "import a.b" binds a; "import a.b as c" binds a.b
                modules[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom):
            source = absolute(node, path)
            for alias in node.names:
                if is_private(alias.name):
                    found.append(f"{node.lineno}: from {source} import {alias.name}")
                elif is_project_module(f"{source}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{source}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr):
            owner = node.value
            while isinstance(owner, ast.Attribute):
                owner = owner.value
            if isinstance(owner, ast.Name) and owner.id in modules:
                found.append(f"{node.lineno}: {ast.unparse(node)} ({modules[owner.id]})")
    return found


def test_the_check_sees_every_way_of_reaching_a_private_name(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.test_code_shape.ROOT", tmp_path)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "lib.py").write_text("def _helper(): ...\n")
    user = tmp_path / "pkg" / "user.py"
    user.write_text(
        "import pkg.lib\nfrom pkg import lib\nfrom pkg.lib import _helper\nfrom . import lib as same\n"
        "from django.utils.translation import gettext as _\n"
        "pkg.lib._helper(); lib._helper(); same._helper(); lib.__name__; _('x')\n"
    )
    assert private_uses(user) == [
        "3: from pkg.lib import _helper",
        "6: pkg.lib._helper (pkg)",
        "6: lib._helper (pkg.lib)",
        "6: same._helper (pkg.lib)",
    ]


def test_no_module_uses_another_modules_private_names():
    modules = project_modules()
    assert len(modules) > 150  # the apps, tthc_inspect, tests, bench and scripts, not an empty glob
    found = [f"{path.relative_to(ROOT)}:{use}" for path in modules for use in private_uses(path)]
    assert found == [], "make the name public where it is defined:\n" + "\n".join(found)


def long_functions(path: Path, limit: int = MAX_FUNCTION_LINES) -> list[tuple[str, int]]:
    """[(name, lines)] of the functions and methods in ``path`` longer than ``limit`` lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > limit
    ]


def test_the_length_check_counts_from_def_to_the_last_line(tmp_path):
    module = tmp_path / "m.py"
    body = "\n".join(f"    x{n} = {n}" for n in range(59))
    module.write_text(f"def short():\n{body}\n\n\ndef long():\n{body}\n    x = 0\n")
    assert long_functions(module) == [("long", 61)]


def test_no_function_is_longer_than_the_limit():
    counted = [p for p in project_modules() if "tests" not in p.parts and p.name != "conftest.py"]
    found = [
        f"{path.relative_to(ROOT)}::{name} ({lines} lines)"
        for path in counted
        for name, lines in long_functions(path)
        if f"{path.relative_to(ROOT)}::{name}" not in LONG_FUNCTIONS_ALLOWED
    ]
    assert found == [], f"split these where a name would explain a step (limit {MAX_FUNCTION_LINES}):\n" + "\n".join(
        found
    )
