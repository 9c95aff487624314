"""The layers are enforced: import-linter (run by `make lint`) keeps the real tree and
refuses an import planted against a layer, naming it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """import-linter's verdict on the package under `tree`, with the project's contracts."""
    # The copy is found before the installed project, which points at the real tree.
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(  # noqa: S603 (our own tool, with our own arguments)
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the package and its contracts, to plant imports in."""
    shutil.copytree(
        ROOT / "safeguarding",
        tmp_path / "safeguarding",
        ignore=shutil.ignore_patterns("__pycache__", "templates", "migrations", "data"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_every_layer(tree: Path) -> None:
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("planted_in", "imports", "contract"),
    [
        ("core/planted.py", "safeguarding.governance.models", "then core"),
        ("accounts/planted.py", "safeguarding.returns.permissions", "then core"),
        ("returns/planted.py", "safeguarding.governance.notifications", "then core"),
        ("governance/planted.py", "safeguarding.returns.models", "then core"),
        ("insight/planted.py", "safeguarding.demo.factories", "then core"),
        ("insight/planted.py", "safeguarding.returns.services", "public read interface"),
    ],
)
def test_an_import_against_a_layer_breaks_the_lint(
    tree: Path, planted_in: str, imports: str, contract: str
) -> None:
    (tree / "safeguarding" / planted_in).write_text(f"import {imports}  # planted\n")

    result = lint_imports(tree)

    assert result.returncode != 0
    module = "safeguarding." + planted_in.removesuffix(".py").replace("/", ".")
    assert f"{module} -> {imports}" in result.stdout, result.stdout
    # Contract names wrap in the report: read it as one line.
    words = " ".join(result.stdout.split())
    assert f"{contract} BROKEN" in words, result.stdout
