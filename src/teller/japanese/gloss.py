"""English names for the Japanese names of bodies and groups the knowledge base does not know
(合同捜査本部 -> Joint Investigation Headquarters), so that records and briefs stay English.

A name is glossed only when its words cover it entirely (longest word first); Japanese compounds
put the modifier before the head as English noun compounds do, so the words keep their order.
A name with a word this list lacks keeps its Japanese (never half-translated)."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # bodies
    "本部": "Headquarters", "委員会": "Committee", "会議": "Council", "当局": "Authorities",
    "政府": "Government", "省": "Ministry", "庁": "Agency", "局": "Bureau", "部": "Department",
    "警察": "Police", "検察": "Prosecutors", "地検": "District Prosecutors", "裁判所": "Court",
    "軍": "Military", "部隊": "Unit", "隊": "Unit", "議会": "Parliament", "国会": "Parliament",
    "与党": "Ruling Party", "野党": "Opposition", "党": "Party", "協会": "Association",
    "組合": "Union", "連合": "Alliance", "団体": "Organisation", "財団": "Foundation",
    "企業": "Company", "会社": "Company",
    # what they do or are
    "合同": "Joint", "特別": "Special", "捜査": "Investigation", "対策": "Response", "調査": "Inquiry",
    "国家": "National", "中央": "Central", "地方": "Local", "安全保障": "Security", "治安": "Security",
    "反政府": "Anti-government", "武装": "Armed", "勢力": "Group", "過激派": "Extremists",
    "デモ": "Protest", "デモ隊": "Protesters", "支持者": "Supporters", "市民": "Citizens",
    "住民": "Residents", "学生": "Students", "労働者": "Workers", "反": "Anti-", "親": "Pro-",
}
_LONGEST = max(len(w) for w in WORDS)


def gloss(name: str) -> str | None:
    """The English name, or None when a word of ``name`` is not in :data:`WORDS`."""
    out: list[str] = []
    i = 0
    while i < len(name):
        for n in range(min(_LONGEST, len(name) - i), 0, -1):
            word = WORDS.get(name[i:i + n])
            if word is not None:
                out.append(word)
                i += n
                break
        else:
            return None
    text = " ".join(out).replace("- ", "-")
    return text[0].upper() + text[1:] if text else None
