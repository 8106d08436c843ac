"""TABARI/PETRARCH dictionary readers, on small dictionaries written here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from teller.dictionaries.tabari import (
    DatedCode,
    dictionary_kind,
    parse_actors,
    parse_agents,
    parse_date,
    parse_discards,
    parse_verbs,
)
from teller.errors import DataError

ACTORS = """\
# a made-up actor dictionary
<!-- a block comment
     over two lines [XXX] -->
RURITANIA_  [RUR]
+RURITANIAN_
+STRELSAU   # the capital
	[RURGOV 19950601-990815]

KING_RUDOLF_  ; legacy comment
+RUDOLF
	[RURELI <19940101]
	[RURGOV 940102 - 20091231]
	[RURELI >20100101]

NORTH_ELBONIA [NEL 010101-051231] [NELREB]
NAMELESS_HERMIT
ACME_RELIEF_TEAM_	[NGORURCHR214]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_parse_date_two_and_four_digit_years() -> None:
    assert parse_date("19950601") == date(1995, 6, 1)
    assert parse_date("950601") == date(1995, 6, 1)
    assert parse_date("300101") == date(2030, 1, 1)  # YY 00-30 is 20YY
    assert parse_date("310101") == date(1931, 1, 1)
    with pytest.raises(ValueError):
        parse_date("9506011")


def test_actor_names_synonyms_codes_and_comments(tmp_path: Path) -> None:
    entries = parse_actors(_write(tmp_path, "test.actors.txt", ACTORS))
    by_name = {e.names[0]: e for e in entries}
    assert "XXX" not in {c.code for e in entries for c in e.codes}  # inside <!-- -->
    rur = by_name["RURITANIA"]
    assert rur.names == ["RURITANIA", "RURITANIAN", "STRELSAU"]
    assert rur.codes[0] == DatedCode("RUR")
    assert rur.codes[1] == DatedCode("RURGOV", date(1995, 6, 1), date(1999, 8, 15))
    assert rur.source.endswith(":4")
    king = by_name["KING RUDOLF"]
    assert king.names == ["KING RUDOLF", "RUDOLF"]
    assert king.comment == "legacy comment"
    assert king.codes == [
        DatedCode("RURELI", None, date(1994, 1, 1)),
        DatedCode("RURGOV", date(1994, 1, 2), date(2009, 12, 31)),
        DatedCode("RURELI", date(2010, 1, 1), None),
    ]
    # codes may contain digits; several bracket groups on one line
    assert by_name["ACME RELIEF TEAM"].codes == [DatedCode("NGORURCHR214")]
    assert by_name["NORTH ELBONIA"].codes == [
        DatedCode("NEL", date(2001, 1, 1), date(2005, 12, 31)),
        DatedCode("NELREB"),
    ]
    assert by_name["NAMELESS HERMIT"].codes == []


def test_dated_roles_choose_the_code_for_a_date(tmp_path: Path) -> None:
    entries = {e.names[0]: e for e in parse_actors(_write(tmp_path, "a.actors.txt", ACTORS))}
    king = entries["KING RUDOLF"]
    assert king.code_on(date(1990, 5, 5)) == "RURELI"
    assert king.code_on(date(1994, 1, 2)) == "RURGOV"  # limits are inclusive
    assert king.code_on(date(2009, 12, 31)) == "RURGOV"
    assert king.code_on(date(2012, 1, 1)) == "RURELI"
    rur = entries["RURITANIA"]
    assert rur.code_on(date(1997, 1, 1)) == "RURGOV"
    assert rur.code_on(date(2005, 1, 1)) == "RUR"  # outside the dated role: the default
    assert entries["NORTH ELBONIA"].code_on(date(2010, 1, 1)) == "NELREB"
    assert entries["NAMELESS HERMIT"].code_on(date(2010, 1, 1)) is None


def test_bad_date_is_skipped_not_fatal(tmp_path: Path) -> None:
    text = "ZEMBLA [ZEM]\n\t[ZEMGOV 1999-2000]\n\t[ZEMREB >990101]\n"
    (entry,) = parse_actors(_write(tmp_path, "z.actors.txt", text))
    assert entry.codes == [DatedCode("ZEM"), DatedCode("ZEMREB", date(1999, 1, 1), None)]


def test_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError):
        parse_actors(tmp_path / "nope.actors.txt")


# ---------------------------------------------------------------------------------------------
# agents, discards, verbs

AGENTS = """\
<!-- made-up agents -->
!PERSON! = MAN, MEN, WOMAN, WOMEN
MINISTER [~GOV]
FOREIGN_MINISTRY [~GOVFRM]  # comment
CONGRESS!PERSON! [~LEG]
POLICE {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]
RED_CRESCENT_SOCIETY [NGO~]
PARTY
"""


def test_agents_plurals_substitutions_and_code_position(tmp_path: Path) -> None:
    agents = {a.names[0]: a for a in parse_agents(_write(tmp_path, "x.agents.txt", AGENTS))}
    assert "PARTY" not in agents  # no [code]: skipped, not fatal
    assert agents["MINISTER"].names == ("MINISTER", "MINISTERS")
    assert agents["MINISTER"].code == "GOV" and agents["MINISTER"].position == "suffix"
    assert agents["FOREIGN MINISTRY"].names == ("FOREIGN MINISTRY", "FOREIGN MINISTRIES")
    assert agents["CONGRESSMAN"].names == ("CONGRESSMAN", "CONGRESSMEN", "CONGRESSWOMAN", "CONGRESSWOMEN")
    assert agents["POLICE"].names == ("POLICE",)  # {} = no plural
    assert agents["ATTORNEY GENERAL"].names == ("ATTORNEY GENERAL", "ATTORNEYS GENERAL")
    red = agents["RED CRESCENT SOCIETY"]
    assert red.position == "prefix" and red.compose("KEN") == "NGOKEN"
    assert agents["MINISTER"].compose("NOR") == "NORGOV"
    assert agents["MINISTER"].compose("NORGOV") == "NORGOV"  # never doubled


def test_discards_sentence_and_story_level(tmp_path: Path) -> None:
    text = "# sports\nFOOTBALL MATCH  # sentence level\n+WORLD_CUP\n"
    d = parse_discards(_write(tmp_path, "x.discards.txt", text))
    assert [(e.phrase, e.story) for e in d] == [("FOOTBALL MATCH", False), ("WORLD CUP", True)]


VERBS = """\
<!-- a made-up verb dictionary -->
&TIES
+DIPLOMATIC_TIES
+RELATIONS

&ALLTIES
+&TIES
+TRADE LINKS

--- RESTORE [064] ---
RESTORE
- * &ALLTIES  [064]   # pas
- NOT * &TIES [112]
- * TIES_WITH_+ OVER $  [065]

--- MEET [031:031] ---
MEET {MET MEETING}
- % HAVE * [036]

--- PRAISE [051] ---
PRAISE
HAIL_+DOWN_ON [---]
- * ^ FOR AID_FROM $ [043]
"""


def test_verbs_synsets_blocks_forms_and_patterns(tmp_path: Path) -> None:
    v = parse_verbs(_write(tmp_path, "x.verbs.txt", VERBS))
    assert v.synsets["&TIES"] == ["DIPLOMATIC TIES", "RELATIONS"]
    assert v.synsets["&ALLTIES"] == ["&TIES", "TRADE LINKS"]  # nested synset, expanded when matching
    blocks = {b.name: b for b in v.blocks}
    restore = blocks["RESTORE"]
    assert restore.code == "064"
    assert set(restore.verbs[0].forms) >= {"RESTORE", "RESTORES", "RESTORED", "RESTORING"}
    p0, p1, p2 = restore.patterns
    assert (p0.lower, p0.upper, p0.code, p0.comment) == ((), ("&ALLTIES",), "064", "pas")
    assert (p1.lower, p1.upper, p1.code) == (("NOT",), ("&TIES",), "112")
    assert p2.upper == ("TIES", "WITH", "+", "OVER", "$") and p2.upper_links == (False, True, True, False, False)
    meet = blocks["MEET"]
    assert meet.code == "031:031"
    assert {"MET", "MEETING", "MEETS"} <= set(meet.verbs[0].forms)
    assert meet.patterns[0].lower == ("%", "HAVE")
    hail = blocks["PRAISE"].verbs[1]
    assert hail.code == "---" and "HAIL RAINED ON" not in hail.forms
    assert "HAIL DOWNED ON" in hail.forms  # the "+" word is the one inflected


def test_dictionary_kind_by_name_then_content(tmp_path: Path) -> None:
    assert dictionary_kind(_write(tmp_path, "my.verbs.txt", VERBS)) == "verbs"
    assert dictionary_kind(_write(tmp_path, "a.txt", VERBS)) == "verbs"
    assert dictionary_kind(_write(tmp_path, "b.txt", AGENTS)) == "agents"
    assert dictionary_kind(_write(tmp_path, "c.txt", ACTORS)) == "actors"
    assert dictionary_kind(_write(tmp_path, "d.txt", "FOOTBALL\n+WORLD CUP\n")) == "discards"


# ---------------------------------------------------------------------------------------------
# coding sentences with the dictionaries

from teller.errors import InputError  # noqa: E402
from teller.events.petrarch import DictionaryCoder, load_dictionaries  # noqa: E402

CODER_ACTORS = """\
NORWAY [NOR]
+NORWEGIAN
CHILE [CHL]
+CHILEAN
KENYA [KEN]
+KENYAN
PERU [PER]
+PERUVIAN
CHINA [CHN]
ANNA_BERG
	[NORELI <20091231]
	[NORGOV 20100101-20151231]
"""
CODER_DISCARDS = "FOOTBALL MATCH\n+WORLD_CUP\n"


@pytest.fixture
def coder(tmp_path: Path) -> DictionaryCoder:
    paths = [
        _write(tmp_path, "t.verbs.txt", VERBS),
        _write(tmp_path, "t.actors.txt", CODER_ACTORS),
        _write(tmp_path, "t.agents.txt", AGENTS),
        _write(tmp_path, "t.discards.txt", CODER_DISCARDS),
    ]
    return DictionaryCoder(load_dictionaries(paths))


def _codes(codings) -> set[tuple[str, str, str]]:
    return {(c.source, c.target, c.code) for c in codings}


RESTORED = ("(ROOT (S (NP (NNP Norway)) (VP (VBD restored) (NP (JJ diplomatic) (NNS ties))"
            " (PP (IN with) (NP (NNP Chile)))) (. .)))")


def test_pattern_with_synset_codes_source_and_target(coder: DictionaryCoder) -> None:
    text = "Norway restored diplomatic ties with Chile."
    (c,) = coder.code(text, parse=RESTORED)
    assert (c.source, c.target, c.code) == ("NOR", "CHL", "064")
    assert "&ALLTIES" in c.evidence  # the nested synset reached DIPLOMATIC TIES
    assert text[c.verb_span[0]:c.verb_span[1]] == "restored"


def test_lower_pattern_words_change_the_code(coder: DictionaryCoder) -> None:
    parse = ("(ROOT (S (NP (NNP Norway)) (VP (VBD did) (RB not) (VP (VB restore) (NP (NNS relations))"
             " (PP (IN with) (NP (NNP Chile))))) (. .)))")
    assert _codes(coder.code("Norway did not restore relations with Chile.", parse=parse)) == {("NOR", "CHL", "112")}


def test_target_and_source_markers(coder: DictionaryCoder) -> None:
    # "* TIES_WITH_+ OVER $": the target follows WITH, the source follows OVER
    parse = ("(ROOT (S (NP (NNP Norway)) (VP (VBD restored) (NP (NNS ties)) (PP (IN with) (NP (NNP Chile)))"
             " (PP (IN over) (NP (NNP Peru)))) (. .)))")
    assert _codes(coder.code("Norway restored ties with Chile over Peru.", parse=parse)) == {("PER", "CHL", "065")}


def test_skip_marker_and_passive_by_agent(coder: DictionaryCoder) -> None:
    parse = ("(ROOT (S (NP (NNP Kenya)) (VP (VBD praised) (NP (NNP Chile)) (PP (IN for) (NP (NN aid)))"
             " (PP (IN from) (NP (NNP Peru)))) (. .)))")
    # "^" skips Chile; "$" after AID_FROM is Peru, the target is unset so it comes from the VP
    got = _codes(coder.code("Kenya praised Chile for aid from Peru.", parse=parse))
    assert got == {("PER", "CHL", "043")}
    passive = "(ROOT (S (NP (NNP Chile)) (VP (VBD was) (VP (VBN praised) (PP (IN by) (NP (NNP Norway))))) (. .)))"
    assert _codes(coder.code("Chile was praised by Norway.", parse=passive)) == {("NOR", "CHL", "051")}


def test_reciprocal_code_and_compound_marker(coder: DictionaryCoder) -> None:
    met = "(ROOT (S (NP (NNP Norway)) (VP (VBD met) (NP (NNP Chile))) (. .)))"
    assert _codes(coder.code("Norway met Chile.", parse=met)) == {("NOR", "CHL", "031"), ("CHL", "NOR", "031")}
    have_met = ("(ROOT (S (NP (NNP Norway) (CC and) (NNP Chile)) (VP (VBP have) (VP (VBN met))) (. .)))")
    assert _codes(coder.code("Norway and Chile have met.", parse=have_met)) == {
        ("NOR", "CHL", "036"), ("CHL", "NOR", "036")}


def test_agents_compose_with_actors(coder: DictionaryCoder) -> None:
    parse = ("(ROOT (S (NP (DT The) (JJ Norwegian) (NN minister)) (VP (VBD met) (NP (JJ Kenyan) (NNS police)))"
             " (. .)))")
    assert _codes(coder.code("The Norwegian minister met Kenyan police.", parse=parse)) == {
        ("NORGOV", "KENCOP", "031"), ("KENCOP", "NORGOV", "031")}
    parse2 = ("(ROOT (S (NP (NNP Kenya) (NNP Red) (NNP Crescent) (NNP Society)) (VP (VBD praised)"
              " (NP (JJ Peruvian) (NNS congressmen))) (. .)))")
    assert _codes(coder.code("Kenya Red Crescent Society praised Peruvian congressmen.", parse=parse2)) == {
        ("NGOKEN", "PERLEG", "051")}
    parse3 = ("(ROOT (S (NP (NP (NNS Ministers)) (PP (IN of) (NP (NNP Peru) (CC and) (NNP Chile))))"
              " (VP (VBD praised) (NP (NNP Kenya))) (. .)))")
    assert _codes(coder.code("Ministers of Peru and Chile praised Kenya.", parse=parse3)) == {
        ("PERGOV", "KEN", "051"), ("CHLGOV", "KEN", "051")}


def test_dated_roles_follow_the_sentence_date(coder: DictionaryCoder) -> None:
    parse = "(ROOT (S (NP (NNP Anna) (NNP Berg)) (VP (VBD praised) (NP (NNP Chile))) (. .)))"
    text = "Anna Berg praised Chile."
    assert _codes(coder.code(text, parse=parse, when=date(2012, 5, 1))) == {("NORGOV", "CHL", "051")}
    assert _codes(coder.code(text, parse=parse, when=date(2005, 5, 1))) == {("NORELI", "CHL", "051")}
    assert coder.code(text, parse=parse, when=date(2020, 5, 1)) == []  # no code holds then


def test_discards_stop_coding(coder: DictionaryCoder) -> None:
    text = "Norway restored diplomatic ties with Chile before the football match."
    assert coder.code(text, parse=RESTORED) == []
    hit = coder.discarded("Chile praised Norway at the World Cup.")
    assert hit is not None and hit.story


def test_null_codes_and_dyads(coder: DictionaryCoder) -> None:
    # a verb without a target codes nothing (require_dyad, as PETRARCH does by default)
    parse = "(ROOT (S (NP (NNP Norway)) (VP (VBD restored) (NP (NNS relations))) (. .)))"
    assert coder.code("Norway restored relations.", parse=parse) == []


def test_broken_parse_is_an_input_error(coder: DictionaryCoder) -> None:
    with pytest.raises(InputError):
        coder.code("Norway met Chile.", parse="(ROOT (S (NP (NNP Norway)) (VP (VBD met)")


def test_spacy_path_codes_the_same_sentence(coder: DictionaryCoder, nlp) -> None:
    text = "Norway restored diplomatic ties with Chile on Monday."
    assert _codes(coder.code(text, nlp(text))) == {("NOR", "CHL", "064")}
    assert _codes(coder.code("The Norwegian minister met Chile.")) >= {("NORGOV", "CHL", "031")}


def test_plural_of_a_one_word_actor(coder: DictionaryCoder) -> None:
    parse = "(ROOT (S (NP (NNPS Chileans)) (VP (VBD praised) (NP (NNP Norway))) (. .)))"
    assert _codes(coder.code("Chileans praised Norway.", parse=parse)) == {("CHL", "NOR", "051")}


def test_a_doc_is_coded_sentence_by_sentence(coder: DictionaryCoder, nlp) -> None:
    text = "Norway praised Chile on Monday. Peru met Kenya on Tuesday."
    got = coder.code(text, nlp(text))
    assert _codes(got) == {("NOR", "CHL", "051"), ("PER", "KEN", "031"), ("KEN", "PER", "031")}
    assert {text[c.verb_span[0]:c.verb_span[1]] for c in got} == {"praised", "met"}


def test_participle_in_a_noun_phrase_is_not_a_verb(coder: DictionaryCoder) -> None:
    parse = ("(ROOT (S (NP (NNP Norway)) (VP (VBD met) (NP (DT the) (VBN praised) (NNP Chile)))"
             " (. .)))")
    got = coder.code("Norway met the praised Chile.", parse=parse)
    assert {c.code for c in got} == {"031"}  # "praised" sits in a noun phrase: no 051


def test_adjective_alone_is_no_agent_actor(coder: DictionaryCoder, tmp_path: Path) -> None:
    agents = _write(tmp_path, "adj.agents.txt", "NAVAL [~MIL]\n")
    c2 = DictionaryCoder(load_dictionaries([_write(tmp_path, "v.verbs.txt", VERBS),
                                            _write(tmp_path, "a.actors.txt", CODER_ACTORS), agents]))
    parse = ("(ROOT (S (NP (NNP Norway) (CC and) (NNP Chile)) (VP (VBD met) (PP (IN for) (NP (JJ naval)"
             " (NNS talks)))) (. .)))")
    # no "---MIL" target from the adjective; the compound meets itself (reciprocal code)
    assert _codes(c2.code("Norway and Chile met for naval talks.", parse=parse)) == {
        ("NOR", "CHL", "031"), ("CHL", "NOR", "031")}


def test_actor_name_inside_a_place_name_is_no_actor(coder: DictionaryCoder, nlp) -> None:
    text = "Norway praised the sailors in the South China Sea."
    assert not any(c.target == "CHN" for c in coder.code(text, nlp(text)))
    text2 = "Norway praised China on Monday."
    assert _codes(coder.code(text2, nlp(text2))) == {("NOR", "CHN", "051")}
