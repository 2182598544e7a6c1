"""The house stays as drawn in chinadebate/floors.py: every import, read with ``ast`` (those
inside functions too), goes to the importing app itself or to a floor below it."""

import ast
from pathlib import Path

import pytest

from chinadebate.floors import FLOORS, PROJECT

ROOT = Path(__file__).resolve().parent.parent
FLOOR_OF = {room: level for level, floor in enumerate(FLOORS) for room in floor}
TOP = len(FLOORS)


def room_of_path(path: Path) -> str:
    """The room a file of the project sits in: its app, or a part of the project."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[0] == "apps":
        return parts[1]
    return parts[0]


def floor_of(room: str) -> int:
    if room in FLOOR_OF:
        return FLOOR_OF[room]
    if room in PROJECT:
        return TOP
    raise AssertionError(f"{room!r} is on no floor: add it to chinadebate/floors.py")


def module_of_path(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported_rooms(path: Path) -> list[tuple[int, str]]:
    """(line, room) of each import of the project's own apps in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_of_path(path)
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                names = [".".join([*base, node.module] if node.module else base)]
            else:
                names = [node.module or ""]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "apps" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


def project_files() -> list[Path]:
    files = [*(ROOT / "apps").rglob("*.py"), *(ROOT / "chinadebate").rglob("*.py")]
    files += [*(ROOT / "bench").rglob("*.py"), ROOT / "gunicorn.conf.py"]
    return sorted(files)


def test_every_app_is_on_a_floor():
    apps = {p.name for p in (ROOT / "apps").iterdir() if (p / "apps.py").exists()}
    assert apps == set(FLOOR_OF), "chinadebate/floors.py must list exactly the apps in apps/"


def test_no_import_runs_up_or_sideways():
    wrong = []
    for path in project_files():
        room = room_of_path(path)
        for line, target in imported_rooms(path):
            if target != room and floor_of(target) >= floor_of(room):
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({room}) imports {target}")
    assert not wrong, "imports that run up or sideways:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from apps.debate.models import Position\n", [(1, "debate")]),
        ("def f():\n    import apps.portal.views\n", [(2, "portal")]),
        ("from ..debate import filters\n", [(1, "debate")]),
        ("from . import models\n", [(1, "people")]),
        ("import numpy\n", []),
    ],
)
def test_imports_are_read_inside_functions_and_relative(tmp_path, source, expected, monkeypatch):
    """The reader itself: a lazy import inside a function counts, relative imports resolve."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    path = tmp_path / "apps" / "people" / "pages.py"
    path.parent.mkdir(parents=True)
    path.write_text(source)
    assert imported_rooms(path) == expected


MAX_LINES = 400


def test_no_python_file_outside_migrations_passes_the_size_a_reader_takes_in():
    files = [*project_files(), *(ROOT / "tests").rglob("*.py")]
    long = [
        f"{path.relative_to(ROOT)}: {n} lines"
        for path in files
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert not long, f"split along a seam (over {MAX_LINES} lines):\n" + "\n".join(long)
