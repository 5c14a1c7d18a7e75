"""The `rasa` command as the product runs it: Rasa's own entry point, with the check of the
action server's replies compiled once.

Rasa 3.6 checks every reply of the action server with `jsonschema.validate(reply, schema)`,
which first validates the (constant) schema itself against the JSON-Schema meta-schema: about
15 ms per action call on a 2-core machine, against 0.7 ms for the reply, and the largest single
cost of a chat turn. Here the schema is checked once and its validator reused: every reply is
still validated against the same schema, and an invalid one goes through Rasa's own check, so
it fails with Rasa's own error.

Run by Rasa's interpreter (.venv-rasa), never imported by the product:
`.venv-rasa/bin/python bot/rasa_main.py run …` takes the arguments of `rasa`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def compile_action_reply_check() -> None:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    rasa_check = RemoteAction._validate_action_result

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        return validator.is_valid(result) or rasa_check(self, result)

    RemoteAction._validate_action_result = validate_action_result


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
