"""Render the template into a temporary folder and check what comes out."""

from pathlib import Path

import copier


def test_renders(tmp_path: Path) -> None:
    copier.run_copy(str(Path(__file__).parents[1]), tmp_path, data={"package_name": "demo", "description": "d"}, defaults=True, unsafe=True)
    assert (tmp_path / "pyproject.toml").exists()
