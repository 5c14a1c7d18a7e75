"""Run scripts with Rasa's own interpreter (.venv-rasa), for tests of the code Rasa runs: the
project's components and bot/rasa_main.py. A script prints its result as JSON on its last line.

Importing Rasa and TensorFlow takes most of a script's time, so tests that leave Rasa as they
found it share one long-lived interpreter (`RasaWorker`, the `rasa_worker` fixture); a script
that patches Rasa itself runs in a fresh one (`run_in_rasa_python`).
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import tempfile
from pathlib import Path

import pytest

from banshi.config import PROJECT_ROOT

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
TIMEOUT = 300.0
ENV = {"PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONDONTWRITEBYTECODE": "1"}

# Reads one request a line on stdin, runs its script as __main__ in a fresh namespace with the
# request's folder as working directory and first on the path, and answers on the descriptor
# named by BANSHI_WORKER_FD (so that whatever a library prints cannot garble the answers).
_WORKER = r"""
import contextlib, io, json, os, sys, traceback
answers = os.fdopen(int(os.environ["BANSHI_WORKER_FD"]), "w")
for line in sys.stdin:
    request = json.loads(line)
    os.chdir(request["cwd"])
    if request["cwd"] not in sys.path:
        sys.path.insert(0, request["cwd"])
    sys.argv = ["-c", *request["args"]]
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(request["script"], "<test script>", "exec"), {"__name__": "__main__"})
        answer = {"ok": True, "stdout": out.getvalue()}
    except BaseException:
        answer = {"ok": False, "stdout": out.getvalue(), "error": traceback.format_exc()}
    answers.write(json.dumps(answer) + "\n")
    answers.flush()
"""


def _require_rasa() -> None:
    if not RASA_PYTHON.exists():
        pytest.fail("Rasa's environment is missing: run `make install`")


def _last_json_line(stdout: str) -> dict:
    return json.loads(stdout.strip().splitlines()[-1])


def run_in_rasa_python(script: str, cwd: Path, *args: str) -> dict:
    """In a fresh interpreter: for scripts that patch Rasa."""
    _require_rasa()
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", script, *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, env=ENV
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return _last_json_line(done.stdout)


class RasaWorker:
    """One Rasa interpreter that runs many scripts, each in its own namespace."""

    def __init__(self) -> None:
        _require_rasa()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (open for the worker's life; closed in close())
        read, write = os.pipe()
        self.process = subprocess.Popen(
            [str(RASA_PYTHON), "-c", _WORKER], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._stderr,
            env={**ENV, "BANSHI_WORKER_FD": str(write)}, pass_fds=(write,), text=True,
        )  # fmt: skip
        os.close(write)
        self._answers = os.fdopen(read, "r")

    def run(self, script: str, cwd: Path, *args: str) -> dict:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"script": script, "cwd": str(cwd), "args": list(args)}) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self._answers], [], [], TIMEOUT)
        line = self._answers.readline() if ready else ""
        if not line:
            raise AssertionError(f"Rasa's interpreter gave no answer (exit {self.process.poll()}):\n{self._tail()}")
        answer = json.loads(line)
        assert answer["ok"], answer["error"][-3000:]
        return _last_json_line(answer["stdout"])

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._answers.close()
        self._stderr.close()

    def _tail(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", errors="replace")[-3000:]
