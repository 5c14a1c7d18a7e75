"""bot/rasa_main.py, in Rasa's environment: action replies are still validated against Rasa's
schema — valid ones pass, invalid ones fail with Rasa's own error — but the schema itself is
checked once, not on every reply."""

from __future__ import annotations

import json
import textwrap

import pytest

from banshi.config import PROJECT_ROOT
from tests.rasa_python import run_in_rasa_python

pytestmark = pytest.mark.integration

SCRIPT = """
import json, sys
sys.path.insert(0, "bot")
import rasa_main
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

patched = rasa_main.compile_action_reply_check()
meta_checks = []
validator_class = validator_for(RemoteAction.action_response_format_spec())
original = validator_class.check_schema
validator_class.check_schema = classmethod(lambda cls, schema, **kw: (meta_checks.append(1), original(schema, **kw)))
action = RemoteAction("action_answer", None)
results = {}
for name, reply in json.loads(sys.argv[1]).items():
    try:
        results[name] = action._validate_action_result(reply)
    except ValidationError as e:
        results[name] = "error: " + e.message
print(json.dumps({"patched": patched, "results": results, "meta_checks": len(meta_checks)}))
"""

REPLIES = {
    "answer": {
        "events": [{"event": "slot", "name": "item", "value": "A-001", "timestamp": None}],
        "responses": [{"json_message": {"text": "身份证补办需要带户口簿", "buttons": [], "payload": {"kind": "answer"}}}],
    },
    "empty": {"events": [], "responses": []},
    "event_not_a_list": {"events": {"event": "slot"}, "responses": []},
    "unknown_event": {"events": [{"event": "no_such_event"}], "responses": []},
    "response_not_an_object": {"events": [], "responses": ["身份证"]},
}


def test_replies_validated_against_rasas_schema_checked_once() -> None:
    out = run_in_rasa_python(textwrap.dedent(SCRIPT), PROJECT_ROOT, json.dumps(REPLIES, ensure_ascii=False))
    assert out["patched"] is True, "Rasa changed under bot/rasa_main.py: see test_the_patch_is_for_the_installed_rasa"
    results = out["results"]
    assert results["answer"] is True
    assert results["empty"] is True
    for invalid in ("event_not_a_list", "unknown_event", "response_not_an_object"):
        assert str(results[invalid]).startswith("error: "), (invalid, results[invalid])
        assert "Failed to validate Action server response" in results[invalid]
    # only the invalid replies went through Rasa's own check, which checks the schema each time
    assert out["meta_checks"] == 3


OTHER_RASA = """
import json, sys
sys.path.insert(0, "bot")
import rasa, rasa_main
from rasa.core.actions.action import RemoteAction
unchanged = rasa_main.patched_method_unchanged()
original = RemoteAction._validate_action_result
rasa.__version__ = "9.9.9"
patched = rasa_main.compile_action_reply_check()
print(json.dumps({"unchanged": unchanged, "patched": patched, "left_alone": RemoteAction._validate_action_result is original}))
"""


def test_the_patch_is_for_the_installed_rasa() -> None:
    """Fails loudly when Rasa is upgraded: the patch replaces a private method, so whoever moves
    the pin re-checks it against the new source and updates PATCHED_RASA and its hash."""
    lock = (PROJECT_ROOT / "bot" / "rasa-requirements.lock").read_text(encoding="utf-8")
    pinned = next(line.split("==")[1].strip() for line in lock.splitlines() if line.startswith("rasa=="))
    patched_for = next(
        line.split('"')[1] for line in (PROJECT_ROOT / "bot" / "rasa_main.py").read_text(encoding="utf-8").splitlines()
        if line.startswith("PATCHED_RASA =")
    )  # fmt: skip
    assert pinned == patched_for, f"the lock pins rasa {pinned}; bot/rasa_main.py was written for {patched_for}"
    out = run_in_rasa_python(textwrap.dedent(OTHER_RASA), PROJECT_ROOT)
    assert out["unchanged"] is True, "RemoteAction._validate_action_result is not the source bot/rasa_main.py patches"
    # with another Rasa, the product runs Rasa unpatched rather than replacing code it does not know
    assert out["patched"] is False
    assert out["left_alone"] is True
