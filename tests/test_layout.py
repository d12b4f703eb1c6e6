"""Imports point one way: apps never reach into the benchmark, the search app
into no other app, and the Whoosh backend into nothing of kb."""

import ast
from pathlib import Path

from django.conf import settings

KB = Path(settings.BASE_DIR) / "kb"


def imported_modules(path: Path) -> set[str]:
    """The absolute names of the modules a file imports (relative ones resolved)."""
    package = ".".join(path.relative_to(KB.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(filter(None, [base, node.module]))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def offending(folder: Path, prefixes: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in sorted(folder.rglob("*.py")):
        bad = sorted(
            name
            for name in imported_modules(path)
            if any(name == p or name.startswith(f"{p}.") for p in prefixes)
        )
        if bad:
            found[str(path.relative_to(KB.parent))] = bad
    return found


def test_nothing_under_kb_imports_the_benchmark_or_its_dependencies():
    assert offending(KB, ("bench", "ir_measures")) == {}


def test_the_search_app_imports_no_other_app():
    assert offending(KB / "search", ("kb.articles", "kb.forum", "kb.feedback")) == {}


def test_the_whoosh_backend_imports_nothing_of_kb_but_itself():
    backend = KB / "search" / "backends" / "whoosh"
    found = offending(backend, ("kb",))
    own = "kb.search.backends.whoosh"
    assert {
        path: [name for name in names if not name.startswith(own)]
        for path, names in found.items()
        if any(not name.startswith(own) for name in names)
    } == {}
