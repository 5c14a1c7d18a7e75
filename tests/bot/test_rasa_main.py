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

rasa_main.compile_action_reply_check()
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
print(json.dumps({"results": results, "meta_checks": len(meta_checks)}))
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
    results = out["results"]
    assert results["answer"] is True
    assert results["empty"] is True
    for invalid in ("event_not_a_list", "unknown_event", "response_not_an_object"):
        assert str(results[invalid]).startswith("error: "), (invalid, results[invalid])
        assert "Failed to validate Action server response" in results[invalid]
    # only the invalid replies went through Rasa's own check, which checks the schema each time
    assert out["meta_checks"] == 3
