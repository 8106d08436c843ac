"""Names the knowledge base does not know, written in Latin letters: Japanese names from their
katakana reading (modified Hepburn as the Foreign Ministry writes names: long vowels unmarked,
Kōno -> Kono), Chinese names in pinyin (``pypinyin``, installed with ``teller[ja]``; without it
a Chinese name keeps its characters).
"""

from __future__ import annotations

import functools

_KANA = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o",
    "カ": "ka", "キ": "ki", "ク": "ku", "ケ": "ke", "コ": "ko",
    "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so",
    "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to",
    "ナ": "na", "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no",
    "ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he", "ホ": "ho",
    "マ": "ma", "ミ": "mi", "ム": "mu", "メ": "me", "モ": "mo",
    "ヤ": "ya", "ユ": "yu", "ヨ": "yo",
    "ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro",
    "ワ": "wa", "ヰ": "i", "ヱ": "e", "ヲ": "o", "ン": "n",
    "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
    "ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo",
    "ダ": "da", "ヂ": "ji", "ヅ": "zu", "デ": "de", "ド": "do",
    "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be", "ボ": "bo",
    "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po",
    "ヴ": "vu", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o",
}
#: A kana with a small ya / yu / yo after it: キャ -> kya, シャ -> sha, チョ -> cho, ジュ -> ju.
_GLIDES = {"ャ": "a", "ュ": "u", "ョ": "o"}
#: Chinese surnames of two characters (most are one).
_DOUBLE_SURNAMES = frozenset({"欧陽", "司馬", "諸葛", "上官", "夏侯", "皇甫", "司徒", "東方", "令狐", "尉遅", "公孫"})


def hepburn(kana: str) -> str:
    """Katakana (or hiragana) -> lower-case Hepburn, long vowels unmarked (コウノ -> kono,
    ユウコ -> yuko, オオノ -> ono, シンゾウ -> shinzo)."""
    kana = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in kana)
    out: list[str] = []
    double = False
    for c in kana:
        if c == "ッ":
            double = True
            continue
        if c in _GLIDES and out:
            prev = out.pop()
            stem = prev[:-1] if prev.endswith(("shi", "chi", "ji")) else prev[:-1] + "y"
            syl = stem + _GLIDES[c]
        elif c == "ー":
            continue
        else:
            syl = _KANA.get(c, "")
            if syl in ("u", "o") and out and out[-1] and out[-1][-1] in ("o", "u") and \
                    (syl == "u" or out[-1][-1] == "o"):
                continue  # ou, uu, oo: a long vowel, written once
        if double and syl:
            syl = ("t" + syl) if syl.startswith("ch") else syl[0] + syl
        double = False
        out.append(syl)
    return "".join(out)


def japanese_name(family_reading: str, given_reading: str) -> str:
    """"Kenji Kanasugi": given name first, as the knowledge base writes Japanese people."""
    parts = [hepburn(given_reading).capitalize(), hepburn(family_reading).capitalize()]
    return " ".join(p for p in parts if p)


@functools.cache
def _pinyin():  # -> the pypinyin function, or None when it is not installed
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:
        return None
    return lambda s: lazy_pinyin(s, style=Style.NORMAL, errors="ignore")


def chinese_name(han: str) -> str | None:
    """"Sun Weidong": surname first, given name as one word; None without ``pypinyin`` or when a
    character has no reading."""
    pinyin = _pinyin()
    if pinyin is None or len(han) < 2:
        return None
    cut = 2 if han[:2] in _DOUBLE_SURNAMES else 1
    family, given = pinyin(han[:cut]), pinyin(han[cut:])
    if len(family) != cut or len(given) != len(han) - cut:
        return None
    return f"{''.join(family).capitalize()} {''.join(given).capitalize()}".strip()
