"""Japanese articles per CPU-second next to English ones: the whole analysis (parse included).

    .venv/bin/python benchmarks/japanese.py [--articles 200] [--chars 1200]

Generates N Japanese news articles of about ``--chars`` characters (NHK / Kyodo style: calls,
meetings, visits, protests, launches, with dates and background sentences; written for this
benchmark) and N English ones of similar content (``throughput.make_article``, ~600 words, about
the same number of sentences), loads both models first, then times ``Pipeline.process_many``
over each set with ``time.process_time`` (this process's CPU: on a shared machine, CPU-seconds
are the per-core figure). GiNZA (spaCy with SudachiPy, a larger parser) is slower per article
than the small English model; this prints by how much. Needs ``teller[ja]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

PEOPLE = [("上川外務大臣", "上川大臣"), ("ブリンケン国務長官", "ブリンケン長官"), ("中国の王毅外相", "王外相"),
          ("韓国の朴振外相", "朴外相"), ("岸田総理大臣", "岸田総理"), ("バイデン大統領", "バイデン大統領"),
          ("林官房長官", "林長官"), ("オースティン国防長官", "オースティン長官")]
LEADS = [
    "{a}は{d}日夜、{b}と電話会談を行い、地域の安定に向けて緊密に連携していくことで一致しました。",
    "{a}は{d}日、{b}と会談し、経済や安全保障の分野で協力を強化することを確認しました。",
    "{a}は{d}日、記者会見で北朝鮮による弾道ミサイルの発射を強く非難しました。",
    "{a}は来週、{b}と会談する予定で、両国関係の改善について協議する方針です。",
    "{a}は{d}日、{b}に対し、拘束された邦人の早期解放を要請しました。",
]
BODY = [
    "会談は日本時間の{d}日午後{h}時すぎから、およそ{n}分間行われました。",
    "冒頭、{s}は「両国の関係をさらに発展させたい」と述べました。",
    "両国はこれまでも閣僚級の対話を重ねてきましたが、懸案の解決には至っていません。",
    "政府関係者によりますと、次回の協議は来月にも開かれる見通しです。",
    "専門家は、今回の会談が関係改善の糸口になる可能性があると指摘しています。",
    "一方、野党は政府の説明が不十分だとして、国会での審議を求めています。",
    "外務省は{d}日、在留邦人に対し、安全に十分注意するよう呼びかけました。",
    "現地では{d}日夕方、数千人が参加する抗議デモが行われ、警察が警戒にあたりました。",
    "先週には、両国の防衛当局による共同訓練が行われています。",
    "国連の安全保障理事会は、この問題をめぐって緊急会合を開く予定です。",
    "{s}は会談後、記者団に対し「率直な意見交換ができた」と語りました。",
    "両国の貿易額は昨年、過去最高を記録しました。",
    "政府は同日、国家安全保障会議を開き、対応を協議しました。",
    "今回の訪問は、{a}にとって就任後初めての外国訪問となります。",
    "前日には、首脳どうしの電話会談も行われていました。",
    "関係者によりますと、共同声明の発表は見送られる見通しです。",
]


def make_japanese(i: int, rng: random.Random, chars: int) -> dict[str, str]:
    (a, s), (b, _) = rng.sample(PEOPLE, 2)
    pub = datetime(2023, 1, 2, 9, tzinfo=timezone(timedelta(hours=9))) + timedelta(hours=rng.randrange(0, 24 * 600))
    d = max(1, pub.day - rng.randrange(0, 2))
    fields = dict(a=a, b=b, s=s, d=d, h=rng.randrange(1, 11), n=rng.randrange(20, 90))
    paras = [rng.choice(LEADS).format(**fields)]
    pool = BODY[:]
    rng.shuffle(pool)
    while sum(len(p) for p in paras) < chars:
        if not pool:
            pool = BODY[:]
            rng.shuffle(pool)
        paras.append(pool.pop().format(**fields))
    return {"text": "\n".join(paras), "published": pub.isoformat(), "url": f"https://bench.teller.invalid/ja/{i}"}


def rate(pipe, articles) -> tuple[float, int]:
    t0 = time.process_time()
    n = 0
    for r in pipe.process_many(articles):
        if isinstance(r, Exception):
            raise SystemExit(f"benchmark article failed: {r}")
        n += 1
    return n / (time.process_time() - t0), n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--chars", type=int, default=1200, help="characters per Japanese article")
    ap.add_argument("--words", type=int, default=600, help="words per English article")
    args = ap.parse_args()

    from throughput import make_article

    from teller import Pipeline
    from teller.languages import installed
    from teller.nlp.blas import blas_threads
    from teller.records import Article

    if not installed("ja"):
        raise SystemExit("GiNZA is not installed: pip install 'teller[ja]' (or scripts/setup.sh)")
    blas_threads(1)
    pipe = Pipeline()
    pipe.load()
    _ = pipe.ja_nlp  # both models loaded before timing
    rng = random.Random(7)

    def as_article(row: dict[str, str], lang: str) -> Article:
        return Article(id=Article.make_id(row["text"], row["url"]), text=row["text"], url=row["url"],
                       published=row["published"], published_tz_known=True, language=lang)

    ja = [as_article(make_japanese(i, rng, args.chars), "ja") for i in range(args.articles)]
    en = [as_article(make_article(i, rng, args.words), "en") for i in range(args.articles)]
    ja_chars = sum(len(a.text) for a in ja) / len(ja)
    en_words = sum(len(a.text.split()) for a in en) / len(en)
    ja_rate, n_ja = rate(pipe, ja)
    en_rate, n_en = rate(pipe, en)
    print(f"Japanese: {ja_rate:.1f} articles per CPU-second ({n_ja} articles, ~{ja_chars:.0f} characters each; GiNZA)")
    print(f"English:  {en_rate:.1f} articles per CPU-second ({n_en} articles, ~{en_words:.0f} words each)")
    print(f"Japanese / English: {ja_rate / en_rate:.2f}x (Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
