"""The `rasa` command as the product runs it: Rasa's own entry point, with the check of the
action server's replies compiled once.

Rasa 3.6 checks every reply of the action server with `jsonschema.validate(reply, schema)`,
which first validates the (constant) schema itself against the JSON-Schema meta-schema: about
15 ms per action call on a 2-core machine, against 0.7 ms for the reply, and the largest single
cost of a chat turn. Here the schema is checked once and its validator reused: every reply is
still validated against the same schema, and an invalid one goes through Rasa's own check, so
it fails with Rasa's own error.

This replaces a private method of Rasa, so it is tied to the Rasa version and the source of
that method it was written for (PATCHED_RASA, PATCHED_SOURCE_SHA256): with any other, Rasa
runs unpatched (correct, only slower) and says so in its log, and
tests/bot/test_rasa_main.py fails until someone checks the patch against the new Rasa.

Run by Rasa's interpreter (.venv-rasa), never imported by the product:
`.venv-rasa/bin/python bot/rasa_main.py run …` takes the arguments of `rasa`.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import sys
from pathlib import Path
from typing import Any

PATCHED_RASA = "3.6.21"
# sha256 of the source of rasa.core.actions.action.RemoteAction._validate_action_result
PATCHED_SOURCE_SHA256 = "f8cdb4be6812396167ced74161b2ccd65c5ea676ad86d7d359d8c322d9d8dc42"


def patched_method_unchanged() -> bool:
    """Whether the installed Rasa is the one the patch was written for, to the letter."""
    import rasa
    from rasa.core.actions.action import RemoteAction

    source = inspect.getsource(RemoteAction._validate_action_result)
    return rasa.__version__ == PATCHED_RASA and hashlib.sha256(source.encode()).hexdigest() == PATCHED_SOURCE_SHA256


def compile_action_reply_check() -> bool:
    """Patch Rasa's check of action replies; False (and a warning) when Rasa is not the one
    the patch was written for."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    if not patched_method_unchanged():
        logging.getLogger(__name__).warning(
            "Rasa is not %s or its RemoteAction._validate_action_result changed: running it "
            "unpatched (each action reply re-checks the schema); re-check bot/rasa_main.py",
            PATCHED_RASA,
        )
        return False

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    rasa_check = RemoteAction._validate_action_result

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        return validator.is_valid(result) or rasa_check(self, result)

    RemoteAction._validate_action_result = validate_action_result
    return True


def main() -> int:
    # Run as a script, Python puts this file's folder first on the path, where the product's
    # modules would shadow libraries of the same name; Rasa adds the project folder itself.
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != here]
    from rasa.__main__ import main as rasa

    compile_action_reply_check()
    rasa()
    return 0


if __name__ == "__main__":
    sys.exit(main())
