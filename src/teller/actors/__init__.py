"""teller.actors: the actor knowledge base and mention resolution (see docs/actors.md).

- :class:`KnowledgeBase` — states, organisations, offices and dated office holders from plain
  TSV files under ``teller/data/actors/`` (``KnowledgeBase.default()`` is cached).
- :func:`resolve` — every actor mention of an article, resolved at the event's date.
- :func:`import_dictionary` / :func:`import_dictionary_cli` — PETRARCH/TABARI actor dictionaries
  into the knowledge-base format.
"""

from teller.actors.importer import import_dictionary, import_dictionary_cli
from teller.actors.kb import KnowledgeBase
from teller.actors.resolve import resolve

__all__ = ["KnowledgeBase", "resolve", "import_dictionary", "import_dictionary_cli"]
