"""Headless Chromium for the page tests: Debian's `chromium` driven by Playwright.

Playwright's own browser downloads are never used (the machine has no network but the package
registries): it starts /usr/bin/chromium with the flags below and a fresh profile. Tests skip,
saying why, where chromium or the playwright package is missing (`make test` installs chromium
with apt-get when it can).
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if chromium() is None:
        return ("Debian's chromium is not installed (make test runs `apt-get install chromium` "
                "when it is root with apt; install it to run the browser tests)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (it is in requirements.lock: run make install)"
    return None


@dataclass
class Visit:
    """What a page did while it loaded: console errors, uncaught exceptions, failed requests."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@contextmanager
def open_page(path: Path, width: int = 1280, height: int = 900):
    """Load a local HTML file in headless Chromium; yields (page, visit)."""
    from playwright.sync_api import sync_playwright

    visit = Visit()
    with tempfile.TemporaryDirectory(prefix="civic-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=chromium(), args=CHROMIUM_FLAGS, headless=True,
            viewport={"width": width, "height": height}, offline=True,
        )
        try:
            page = context.new_page()
            page.on("console", lambda m: (visit.errors if m.type == "error" else
                                          visit.warnings if m.type == "warning" else []).append(m.text))
            page.on("pageerror", lambda exc: visit.errors.append(f"uncaught: {exc}"))
            page.on("requestfailed", lambda r: visit.errors.append(f"request failed: {r.url} {r.failure}"))
            page.goto(Path(path).resolve().as_uri(), wait_until="load")
            yield page, visit
        finally:
            context.close()
