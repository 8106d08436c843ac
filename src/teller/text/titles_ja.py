"""Japanese office titles and the office keys of the knowledge base they name (as in
``KnowledgeBase.office(country, key)``): shared by the translation check and the tenure window."""

from __future__ import annotations

#: Office titles, longest first (so 国務長官 is not read as 長官). Generic titles (大臣, 長官) are
#: compatible with any specific office and never differ on their own.
TITLES_JA: tuple[tuple[str, str], ...] = (
    ("内閣総理大臣", "head_of_government"), ("総理大臣", "head_of_government"), ("首相", "head_of_government"),
    ("総理", "head_of_government"),
    ("官房長官", "chief_cabinet_secretary"),
    ("外務大臣", "foreign"), ("外務相", "foreign"), ("外相", "foreign"), ("国務長官", "foreign"),
    ("防衛大臣", "defence"), ("防衛相", "defence"), ("国防長官", "defence"), ("国防相", "defence"),
    ("財務大臣", "finance"), ("財務相", "finance"), ("財務長官", "finance"),
    ("副大統領", "vice_president"), ("大統領", "head_of_state"), ("国家主席", "head_of_state"),
    ("総書記", "party_leader"),
    ("大使", "ambassador"),
    ("大臣", "minister"), ("長官", "secretary"),
)


def office_keys(text: str) -> list[str]:
    """The office keys the Japanese titles in ``text`` name, longest title first (国務長官 is
    not also 長官)."""
    out = []
    for title, key in TITLES_JA:
        if title in text:
            out.append(key)
            text = text.replace(title, "")
    return out
