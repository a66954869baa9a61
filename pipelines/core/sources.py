"""The inventory of sources/reports/: which files are reports, which are rejected and why.

What belongs here: walking the reports folder (`scan_sources`), provenance sidecars
(`<file>.meta.yaml`, validated strictly), duplicates and superseded versions, and reading one
accepted file into cleaned text (`read_source`). A file that cannot be a report is never an
error for the run: it becomes a `Rejection` with a stable reason code, and the others go on.

Reason codes: unsupported_format, outside_sources, not_a_file, empty, too_large, unreadable,
duplicate_of <path>, same_report_as <path>, superseded_by <path>, and those of reading (undecodable, empty_text,
pdf_encrypted, pdf_truncated, pdf_unreadable, pdf_no_text). A rejected sidecar (the report is
still read, with what its text says): sidecar_unparsable, sidecar_too_large,
sidecar_unknown_key, sidecar_wrong_type, sidecar_bad_value, sidecar_sha256_mismatch,
sidecar_outside_sources.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from pipelines.core.text import (
    RejectedSource,
    clean_text,
    decode_bytes,
    html_declared_charset,
    html_to_text,
    markdown_to_text,
    pdf_to_text,
)
from pipelines.shards import PickleShards

__all__ = [
    "SIDECAR_SUFFIX", "FORMATS", "Limits", "SourceFile", "Rejection", "Inventory", "LoadedText",
    "RejectedSource", "scan_sources", "read_source", "validate_sidecar",
]

SIDECAR_SUFFIX = ".meta.yaml"
FORMATS = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}
SIDECAR_KEYS = {
    "title": str, "publisher": str, "url": str, "licence": str, "retrieved": dt.date,
    "sha256": str, "country": str, "period_start": dt.date, "period_end": dt.date, "supersedes": str,
}
MAX_SIDECAR_BYTES = 64 * 1024
SUPERSEDE_SIMILARITY = 0.9  # cleaned-text similarity above which two same-titled files are versions
# Cleaned-text similarity above which two files in different formats are one report (a .txt and
# the saved web page or PDF of it): text extraction from HTML or PDF may differ by a hyphen or a
# caption, a new version of a report differs by more.
SAME_REPORT_SIMILARITY = 0.98
# Which of the files of one report is read (the others: same_report_as): a file with a provenance
# sidecar first, then the format whose text needs the fewest conversions, then path order.
FORMAT_PREFERENCE = ("txt", "md", "html", "pdf")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Bounds on what is read. max_bytes: files larger than 20 MiB are rejected unread."""

    max_bytes: int = 20 * 1024 * 1024


@dataclass
class SourceFile:
    report_id: str
    path: str  # posix, relative to the project root
    sha256: str
    fmt: str  # 'txt' | 'md' | 'html' | 'pdf'
    size: int
    sidecar: dict = field(default_factory=dict)  # validated values; dates as ISO strings
    supersedes: str | None = None  # path of the older version this one replaces


@dataclass
class Rejection:
    path: str
    code: str
    message: str

    @property
    def reason_code(self) -> str:
        return self.code


@dataclass
class Inventory:
    accepted: list[SourceFile]
    rejected: list[Rejection]
    notes: list[str] = field(default_factory=list)


@dataclass
class LoadedText:
    text: str
    encoding: str
    fmt: str
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Paths

def _rel(path: Path, root: Path) -> str:
    """Posix path relative to the project root, without following a final symlink."""
    for candidate, base in ((path.absolute(), root.absolute()), (path.parent.resolve() / path.name, root.resolve())):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return Path(os.path.relpath(path.absolute(), root.absolute())).as_posix()


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def _allowed_root(reports_dir: Path, project_root: Path) -> Path:
    """sources/ of the project when the reports folder lies in it, else the reports folder itself."""
    sources = (project_root / "sources").resolve()
    reports = reports_dir.resolve()
    return sources if _inside(reports, sources) else reports


def _walk(reports_dir: Path) -> list[Path]:
    """Every non-hidden entry below reports_dir (symlinks listed, never followed), sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(reports_dir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for d in dirnames:
            if (base / d).is_symlink():
                found.append(base / d)
        found.extend(base / f for f in filenames if not f.startswith("."))
    return sorted(found, key=lambda p: p.as_posix())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# Sidecars

def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def validate_sidecar(
    raw: object, report: Path, report_sha: str, allowed_root: Path
) -> tuple[dict, list[tuple[str, str]]]:
    """Check a parsed sidecar; returns (clean values, problems as (code, message)).

    Strict: an unknown key (null means unknown and is allowed), a value of the wrong type, a checksum that is not the report's or a
    `supersedes` path leaving sources/ is a problem, and any problem rejects the whole sidecar.
    """
    if not isinstance(raw, dict):
        return {}, [("sidecar_unparsable", f"expected a mapping, got {type(raw).__name__}")]
    problems: list[tuple[str, str]] = []
    values: dict = {}
    for key in sorted(raw, key=str):
        value = raw[key]
        if key not in SIDECAR_KEYS:
            problems.append(("sidecar_unknown_key", f"unknown key {key!r}"))
            continue
        if value is None:
            continue  # a key written down as unknown
        expected = SIDECAR_KEYS[key]
        if expected is dt.date:
            date = _as_date(value)
            if date is None:
                problems.append(("sidecar_wrong_type", f"{key}: expected a date YYYY-MM-DD, got {value!r}"))
                continue
            values[key] = date.isoformat()
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(("sidecar_wrong_type", f"{key}: expected text, got {type(value).__name__}"))
            continue
        values[key] = value.strip()
    problems += _sidecar_values_problems(values, report, report_sha, allowed_root)
    return ({} if problems else values), problems


def _sidecar_values_problems(values: dict, report: Path, report_sha: str, allowed_root: Path):
    problems = []
    sha = values.get("sha256")
    if sha is not None and sha.lower() != report_sha:
        problems.append(("sidecar_sha256_mismatch", f"sha256 {sha[:16]}... is not the file's {report_sha[:16]}..."))
    country = values.get("country")
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        problems.append(("sidecar_bad_value", f"country {country!r} is not an ISO 3166-1 alpha-2 code"))
    url = values.get("url")
    if url is not None and not re.match(r"https?://\S+$", url):
        problems.append(("sidecar_bad_value", f"url {url!r} is not an http(s) address"))
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and start > end:
        problems.append(("sidecar_bad_value", f"period_start {start} is after period_end {end}"))
    old = values.get("supersedes")
    if old is not None:
        target = (report.parent / old).resolve() if not os.path.isabs(old) else Path(old).resolve()
        if os.path.isabs(old) or not _inside(target, allowed_root):
            problems.append(("sidecar_outside_sources", f"supersedes {old!r} points outside sources/"))
    return problems


def _load_sidecar(path: Path, report: Path, report_sha: str, allowed_root: Path):
    if path.is_symlink() and not _inside(path.resolve(), allowed_root):
        return {}, [("sidecar_outside_sources", "the sidecar is a link to a file outside sources/")]
    if path.stat().st_size > MAX_SIDECAR_BYTES:
        return {}, [("sidecar_too_large", f"over {MAX_SIDECAR_BYTES} bytes")]
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return {}, [("sidecar_unparsable", str(exc).splitlines()[0][:200])]
    return validate_sidecar(raw, report, report_sha, allowed_root)


# --------------------------------------------------------------------------------------------
# Scanning

def _check_entry(path: Path, allowed_root: Path, limits: Limits) -> tuple[str | None, str, str | None]:
    """(format, message, rejection code) for one entry, without opening it."""
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not _inside(target, allowed_root):
            return None, "a link to a file outside sources/ (not read)", "outside_sources"
        if not target.exists():
            return None, "a link to nothing", "unreadable"
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        return None, f"{path.suffix or 'no extension'} is not one of {', '.join(sorted(FORMATS))}", "unsupported_format"
    try:
        st = path.stat()
    except OSError as exc:
        return None, str(exc), "unreadable"
    if not stat.S_ISREG(st.st_mode):
        return None, "not a regular file", "not_a_file"
    if st.st_size == 0:
        return None, "the file is empty", "empty"
    if st.st_size > limits.max_bytes:
        return None, f"{st.st_size} bytes is over the limit of {limits.max_bytes}", "too_large"
    return fmt, "", None


def _is_documentation(path: Path) -> bool:
    return path.stem.upper() in ("README", "LICENSE", "LICENCE", "CHANGES")


def scan_sources(reports_dir: Path, project_root: Path, limits: Limits = Limits()) -> Inventory:
    """Accept or reject every file under `reports_dir`, in path order, with reasons.

    Reports are .txt .md .html .htm .pdf files; `<file>.meta.yaml` sidecars, hidden files and
    README/LICENSE files are not. A symlink resolving outside sources/ is rejected unread; files
    over `limits.max_bytes` (default 20 MiB) are rejected unread; a byte-identical copy keeps the
    first path; every candidate is read once (`read_source`) so that an unreadable file is listed
    here with its reason; the same report in several formats (the same cleaned text, or at least
    98% similar across formats) is read once, from the file `FORMAT_PREFERENCE` picks, the others
    `same_report_as` it; and a re-published version (sidecar `supersedes:`, or same title line
    and cleaned text at least 90% similar) replaces the older one.
    """
    reports_dir, project_root = Path(reports_dir), Path(project_root)
    allowed = _allowed_root(reports_dir, project_root)
    accepted: list[SourceFile] = []
    rejected: list[Rejection] = []
    notes: list[str] = []
    if not reports_dir.is_dir():
        return Inventory([], [], [f"{reports_dir} is not a folder"])
    by_sha: dict[str, str] = {}
    entries = _walk(reports_dir)
    entry_set = set(entries)
    sidecars = {p for p in entries if p.name.endswith(SIDECAR_SUFFIX)}
    texts: dict[str, str] = {}
    for path in entries:
        rel = _rel(path, project_root)
        if path in sidecars:
            if path.with_name(path.name[: -len(SIDECAR_SUFFIX)]) not in entry_set:
                notes.append(f"{rel}: sidecar without a report beside it")
            continue
        if _is_documentation(path):
            notes.append(f"{rel}: documentation, not a report")
            continue
        fmt, message, code = _check_entry(path, allowed, limits)
        if code:
            rejected.append(Rejection(rel, code, message))
            continue
        try:
            sha = _sha256(path)
        except OSError as exc:
            rejected.append(Rejection(rel, "unreadable", str(exc)))
            continue
        if sha in by_sha:
            rejected.append(Rejection(rel, f"duplicate_of {by_sha[sha]}", "byte-identical to an accepted file"))
            continue
        sidecar: dict = {}
        side_path = path.with_name(path.name + SIDECAR_SUFFIX)
        if side_path in sidecars:
            sidecar, problems = _load_sidecar(side_path, path, sha, allowed)
            if problems:
                rejected.append(Rejection(_rel(side_path, project_root), problems[0][0], "; ".join(m for _, m in problems)))
        sf = SourceFile(report_id=sha[:16], path=rel, sha256=sha, fmt=fmt, size=path.stat().st_size, sidecar=sidecar)
        try:
            texts[rel] = read_source(sf, project_root, limits=limits).text
        except RejectedSource as exc:
            rejected.append(Rejection(rel, exc.code, exc.message))
            continue
        by_sha[sha] = rel
        accepted.append(sf)
    accepted, superseded = _resolve_versions(accepted, texts, notes)
    rejected += superseded
    rejected.sort(key=lambda r: r.path)
    return Inventory(accepted=accepted, rejected=rejected, notes=notes)


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip().lower()
    return ""


def _newer(a: SourceFile, b: SourceFile) -> tuple[SourceFile, SourceFile]:
    """(newer, older) by the sidecars' retrieval dates, else by file name order."""
    ra, rb = a.sidecar.get("retrieved"), b.sidecar.get("retrieved")
    if ra and rb and ra != rb:
        return (a, b) if ra > rb else (b, a)
    return (a, b) if a.path > b.path else (b, a)


def _resolve_versions(
    accepted: list[SourceFile], texts: dict[str, str], notes: list[str]
) -> tuple[list[SourceFile], list[Rejection]]:
    replaced: dict[str, str] = {}  # older path -> newer path
    by_path = {sf.path: sf for sf in accepted}
    for sf in accepted:
        old = sf.sidecar.get("supersedes")
        if not old:
            continue
        old_path = (Path(sf.path).parent / old).as_posix()
        old_path = os.path.normpath(old_path).replace(os.sep, "/")
        if old_path in by_path and old_path != sf.path:
            replaced.setdefault(old_path, sf.path)
        else:
            notes.append(f"{sf.path}: supersedes {old!r}, which is not an accepted report")
    titled: dict[str, list[SourceFile]] = {}
    for sf in accepted:
        title = _first_line(texts.get(sf.path, ""))
        if title:
            titled.setdefault(title, []).append(sf)
    same = _same_reports(titled, texts, replaced)
    for group in titled.values():
        group[:] = [sf for sf in group if sf.path not in same]
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.path in replaced or b.path in replaced:
                    continue
                ta, tb = texts[a.path], texts[b.path]
                if 2 * min(len(ta), len(tb)) / max(len(ta) + len(tb), 1) < SUPERSEDE_SIMILARITY:
                    continue  # the similarity cannot reach the threshold
                if fuzz.ratio(ta, tb) / 100 >= SUPERSEDE_SIMILARITY:
                    newer, older = _newer(a, b)
                    replaced[older.path] = newer.path
    kept, rejections = [], []
    for sf in accepted:
        if sf.path in same:
            rejections.append(Rejection(sf.path, f"same_report_as {same[sf.path]}",
                                        "the same report in another format; one file of a report is read "
                                        "(a file with a sidecar, then .txt, .md, .html, .pdf)"))
            continue
        if sf.path in replaced:
            rejections.append(Rejection(sf.path, f"superseded_by {replaced[sf.path]}",
                                        "an older version of a re-published report"))
            continue
        olds = sorted(p for p, new in replaced.items() if new == sf.path)
        if olds:
            sf.supersedes = olds[0]
        kept.append(sf)
    return kept, rejections


def _same_report(a: SourceFile, b: SourceFile, texts: dict[str, str]) -> bool:
    ta, tb = texts[a.path], texts[b.path]
    if " ".join(ta.split()) == " ".join(tb.split()):
        return True
    if a.fmt == b.fmt or 2 * min(len(ta), len(tb)) / max(len(ta) + len(tb), 1) < SAME_REPORT_SIMILARITY:
        return False
    return fuzz.ratio(ta, tb) / 100 >= SAME_REPORT_SIMILARITY


def _preference(sf: SourceFile) -> tuple:
    return (not sf.sidecar, FORMAT_PREFERENCE.index(sf.fmt) if sf.fmt in FORMAT_PREFERENCE else 9, sf.path)


def _same_reports(titled: dict[str, list[SourceFile]], texts: dict[str, str],
                  replaced: dict[str, str]) -> dict[str, str]:
    """{path: path of the file read instead} for the files of one report in several formats.

    Files are one report when their cleaned texts match (see `_same_report`); each group of
    them keeps its first by `_preference`. Files named by a sidecar's `supersedes` stay versions.
    """
    out: dict[str, str] = {}
    for group in titled.values():
        groups: list[list[SourceFile]] = []
        for sf in group:
            if sf.path in replaced:
                continue
            home = next((g for g in groups if any(_same_report(sf, o, texts) for o in g)), None)
            if home is None:
                groups.append([sf])
            else:
                home.append(sf)
        for g in groups:
            keep = min(g, key=_preference)
            out.update({sf.path: keep.path for sf in g if sf is not keep})
    return out


# --------------------------------------------------------------------------------------------
# Reading

def _decode_html(raw: bytes) -> tuple[str, str]:
    declared = html_declared_charset(raw)
    if declared and declared not in ("utf-8", "utf8"):
        try:
            return raw.decode(declared).replace("\x00", ""), declared
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(raw, markup=True)


def read_source(sf: SourceFile, project_root: Path, limits: Limits = Limits()) -> LoadedText:
    """Bytes -> decoded -> (HTML/PDF/Markdown -> text) -> clean_text. Raises RejectedSource."""
    path = Path(project_root) / sf.path
    if not _inside(Path(os.path.realpath(path)), Path(project_root).resolve()):
        raise RejectedSource("outside_sources", "the path leaves the project folder")
    if sf.size > limits.max_bytes:
        raise RejectedSource("too_large", f"{sf.size} bytes is over the limit of {limits.max_bytes}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RejectedSource("unreadable", str(exc)) from None
    if hashlib.sha256(raw).hexdigest() != sf.sha256:
        raise RejectedSource("changed_since_scan", "the file's bytes are not those inventoried")
    key = (sf.sha256, sf.fmt)
    done = _CONVERTED.get(key)
    if done is None:
        try:
            done = _convert(raw, sf.fmt)
        except RejectedSource as exc:
            done = exc
        _CONVERTED.put(key, done)
    if isinstance(done, RejectedSource):
        raise RejectedSource(done.code, done.message)
    return LoadedText(text=done.text, encoding=done.encoding, fmt=done.fmt, notes=list(done.notes))


class _Converted:
    """Within one process the same bytes are converted once: a build scans sources/ (to find what
    changed), inventories them and reads the changed reports, three passes over the same files
    whose cleaning was 8 s of a 1,000-report rebuild. Keyed by content and format; the least
    recently used are dropped past `max_chars` of text, so that a large corpus cannot fill the
    memory."""

    def __init__(self, max_chars: int):
        self.items: OrderedDict = OrderedDict()
        self.chars = 0
        self.max_chars = max_chars
        self.added = 0  # entries converted in this process (not loaded from a kept file)
        self.shards: PickleShards | None = None  # where they were loaded from (load_converted)

    def get(self, key):
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        self.added += 1
        self._put(key, value)

    def _put(self, key, value) -> None:
        self.items[key] = value
        self.chars += self._size(value)
        while self.chars > self.max_chars and len(self.items) > 1:
            _, old = self.items.popitem(last=False)
            self.chars -= self._size(old)

    @staticmethod
    def _size(value) -> int:
        return len(value.text) if isinstance(value, LoadedText) else 0


_CONVERTED = _Converted(max_chars=64_000_000)


def load_converted(folder: Path, version: str) -> int:
    """Seed this process's converted texts from those a build kept (`keep_converted`), when
    they were made by the same code (`version`); returns how many. Converting and cleaning
    every source again was about 3 s of a build after adding one report to 1,000. A missing,
    foreign or damaged shard (pipelines.shards) is only a slower scan."""
    _CONVERTED.shards = PickleShards(folder, version)
    items = _CONVERTED.shards.load()
    for key, value in items.items():
        if isinstance(value, LoadedText) and _CONVERTED.get(key) is None:
            _CONVERTED._put(key, value)
    _CONVERTED.added = 0
    return len(items)


def keep_converted(folder: Path, version: str, wanted: set[tuple[str, str]]) -> bool:
    """Write the converted texts of `wanted` (sha256, format) keys for the next build, when any
    was converted in this process; entries of files no longer wanted are dropped (only the
    shards whose entries changed are written)."""
    if not _CONVERTED.added:
        return False
    shards = _CONVERTED.shards
    if shards is None or (shards.folder, shards.header) != (Path(folder), version):
        shards = PickleShards(folder, version)
    shards.save({k: v for k, v in _CONVERTED.items.items() if k in wanted and isinstance(v, LoadedText)})
    _CONVERTED.added = 0
    return True


def _convert(raw: bytes, fmt: str) -> LoadedText:
    notes: list[str] = []
    if fmt == "pdf":
        text, encoding = pdf_to_text(raw), "pdf"
    elif fmt == "html":
        html, encoding = _decode_html(raw)
        text = html_to_text(html)
    else:
        text, encoding = decode_bytes(raw)
        if fmt == "md":
            text = markdown_to_text(text)
    if encoding not in ("utf-8", "pdf"):
        notes.append(f"decoded as {encoding}")
    cleaned = clean_text(text)
    if not cleaned.strip():
        raise RejectedSource("empty_text", "no text left after cleaning")
    return LoadedText(text=cleaned, encoding=encoding, fmt=fmt, notes=notes)
