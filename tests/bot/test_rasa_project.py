"""The model cache trusts any model file of the right name, so training writes it whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.rasa_project import RasaError, train_model

# Stands in for `rasa train` only to control how it ends: writes a model file named as Rasa
# 3.6 names it (rasa.model_training._determine_model_name: a name ending in .tar.gz as it is,
# any other with its last suffix replaced by .tar.gz), then exits with the code in $1.
FAKE_TRAIN = """#!/bin/sh
code=$1; shift
while [ $# -gt 0 ]; do
  case "$1" in --out) out=$2; shift;; --fixed-model-name) name=$2; shift;; esac
  shift
done
case "$name" in *.tar.gz) file=$name;; *) file="${name%.*}.tar.gz";; esac
printf 'half a model' > "$out/$file"
exit "$code"
"""


@pytest.fixture
def fake_rasa(tmp_path: Path) -> Path:
    script = tmp_path / "rasa"
    script.write_text(FAKE_TRAIN)
    script.chmod(0o755)
    return script


def test_a_finished_training_leaves_only_the_model(fake_rasa: Path, tmp_path: Path) -> None:
    model = tmp_path / "models" / "banshi-abc.tar.gz"
    model.parent.mkdir()
    train_model([str(fake_rasa), "0"], model, tmp_path, 30, tmp_path / "train.log")
    assert model.read_text() == "half a model"
    assert [p.name for p in model.parent.iterdir()] == [model.name]


def test_a_failed_training_leaves_no_model_for_the_cache_to_trust(fake_rasa: Path, tmp_path: Path) -> None:
    model = tmp_path / "models" / "banshi-abc.tar.gz"
    model.parent.mkdir()
    with pytest.raises(RasaError, match="failed"):
        train_model([str(fake_rasa), "1"], model, tmp_path, 30, tmp_path / "train.log")
    assert list(model.parent.iterdir()) == []
