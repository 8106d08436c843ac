"""Unit tests of each consistency check, the quality score and the flag evaluation."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from teller.records import Actor, Article, Event, Flag, Mention, Span
from teller.verify import check, publication_time, quality
from teller.verify.garble import garbled_phrases
from teller.verify.headline import count_contradiction, date_contradiction, holder_contradiction, status_contradiction
from teller.verify.pronouns import pronoun_mismatches
from teller.verify.script import encoding_debris, foreign_script
from teller.verify.text import SentenceIndex, quoted_spans, sentence_spans

WOMAN = Actor(id="per_w", name="Anna Berg", kind="person", country="SWE", role="Minister for Foreign Affairs",
              gender="female")
MAN = Actor(id="per_m", name="Lars Holm", kind="person", country="NOR", role="Minister for Foreign Affairs",
            gender="male")


def article(text: str, title: str | None = None, **kw) -> Article:
    return Article(id=Article.make_id(text, None), text=text, title=title, **kw)


def name_mentions(text: str, *pairs: tuple[str, Actor]) -> list[Mention]:
    out = []
    for name, actor in pairs:
        pos = text.find(name)
        while pos >= 0:
            out.append(Mention(name, [Span(pos, pos + len(name))], actor, "name"))
            pos = text.find(name, pos + 1)
    return out


def pronoun(text: str, word: str, actor: Actor, nth: int = 0) -> Mention:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(f" {word} ", pos + 1)
    return Mention(word, [Span(pos + 1, pos + 1 + len(word))], actor, "pronoun")


# --- foreign script ------------------------------------------------------------------------

def test_stray_character_glued_to_a_word_is_flagged():
    text = "The ministers discussed trade policy态 and security in the region."
    (f,) = foreign_script(text)
    assert f.evidence[0].of(text) == "态" and f.severity == "warning"


def test_short_isolated_run_in_english_line_is_flagged():
    text = "The talks covered energy 问题 and the next summit in Tokyo this autumn."
    (f,) = foreign_script(text)
    assert f.evidence[0].of(text) == "问题"


@pytest.mark.parametrize("text", [
    "The festival revived the Hwajeontae dance (花前態舞) after a long pause in performances.",
    "Her novel, titled “Снег”, sold well in Europe and in the United States last year.",
    "The preacher quoted a verse:\nْﺐِﺒْﺣَﺃ َﻚَﺒﻴِﺒَﺣ ﺎًﻧْﻮَﻫ\nand went on to explain it in English.",
    "Путин встретился с министрами. Обсуждались вопросы экономики и безопасности страны.",
    "The chant 你好世界欢迎光临 ran along the banner above the market stalls in Chinatown.",
])
def test_legitimate_foreign_script_is_not_flagged(text):
    assert foreign_script(text) == []


def test_mojibake_and_replacement_characters_are_flagged():
    text = "The minister said itâ€™s time to act. Caf\ufffd owners agreed."
    flags = encoding_debris(text)
    assert [f.evidence[0].of(text) for f in flags] == ["â€™", "\ufffd"]
    assert encoding_debris("Café owners in São Paulo agreed — it’s time.") == []


# --- garbled phrases ---------------------------------------------------------------------

def test_equals_gloss_in_prose_is_a_warning_with_the_gloss_as_evidence():
    text = "Inspectors from the IAEA = International Atomic Energy Agency arrived on Monday."
    (f,) = garbled_phrases(text)
    assert (f.kind, f.severity) == ("garbled_phrase", "warning")
    assert f.evidence[0].of(text) == "IAEA = International Atomic Energy Agency"


def test_full_width_equals_gloss_is_flagged():
    text = "The meeting of the G20＝twenty major economies ended on Friday."
    (f,) = garbled_phrases(text)
    assert f.evidence[0].of(text).startswith("G20＝twenty")


@pytest.mark.parametrize("text", [
    "The euro EUR= rose 0.05% and the 10-year note US10YT=RR fell.",
    "See https://example.com/page?id=42&lang=en for details.",
    '[button link="http://x.org" type="big"] Send us your review',
    "In code you write if a == b: return x = y; which is odd.",
    "The ratio was 1 = 100 in the old system.",
])
def test_equals_signs_that_are_not_glosses_are_not_flagged(text):
    assert [f for f in garbled_phrases(text) if f.severity == "warning"] == []


def test_doubled_function_word_is_info_and_grammatical_doubles_are_not():
    text = "He wrote to the the court. No one had had contact. It was so big that that plan failed."
    flags = garbled_phrases(text)
    assert [(f.severity, f.evidence[0].of(text)) for f in flags] == [("info", "the the")]
    assert garbled_phrases("Comments\ncomments") == []


# --- pronouns ----------------------------------------------------------------------------

def _pronoun_flags(text: str, mentions: list[Mention], nlp=None) -> list[Flag]:
    doc = nlp(text) if nlp else None
    idx = SentenceIndex(sentence_spans(text, doc))
    return pronoun_mismatches(article(text), mentions, idx, doc)


def full(text: str, name: str, actor: Actor) -> Mention:
    pos = text.index(name)
    return Mention(name, [Span(pos, pos + len(name))], actor, "name")


def test_his_for_a_woman_is_flagged_with_both_spans(nlp):
    text = "Minister Anna Berg opened the session. Berg then gave his first speech in office."
    ms = [full(text, "Anna Berg", WOMAN)] + name_mentions(text, ("Berg then", WOMAN)) + [pronoun(text, "his", WOMAN)]
    (f,) = _pronoun_flags(text, ms, nlp)
    assert f.evidence[0].of(text) == "his"
    assert f.evidence[1] == Span(text.index("Berg then"), text.index("Berg then") + 9)


def test_her_for_a_man_is_flagged():
    text = "Lars Holm arrived in Oslo on Monday and met her staff at the ministry."
    ms = name_mentions(text, ("Lars Holm", MAN)) + [pronoun(text, "her", MAN)]
    assert [f.kind for f in _pronoun_flags(text, ms)] == ["pronoun_mismatch"]


def test_no_flag_when_the_person_is_known_only_by_a_bare_surname():
    # the resolver matched "Holm" to a namesake; with no full name in the article, no claim
    text = "Holm arrived in Oslo on Monday and met her staff at the ministry."
    ms = name_mentions(text, ("Holm", MAN)) + [pronoun(text, "her", MAN)]
    assert _pronoun_flags(text, ms) == []


def test_no_flag_for_the_speaker_after_a_quotation():
    text = 'Lars Holm spoke first. "The talks went well," she said.'
    ms = name_mentions(text, ("Lars Holm", MAN)) + [pronoun(text, "she", MAN)]
    assert _pronoun_flags(text, ms) == []


def test_no_flag_when_the_name_is_only_inside_a_quotation():
    text = ('The session opened. Reporters asked about "the talks with Lars Holm" and her answer was brief. '
            'Lars Holm left.')
    ms = name_mentions(text, ("Lars Holm", MAN)) + [pronoun(text, "her", MAN)]
    assert _pronoun_flags(text, ms) == []


def test_no_flag_when_another_persons_surname_is_in_the_window():
    text = ("Ambassador Marie Vance testified on Friday against Lars Holm. Critics of Holm attacked her "
            "testimony. Vance later spoke to Lars Holm.")
    vance = Actor(id="per_v", name="Marie Vance", kind="person", gender=None)
    ms = (name_mentions(text, ("Lars Holm", MAN)) + [full(text, "Vance later", vance)]
          + [pronoun(text, "her", MAN)])
    assert _pronoun_flags(text, ms) == []


def test_no_flag_when_the_gender_agrees():
    text = "Anna Berg arrived in Oslo on Monday and met her staff at the ministry."
    ms = name_mentions(text, ("Anna Berg", WOMAN)) + [pronoun(text, "her", WOMAN)]
    assert _pronoun_flags(text, ms) == []


def test_no_flag_when_a_fitting_rival_is_in_the_window():
    text = "Anna Berg met Lars Holm in Oslo, and his delegation stayed for two days."
    # position-based resolution picked Berg; Holm fits "his", so the reading is not certain
    ms = name_mentions(text, ("Anna Berg", WOMAN), ("Lars Holm", MAN)) + [pronoun(text, "his", WOMAN)]
    assert _pronoun_flags(text, ms) == []


def test_no_flag_when_an_unresolved_person_is_in_the_window(nlp):
    text = "Anna Berg spoke with John Miller, and his team took notes."
    ms = name_mentions(text, ("Anna Berg", WOMAN)) + [pronoun(text, "his", WOMAN)]
    assert _pronoun_flags(text, ms, nlp) == []


def test_no_flag_inside_a_quotation():
    text = 'Anna Berg told reporters, "We trust his judgement on this issue."'
    ms = name_mentions(text, ("Anna Berg", WOMAN)) + [pronoun(text, "his", WOMAN)]
    assert _pronoun_flags(text, ms) == []


def test_no_flag_when_the_person_is_not_named_nearby():
    text = ("Anna Berg opened the session. The agenda was long. Several items were postponed. "
            "In the evening his office issued a statement.")
    ms = name_mentions(text, ("Anna Berg", WOMAN)) + [pronoun(text, "his", WOMAN)]
    assert _pronoun_flags(text, ms) == []


# --- headline ----------------------------------------------------------------------------

def _event(etype: str, status: str, ev: Span) -> Event:
    return Event(id=f"e_{etype}_{status}", event=etype, actor=[WOMAN], recipient=[MAN], status=status,
                 evidence=[ev], confidence=0.8)


def test_title_reports_talks_that_the_body_says_did_not_happen():
    text = "Berg did not hold talks with Holm on Monday, officials said."
    evs = [_event("CONSULT", "denied", Span(0, 30))]
    (f,) = status_contradiction("Berg holds talks with Holm", text, evs)
    assert f.kind == "headline_contradiction" and f.evidence == [Span(0, 30)]


def test_title_and_body_agree_on_status():
    text = "Berg held talks with Holm on Monday. They did not meet in person."
    evs = [_event("CONSULT", "happened", Span(0, 24)), _event("CONSULT", "denied", Span(41, 58))]
    assert status_contradiction("Berg holds talks with Holm", text, evs) == []
    assert status_contradiction("Berg and Holm fail to meet", "Berg said they did not meet.",
                                [_event("CONSULT", "happened", Span(0, 4))]) == []


def test_negated_title_against_a_body_that_reports_the_meeting():
    text = "Berg met Holm in Oslo on Monday for three hours."
    (f,) = status_contradiction("Berg and Holm fail to meet", text, [_event("CONSULT", "happened", Span(0, 13))])
    assert "says no consult" in f.message


def test_casualty_count_contradiction_and_agreement():
    body = "At least 15 people were killed and 40 were injured in the blast, police said."
    (f,) = count_contradiction("12 killed in market blast", body)
    assert "12" in f.message and f.evidence[0].of(body).startswith("15 people were killed")
    assert count_contradiction("15 killed in market blast", body) == []
    assert count_contradiction("Twelve killed in market blast", "Twelve people were killed.") == []
    # the title's number elsewhere in the body (an earlier toll) is no contradiction
    assert count_contradiction("12 killed", "The toll rose to 15 killed from 12 in the morning.") == []


def test_date_contradiction_needs_a_day_absent_from_the_body():
    from teller.records import TimeValue

    body_tv = TimeValue("2023-09-14", "DATE", "14 September", [Span(10, 22)], granularity="day")
    title_tv = TimeValue("2023-09-19", "DATE", "19 September", [], granularity="day")
    ev = _event("CONSULT", "happened", Span(0, 9))
    ev.date = body_tv
    (f,) = date_contradiction("Talks on 19 September", [body_tv], [ev], [title_tv])
    assert "2023-09-19" in f.message and f.evidence == [Span(10, 22)]
    assert date_contradiction("Talks on 14 September", [body_tv], [ev], [body_tv]) == []


class _TinyKB:
    """Two holders of one office; the real KnowledgeBase answers the same ``lookup`` call."""

    def __init__(self, *actors: Actor) -> None:
        self.actors = actors

    def lookup(self, name, when=None):
        return [a for a in self.actors if name in a.name]


def test_title_names_a_different_office_holder_than_the_body():
    former = Actor(id="per_f", name="Erik Sand", kind="person", country="SWE",
                   role="Minister for Foreign Affairs", gender="male")
    text = "Foreign Minister Anna Berg met Lars Holm in Stockholm."
    ms = name_mentions(text, ("Anna Berg", WOMAN), ("Lars Holm", MAN))
    (f,) = holder_contradiction("Sand meets Holm in Stockholm", ms, _TinyKB(former, WOMAN, MAN), None)
    assert "Erik Sand" in f.message and f.evidence[0].of(text) == "Anna Berg"
    assert holder_contradiction("Berg meets Holm in Stockholm", ms, _TinyKB(former, WOMAN, MAN), None) == []


# --- check() and quality() ---------------------------------------------------------------

def test_check_is_safe_on_empty_and_unparsed_input():
    assert check(article(""), None, [], [], []) == []
    flags = check(article("The the talks ended.\nNothing else happened."), None, [], [], [])
    assert [f.kind for f in flags] == ["garbled_phrase"]


def test_check_orders_flags_by_evidence_and_drops_duplicates():
    text = "Trade policy态 was discussed. The G7 = seven major countries met."
    flags = check(article(text), None, [], [], [])
    assert [f.kind for f in flags] == ["foreign_script", "garbled_phrase"]


def test_publication_time_is_aware():
    stated = publication_time(article("x", published="2023-09-14T23:10:00+09:00"))
    assert stated.when.utcoffset().total_seconds() == 32400
    assert publication_time(article("x", published="2023-09-14")).when.tzinfo is not None
    assert publication_time(article("x")).when is None


def test_quality_is_100_without_flags_and_falls_with_severity():
    art = article("A clean text.")
    assert quality(art, []) == (100, [])
    warn = Flag("foreign_script", "warning", "stray", [Span(0, 1)])
    info = Flag("repeated_passage", "info", "copy", [Span(0, 1)])
    err = Flag("date_conflict", "error", "three dates", [Span(0, 1)])
    s_info, _ = quality(art, [info])
    s_warn, _ = quality(art, [warn])
    s_err, reasons = quality(art, [err, warn])
    assert 100 > s_info > s_warn > s_err
    assert reasons[0].startswith("-20 date_conflict")


def test_quality_caps_one_kind():
    art = article("A text with many stray characters.")
    many = [Flag("foreign_script", "warning", "stray", [Span(i, i + 1)]) for i in range(20)]
    score, reasons = quality(art, many)
    assert score == 100 - 18 and len(reasons) == 1 and "20 warning flags" in reasons[0]


def test_a_language_teller_does_not_code_is_flagged_and_scores_low():
    text = "Die Stadtwerke haben am Montag die Wasserpreise erhöht, sagte der Sprecher der the the Behörde."
    flags = check(article(text, language="de"), None, [], [], [])
    # one warning that says why nothing was read; the English checks (the doubled "the") stay silent
    assert [(f.kind, f.severity) for f in flags] == [("unsupported_language", "warning")]
    assert "'de'" in flags[0].message
    score, reasons = quality(article(text, language="de"), flags)
    assert score <= 50 and reasons[0].startswith("-60 unsupported_language")


@pytest.mark.parametrize("language", ["en", "en-US", None, "und"])
def test_english_or_unknown_language_is_not_flagged(language):
    flags = check(article("The council raised water prices on Monday.", language=language), None, [], [], [])
    assert "unsupported_language" not in {f.kind for f in flags}


# --- evaluation ----------------------------------------------------------------------------

def _page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f"<html><head><title>{title}</title><meta property='article:published_time' "
            f"content='2023-09-14T10:00:00+00:00'></head><body><article><h1>{title}</h1>{body}"
            f"</article></body></html>")
    return gzip.compress(html.encode())


def test_evaluate_flags_counts_and_lists_flags_per_page(tmp_path: Path):
    from teller.evaluation.flags import evaluate_flags

    (tmp_path / "html").mkdir()
    clean = ["The council met on Tuesday to discuss the budget for the coming year and approved it.",
             "Members said the plan would fund schools, roads and hospitals across the region."]
    dirty = ["The council met on Tuesday to discuss the budget态 for the coming year and approved it.",
             "Members praised the G7 = seven major countries for their support of the regional plan."]
    (tmp_path / "html" / "aaa.html.gz").write_bytes(_page("Council approves budget", clean))
    (tmp_path / "html" / "bbb.html.gz").write_bytes(_page("Council approves budget again", dirty))
    (tmp_path / "ground-truth.json").write_text(json.dumps({
        "aaa": {"articleBody": " ".join(clean), "url": "https://example.org/a"},
        "bbb": {"articleBody": " ".join(dirty), "url": "https://example.org/b"},
    }))
    result = evaluate_flags(tmp_path)
    assert result["pages"] == 2
    assert result["flags_by_severity"]["warning"] >= 2
    assert result["flags_by_kind"]["foreign_script"] == 1 and result["flags_by_kind"]["garbled_phrase"] >= 1
    assert "aaa" not in result["flags_by_page"]
    assert any("foreign_script" in line for line in result["flags_by_page"]["bbb"].values())
    assert set(result["stages"]) >= {"extract", "timex", "actors", "events"}


def test_quoted_spans_pair_quotes_within_a_paragraph():
    text = 'He said "yes" and "no.\nNext "para" here.'
    assert [s.of(text) for s in quoted_spans(text)] == ['"yes"', '"no.', '"para"']


def test_minutes_of_a_dotted_clock_time_are_not_an_invalid_time():
    from teller.verify import _minutes_of_a_clock

    text = "Open daily 9.30 A.M. to 7.00 P.M. The call began at 14 p.m."
    at = text.index("30 A.M.")
    assert _minutes_of_a_clock(Flag("invalid_time", "warning", "x", [Span(at, at + 7)]), text)
    bad = text.index("14 p.m.")
    assert not _minutes_of_a_clock(Flag("invalid_time", "warning", "x", [Span(bad, bad + 7)]), text)


def test_merge_keeps_one_flag_per_defect():
    from teller.verify import merge

    a = Flag("invalid_time", "warning", "from reconcile", [Span(10, 28)])
    b = Flag("invalid_time", "warning", "from check_text", [Span(10, 17)])
    c = Flag("foreign_script", "warning", "other kind, same place", [Span(12, 13)])
    d = Flag("invalid_time", "warning", "elsewhere", [Span(40, 47)])
    assert merge([a, b, c, d]) == [a, c, d]


# --- stale titles --------------------------------------------------------------------------

def _titled_event(text: str, title_text: str, actor: Actor, day: str, anchor: str | None = None):
    from teller.records import TimeValue

    pos = text.index(title_text)
    m = Mention(title_text, [Span(pos, pos + len(title_text))], actor, "title")
    dpos = text.index("Thursday")
    tv = TimeValue(day, "DATE", "Thursday", [Span(dpos, dpos + 8)], granularity="day", anchor=anchor)
    ev = Event(id="e", event="CONSULT", actor=[actor], recipient=[], status="happened",
               evidence=[Span(0, len(text))], confidence=0.8, date=tv)
    return [m], [ev]


def test_title_of_a_minister_out_of_office_on_the_event_day():
    from teller.verify.offices import stale_titles

    old = Actor(id="per_h", name="Ken Hara", kind="person", country="JPN", role="Minister for Foreign Affairs",
                role_start="2021-11-10", role_end="2023-09-13", gender="male")
    text = "Foreign Minister Ken Hara held talks in Tokyo on Thursday."
    ms, evs = _titled_event(text, "Foreign Minister Ken Hara", old, "2023-09-21")
    (f,) = stale_titles(text, ms, evs)
    assert f.kind == "stale_title" and f.evidence[0].of(text) == "Foreign Minister Ken Hara"
    assert f.evidence[1].of(text) == "Thursday" and "2023-09-13" in f.message
    assert evs[0].confidence == 0.6  # wrong date or wrong title: the event is less sure
    # in office (with the handover grace), dated by the publication fallback, or "former": no flag
    assert stale_titles(text, *_titled_event(text, "Foreign Minister Ken Hara", old, "2023-09-14")) == []
    assert stale_titles(text, *_titled_event(text, "Foreign Minister Ken Hara", old, "2023-09-21", "publication")) == []
    former = "Former Foreign Minister Ken Hara held talks in Tokyo on Thursday."
    assert stale_titles(former, *_titled_event(former, "Foreign Minister Ken Hara", old, "2023-09-21")) == []
    # a second tenure in the same office, known to the KB, covers the day
    again = Actor(id="per_h", name="Ken Hara", kind="person", country="JPN", role="Minister for Foreign Affairs",
                  role_start="2023-09-20", role_end=None)
    assert stale_titles(text, *_titled_event(text, "Foreign Minister Ken Hara", old, "2023-09-21"),
                        kb=_TinyKB(old, again)) == []


def test_docs_list_every_flag_kind_and_quality_weight():
    from conftest import ROOT
    from teller.verify.quality import KIND_WEIGHT

    doc = (ROOT / "docs" / "verify.md").read_text(encoding="utf-8")
    for kind in ("repeated_passage", "foreign_script", "encoding_debris", "garbled_phrase",
                 "pronoun_mismatch", "headline_contradiction", "stale_title", *KIND_WEIGHT):
        assert f"`{kind}`" in doc, f"{kind} is not documented in docs/verify.md"
    for kind, weight in KIND_WEIGHT.items():
        assert re.search(rf"`{kind}`[^|\n]*\| {weight:g} \|", doc), f"weight of {kind} out of date"


@pytest.mark.parametrize("title", ["Market blast kills 12", "Death toll in market blast rises to 12",
                                   "Blast leaves twelve dead"])
def test_casualty_count_in_verb_first_and_toll_titles(title):
    body = "At least 15 people were killed in the blast on Thursday, police said."
    (f,) = count_contradiction(title, body)
    assert "12 dead" in f.message
    assert count_contradiction(title.replace("12", "15").replace("twelve", "fifteen"), body) == []


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(["The minister met ", "the the ", "G7 = seven states ", "态", "Снег ", "(花) ",
                           "\n", ". ", '"', "14 p.m. ", "â€™", "\ufffd", "Anna Berg ", "his ", "= ", "x=y "])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=30), st.one_of(st.none(), st.text(max_size=40)))
def test_check_never_raises_and_evidence_stays_in_the_text(parts, title):
    from teller.summarize import highlights

    text = "".join(parts)
    art = article(text, title, published="2023-09-14T23:10:00+09:00")
    flags = check(art, None, [], [], [])
    for f in flags:
        assert f.evidence and all(0 <= sp.start < sp.end <= len(text) for sp in f.evidence), f
    score, _ = quality(art, flags)
    assert 0 <= score <= 100
    for h in highlights(art, None, [], flags):
        assert h.evidence[0].of(text) == h.text


def test_title_name_candidates_drop_role_words():
    from teller.verify.headline import _title_names

    assert _title_names("Foreign Minister Yoko Kamikawa meets Secretary of State Blinken") == [
        "Yoko Kamikawa", "Kamikawa", "Blinken"]


def test_no_flag_when_the_parser_tags_the_rival_only_elsewhere(nlp):
    # "Marie Vance" is not resolved and her first mention may not be tagged PERSON, but later
    # ones are: her surname in the window is enough to doubt the link to Holm.
    text = ("Envoy to the Ukraine Marie Vance testified against President Lars Holm. Allies of Holm "
            "then attacked her testimony.\nVance said nothing. Vance left. Critics said Vance was calm.")
    ms = name_mentions(text, ("President Lars Holm", MAN), ("Holm", MAN)) + [pronoun(text, "her", MAN)]
    assert _pronoun_flags(text, ms, nlp) == []
    # the same text without the rival's later mentions: the link to Holm is unopposed
    alone = text.split("\n")[0].replace("Marie Vance", "the envoy")
    ms = name_mentions(alone, ("President Lars Holm", MAN), ("Holm", MAN)) + [pronoun(alone, "her", MAN)]
    assert [f.kind for f in _pronoun_flags(alone, ms, nlp)] == ["pronoun_mismatch"]


def test_calls_for_in_a_title_is_not_a_phone_call():
    text = "The two leaders did not hold talks this week."
    evs = [_event("CONSULT", "denied", Span(0, 20))]
    assert status_contradiction("UN calls for ceasefire in the region", text, evs) == []
    assert len(status_contradiction("Leaders hold call on ceasefire", text, evs)) == 1


_DOUBLING_PIECES = st.sampled_from(["the", "The", "THE", "to", "an", "a", "and", "Is", "is", "had", "İn", "ın",
                                    "in", "haſ", "has", "x", "bthe", " ", "  ", "\t", "\n", ".", "é", "thé"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_DOUBLING_PIECES, st.text(max_size=4)), max_size=40))
def test_doubled_words_equal_the_plain_backreference_search(parts):
    """The letter-class pattern finds exactly what "any doubled word, kept if in the list" finds."""
    from teller.verify.garble import _NEVER_DOUBLED_SET, doubled_words

    text = "".join(parts)
    plain = re.compile(r"\b(\w+)[ \t]+\1\b", re.IGNORECASE)
    want = [m.span() for m in plain.finditer(text) if m.group(1).lower() in _NEVER_DOUBLED_SET]
    assert [(f.evidence[0].start, f.evidence[0].end) for f in doubled_words(text)] == want


def test_doubled_word_first_letters_are_every_character_the_engine_folds_to_them():
    from teller.verify.garble import _FIRST_LETTERS, _NEVER_DOUBLED

    folded = re.compile("(?i:[" + "".join({w[0] for w in _NEVER_DOUBLED}) + "])")
    assert sorted(_FIRST_LETTERS) == sorted(chr(c) for c in range(0x30000) if folded.fullmatch(chr(c)))
