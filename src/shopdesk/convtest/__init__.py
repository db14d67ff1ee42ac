"""Conversation tests: YAML scripts of turns and expectations, run in-process against a store.

`shopdesk test PATH` runs them; shops use it to guard their bot, and our own suite uses it too.
"""

from shopdesk.convtest.runner import ConversationResult, run_file, run_scripts
from shopdesk.convtest.spec import ScriptFile, load_script_file

__all__ = ["ConversationResult", "ScriptFile", "load_script_file", "run_file", "run_scripts"]
