"""Bytes -> text, with one clear error for documents that are not text.

Order of attempts, cheapest and most reliable first:

1. a byte-order mark (UTF-8/UTF-16/UTF-32);
2. strict UTF-8: bytes that decode as UTF-8 *and* contain multi-byte sequences are UTF-8 in
   practice (pages that declare ``iso-8859-1`` but send UTF-8 are common, the reverse is not);
3. the declared charset (HTTP header, ``<meta charset>``, XML declaration), with the WHATWG
   rule that latin-1/ascii mean windows-1252;
4. charset_normalizer's guess (installed with trafilatura);
5. UTF-8 with replacement characters.

The result is kept when it is mostly readable: more than :data:`MAX_BAD_SHARE` replacement or
control characters means a broken or binary document, reported as an error.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from teller.errors import InputError

#: Above this share of U+FFFD/control characters a document is "not readable".
MAX_BAD_SHARE = 0.05
_SNIFF = 8192

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|"""
                       rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_WHATWG = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
           "us-ascii": "cp1252", "iso8859-1": "cp1252", "l1": "cp1252"}
#: Most used legacy encodings on the web, most used first (W3Techs order, roughly).
_WEB_PREFERENCE = ("cp1252", "cp1251", "gb18030", "gb2312", "shift_jis", "euc_kr", "euc_jp", "cp1250",
                   "big5", "iso8859_2", "cp1256", "cp1253", "cp1254", "cp1255", "cp874", "koi8_r")
_BAD = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(content: bytes | str, *, declared: str | None = None, name: str = "<input>") -> str:
    """The document as text; ``InputError`` for empty, binary or unreadable input."""
    if isinstance(content, str):
        text = content
        if "\x00" in text[:_SNIFF]:
            raise InputError("binary content (NUL characters), not text or HTML", item=name)
    else:
        text = _decode_bytes(content, declared, name)
    if not text.strip():
        raise InputError("empty document", item=name)
    _check_readable(text, name)
    return text


def _decode_bytes(data: bytes, declared: str | None, name: str) -> str:
    if not data.strip():
        raise InputError("empty document", item=name)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if b"\x00" in data[:_SNIFF]:
        raise InputError("binary file (NUL bytes), not text or HTML", item=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for charset in (declared, _declared_in(data)):
        named = _codec(charset)
        if named:
            try:
                return data.decode(named)
            except UnicodeDecodeError:
                pass
    guess = _guess(data)
    if guess:
        return data.decode(guess, errors="replace")
    return data.decode("utf-8", errors="replace")


def _guess(data: bytes) -> str | None:
    """charset_normalizer's guess; among equally clean readings, the encoding most used on the web.

    On short Western text many single-byte code pages read equally well (cp775, cp1257, cp1252
    ...), and the detector's first pick is then arbitrary; web frequency breaks the tie.
    """
    results = [m for m in from_bytes(data[:200_000]) if m.encoding]
    if not results:
        return None
    cleanest = min(m.chaos for m in results)
    if cleanest >= 0.2:
        return None
    tied = [m.encoding for m in results if m.chaos <= cleanest + 0.01]
    for codec in _WEB_PREFERENCE:
        if codec in tied:
            return codec
    return tied[0]


def _declared_in(data: bytes) -> str | None:
    m = _DECLARED.search(data[:_SNIFF])
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii", "ignore")


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    name = charset.strip().lower()
    name = _WHATWG.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _check_readable(text: str, name: str) -> None:
    sample = text[:200_000]
    bad = len(_BAD.findall(sample))
    if bad > MAX_BAD_SHARE * len(sample):
        raise InputError(f"broken encoding: {bad / len(sample):.0%} of the characters are undecodable or control codes",
                         item=name)
