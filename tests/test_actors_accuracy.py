"""Resolution accuracy on the hand-marked test set (tests/data/actors/resolution.txt)."""

from __future__ import annotations

from pathlib import Path

from teller.actors.evaluate import evaluate_resolution, parse_markup

DATA = Path(__file__).parent / "data" / "actors"
SET = DATA / "resolution.txt"
HELDOUT = DATA / "resolution-heldout.txt"


def test_markup_parser_handles_nesting():
    text, exp = parse_markup("[[ [[his|P1]] Japanese counterpart|P2]] met [[Japan|JPN]].")
    assert text == " his Japanese counterpart met Japan."
    got = {(text[e.start:e.end], e.expected) for e in exp}
    assert got == {("his", "P1"), (" his Japanese counterpart", "P2"), ("Japan", "JPN")}


def test_resolution_accuracy_at_least_95_percent(nlp):
    result = evaluate_resolution(SET, nlp=nlp, verbose=True)
    print(f"\nactor resolution: {result['correct']}/{result['mentions']} = {result['accuracy']:.3f} "
          f"over {result['passages']} passages")
    for miss in result["misses"]:
        print("  miss:", miss["surface"], "expected", miss["expected"], "got", miss["got"])
    assert result["mentions"] >= 150
    assert result["accuracy"] >= 0.95


def test_heldout_accuracy_at_least_95_percent(nlp):
    result = evaluate_resolution(HELDOUT, nlp=nlp, verbose=True)
    print(f"\nactor resolution (held-out): {result['correct']}/{result['mentions']} = {result['accuracy']:.3f}")
    for miss in result["misses"]:
        print("  miss:", miss["surface"], "expected", miss["expected"], "got", miss["got"])
    assert result["mentions"] >= 100
    assert result["accuracy"] >= 0.95
