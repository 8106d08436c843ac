"""teller.text: plain-text tables and helpers every stage may use, without spaCy.

- :mod:`teller.text.calendar_names` — the one table of month and weekday names;
- :mod:`teller.text.sentences` — the one rule-based sentence splitter and its abbreviation list.

Nothing here imports a model or another teller stage, so ``extract`` and ``timex`` stay light.
"""
