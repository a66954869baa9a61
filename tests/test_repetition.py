"""Repetition is not an error: a report that tells the same thing twice keeps all its incidents.

The property test takes synthetic reports (scripts/synthetic_corpus.py: the project's own
templates), repeats, duplicates and shuffles their sentences and paragraphs, and runs the whole
per-report work on the result: it must never fail, ids must be unique, and every offset, the
further tellings' included, must give back the evidence.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.core.events import Incident, incident_key
from pipelines.core.text import clean_text
from pipelines.extract.work import extract_report, incident_rows
from tests.conftest import load_script

synthetic_corpus = load_script("synthetic_corpus")


def _incident(start: int, evidence: str = "Police detained Aibek Toktorov.", **over) -> Incident:
    values = dict(event_type="detention", right="peaceful_assembly", event_date=dt.date(2020, 3, 4),
                  event_date_end=dt.date(2020, 3, 4), date_precision="day", in_period=True, country="KG",
                  location="Osh", admin1=None, latitude=None, longitude=None, geo_precision="city",
                  perpetrator="police", target_group=None, participants=None, legal_basis=[],
                  penalty_amount=None, penalty_currency=None, penalty_days=None, summary="Detained.",
                  evidence=evidence, evidence_start=start, evidence_end=start + len(evidence), confidence=0.8,
                  targets=["p1"], target_names=["Aibek Toktorov"])
    values.update(over)
    return Incident(**values)


def test_the_same_incident_told_three_times_is_one_row_with_its_first_telling():
    tellings = [_incident(400), _incident(10), _incident(900), _incident(10)]
    rows = incident_rows("0123456789abcdef", tellings)
    assert len(rows) == 1
    row = rows[0]
    assert row["incident_id"] == incident_key("0123456789abcdef", tellings[0])  # the id does not change
    assert (row["evidence_start"], row["evidence_more"]) == (10, ["400-431", "900-931"])


def test_different_incidents_in_one_sentence_stay_apart():
    rows = incident_rows("0123456789abcdef", [_incident(10), _incident(10, penalty_days=15, event_type="sentence")])
    assert len(rows) == 2 and len({r["incident_id"] for r in rows}) == 2
    assert all(r["evidence_more"] == [] for r in rows)


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p]


def _sentences(paragraph: str) -> list[str]:
    return [s for s in paragraph.replace(". ", ".\x00").split("\x00") if s]


EDIT = st.sampled_from(["repeat_sentence", "repeat_paragraph", "shuffle_paragraphs", "shuffle_sentences",
                        "append_body_again", "quote_sentence"])


def _edit(text: str, edits: list[tuple[str, int]], rnd) -> str:
    paras = _paragraphs(text)
    for op, n in edits:
        i = n % len(paras)
        if op == "repeat_sentence":  # told again further on, word for word
            sentence = rnd.choice(_sentences(paras[i]))
            j = (i + n) % len(paras)
            paras[j] = f"{paras[j]} {sentence}"
        elif op == "repeat_paragraph":
            paras.insert((i + n) % len(paras), paras[i])
        elif op == "shuffle_paragraphs":
            rnd.shuffle(paras)
        elif op == "shuffle_sentences":
            parts = _sentences(paras[i])
            rnd.shuffle(parts)
            paras[i] = " ".join(parts)
        elif op == "append_body_again":  # a digest whose summary repeats the whole body
            paras += paras[len(paras) // 3:]
        elif op == "quote_sentence":  # a quoted post repeating a sentence
            paras.insert(i, f"“{rnd.choice(_sentences(paras[i]))}” he wrote.")
    return "\n\n".join(paras)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(index=st.integers(0, 10_000), edits=st.lists(st.tuples(EDIT, st.integers(0, 1000)), min_size=1, max_size=6),
       data=st.randoms(use_true_random=False))
def test_repeated_shuffled_and_duplicated_reports_are_never_lost(index, edits, data):
    text = clean_text(_edit(synthetic_corpus.report(index, seed=3, target_chars=6000), edits, data))
    rows = extract_report("0123456789abcdef", text, {})  # raises StageError if the report were lost
    ids = [r["incident_id"] for r in rows["incidents"]]
    assert len(ids) == len(set(ids))
    for r in rows["incidents"]:
        spans = [(r["evidence_start"], r["evidence_end"])] + [tuple(map(int, s.split("-"))) for s in r["evidence_more"]]
        assert all(text[a:b] == r["evidence"] for a, b in spans)
        assert [a for a, _ in spans] == sorted(a for a, _ in spans)
    for m in rows["mentions"]:
        assert text[m["start"]:m["end"]] == m["surface"]


def test_a_report_told_twice_keeps_its_incidents():
    text = clean_text(synthetic_corpus.report(5, seed=3))
    once = extract_report("0123456789abcdef", text, {})["incidents"]
    body = text.split("\n\n", 3)[-1]
    twice = extract_report("0123456789abcdef", f"{text}\n\n{body}", {})["incidents"]
    assert len(once) > 5
    repeated = [r for r in twice if r["evidence_more"]]
    assert repeated, "the second telling of the body left no trace"
    # every incident of the single telling is still there, under the same id and evidence
    assert {(r["incident_id"], r["evidence_start"]) for r in once} <= {(r["incident_id"], r["evidence_start"]) for r in twice}
