"""The release page (and the review page) in a real headless Chromium: they load without console
errors, uncaught exceptions or failed requests, and the charts are drawn on screen. Each test
writes a screenshot to outputs/test-screenshots/ (or $CIVIC_SCREENSHOTS) for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import open_page, skip_reason
from tests.conftest import PROJECT

pytestmark = [pytest.mark.slow, pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")]


def screenshot_path(name: str) -> Path:
    folder = Path(os.environ.get("CIVIC_SCREENSHOTS", PROJECT / "outputs" / "test-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def test_the_console_check_catches_errors(tmp_path):
    """The check below can fail: a page with a script error and a missing image is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><title>x</title><img src="missing.png"><script>nosuch();</script>')
    with open_page(bad) as (_, visit):
        pass
    assert any("nosuch" in e for e in visit.errors)
    assert any("missing.png" in e for e in visit.errors)


def test_release_page_loads_cleanly_and_shows_the_charts(seed_release):
    _, release = seed_release
    shot = screenshot_path("release-page.png")
    with open_page(release / "index.html") as (page, visit):
        assert release.name in page.title()
        charts = page.locator("figure.chart svg")
        assert charts.count() == 3
        for i in range(3):
            chart = charts.nth(i)
            assert chart.is_visible()
            box = chart.bounding_box()
            assert box["width"] > 300 and box["height"] > 80, box
            assert chart.locator("path, rect, use").count() > 5  # drawn, not an empty frame
        titles = page.locator("figure.chart svg > title").all_text_contents()
        assert any("per month" in t for t in titles) and any("place" in t for t in titles)
        assert page.locator("#files table tbody tr").count() >= 20
        page.screenshot(path=str(shot), full_page=True)
    assert visit.errors == [], visit.errors
    assert shot.stat().st_size > 10_000
    print(f"\nrelease page screenshot: {shot}")


def test_review_page_loads_cleanly_and_highlights_evidence(seed_release, tmp_path):
    from pipelines.cli import main

    root, release = seed_release
    out = tmp_path / "review.html"
    report = next((root / "sources" / "reports").glob("*.txt")).name
    assert main(["review", report, "--root", str(root), "--release", str(release), "--out", str(out)]) == 0
    shot = screenshot_path("review-page.png")
    with open_page(out) as (page, visit):
        marks = page.locator("mark")
        assert marks.count() >= 10 and marks.first.is_visible()
        assert page.locator(".incident").count() >= 10
        page.screenshot(path=str(shot), full_page=False)
    assert visit.errors == [], visit.errors
    print(f"\nreview page screenshot: {shot}")
