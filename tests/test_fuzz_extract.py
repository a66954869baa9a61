"""Property tests of extraction: on random report-like text and random HTML run through cleaning,
the name recogniser, the incident extractor and the parsers never raise, and every offset they
return gives back the verbatim text it claims (evidence, mentions, dates, places, articles)."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.core.dates import DateContext, find_dates
from pipelines.core.events import extract_incidents
from pipelines.core.legal import find_articles, find_durations, find_money
from pipelines.core.metadata import read_metadata
from pipelines.core.names import find_person_mentions
from pipelines.core.places import Gazetteer
from pipelines.core.text import clean_text, html_to_text
from pipelines.core.units import segment

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words that drive the extractor into its rules: triggers, names, places, dates, articles, money.
VOCAB = [
    "On", "12th", "March", "2019,", "police", "in", "Aktau", "Oral", "Astana", "detained", "fined",
    "sentenced", "to", "15", "days", "three", "years", "of", "administrative", "arrest", "activist",
    "journalist", "Aigerim", "Tulegenova", "Tulegenova's", "Berik", "Omarov", "Omarova", "He", "She",
    "was", "were", "also", "searched", "her", "home", "Article", "274", "the", "Criminal", "Code",
    "a", "fine", "of", "42 087", "KZT", "(around", "100", "EUR)", "about", "50", "people", "protested",
    "rally", "hunger", "strike", "released", "on", "parole", "Later", "that", "day,", "next", "not",
    "denied", "could", "be", "“", "”", ".", ",", ";", "\n\n", "Peaceful Assembly\n", "Court", "ruled",
    "Democratic", "Choice", "Kazakhstan", "late", "July", "24.07.2018", "Mr", "Usenov", "Askar",
]
REPORT = st.lists(st.sampled_from(VOCAB), max_size=120).map(" ".join)
TEXT = st.one_of(REPORT, st.text(max_size=300))
HTML = st.lists(st.one_of(st.sampled_from(["<p>", "</p>", "<script>x=1</script>", "<nav>Menu</nav>", "<br>",
                                           "<div class='cookie'>Accept</div>", "<article>", "</article>"]),
                          REPORT), max_size=20).map("".join)


def check_extraction(text: str) -> None:
    units = segment(text)
    mentions = find_person_mentions(text, units)
    for m in mentions:
        assert text[m.start:m.end] == m.surface
    meta = read_metadata(text, "fuzz.txt")
    for inc in extract_incidents(text, units, mentions, meta):
        assert text[inc.evidence_start:inc.evidence_end] == inc.evidence
        assert inc.event_date is None or inc.event_date_end is None or inc.event_date <= inc.event_date_end
        assert set(inc.targets) <= {m.local_id for m in mentions}
    ctx = DateContext(default_year=2019, period_start=dt.date(2019, 1, 1), period_end=dt.date(2019, 3, 31),
                      previous=None, publication=None)
    for found in (find_dates(text, ctx), Gazetteer.default().find(text), find_articles(text), find_money(text),
                  find_durations(text)):
        for item in found:
            assert 0 <= item.start <= item.end <= len(text)
            if hasattr(item, "surface"):
                assert text[item.start:item.end] == item.surface


@SETTINGS
@given(TEXT)
def test_extraction_on_random_text(raw):
    check_extraction(clean_text(raw))


@SETTINGS
@given(HTML)
def test_extraction_on_random_html(html):
    check_extraction(clean_text(html_to_text(html)))
