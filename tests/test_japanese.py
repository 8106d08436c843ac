"""Japanese articles read natively: KB aliases, time expressions, publication times (no model
needed), and events through GiNZA (skipped with a message when teller[ja] is not installed).

Every sentence here is written for these tests in the style of NHK and Kyodo reports.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from teller.actors import KnowledgeBase
from teller.errors import DataError
from teller.languages import installed

JST = timezone(timedelta(hours=9))
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SAMPLE = EXAMPLES / "articles" / "ja" / "samples.jsonl"

needs_ginza = pytest.mark.skipif(not installed("ja"), reason="GiNZA not installed: pip install 'teller[ja]'")


# --- the knowledge base's Japanese names ------------------------------------------------------

@pytest.mark.parametrize("name, when, expected", [
    ("上川陽子", date(2023, 9, 14), "person:yoko-kamikawa"),
    ("上川外相", date(2023, 9, 14), "person:yoko-kamikawa"),
    ("上川外務大臣", date(2023, 9, 14), "person:yoko-kamikawa"),
    ("ブリンケン国務長官", date(2023, 9, 14), "person:antony-blinken"),
    ("米国", None, "USA"),
    ("アメリカ", None, "USA"),
    ("北朝鮮", None, "PRK"),
    ("日本の外相", date(2023, 9, 14), "person:yoko-kamikawa"),
    ("日本の外相", date(2022, 5, 1), "person:yoshimasa-hayashi"),
    ("米国務長官", date(2023, 9, 14), "person:antony-blinken"),
    ("韓国外相", date(2015, 12, 28), "person:yun-byung-se"),
])
def test_japanese_names_resolve_to_the_kb_entries(name, when, expected):
    from teller.japanese.actors import resolve

    kb = KnowledgeBase.default()
    found = kb.lookup(name, when) or [m.actor for m in resolve(name, kb, when) if m.actor]
    assert found and found[0].id == expected, (name, found)


def test_an_office_title_in_japanese_names_the_holder_at_the_date():
    kb = KnowledgeBase.default()
    assert kb.holder("JPN", "外相", date(2023, 9, 14)).name == "Yoko Kamikawa"
    assert kb.holder("JPN", "首相", date(2016, 12, 27)).name == "Shinzo Abe"
    assert kb.holder("USA", "国務長官", date(2016, 1, 5)).name == "John Kerry"


def test_a_bad_alias_line_is_refused_with_its_place(tmp_path):
    bad = tmp_path / "aliases_extra.tsv"
    bad.write_text("ref\tlang\tkind\taliases\nperson:nobody-at-all\tja\tname\t無名太郎\n", encoding="utf-8")
    with pytest.raises(DataError, match="unknown person"):
        KnowledgeBase.load([bad], include_default=True)
    bad.write_text("ref\tlang\tkind\taliases\noffice:*:nothing\tja\ttitle\t何某\n", encoding="utf-8")
    with pytest.raises(DataError, match="must name an office"):
        KnowledgeBase.load([bad], include_default=True)


def test_mentions_take_names_from_the_kb_not_the_parser_and_pair_groups():
    from teller.japanese.actors import resolve

    kb = KnowledgeBase.default()
    text = "岸田外相は韓国の尹炳世外相と会談した。両外相は合意した。首相は歓迎した。中国の王毅外相も発言した。"
    ms = resolve(text, kb, date(2015, 12, 28))
    by_text = {m.text: m for m in ms}
    assert by_text["岸田外相"].actor.id == "person:fumio-kishida"
    assert by_text["尹炳世外相"].actor.id == "person:yun-byung-se"
    assert [a.id for a in by_text["両外相"].members] == ["person:fumio-kishida", "person:yun-byung-se"]
    assert by_text["首相"].actor.id == "person:shinzo-abe"  # a bare 首相 is Japan's
    assert by_text["王毅外相"].actor.id == "person:wang-yi"


# --- time expressions -------------------------------------------------------------------------

def _times(text, dct=datetime(2023, 9, 15, 8, 0, tzinfo=JST)):
    from teller.japanese.timex import annotate

    return {tv.text: tv for tv in annotate(text, dct)}


def test_japanese_time_expressions_normalise_like_the_english_ones():
    t = _times("上川外務大臣は14日夜、電話会談を行った。会談は日本時間の14日夜9時すぎに始まった。"
               "来週、ニューヨークを訪問する予定だ。先週と今月と昨年、令和5年と2023年9月14日、9月14日(木)。")
    assert t["14日夜"].value == "2023-09-14TNI"
    night9 = t["日本時間の14日夜9時すぎ"]
    assert (night9.value, night9.tz, night9.mod) == ("2023-09-14T21:00", "+09:00", "AFTER")
    assert t["来週"].value == "2023-W38" and t["来週"].start.startswith("2023-09-18")
    assert t["先週"].value == "2023-W36"
    assert t["今月"].value == "2023-09"
    assert t["昨年"].value == "2022"
    assert t["令和5年"].value == "2023"
    assert t["2023年9月14日"].value == "2023-09-14"
    assert t["9月14日(木)"].value == "2023-09-14"


def test_same_day_and_day_before_follow_the_date_under_discussion():
    t = _times("北朝鮮は8月29日午前5時58分ごろ、弾道ミサイルを発射した。政府は同日、抗議した。前日には警告があった。",
               datetime(2017, 8, 30, 6, 0, tzinfo=JST))
    assert t["8月29日午前5時58分ごろ"].value == "2017-08-29T05:58"
    assert t["同日"].value == "2017-08-29"
    assert t["前日"].value == "2017-08-28"


def test_a_bare_day_is_read_by_the_tense_of_its_predicate():
    dct = datetime(2016, 12, 25, 9, 0, tzinfo=JST)
    past = _times("首相は23日、会談した。", dct)["23日"]
    plan = _times("首相は27日、ホノルルで会談する予定だ。", dct)["27日"]
    assert past.value == "2016-12-23" and plan.value == "2016-12-27"
    before_dawn = _times("首相は7日未明に到着した。", dct)["7日未明"]
    assert before_dawn.start.startswith("2016-12-07T00:00")


def test_publication_time_from_a_japanese_date_line():
    from teller.japanese.published import publication_time
    from teller.records import Article

    a = Article(id="x", text="報道発表\n令和6年12月23日\n外相は電話会談を行った。", language="ja")
    pt = publication_time(a)
    assert (pt.basis, pt.when.date()) == ("date line", date(2024, 12, 23))
    b = Article(id="y", text="【3月2日 AFP】外相は2017年の合意について述べた。", language="ja")
    assert publication_time(b).when.date() == date(2017, 3, 2)


# --- events (GiNZA) ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pipe():
    if not installed("ja"):
        pytest.skip("GiNZA not installed: pip install 'teller[ja]'")
    from teller import Pipeline

    return Pipeline()


def _events(pipe, text, published="2023-09-15T08:00:00+09:00"):
    a = pipe.process(text, published=published)
    assert a.article.language == "ja"
    return a, [(e.event, e.status, tuple(x.id for x in e.actor), tuple(x.id for x in e.recipient),
                e.date.value if e.date else None) for e in a.events]


@needs_ginza
def test_the_bundled_japanese_sample_codes_the_call_the_accord_and_the_planned_meeting(pipe):
    row = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    a, evs = _events(pipe, row["text"], row["published"])
    k, b = "person:yoko-kamikawa", "person:antony-blinken"
    assert ("CONSULT", "happened", (k,), (b,), "2023-09-14TNI") in evs
    assert ("AGREE", "happened", (k,), (b,), "2023-09-14TNI") in evs
    assert ("CONSULT", "planned", (k,), (b,), "2023-W38") in evs
    assert ("MOBILIZE", "happened", ("PRK",), (), "2023-09-14TNI") in evs
    call = next(e for e in a.events if e.event == "CONSULT" and e.status == "happened")
    assert call.mode == "phone"
    assert a.briefs[call.id].startswith("On the night of 14 September 2023, Japan's Minister for Foreign Affairs "
                                        "Yoko Kamikawa and US Secretary of State Antony Blinken held a telephone call")
    assert not any(f.kind in ("unsupported_language", "foreign_script") for f in a.flags)


@needs_ginza
def test_negated_planned_and_supposed_acts(pipe):
    _, evs = _events(pipe, "林外相は12日、中国の王毅外相と会談しなかった。")
    assert any(e[0] == "CONSULT" and e[1] == "denied" for e in evs)
    _, evs = _events(pipe, "岸田首相は来週、韓国を訪問する方針だ。")
    assert ("CONSULT", "planned", ("person:fumio-kishida",), ("KOR",), "2023-W38") in evs
    _, evs = _events(pipe, "北朝鮮がミサイルを発射すれば、日本政府は制裁を科す見通しだ。")
    assert any(e[0] == "SANCTION" and e[1] in ("planned", "hypothetical") for e in evs)


@needs_ginza
def test_case_particles_give_actor_and_recipient(pipe):
    _, evs = _events(pipe, "韓国政府は14日、日本に対し謝罪を要求した。", "2023-09-15T08:00:00+09:00")
    assert ("REQUEST", "happened", ("KOR.GOV",), ("JPN",), "2023-09-14") in evs
    _, evs = _events(pipe, "松野官房長官は15日、北朝鮮を強く非難した。")
    assert ("ACCUSE", "happened", ("person:hirokazu-matsuno",), ("PRK",), "2023-09-15") in evs
    # AとBは会談した: the first named is the actor, the other the recipient
    _, evs = _events(pipe, "上川外相と中国の王毅外相は13日、北京で会談した。")
    assert ("CONSULT", "happened", ("person:yoko-kamikawa",), ("person:wang-yi",), "2023-09-13") in evs


@needs_ginza
def test_a_japanese_and_an_english_report_of_one_call_merge_into_one_event(pipe):
    from teller.stories import StoryIndex

    english = json.loads((EXAMPLES / "articles" / "samples.jsonl").read_text(encoding="utf-8").splitlines()[0])
    japanese = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    idx = StoryIndex(kb=pipe.kb)
    analyses = []
    for row in (english, japanese):
        analyses.append(pipe.process(row["text"], published=row["published"]))
        idx.add(analyses[-1])
    both = {analyses[0].article.id, analyses[1].article.id}
    calls = [e for e in idx.canonical_events() if e.event == "CONSULT" and e.status == "happened"]
    assert any(set(e.article_ids) == both for e in calls), [(e.event, e.article_ids) for e in calls]


@needs_ginza
def test_a_batch_with_both_languages_keeps_input_order(pipe):
    english = json.loads((EXAMPLES / "articles" / "samples.jsonl").read_text(encoding="utf-8").splitlines()[1])
    japanese = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    from teller.records import Article

    arts = [pipe.article(pipe.read(r["text"], published=r["published"])) for r in (japanese, english, japanese)]
    out = list(pipe.process_many(arts))
    assert [r.article.language for r in out] == ["ja", "en", "ja"]
    assert all(not isinstance(r, Exception) for r in out)
    assert isinstance(arts[0], Article)


@needs_ginza
def test_a_japanese_model_that_will_not_load_fails_its_articles_clearly_and_the_rest_go_on():
    from dataclasses import replace

    from teller import Pipeline
    from teller.config import Settings
    from teller.errors import InputError

    pipe = Pipeline(settings=replace(Settings.defaults(), ja_model="no_such_ginza_model"))
    english = json.loads((EXAMPLES / "articles" / "samples.jsonl").read_text(encoding="utf-8").splitlines()[1])
    japanese = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    arts = [pipe.article(pipe.read(r["text"], published=r["published"])) for r in (japanese, english)]
    out = list(pipe.process_many(arts))
    assert isinstance(out[0], InputError) and "cannot load the Japanese model" in str(out[0])
    assert not isinstance(out[1], Exception) and out[1].article.language == "en"


# --- stories across languages -----------------------------------------------------------------

def test_a_non_english_article_is_embedded_by_its_english_briefs():
    from teller.records import Analysis, Article, Event
    from teller.stories.embed import story_text

    ev = Event(id="evt_1", event="CONSULT", actor=[], recipient=[], status="happened", evidence=[], confidence=0.8)
    ja = Analysis(article=Article(id="a1", text="上川外相は12日、会談した。", title="日米外相会談", language="ja"),
                  events=[ev], briefs={"evt_1": "Japan's foreign minister held talks."})
    assert story_text(ja) == "Japan's foreign minister held talks."
    en = Analysis(article=Article(id="a2", text="The ministers met in Tokyo.", title="Talks", language="en"))
    assert story_text(en) == "Talks. The ministers met in Tokyo."
    bare = Analysis(article=Article(id="a3", text="会談した。", language="ja"))
    assert story_text(bare) == ""  # nothing the English embedding can compare: no text link


@needs_ginza
def test_an_undated_japanese_report_joins_the_english_story_of_its_event_and_merges(pipe):
    """The Japanese page shows no date ("12日" has no month): its report is placed in time by the
    English story it joins, which it meets on its English briefs (never on the Japanese text,
    which the embedding cannot compare with English)."""
    from teller.stories import StoryIndex

    en = pipe.process("Japanese Foreign Minister Yoko Kamikawa held talks with US Secretary of State Antony "
                      "Blinken in Tokyo on Tuesday, the ministry said.", published="2023-09-13T10:00:00+00:00")
    ja = pipe.process("上川陽子外相は12日、東京でブリンケン米国務長官と会談した。", published=None)
    assert ja.article.language == "ja" and ja.article.published is None
    idx = StoryIndex(kb=pipe.kb)
    idx.add(en)
    idx.add(ja)
    both = {en.article.id, ja.article.id}
    assert any(set(s.article_ids) == both for s in idx.stories())
    talks = [e for e in idx.canonical_events() if e.event == "CONSULT" and e.status == "happened"]
    assert any(set(e.article_ids) == both for e in talks), [(e.event, e.article_ids) for e in talks]
    # its "12日" is quoted for the story, which reads it as the 12th before the English report
    mine = next(e for e in ja.events if e.event == "CONSULT")
    assert mine.date is None and mine.date_reason.startswith("'12日' cannot be dated"), mine.date_reason
    merged = next(e for e in talks if set(e.article_ids) == both)
    assert merged.date is not None and merged.date.value.startswith("2023-09-12"), merged.date_reason


@needs_ginza
def test_two_japanese_reports_of_different_events_are_not_one_story(pipe):
    """Japanese texts all look alike to the English embedding (these two score 0.86, a story
    outright); their briefs do not."""
    from teller.stories import StoryIndex

    call = pipe.process("岩屋外相は20日、韓国の趙兌烈外相と電話会談した。両外相は、日韓関係の重要性を確認した。"
                        "会談は約20分間行われ、来年の交流事業についても意見を交わした。",
                        published="2024-12-20T18:00:00+09:00")
    launch = pipe.process("北朝鮮は21日朝、日本海に向けて弾道ミサイルを発射した。ミサイルは日本の排他的経済水域の外に"
                          "落下したとみられる。日本政府と韓国政府は北朝鮮を強く非難した。防衛省が詳しい情報を分析している。",
                          published="2024-12-21T12:00:00+09:00")
    idx = StoryIndex(kb=pipe.kb)
    idx.add(call)
    idx.add(launch)
    assert all(len(s.article_ids) == 1 for s in idx.stories())


@needs_ginza
def test_an_unknown_body_is_an_unresolved_actor_as_in_english(pipe):
    a, _ = _events(pipe, "特別捜査本部は15日、元社長の身柄を拘束した。")
    actors = [x for e in a.events for x in e.actor]
    assert actors and all(x.kind == "unresolved" and x.id.startswith("unresolved:") for x in actors)


# --- names the knowledge base does not know ---------------------------------------------------

@pytest.mark.parametrize("kana, latin", [
    ("ヤマモト", "yamamoto"), ("コウノ", "kono"), ("ユウコ", "yuko"), ("オオノ", "ono"), ("シンゾウ", "shinzo"),
    ("ハットリ", "hattori"), ("キョウコ", "kyoko"), ("ジュンイチロウ", "junichiro"), ("マッチャ", "matcha"),
])
def test_katakana_readings_in_the_hepburn_the_foreign_ministry_writes(kana, latin):
    from teller.japanese.romaji import hepburn

    assert hepburn(kana) == latin


def test_chinese_names_in_pinyin_surname_first():
    pytest.importorskip("pypinyin")
    from teller.japanese.romaji import chinese_name

    assert chinese_name("劉建国") == "Liu Jianguo"
    assert chinese_name("欧陽明") == "Ouyang Ming"  # a two-character surname


@pytest.mark.parametrize("japanese, english", [
    ("合同捜査本部", "Joint Investigation Headquarters"),
    ("反政府デモ隊", "Anti-government Protesters"),
    ("武装勢力", "Armed Group"),
    ("合同捜査本部長", None),  # a word the list lacks: no half translation
])
def test_unknown_bodies_are_glossed_only_when_every_word_is_known(japanese, english):
    from teller.japanese.gloss import gloss

    assert gloss(japanese) == english


@needs_ginza
def test_officials_the_kb_does_not_know_are_named_people_of_their_state(pipe):
    pytest.importorskip("pypinyin")
    a, _ = _events(pipe, "中国外務省の劉建国次官は3日、山本一郎・駐中国大使を呼び出して抗議した。",
                   "2025-06-04T12:00:00+09:00")
    protest = next(e for e in a.events if e.event == "ACCUSE")
    assert [(x.name, x.country, x.kind) for x in protest.actor] == [("Liu Jianguo", "CHN", "person")]
    assert [(x.name, x.country) for x in protest.recipient] == [("Ichiro Yamamoto", "JPN")]
    assert protest.date.value == "2025-06-03"
    a, _ = _events(pipe, "日本政府も中国の張海涛駐日大使を呼び出して抗議した。", "2025-06-04T12:00:00+09:00")
    assert any(x.name == "Zhang Haitao" and x.country == "CHN" for e in a.events for x in e.recipient)
    a, _ = _events(pipe, "前外務次官は記者団に語った。")  # a post with no name before it: nobody new
    assert not any(m.actor is not None and m.actor.kind == "person" for m in a.mentions)


@needs_ginza
def test_an_unknown_body_is_glossed_and_anti_government_is_not_the_government(pipe):
    a, _ = _events(pipe, "警察の特別捜査本部は15日、元社長の身柄を拘束した。")
    arrest = next(e for e in a.events if e.event == "COERCE")
    assert [(x.id, x.name) for x in arrest.actor] == [("unresolved:特別捜査本部", "Special Investigation Headquarters")]
    a, _ = _events(pipe, "反政府デモ隊は14日、首都で抗議した。")
    assert all(x.id != "JPN.GOV" for e in a.events for x in e.actor)


def test_a_long_japanese_sentence_is_text_not_a_file_name():
    """Over 255 bytes on one line (85 characters at 3 bytes each) is no file name: the operating
    system refuses to look it up, and that is no error of the text's."""
    from teller.ingest.readers import as_document

    text = "岩屋外相は20日、韓国の趙兌烈外相と電話会談し、両外相は日韓関係の重要性を確認した。" * 3
    assert as_document(text).content == text


@needs_ginza
def test_summoning_an_envoy_is_the_foreign_ministrys_act(pipe):
    pytest.importorskip("pypinyin")
    a, _ = _events(pipe, "日本側も中国の張海涛駐日大使を呼び出し、発言について強く抗議した。",
                   "2025-06-04T12:00:00+09:00")
    protest = next(e for e in a.events if e.event == "ACCUSE")
    assert [x.id for x in protest.actor] == ["JPN.GOV.foreign"]  # 日本側 (Japan's side), as the ministry
    assert [x.name for x in protest.recipient] == ["Zhang Haitao"]
    _, evs = _events(pipe, "日本政府は北朝鮮を強く非難した。")  # no envoy summoned: the government itself
    assert ("ACCUSE", "happened", ("JPN.GOV",), ("PRK",), "2023-09-15") in evs
