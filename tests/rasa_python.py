"""Run a script with Rasa's own interpreter (.venv-rasa), for tests of the code Rasa runs:
the project's components and bot/rasa_main.py. The script prints its result as JSON on its
last line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from banshi.config import PROJECT_ROOT

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"


def run_in_rasa_python(script: str, cwd: Path, *args: str) -> dict:
    if not RASA_PYTHON.exists():
        pytest.fail("Rasa's environment is missing: run `make install`")
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", script, *args], cwd=cwd, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
