"""The Rasa project for the live knowledge base, and its trained model, cached by content hash.

bot/project holds the hand-written part; the copy under <work_dir>/project gets the training
data generated from the catalogue in the database (bot.training_data). The model is named by a
hash of every file of that project and of the Rasa lock: an unchanged bot starts without
retraining; a knowledge-base change, a new example or a new Rasa version retrains.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bot import training_data
from knowledge.schema import Catalog
from nlu.normalize import for_nlu

log = logging.getLogger(__name__)
SOURCE = training_data.PROJECT
RASA_LOCK = Path(__file__).parent / "rasa-requirements.lock"


class RasaError(RuntimeError):
    """Rasa could not be trained or started; the message says why and where the log is."""


@dataclass(frozen=True)
class RasaProject:
    folder: Path
    models: Path
    digest: str

    @property
    def model(self) -> Path:
        return self.models / f"banshi-{self.digest}.tar.gz"


def training_digest(folder: Path) -> str:
    """Hash of what training reads (config, domain, data, dictionary, the project's own components)
    and of the Rasa lock."""
    h = hashlib.sha256()
    if RASA_LOCK.exists():
        h.update(RASA_LOCK.read_bytes())
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        skipped = relative.parts[0] in ("tests", "models", "results") or "__pycache__" in relative.parts
        if path.is_file() and not skipped and not relative.parts[0].startswith("."):
            h.update(str(relative).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def prepare(catalog: Catalog, work_dir: Path, name: str = "project") -> RasaProject:
    """Copy bot/project into work_dir/<name> and write the catalogue's generated data into it.

    Projects in one work_dir share its models folder: the same content trains once.
    """
    folder = work_dir / name
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(SOURCE, folder, ignore=shutil.ignore_patterns("__pycache__", "models", "results", ".rasa"))
    generated = folder / training_data.GENERATED
    if generated.exists():
        shutil.rmtree(generated)
    training_data.write(catalog, folder)
    (folder / "frames.yml").unlink(missing_ok=True)  # an input of the generator, not of Rasa
    for data_file in sorted((folder / "data").rglob("*.yml")):
        normalize_nlu_file(data_file)
    return RasaProject(folder, work_dir / "models", training_digest(folder))


def normalize_nlu_file(path: Path) -> None:
    """Rewrite a training-data file as NLU sees text at run time (nlu.normalize.for_nlu): an
    example in traditional characters or full-width forms trains the same features a citizen's
    message arrives with."""
    text = path.read_text(encoding="utf-8")
    normalized = for_nlu(text)
    if normalized != text:
        path.write_text(normalized, encoding="utf-8")


def ensure_model(project: RasaProject, rasa: Path, timeout: float, log_file: Path) -> Path:
    """The trained model for this project: the cached one, or a new one trained now."""
    model = project.model
    if model.exists():
        log.info("Rasa model up to date: %s", model.name)
        return model
    project.models.mkdir(parents=True, exist_ok=True)
    log.info("training the Rasa model (%s); log: %s", model.name, log_file)
    command = [str(rasa), "train", "--data", "data", "--config", "config.yml", "--domain", "domain.yml"]
    train_model(command, model, project.folder, timeout, log_file)
    return model


def train_model(command: list[str], model: Path, cwd: Path, timeout: float, log_file: Path) -> None:
    """Run a `rasa train …` command so that `model` appears whole or not at all: the cache
    trusts any file of that name, so a training killed while writing must not leave one."""
    partial = model.with_name(f"{model.name.removesuffix('.tar.gz')}.partial-{os.getpid()}.tar.gz")
    partial.unlink(missing_ok=True)
    # a name ending in .tar.gz is taken as it is (without, Rasa replaces its last suffix)
    out = ["--out", str(model.parent), "--fixed-model-name", partial.name]
    try:
        run_rasa([*command, *out], cwd, timeout, log_file)
        if not partial.exists():
            raise RasaError(f"Rasa training finished without writing {model}; see {log_file}")
        os.replace(partial, model)
    finally:
        partial.unlink(missing_ok=True)


def run_rasa(command: list[str], cwd: Path, timeout: float, log_file: Path) -> None:
    """Run a Rasa command to completion, its output in log_file; RasaError when it fails."""
    require_installed(Path(command[0]))
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("wb") as out:
        try:
            done = subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, timeout=timeout, env=rasa_env())
        except subprocess.TimeoutExpired as exc:
            raise RasaError(f"`rasa {command[1]}` took longer than {timeout:.0f} s; see {log_file}") from exc
    if done.returncode != 0:
        raise RasaError(f"`rasa {command[1]}` failed (exit {done.returncode}); see {log_file}")


def require_installed(rasa: Path) -> None:
    """RasaError saying how to install Rasa when its command is missing."""
    if not rasa.exists():
        raise RasaError(f"Rasa is not installed at {rasa}: run `make install` (it creates .venv-rasa)")


def rasa_env() -> dict[str, str]:
    """Rasa's environment: quiet TensorFlow, one BLAS thread, no telemetry, no calls home, and no training cache
    of its own (whole models are cached by content hash here; its per-component cache moves
    temporary folders around and is not needed)."""
    env = dict(os.environ)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "RASA_MAX_CACHE_SIZE": "0",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "PYTHONWARNINGS": "ignore",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            # NumPy's BLAS on one thread: the sentence encoder's and the intent ensemble's
            # matrices are small, and concurrent messages each starting a BLAS thread pool
            # contend for the cores with TensorFlow's own threads.
            "OPENBLAS_NUM_THREADS": "1",
        }
    )
    return env
