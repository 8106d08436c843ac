"""The automatic translation check: translation_mismatch flags on stored translations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from teller.cli import main
from teller.compare.stored import KIND, check_stored
from teller.extract import extract
from teller.ingest.document import RawDocument
from teller.records import Analysis, Article, Event
from teller.store import Store

PAIRS = json.loads((Path(__file__).parent / "data" / "compare" / "pairs.json").read_text(encoding="utf-8"))
FAULTY = PAIRS[1]  # the summit with five faults
SRC_URL, TR_URL = "https://example.jp/news/summit", "https://example.com/en/summit"


def _line(text: str, url: str, **more: str) -> str:
    return json.dumps({"url": url, "text": text, "published": FAULTY["published"], "source": "Example News",
                       **more}, ensure_ascii=False)


@pytest.fixture(autouse=True)
def _analyse_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """These runs are about translations compared in storage, not the per-item time limit: they
    analyse in this process with the loaded models instead of starting a worker for each run."""
    monkeypatch.setenv("TELLER_ITEM_TIMEOUT", "0")


def _run(path: Path, db: str) -> str:
    result = CliRunner().invoke(main, ["run", str(path), "--db", db, "--no-progress"])
    assert result.exit_code == 0, result.output
    return result.output


def _mismatches(db: str) -> dict[str, list[str]]:
    with Store(db) as store:
        return {a.id: sorted(f.message.split(":")[0] for f in store.flags(a.id) if f.kind == KIND)
                for a in store.articles()}


def test_a_translation_named_in_the_input_is_flagged_where_it_differs_and_shown(tmp_path):
    f = tmp_path / "pair.jsonl"
    f.write_text(_line(FAULTY["source"], SRC_URL) + "\n"
                 + _line(FAULTY["translation"], TR_URL, translation_of=SRC_URL) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 't.db'}"
    assert "1 translation pairs compared" in _run(f, db)
    with Store(db) as store:
        tr = store.find_article(TR_URL)
        src = store.find_article(SRC_URL)
        assert tr is not None and src is not None and tr.translation_of == SRC_URL
        flags = [fl for fl in store.flags(tr.id) if fl.kind == KIND]
        assert sorted(fl.message.split(":")[0] for fl in flags) == ["date", "number", "pronoun", "time", "title"]
        assert all(len(fl.evidence) == 1 and fl.severity == "warning" for fl in flags)
        assert {fl.evidence[0].of(tr.text) for fl in flags} == {"Foreign Minister", "the 21st", "4 p.m.", "14", "she"}
        assert not [fl for fl in store.flags(src.id) if fl.kind == KIND]  # the source is not the one at fault
        quality = store.quality(tr.id)
        assert quality is not None and quality < 60
    from fastapi.testclient import TestClient

    from teller.app import create_app

    with TestClient(create_app(db)) as client:
        page = client.get(f"/articles/{tr.id}")
    assert page.status_code == 200 and KIND in page.text and "総理大臣" in page.text


def test_a_source_stored_after_its_translation_finds_it_and_a_rerun_adds_nothing(tmp_path):
    first, second = tmp_path / "tr.jsonl", tmp_path / "src.jsonl"
    first.write_text(_line(FAULTY["translation"], TR_URL, translation_of=SRC_URL) + "\n", encoding="utf-8")
    second.write_text(_line(FAULTY["source"], SRC_URL) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 't.db'}"
    assert "translation pairs" not in _run(first, db)  # no source yet
    _run(second, db)
    flagged = _mismatches(db)
    assert sorted(len(v) for v in flagged.values()) == [0, 5]
    with Store(db) as store:  # checking the pair again replaces its flags
        assert check_stored(store, [a.id for a in store.articles()]) == 1
    assert _mismatches(db) == flagged


def test_a_clean_translation_gets_no_flag(tmp_path):
    clean = PAIRS[2]
    f = tmp_path / "pair.jsonl"
    f.write_text(json.dumps({"url": SRC_URL, "text": clean["source"], "published": clean["published"]},
                            ensure_ascii=False) + "\n"
                 + json.dumps({"url": TR_URL, "text": clean["translation"], "published": clean["published"],
                               "translation_of": SRC_URL}) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 't.db'}"
    assert "1 translation pairs compared" in _run(f, db)
    assert all(v == [] for v in _mismatches(db).values())


def test_an_english_page_names_its_japanese_original_by_hreflang():
    body = "<p>" + FAULTY["translation"] + "</p>"
    en = ('<html lang="en"><head><title>Summit</title>'
          '<link rel="alternate" hreflang="ja" href="/news/summit"></head><body><article>' + body
          + "</article></body></html>")
    art = extract(RawDocument(content=en, url="https://example.jp/en/summit", content_type="html"))
    assert art.translation_of == "https://example.jp/news/summit"
    ja = ('<html lang="ja"><head><title>首脳会談</title>'
          '<link rel="alternate" hreflang="en" href="/en/summit"></head><body><article><p>' + FAULTY["source"]
          + "</p></article></body></html>")
    original = RawDocument(content=ja, url="https://example.jp/news/summit", content_type="html")
    assert extract(original).translation_of is None
    given = RawDocument(content=en, url="https://example.jp/en/summit", content_type="html", translation_of="art_x")
    assert extract(given).translation_of == "art_x"  # the caller's word wins


def _store_plain(store: Store, text: str, url: str, language: str, outlet: str) -> Article:
    art = Article(id=Article.make_id(text, url), text=text, url=url, source=outlet, language=language,
                  published=FAULTY["published"])
    assert store.save(Analysis(article=art))
    return art


def test_same_outlet_reports_of_one_event_in_japanese_and_english_are_compared(tmp_path):
    db = f"sqlite:///{tmp_path / 't.db'}"
    with Store(db) as store:
        ja = _store_plain(store, FAULTY["source"], SRC_URL, "ja", "Example News")
        en = _store_plain(store, FAULTY["translation"], TR_URL, "en", "Example News")
        other = _store_plain(store, FAULTY["translation"] + " ", "https://other.example/en", "en", "Other Wire")
        store.save_events([Event(id="evt_canonical", event="CONSULT", actor=[], recipient=[], status="happened",
                                 evidence=[], confidence=1.0, article_ids=[ja.id, en.id, other.id])])
        assert check_stored(store, [en.id]) == 1  # the other outlet's report is not a translation
        assert len([f for f in store.flags(en.id) if f.kind == KIND]) == 5
        assert not [f for f in store.flags(other.id) if f.kind == KIND]


#: Written for this test: one short report each in languages teller does not code.
UNCODED = {
    "ko": "한국과 미국의 외교장관이 14일 서울에서 회담을 열고 북한의 미사일 발사를 규탄했다. "
          "양국은 긴밀히 협력하기로 했다.",
    "zh": "中国外交部长王毅14日晚与美国国务卿通电话。双方同意保持沟通，并就地区局势交换了意见。",
    "ru": "Министр иностранных дел России провёл переговоры с коллегой из Китая в Москве во вторник. "
          "Стороны договорились продолжить контакты.",
    "de": "Die Außenminister Deutschlands und Frankreichs haben sich am Dienstag in Berlin getroffen "
          "und weitere Gespräche vereinbart.",
}


def test_uncoded_languages_are_identified_stored_listed_and_flagged_never_silently_empty(tmp_path):
    f = tmp_path / "many.jsonl"
    f.write_text("".join(json.dumps({"url": f"https://example.org/{lang}", "text": text,
                                     "published": "2023-09-14T12:00:00+00:00"}, ensure_ascii=False) + "\n"
                         for lang, text in UNCODED.items()), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 't.db'}"
    assert f"{len(UNCODED)} articles stored" in _run(f, db)
    from fastapi.testclient import TestClient

    from teller.app import create_app

    with Store(db) as store:
        stored = {a.language: a for a in store.articles()}
        assert set(stored) == set(UNCODED)
        for art in stored.values():
            kinds = [fl.kind for fl in store.flags(art.id)]
            assert "unsupported_language" in kinds and (store.quality(art.id) or 0) <= 40
    with TestClient(create_app(db)) as client:
        listing = client.get("/articles")
        assert listing.status_code == 200 and all(f"/articles/{a.id}" in listing.text for a in stored.values())
        for lang, art in stored.items():
            api = client.get(f"/api/articles/{art.id}").json()
            assert api["article"]["language"] == lang and api["events"] == []
            assert "unsupported_language" in [fl["kind"] for fl in api["flags"]]
            page = client.get(f"/articles/{art.id}")
            assert "unsupported_language" in page.text and UNCODED[lang][:8] in page.text
