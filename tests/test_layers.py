"""The import-linter contracts in pyproject.toml bite: a copy of the project passes them, and
an upward import, at module level or hidden inside a function, breaks the layers contract."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.prefix) / "bin" / "lint-imports"
PACKAGES = [
    "core", "offices", "workshops", "participants", "attendance", "learning", "certificates",
    "credentials", "reminders", "reporting", "privacy", "overview", "api", "demo", "config",
]  # fmt: skip
LAYERS_CONTRACT = "Apps import only from the layers below them"

pytestmark = pytest.mark.skipif(
    not LINT_IMPORTS.exists(), reason=f"import-linter is not installed ({LINT_IMPORTS} missing)"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.po", "static", "templates")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint_imports(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as module:
        module.write(text)


def test_lint_imports_copy_of_the_project_keeps_its_contracts(project):
    result = _lint_imports(project)

    assert result.returncode == 0, result.stdout + result.stderr


def test_lint_imports_upward_module_import_breaks_the_layers(project):
    _append(
        project / "workshops" / "models.py",
        "\nfrom certificates.models import Certificate  # noqa\n",
    )

    result = _lint_imports(project)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{LAYERS_CONTRACT} BROKEN" in result.stdout
    assert "workshops.models -> certificates.models" in result.stdout


def test_lint_imports_upward_import_inside_a_function_breaks_the_layers(project):
    _append(
        project / "participants" / "selectors.py",
        "\n\ndef _attendance_model():\n"
        "    from attendance.models import Attendance\n\n"
        "    return Attendance\n",
    )

    result = _lint_imports(project)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{LAYERS_CONTRACT} BROKEN" in result.stdout
    assert "participants.selectors -> attendance.models" in result.stdout
