"""The domain's modules type-check: mypy with the Django and DRF plugins.

What is checked, and how strictly, lives in ``[tool.mypy]`` in pyproject.toml (services,
selectors, permissions, rules and core/, by glob, so a new module is checked without an edit).
mypy keeps its cache in ``.mypy_cache/``: a rerun after a small change takes seconds.
The Django plugin loads ``config.settings``; it reads the same environment pytest sets.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_reports_no_errors():
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, f"mypy found errors:\n{result.stdout}{result.stderr}"
