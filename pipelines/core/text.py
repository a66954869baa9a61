"""Bytes of a report file -> its cleaned text, the text every offset downstream refers to.

What belongs here: decoding (UTF-8/16, Windows-1251, KOI8-R, ...), HTML main-text extraction,
PDF text layer extraction with paragraph rejoining, and `clean_text`, the one normaliser every
format goes through last. The aim is that one report saved as .txt, as a web page and as a PDF
gives the same cleaned text: paragraphs in reading order, one per line, separated by exactly one
blank line, with page chrome (navigation, cookie banners, photo credits, related-article lists)
removed. Rules describe the language of web pages and reports, never particular texts.
"""

from __future__ import annotations

import io
import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from pipelines.core import dates


class RejectedSource(Exception):
    """A file that cannot become report text; `code` is a stable machine-readable reason."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.message = message

    @property
    def reason_code(self) -> str:
        return self.code


# --------------------------------------------------------------------------------------------
# Decoding

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CYRILLIC_CANDIDATES = ("cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5")

# Relative frequency of lowercase Russian letters in running text: the right single-byte
# decoding of Russian is the one whose letters look like Russian (and whose case pattern is
# lower-case with capitals only at word starts; KOI8-R read as cp1251 inverts the case).
_RU_FREQ = {
    "о": .1097, "е": .0845, "а": .0801, "и": .0735, "н": .067, "т": .0626, "с": .0547,
    "р": .0473, "в": .0454, "л": .044, "к": .0349, "м": .0321, "д": .0298, "п": .0281,
    "у": .0262, "я": .0201, "ы": .019, "ь": .0174, "г": .017, "з": .0165, "б": .0159,
    "ч": .0144, "й": .0121, "х": .0097, "ж": .0094, "ш": .0073, "ю": .0064, "ц": .0048,
    "щ": .0036, "э": .0032, "ф": .0026, "ъ": .0004, "ё": .0004,
    "і": .001, "ї": .001, "є": .001, "ў": .001, "қ": .001, "ә": .001, "ө": .001, "ү": .001,
    "ұ": .001, "ғ": .001, "ң": .001, "һ": .001,
}
_RU_COMMON_WORDS = frozenset("и в не на что с по как а к из за от о для у же это но до".split())


def _is_bad_char(ch: str) -> bool:
    if ch in "\n\r\t\f":
        return False
    cat = unicodedata.category(ch)
    return ch == "\ufffd" or cat in ("Cc", "Co", "Cn", "Cs")


def _bad_ratio(text: str, markup: bool = False) -> float:
    if not text:
        return 0.0
    sample = text[:200_000]
    # Counted per distinct character (Counter runs in C): a loop over every character cost
    # more than the rest of reading a report.
    counts = Counter(sample)
    bad = sum(n for ch, n in counts.items() if _is_bad_char(ch))
    # Random bytes decode into a soup of symbols; real text is mostly letters, digits and spaces.
    if markup:
        # tags, scripts and styles are symbols by nature: a page is judged on control and
        # undefined characters alone (random bytes are full of them); an empty page is
        # rejected later for what it is, empty_text
        return bad / len(sample)
    plain = sum(n for ch, n in counts.items() if ch.isalnum() or ch.isspace())
    return max(bad / len(sample), 1.0 - plain / len(sample) - 0.25)


def _russian_score(text: str) -> float:
    """Mean log-likelihood per Cyrillic letter under Russian letter frequencies, with case penalty."""
    total, letters = 0.0, 0
    prev = ""
    for ch in text[:100_000]:
        low = ch.lower()
        if "\u0400" <= ch <= "\u04ff" and ch.isalpha():
            letters += 1
            total += math.log(_RU_FREQ.get(low, 0.0003))
            if ch.isupper() and prev.isalpha() and prev.islower():
                total -= 6.0
        elif ch.isalpha():
            # Latin letters glued to Cyrillic ones are a sign of a wrong code page.
            if "\u0400" <= prev <= "\u04ff":
                total -= 6.0
        prev = ch
    if not letters:
        return -100.0
    words = re.findall(r"[\u0400-\u04ff]+", text[:100_000].lower())
    bonus = sum(1 for w in words if w in _RU_COMMON_WORDS) / max(len(words), 1)
    return total / letters + 4.0 * bonus


def _cyrillic_share(text: str) -> float:
    letters = [ch for ch in text[:100_000] if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff") / len(letters)


def _symbol_share(text: str) -> float:
    """Share of box-drawing and other symbols: a wrong code page turns letters into them."""
    sample = text[:100_000]
    if not sample:
        return 0.0
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("So", "Sm", "Sk", "Co", "Cc") and ch not in "\n\t\r")
    return odd / len(sample)


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _normalise_newlines(text: str) -> str:
    text = text.replace("\x00", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x85", "\n")


def _single_byte_guess(data: bytes) -> tuple[str, str]:
    candidates: dict[str, str] = {}
    for enc in _CYRILLIC_CANDIDATES:
        try:
            candidates[enc] = data.decode(enc)
        except UnicodeDecodeError:
            continue
    cyr = {enc: t for enc, t in candidates.items() if _cyrillic_share(t) > 0.3 and _symbol_share(t) < 0.02}
    if cyr:
        enc = max(sorted(cyr), key=lambda e: _russian_score(cyr[e]))
        return cyr[enc], enc
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and all(
        ch.isascii() or "\u00c0" <= ch <= "\u00ff" or ch in "\u00a0\u00ab\u00bb\u00b0\u00a7\u00a9\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u20ac"
        for ch in western
    ):
        # English-language reports in a legacy encoding are overwhelmingly Windows-1252
        return western, "cp1252"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:2_000_000]).best()
    except Exception:  # the detector is a heuristic; a failure in it is not a decoding failure
        best = None
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("cp1252", errors="replace"), "cp1252"


def decode_bytes(data: bytes, markup: bool = False) -> tuple[str, str]:
    """Decode a report's bytes to text; returns (text, encoding name).

    Order: a byte-order mark decides; then strict UTF-8; then UTF-16 without BOM (NUL pattern);
    then single-byte code pages, where Russian text is told apart by letter statistics (cp1251 vs
    KOI8-R), and charset-normalizer for the rest. NULs are removed and line endings become \\n.
    Raises RejectedSource("undecodable") when the result is not text (binary garbage); with
    `markup` (a web page) that is judged on control characters alone, since a valid page can be
    mostly markup or script (an article inside 50,000 nested <div>s is no binary garbage).
    """
    if not data:
        return "", "utf-8"
    text, encoding = None, None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(enc), enc
                if enc.startswith(("utf-16", "utf-32")):
                    text = text.lstrip("\ufeff")
            except UnicodeDecodeError:
                text = None
            break
    if text is None:
        utf16 = _looks_utf16(data)
        if utf16:
            try:
                text, encoding = data.decode(utf16), utf16
            except UnicodeDecodeError:
                text = None
    if text is None:
        stripped = data.replace(b"\x00", b"")
        try:
            text, encoding = stripped.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _single_byte_guess(stripped)
    text = _normalise_newlines(text)
    if text.strip() and _bad_ratio(text, markup) > 0.05:
        raise RejectedSource("undecodable", f"not text in any supported encoding (best guess {encoding})")
    return text, encoding


def html_declared_charset(data: bytes) -> str | None:
    """The charset a web page declares in its first bytes (<meta charset=...>), if any."""
    m = re.search(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None


# --------------------------------------------------------------------------------------------
# HTML

_SKIP_TAGS = frozenset(
    "script style iframe noscript svg nav header footer aside form button head template select "
    "option input textarea object embed canvas video audio picture source img map dialog menu "
    "link meta title frame frameset applet math figcaption".split()
)
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article main blockquote pre table thead "
    "tbody tfoot tr caption figure figcaption address hr center details summary fieldset body "
    "html".split()
)
_CELL_TAGS = frozenset(("td", "th"))
_CHROME_ATTR = re.compile(
    r"cookie|consent|gdpr|banner|newsletter|subscri|share|sharing|social|related|breadcrumb|menu|"
    r"navbar|sidebar|popup|modal|advert|promo|skip-?link|byline|entry-meta|post-meta|article-meta|"
    r"post-navigation|widget|pagination|read-?also",
    re.I,
)
# Boxes of links (related stories, "latest news" columns, menus built of <div>s) are chrome
# whatever their class says: most of their text is link text.
_LINK_BOX_TAGS = frozenset("div section aside ul ol dl table tbody tr td span".split())
_BREAK = "\x00P"  # paragraph break marker inside the walk; NULs never survive decoding


def _attrs(node) -> dict:
    try:
        return node.attributes or {}
    except Exception:  # lexbor can refuse malformed attributes; treat as none
        return {}


def _is_chrome_element(node, container) -> bool:
    attrs = _attrs(node)
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    marker = f"{attrs.get('id') or ''} {attrs.get('class') or ''} {attrs.get('role') or ''}"
    if node is container or node.tag in ("html", "body", "article", "main"):
        return False
    if node.tag in _LINK_BOX_TAGS and _is_link_box(node):
        return True
    if not _CHROME_ATTR.search(marker):
        return False
    # A wrapper whose class happens to say "banner" but holds the article itself is not chrome.
    return node.css_first("article, main, h1") is None


def _plain_len(node) -> int:
    try:
        return len(re.sub(r"\s+", "", node.text(deep=True) or ""))
    except Exception:
        return 0


def _is_link_box(node) -> bool:
    """Mostly link text and no paragraph of its own: a list of other stories or a menu."""
    links = node.css("a")
    if not links or len(links) > 500:
        return False
    total = _plain_len(node)
    if total == 0 or total > 5000:
        return False
    linked = sum(_plain_len(a) for a in links)
    return linked >= 0.6 * total


def _walk(container) -> str:
    out: list[str] = []
    stack: list[tuple[object, bool]] = [(container, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            out.append(_BREAK)
            continue
        tag = node.tag
        if tag == "-text":
            out.append(re.sub(r"\s+", " ", node.text_content or ""))
            continue
        if tag is None or tag.startswith("-") or (tag in _SKIP_TAGS and node is not container):
            # header/footer inside the article often hold its title; keep those that do
            if tag == "header" and node is not container and node.css_first("h1, h2") is not None:
                pass
            else:
                continue
        if node is not container and _is_chrome_element(node, container):
            continue
        if tag == "br":
            out.append("\n")
            continue
        if tag in _CELL_TAGS:
            out.append(" ")
        if tag in _BLOCK_TAGS:
            out.append(_BREAK)
            stack.append((node, True))
        children = list(node.iter(include_text=True))
        stack.extend((child, False) for child in reversed(children))
    text = "".join(out)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    # a <br> inside a sentence (text pasted with its hard wraps) is a space: the line before it
    # does not end a sentence and the line after it goes on in lower case
    text = re.sub(r"(?<=[^.!?…:\n])\n(?=[^\W\d_])", _soft_break, text)
    text = re.sub(rf"\s*(?:{_BREAK}\s*)+", "\n\n", text)
    return text.strip()


def _soft_break(m: re.Match) -> str:
    nxt = m.string[m.end():m.end() + 1]
    return " " if nxt.islower() else "\n"


def _text_len(node) -> int:
    try:
        return len((node.text(deep=True) or "").strip())
    except Exception:
        return 0


def _main_container(tree):
    articles = tree.css("article")[:50]
    if articles:
        best = max(articles, key=_text_len)
        if _text_len(best) >= 200:
            return best
    main = tree.css_first("main") or tree.css_first("[role=main]")
    if main is not None and _text_len(main) >= 200:
        return main
    return tree.body or tree.root


# The HTML parser takes time quadratic in the depth of nesting (50,000 nested <div>s: minutes),
# so wrapper elements deeper than this are removed before parsing; the text inside them stays.
MAX_HTML_DEPTH = 500
_ANY_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
_WRAPPERS = frozenset("div span section article main aside font center blockquote b i u em strong small "
                      "big sup sub table tbody thead tfoot tr td th ul ol li dl dd dt form label nav "
                      "header footer figure a abbr cite code q s strike tt var bdi bdo mark time".split())
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


def flatten_deep_html(html: str, max_depth: int = MAX_HTML_DEPTH) -> tuple[str, int]:
    """(html, deepest nesting seen) with the wrapper tags nested deeper than `max_depth` removed,
    in one linear pass over the tags. Unchanged when the page is shallower."""
    if html.count("<") <= max_depth:
        return html, 0
    depth = deepest = 0
    drop: list[tuple[int, int]] = []
    for m in _ANY_TAG.finditer(html):
        name = m.group(2).lower()
        if name in _VOID or m.group(0).endswith("/>"):
            continue
        if m.group(1):
            if depth > max_depth and name in _WRAPPERS:
                drop.append(m.span())
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
            if depth > max_depth and name in _WRAPPERS:
                drop.append(m.span())
    if not drop:
        return html, deepest
    parts, last = [], 0
    for a, b in drop:
        parts.append(html[last:a])
        last = b
    parts.append(html[last:])
    return "".join(parts), deepest


def html_title(html: str) -> str | None:
    """The page's <h1> (first) or <title>, for callers that want a title when the text has none."""
    tree = LexborHTMLParser(flatten_deep_html(html)[0])
    for selector in ("h1", "title"):
        node = tree.css_first(selector)
        if node is not None:
            text = re.sub(r"\s+", " ", node.text(deep=True) or "").strip()
            if text:
                return text
    return None


def _content_root(container):
    """The innermost element holding most of the container's paragraph text (the article body
    of a page that has no <article>), never a single paragraph."""
    paragraphs = container.css("p")[:3000]
    weight: dict[int, int] = {}
    nodes: dict[int, tuple[object, int]] = {}
    total = 0
    for par in paragraphs:
        size = _plain_len(par)
        if size == 0:
            continue
        total += size
        node, depth = par.parent, 0
        path = []
        while node is not None:
            path.append(node)
            if node.mem_id == container.mem_id:
                break
            node = node.parent
        else:
            continue  # not inside the container (cannot happen for css results; be safe)
        for depth, anc in enumerate(reversed(path)):
            weight[anc.mem_id] = weight.get(anc.mem_id, 0) + size
            nodes[anc.mem_id] = (anc, depth)
    if not total:
        return container
    best, best_depth = container, -1
    for key, (node, depth) in nodes.items():
        if weight[key] >= 0.8 * total and depth > best_depth:
            best, best_depth = node, depth
    return best


def _lead_blocks(root, container) -> list:
    """Text blocks before the body inside the same article (a standfirst, a lead paragraph):
    siblings of the body's ancestors that come before it and read as prose."""
    found = []
    node = root
    while node is not None and node.mem_id != container.mem_id:
        parent = node.parent
        if parent is None:
            break
        before = []
        for child in parent.iter(include_text=False):
            if child.mem_id == node.mem_id:
                break
            before.append(child)
        found = [c for c in before if _is_prose_block(c, container)] + found
        node = parent
    return found


def _is_prose_block(node, container) -> bool:
    if node.tag in _SKIP_TAGS or _is_chrome_element(node, container):
        return False
    text = re.sub(r"\s+", " ", node.text(deep=True) or "").strip()
    return len(text.split()) >= 25 and bool(re.search(r"[.!?]", text))


def html_to_text(html: str) -> str:
    """Main text of a saved web page: blocks become paragraphs (blank line), <br> a line break
    (a space when it falls inside a sentence).

    Scripts, styles, frames, navigation, headers/footers, forms, figure captions, cookie/consent/
    newsletter/share/related/breadcrumb/menu/byline boxes and boxes made mostly of links are
    dropped; <article> (the largest) or <main> is preferred, and inside it the innermost element
    that holds most of the paragraph text, with prose blocks before it (a lead). Attribute values
    (e.g. megabytes of inline data: URIs) are never copied into the text.
    """
    if not html or not html.strip():
        return ""
    tree = LexborHTMLParser(flatten_deep_html(html)[0])
    container = _main_container(tree)
    if container is None:
        return ""
    root = _content_root(container)
    parts = [_walk(block) for block in _lead_blocks(root, container)] if root is not container else []
    parts.append(_walk(root))
    text = "\n\n".join(p for p in parts if p)
    if root.css_first("h1") is None:
        # the page's single headline often sits above the article element
        h1s = [h for h in container.css("h1") if not _is_chrome_element(h, container)] if root is not container else []
        if len(h1s) != 1:
            h1s = tree.css("h1")
        if len(h1s) == 1:
            title = re.sub(r"\s+", " ", h1s[0].text(deep=True) or "").strip()
            if title and not text.startswith(title):
                text = f"{title}\n\n{text}"
    return text


# --------------------------------------------------------------------------------------------
# Markdown (light: enough that a .md report reads like its .txt)

_MD_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(?=\S)")
_MD_EMPHASIS = (
    re.compile(r"(\*\*\*|___|\*\*|__|`)(?=\S)(.+?)(?<=\S)\1"),
    # single * and _ only around words: a lone asterisk (a footnote mark) or snake_case stays
    re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"),
    re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)"),
)


def _md_inline(text: str) -> str:
    text = _MD_EMPHASIS[0].sub(r"\2", text)
    text = _MD_EMPHASIS[1].sub(r"\1", text)
    return re.sub(r" {2,}", " ", _MD_EMPHASIS[2].sub(r"\1", text))


def markdown_to_text(md: str) -> str:
    """Plain paragraphs from Markdown: markup and emphasis dropped, soft-wrapped lines of a block
    joined, each list item a paragraph of its own."""
    md = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", md)
    md = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    blocks = []
    for block in re.split(r"\n\s*\n", md):
        raw = block.split("\n")
        if any(line.lstrip().startswith("|") for line in raw):
            blocks.extend(line.strip() for line in raw)
            continue
        current: list[str] = []
        for line in raw:
            item = _MD_ITEM.match(line)
            if re.fullmatch(r"\s*([-*_]\s*){3,}", line):
                continue
            heading = re.match(r"^\s{0,3}#{1,6}\s+", line)
            if item or heading:
                if current:
                    blocks.append(" ".join(current))
                current = []
            if heading:
                blocks.append(re.sub(r"\s#+\s*$", "", line[heading.end():]).strip())
                continue
            if item:
                line = line[item.end():]
            line = re.sub(r"^\s{0,3}>\s?", "", line)
            line = re.sub(r"\s#+\s*$", "", line).strip()
            if line:
                current.append(line)
        if current:
            blocks.append(" ".join(current))
    return "\n\n".join(_md_inline(b) for b in blocks if b)


# --------------------------------------------------------------------------------------------
# PDF

@dataclass
class _Line:
    text: str
    y: float | None
    x: float | None
    size: float


_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_PAGE_NUMBER = re.compile(r"(?i)^(page\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(\s*(/|of)\s*\d{1,4})?$")


def _page_lines(page) -> list[_Line]:
    lines: list[_Line] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text:
            return
        try:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            size = abs(font_size * (tm[3] or 1) * (cm[3] or 1)) or 1.0
        except Exception:
            x = y = None
            size = 1.0
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i > 0:
                lines.append(_Line("", None, None, size))
            if not part:
                continue
            cur = lines[-1] if lines else None
            same_line = (
                cur is not None and cur.y is not None and y is not None and i == 0
                and abs(cur.y - y) < 0.5 * max(size, 1.0)
            )
            if same_line or (cur is not None and cur.y is None and i > 0 and not cur.text):
                cur.text += part
                if cur.y is None:
                    cur.y, cur.x = y if i == 0 else None, x if i == 0 else None
            else:
                lines.append(_Line(part, y if i == 0 else None, x if i == 0 else None, size))

    page.extract_text(visitor_text=visit)
    out = []
    for line in lines:
        line.text = re.sub(r"\s+", " ", line.text).strip()
        if line.text:
            out.append(line)
    return out


def _strip_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop page numbers and header/footer lines repeated at the top or bottom of pages."""
    def key(text: str) -> str:
        return re.sub(r"\d+", "#", text.lower())

    edge_counts: Counter[str] = Counter()
    for lines in pages:
        edges = {key(ln.text) for ln in lines[:2] + lines[-2:]}
        edge_counts.update(edges)
    repeated = {k for k, n in edge_counts.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2)}
    body_size = _body_font_size(pages)
    cleaned = []
    for lines in pages:
        keep = []
        for i, ln in enumerate(lines):
            at_edge = i < 2 or i >= len(lines) - 2
            if at_edge and (key(ln.text) in repeated or _PAGE_NUMBER.match(ln.text)):
                continue
            if i == 0 and _is_running_head(ln, lines[1] if len(lines) > 1 else None, body_size):
                continue
            keep.append(ln)
        cleaned.append(keep)
    return cleaned


def _body_font_size(pages: list[list[_Line]]) -> float:
    sizes: Counter[float] = Counter()
    for lines in pages:
        for ln in lines:
            sizes[round(ln.size, 1)] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _is_running_head(ln: _Line, nxt: _Line | None, body_size: float) -> bool:
    """The first line of a page set smaller than the body text and standing apart from what
    follows: a running header, even on a one-page document where it cannot be seen to repeat."""
    if nxt is None or ln.y is None or nxt.y is None or not body_size:
        return False
    return ln.size < 0.9 * body_size and nxt.size >= 0.9 * body_size and ln.y - nxt.y > 2.0 * max(ln.size, nxt.size)


# Second elements that make a compound with a hyphen rather than finish a word broken by one.
_COMPOUND_TAILS = frozenset(
    "based led run owned related term level wing old year scale profile known motivated free like "
    "making style up in of to at on by off out".split()
)
_COMPOUND_HEADS = frozenset("pre post non anti ex self co pro cross counter semi multi well so pseudo".split())


def _keeps_hyphen(head: str, tail: str, text_words: Counter) -> bool:
    """A hyphen at a line end that belongs to a compound ("pre-trial", "politically-motivated",
    "human-rights") rather than to the line break ("detain-ed")."""
    h, t = head.lower(), tail.lower()
    if text_words[f"{h}-{t}"]:
        return True
    if h in _COMPOUND_HEADS or t in _COMPOUND_TAILS:
        return True
    if h.endswith("ly") and len(h) > 4 and len(t) >= 4:
        return True  # an adverb before a participle
    # both halves are words of their own elsewhere in the document (the break itself counts once)
    return len(h) >= 3 and len(t) >= 3 and text_words[h] >= 2 and text_words[t] >= 2


def _join_words(prev: str, nxt: str, vocabulary: Counter) -> str:
    """Join a wrapped line to the next one, mending a word broken by a hyphen at the line end:
    the hyphen goes when the whole word occurs elsewhere or nothing marks a compound."""
    if prev.endswith("\u00ad"):
        return prev[:-1] + nxt
    m = re.search(r"(\w+)-$", prev)
    if m and nxt[:1].islower():
        head = m.group(1)
        tail = re.match(r"\w+", nxt)
        if tail is None or head.isdigit():
            return prev + nxt
        whole = (head + tail.group(0)).lower()
        if vocabulary[whole] or not _keeps_hyphen(head, tail.group(0), vocabulary):
            return prev[:-1] + nxt
        return prev + nxt
    return f"{prev} {nxt}"


def _paragraphs_of_pages(pages: list[list[_Line]]) -> list[str]:
    all_lines = [ln for lines in pages for ln in lines]
    if not all_lines:
        return []
    # Line spacing in units of the font size, so that a title set large with its own leading
    # and the body text are measured alike.
    gaps = []
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            if a.y is not None and b.y is not None and 0 < a.y - b.y < 4 * max(a.size, b.size):
                gaps.append(round((a.y - b.y) / max(a.size, b.size), 2))
    line_gap = _line_spacing(gaps)
    # when the layout separates paragraphs by space, the text-based guess is not needed
    spaced = bool(line_gap) and any(g > 1.35 * line_gap for g in gaps)
    lengths = sorted(len(ln.text) for ln in all_lines)
    full = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0
    xs = [round(ln.x) for ln in all_lines if ln.x is not None]
    left = Counter(xs).most_common(1)[0][0] if xs else None
    vocabulary = Counter(w.lower() for ln in all_lines for w in re.findall(r"\w+(?:-\w+)*", ln.text)
                         for w in ([w] if "-" not in w else [w, *w.split("-")]))

    paragraphs: list[str] = []
    current = ""
    prev: _Line | None = None
    prev_page = -1
    for page_no, lines in enumerate(pages):
        for ln in lines:
            if prev is None:
                current = ln.text
            else:
                new_page = page_no != prev_page
                if _starts_new_paragraph(prev, ln, new_page, line_gap, full, left, spaced):
                    paragraphs.append(current)
                    current = ln.text
                else:
                    current = _join_words(current, ln.text, vocabulary)
            prev, prev_page = ln, page_no
    if current:
        paragraphs.append(current)
    return paragraphs


def _line_spacing(gaps: list[float]) -> float | None:
    """The spacing of lines within a paragraph: the smallest spacing that recurs. (A median
    would be the paragraph spacing in a text of one- and two-line paragraphs.)"""
    if not gaps:
        return None
    need = max(2, len(gaps) // 10) if len(gaps) >= 10 else 1
    for g in sorted(set(gaps)):
        if sum(1 for x in gaps if abs(x - g) <= 0.06) >= need:
            return g
    return statistics.median(gaps)


def _starts_new_paragraph(
    prev: _Line, ln: _Line, new_page: bool, line_gap, full: int, left, spaced: bool
) -> bool:
    continues = ln.text[:1].islower() or ln.text[:1] in ",;)"
    ends = bool(_SENTENCE_END.search(prev.text))
    if new_page:
        if continues:
            return False
        return ends or len(prev.text) < 0.6 * full
    if abs(prev.size - ln.size) > 0.5:
        return True
    if prev.y is not None and ln.y is not None and line_gap:
        gap = (prev.y - ln.y) / max(prev.size, ln.size)
        if gap > 1.35 * line_gap or gap < -0.5 * line_gap:
            return True
        if left is not None and ln.x is not None and ln.x - left > 8 and not continues:
            return True  # first-line indent
        if spaced or continues:
            return False
        # a short line (a heading, a paragraph's last line) before a capitalised one
        return len(prev.text) < 0.6 * full or (ends and len(prev.text) < 0.85 * full)
    # no geometry: fall back on the text alone
    if continues:
        return False
    return ends or len(prev.text) < 0.6 * full


def pdf_to_text(data: bytes) -> str:
    """Text layer of a PDF, wrapped lines rejoined into paragraphs (one per line, blank-line separated).

    Raises RejectedSource: "pdf_unreadable" (not a PDF / broken), "pdf_truncated" (no end
    marker), "pdf_encrypted" (needs a password), "pdf_no_text" (no text layer, e.g. a scan).
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    head = data[:1024]
    if b"%PDF-" not in head:
        raise RejectedSource("pdf_unreadable", "no %PDF- header")
    if b"%%EOF" not in data[-2048:]:
        raise RejectedSource("pdf_truncated", "no %%EOF end marker: the file is cut short")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except (DependencyError, NotImplementedError) as exc:
                raise RejectedSource("pdf_encrypted", f"encrypted ({exc})") from None
            if not ok:
                raise RejectedSource("pdf_encrypted", "encrypted with a user password")
        pages = [_page_lines(page) for page in reader.pages]
    except RejectedSource:
        raise
    except FileNotDecryptedError as exc:
        raise RejectedSource("pdf_encrypted", str(exc)) from None
    except Exception as exc:  # pypdf raises many kinds on broken files; all mean "unreadable"
        raise RejectedSource("pdf_unreadable", f"{type(exc).__name__}: {exc}"[:300]) from None
    if not any(pages):
        raise RejectedSource("pdf_no_text", "no text layer (scanned or image-only PDF)")
    pages = _strip_running_lines(pages)
    return "\n\n".join(_paragraphs_of_pages(pages))


# --------------------------------------------------------------------------------------------
# Cleaning

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v\f]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff\u180e]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_DATA_URI = re.compile(r"data:[\w/+.-]{0,60};base64,[A-Za-z0-9+/=]{40,}")

# Site navigation and widgets: whole short lines.
_NAV = re.compile(
    r"(?i)^(?:skip to (?:the )?(?:main )?(?:content|navigation)|jump to (?:main )?content|"
    r"(?:quick |advanced )?search(?: this site| the site)?|search results?|reset(?: all)?(?: filters)?|"
    r"log ?in|log ?out|sign ?in|sign ?up|sign in / register|register|my account|"
    r"(?:main |open |close |toggle )?(?:menu|navigation)|home(?:page)?|all (?:news|articles|stories|topics)|"
    r"back(?: to top)?|next|previous|print|e-?mail|"
    r"share(?: this)?(?: on \w+)?(?: article| page| story)?:?|tweet|facebook|twitter|x|linkedin|whatsapp|"
    r"telegram|copy link|donate(?: now)?|contact(?: us)?|about(?: us)?|filters?|sort by:?.*|view all|see all|"
    r"load more|show more|read more|accept(?: all)?(?: cookies)?|reject(?: all)?|cookie (?:settings|policy)|"
    r"manage (?:cookies|preferences)|privacy(?: policy)?|terms(?: of use| and conditions)?|newsletter|"
    r"en|ru|kz|english|русский|қазақша|language|select language|hot topics:?|topics:?|tags:?|"
    r"categories:?|in partnership with:?|follow us(?: on .*)?|listen|watch|close|"
    r"\d+ results?(?: (?:arranged|sorted|ordered|found|for)\b.*)?|"
    r"(?:\d+ )?(?:days?|hours?) left(?: to (?:take action|act|sign))?|take action(?: now)?|act now|"
    r"sign (?:the|our) petition)$"
)
# Lines after which the rest of a page is related links, sign-up boxes and the like.
_TAIL = re.compile(
    r"(?i)^(?:more news|more (?:stories|reading|on this topic)|related(?: articles| news| stories| posts|"
    r" content| reading| links)?:?|see also:?|you (?:may|might) also (?:like|be interested in)|"
    r"recommended(?: for you)?|latest news|most (?:read|viewed|popular)|"
    r"[^.!?]{1,60}: (?:the )?latest news|(?:subscribe to|sign up (?:for|to)) our (?:updates|newsletters?|mailing list).*|"
    r"share this(?: article| page| story)?:?)$"
)
_SITE_TOP = re.compile(
    r"(?i)^(?:skip to (?:the )?(?:main )?content|jump to (?:main )?content|log ?in|sign ?in|"
    r"sign in / register|(?:quick |advanced )?search|reset all|all news|(?:main )?menu|hot topics:?)$"
)
_SECTION_LABEL = re.compile(r"^(?:[A-Z][\w'’-]*\s){0,3}(?:[Nn]ews|[Uu]pdates|[Nn]ews [Aa]rchive)$")
_CC_LICENCE = re.compile(r"\bCC[ -]?(?:BY|0)\b|creative ?commons|\bpublic domain\b", re.I)
_CREDIT_START = re.compile(r"(?i)^(?:©|\(c\)\s|photo(?:graph)?s?\s*(?:credit)?\s*:|image\s*:|credit\s*:|фото\s*:)")
_CREDIT_END = re.compile(r"©\s*(?:\d{4}\s*)?[^\s©][^©]{0,60}$")
# a news-photo caption ends with "(Firstname Lastname/Agency)"
_AGENCY_CREDIT = re.compile(r"\((?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w.'’-]+ ?/ ?[\w .'’&-]{2,30}\)$")


def _words(line: str) -> int:
    return len(line.split())


def _is_credit(line: str) -> bool:
    if _words(line) > 40:
        return False
    if _CC_LICENCE.search(line) and ("/" in line or _words(line) <= 12):
        return True
    if _CREDIT_START.match(line) and _words(line) <= 25:
        return True
    if _AGENCY_CREDIT.search(line):
        return True
    m = _CREDIT_END.search(line)
    return bool(m and _words(m.group(0)) <= 7)


def _is_body(line: str) -> bool:
    n = _words(line)
    return n >= 20 or (n >= 8 and bool(_SENTENCE_END.search(line)) and not line.endswith(":"))


def _is_junk(line: str) -> bool:
    # a counter, a bullet or a page number left alone on a line
    return not any(ch.isalpha() for ch in line) and len(line) <= 12 and not _is_stamp(line)


def _is_stamp(line: str) -> bool:
    """A short line stating a whole date ("21.09.2018", "date 2019-11-22 Accessibility links"):
    a page's publication stamp, which the year of every yearless date of the page may hang on,
    so it is kept where menus and counters around it are dropped."""
    return _words(line) <= 8 and any(d.precision == "day" and d.year_stated for d in dates.find_dates(line))


def _normalise_chars(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_LIGATURES)
    text = _normalise_newlines(text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _CONTROL.sub("", text)
    return _DATA_URI.sub("", text)


def clean_text(text: str) -> str:
    """The one normaliser every format goes through last; returns paragraphs separated by "\\n\\n".

    Each non-empty line is a paragraph (as in the .txt reports). Dropped: site navigation and
    widget lines, photo credits (CC licences, "©", "Photo:"), counters, everything above the last
    navigation line of the page head (but a date stamp among it), and a related-links / sign-up tail ("More news",
    "<Country>: the latest news", "Subscribe to our updates" ...) in the second half of the page.
    An immediately repeated line (a title printed twice) is kept once.
    """
    if not text:
        return ""
    lines = [re.sub(r" {2,}", " ", ln).strip() for ln in _normalise_chars(text).split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        return ""
    body_idx = [i for i, ln in enumerate(lines) if _is_body(ln)]
    first_body = body_idx[0] if body_idx else len(lines)
    last_body = body_idx[-1] if body_idx else -1

    # page head: everything up to the last site-navigation line is the site's, not the report's
    top = -1
    for i in range(first_body):
        if _SITE_TOP.match(lines[i]):
            top = i
    start = top + 1

    # page tail: a related-links marker in the second half ends the report
    total = sum(len(ln) + 1 for ln in lines)
    end, pos = len(lines), 0
    for i, ln in enumerate(lines):
        if i >= start and _TAIL.match(ln) and pos >= total / 2:
            end = i
            break
        pos += len(ln) + 1

    # the page head's publication stamp, if it has one, stays: menus go, the page's date does not
    stamp = next((ln for ln in lines[:start] if _is_stamp(ln)), None)
    kept: list[str] = [stamp] if stamp else []
    for i in range(start, end):
        ln = lines[i]
        if _NAV.match(ln) or _TAIL.match(ln) or _is_credit(ln) or _is_junk(ln):
            continue
        outside_body = i < first_body or i > last_body
        if outside_body and _SECTION_LABEL.match(ln) and _words(ln) <= 4:
            continue
        if kept and kept[-1] == ln:
            continue
        kept.append(ln)
    return "\n\n".join(kept)
