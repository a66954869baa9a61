"""Renderers that turn a plain-text report (cleaned paragraphs) into the other formats it is met in.

Saved web pages in three CMS styles (a blog engine with an <article>, an old portal without
one, a news site with <main>), a justified multi-page PDF (running header and footer, page
numbers, hyphenated line ends, page breaks mid-sentence) and Markdown. The chrome around the
article is invented and deliberately looks like report text: related-news headlines carry
names and dates, captions carry photo credits. Used by tests/test_formats.py.
"""

from __future__ import annotations

import html as htmlmod
import re
from pathlib import Path

from pipelines.core.units import _is_heading

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONT_ITALIC = FONT_DIR / "DejaVuSans-Oblique.ttf"

esc = htmlmod.escape

# Headlines of other stories: sentences with names, places, dates and event verbs, so that any
# of them left in the text would become an extra incident or person.
RELATED = [
    "Court in Shymkent jails blogger Daniyar Kemelov for five years on 12 March 2023",
    "Police detain activist Aliya Nurmanova outside the akimat in Taraz on 8 May",
    "Journalist Rustam Ibragimov fined 100 MCI for an unsanctioned rally in Aktobe",
    "Tajik lawyer Firuza Saidova sentenced to 10 years after closed trial in Dushanbe",
    "Opposition figure Marat Sultanbekov arrested in Bishkek on 3 February 2024",
]
MOST_READ = [
    "Blogger Timur Askarov detained in Osh after posting video on 14 June",
    "Uzbek rapper Jasur Karimov beaten by unknown men in Tashkent",
    "Human rights defender Gulshan Abdullayeva banned from travelling abroad",
]
COOKIE = ("We use cookies to give you the best experience on our website. By continuing to browse "
          "the site you agree to our use of cookies.")


def _list_runs(pars: list[str]) -> list[tuple[int, int]]:
    """Runs of 3+ short non-heading, non-sentence lines (an address block, a list of names)."""
    runs, i = [], 0
    while i < len(pars):
        j = i
        while j < len(pars) and len(pars[j].split()) <= 8 and not pars[j].endswith((".", ":", "?", "!")) \
                and not _is_heading(pars[j]):
            j += 1
        if j - i >= 3:
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _soft_br(par: str) -> str | None:
    """The paragraph with one <br> inside a sentence, before a lower-case word (a pasted hard wrap)."""
    words = par.split(" ")
    if len(words) < 16:
        return None
    for k in range(len(words) // 2, len(words) - 2):
        if words[k][:1].islower() and words[k].isalpha() and not re.search(r"[.!?:;,]$", words[k - 1]):
            return esc(" ".join(words[:k])) + "<br>\n" + esc(" ".join(words[k:]))
    return None


def _inline(par: str) -> str:
    """Escaped paragraph text with an <em> and a <strong> in it, the way editors mark them."""
    words = esc(par).split(" ")
    if len(words) > 8:
        words[2] = f"<em>{words[2]}</em>"
        words[-3] = f"<strong>{words[-3]}</strong>"
    return " ".join(words)


def _body_blocks(pars: list[str], list_style: str, soft_br: bool) -> list[str]:
    """Article body: headings as <h2>, runs of short lines as <ul> or <br>-lines, else <p>."""
    runs = {a: b for a, b in _list_runs(pars)}
    out, i, brs = [], 0, 0
    while i < len(pars):
        if i in runs:
            items = pars[i:runs[i]]
            if list_style == "ul":
                out.append("<ul>" + "".join(f"\n  <li>{esc(x)}</li>" for x in items) + "\n</ul>")
            else:
                out.append("<p>" + "<br>\n".join(esc(x) for x in items) + "</p>")
            i = runs[i]
            continue
        par = pars[i]
        if _is_heading(par) and i + 1 < len(pars):
            out.append(f"<h2>\n  {esc(par)}\n</h2>")
        else:
            wrapped = _soft_br(par) if soft_br and brs < 2 else None
            if wrapped:
                brs += 1
                out.append(f"<p>{wrapped}</p>")
            else:
                out.append(f"<p>{_inline(par)}</p>")
        i += 1
    return out


def _figure(caption: str) -> str:
    return ("<figure class='wp-block-image'><img src='data:image/jpeg;base64," + "R0lGODlh" * 12
            + f"' alt=''><figcaption>{esc(caption)}</figcaption></figure>")


def _links(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li><a href='/news/{k}'>{esc(t)}</a></li>" for k, t in enumerate(items)) + "</ul>"


def html_blog(pars: list[str]) -> str:
    """A blog engine page: <article class=post>, widget sidebar, cookie notice, share buttons."""
    title, body = pars[0], pars[1:]
    blocks = _body_blocks(body, "br", soft_br=False)
    blocks.insert(min(2, len(blocks)), _figure(
        "Activists hold placards outside a district court. Photo: Askar Nurlanov / Vlast Media"))
    return "".join([
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>", esc(title),
        " – Civic Space Blog</title><style>.entry-content p{margin:0 0 1em}</style>",
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script>",
        "</head><body class='post-template-default single'>",
        "<div id='page' class='site'><a class='skip-link screen-reader-text' href='#content'>Skip to content</a>",
        "<header id='masthead' class='site-header'><p class='site-title'>Civic Space Blog</p>",
        "<nav id='site-navigation' class='main-navigation'><ul id='primary-menu'><li>Home</li>",
        "<li>Countries</li><li>Reports</li><li>About us</li><li>Contact</li></ul></nav></header>",
        "<div class='cookie-notice-container'><span>", COOKIE, "</span><a>Ok</a><a>Privacy policy</a></div>",
        "<div id='content' class='site-content'><div id='primary' class='content-area'><main id='main'>",
        "<article class='post type-post'><header class='entry-header'><h1 class='entry-title'>", esc(title),
        "</h1><div class='entry-meta'>Posted on <time>14 November 2023</time> by <span>editor</span></div></header>",
        "<div class='entry-content'>\n", "\n".join(blocks), "\n</div>",
        "<footer class='entry-footer'><span class='cat-links'>Posted in Central Asia, Freedom of expression</span>",
        "<div class='sharedaddy'><h3>Share this:</h3><ul><li>Twitter</li><li>Facebook</li><li>Telegram</li></ul></div>",
        "</footer></article>",
        "<nav class='navigation post-navigation'><div class='nav-previous'><a>", esc(RELATED[0]), "</a></div>",
        "<div class='nav-next'><a>", esc(RELATED[1]), "</a></div></nav>",
        "<div class='jp-relatedposts'><h3>Related</h3>", _links(RELATED[2:]), "</div>",
        "</main></div>",
        "<div id='secondary' class='widget-area'><section class='widget widget_recent_entries'>",
        "<h2 class='widget-title'>Recent Posts</h2>", _links(MOST_READ), "</section>",
        "<section class='widget widget_search'><form><input type='search'><button>Search</button></form></section></div>",
        "</div><footer id='colophon' class='site-footer'><div class='site-info'>© 2024 Civic Space Blog. ",
        "Proudly powered by a CMS.</div></footer></div>",
        "<script>document.querySelectorAll('a').forEach(a=>a.rel='noopener');</script></body></html>",
    ])


def html_portal(pars: list[str]) -> str:
    """An old portal: tables of divs, no <article>/<main>, a left column of news before the text,
    a soft <br> pasted inside paragraphs, the related list after it."""
    title, body = pars[0], pars[1:]
    blocks = _body_blocks(body, "br", soft_br=True)
    return "".join([
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=utf-8'>",
        "<title>", esc(title), "</title><script type='text/javascript'>var _gaq=_gaq||[];",
        "_gaq.push(['_trackPageview']);</script><style>td{font:12px Arial}</style></head><body>",
        "<div id='eu-cookie'>", COOKIE, " <button>I agree</button></div>",
        "<div class='top'><div class='logo'>Central Asia Rights Portal</div>",
        "<div class='lang'>EN | RU | KZ</div><div class='topmenu'><a>Home</a> | <a>News</a> | <a>Analysis</a> | ",
        "<a>Reports</a> | <a>Contacts</a></div></div>",
        "<div class='crumbs'><a>Home</a> &raquo; <a>News</a> &raquo; <a>Kazakhstan</a></div>",
        "<table width='100%'><tr><td class='leftcol' valign='top' width='200'>",
        "<div class='block'><div class='block-title'>Latest news</div>",
        "".join(f"<div class='item'><span class='date'>1{k}.0{k + 1}.2024</span><br><a href='/n/{k}'>{esc(t)}</a></div>"
                for k, t in enumerate(MOST_READ)),
        "</div></td><td class='content' valign='top'>",
        "<div class='node'><h1>", esc(title), "</h1><div class='date'>14.11.2023 10:42</div>",
        "<div class='text'>\n", "\n".join(blocks), "\n</div>",
        "<div class='tags'>Tags: <a>Kazakhstan</a>, <a>freedom of assembly</a></div>",
        "<div class='print'><a>Print</a> | <a>Send to a friend</a></div></div>",
        "<div class='other-news'><b>Other news on this topic:</b>",
        "".join(f"<div class='item'><a href='/o/{k}'>{esc(t)}</a> <span>(0{k + 1}.03.2024)</span></div>"
                for k, t in enumerate(RELATED)),
        "</div></td></tr></table>",
        "<div class='bottom'>All rights reserved © 2004-2024. Reprinting is allowed with a link to the site.",
        "<br>Address: 12 Abai Avenue, office 5</div><script>counter();</script></body></html>",
    ])


def html_news(pars: list[str]) -> str:
    """A news site: <main> without <article>, lists as <ul>, figure with credit, inline
    "read also" box and a "most read" rail after the text, share bar, footer menus."""
    title, body = pars[0], pars[1:]
    blocks = _body_blocks(body, "ul", soft_br=False)
    mid = max(1, len(blocks) // 2)
    blocks.insert(mid, "<div class='wsw__embed'><div class='media-block'><span class='label'>Read also</span>"
                  f"<a href='/a/1.html'><h4>{esc(RELATED[3])}</h4></a></div></div>")
    blocks.insert(1, _figure("A police van outside the court building. (Ruslan Tagayev/RFE/RL)"))
    return "".join([
        "<!doctype html><html><head><meta charset='utf-8'><title>", esc(title), "</title>",
        "<link rel='stylesheet' href='/s.css'><script async src='/analytics.js'></script>",
        "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"x\"}</script></head><body>",
        "<div class='gdpr-consent' role='dialog'><p>", COOKIE, "</p><button>Accept</button><button>Settings</button></div>",
        "<header><nav class='navbar'><a>Home</a><a>Kazakhstan</a><a>Kyrgyzstan</a><a>Tajikistan</a>",
        "<a>Uzbekistan</a><a>Turkmenistan</a><a>Video</a><a>Podcasts</a></nav></header>",
        "<main><ol class='breadcrumbs'><li>Home</li><li>Central Asia</li></ol>",
        "<h1 class='title pg-title'>", esc(title), "</h1>",
        "<div class='publishing-details'><span class='date'>November 14, 2023 12:01 GMT</span>",
        "<span class='authors'>By Staff</span></div>",
        "<div class='share--box'><a>Share</a><a>Facebook</a><a>Twitter</a><a>Email</a></div>",
        "<div id='article-content' class='wsw'>\n", "\n".join(blocks), "\n</div>",
        "<div class='content-offset'><h2 class='section-head'>Most Read</h2><ul class='media-block-list'>",
        "".join(f"<li><a href='/m/{k}'><h4>{esc(t)}</h4></a></li>" for k, t in enumerate(MOST_READ + RELATED[:2])),
        "</ul></div></main>",
        "<footer><ul><li>About us</li><li>Contact</li><li>Terms of use</li></ul>",
        "<p>Copyright © 2024 Radio Free News. All rights reserved.</p></footer>",
        "<noscript><img src='/pixel.gif'></noscript></body></html>",
    ])


HTML_STYLES = {"html_blog": html_blog, "html_portal": html_portal, "html_news": html_news}


# ------------------------------------------------------------------------------------------------
# PDF

def _hyphenate(par: str) -> str:
    """Soft hyphens inside long lower-case words (typesetting software hyphenates this way);
    the renderer prints a hyphen where it breaks a line at one."""
    def split(m: re.Match) -> str:
        w = m.group(0)
        cut = len(w) // 2
        return w[:cut] + "\u00ad" + w[cut:]
    return re.sub(r"\b[a-z]{9,}\b", split, par)


def pdf_report(pars: list[str]) -> bytes:
    """An A4 report: bold title and headings, justified 10 pt paragraphs spaced by 3 mm,
    hyphenated line ends, a running header and "Page n of N" footer, automatic page breaks
    (so mid-paragraph and mid-sentence). One paragraph is set so its last line is full width."""
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self):
            self.set_font("DejaVu", "I", 8)
            self.cell(0, 5, "Civic Space Monitor | Central Asia update", align="L")
            self.cell(0, 5, "November 2023", align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(6)

        def footer(self):
            self.set_y(-14)
            self.set_font("DejaVu", "I", 8)
            self.cell(0, 8, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Doc(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.add_font("DejaVu", "I", str(FONT_ITALIC))
    pdf.set_margins(22, 18, 22)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 7, pars[0], align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    full_done = False
    for k, par in enumerate(pars[1:], 1):
        if _is_heading(par) and k + 1 < len(pars):
            pdf.set_font("DejaVu", "B", 11)
            pdf.multi_cell(0, 6, par, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
            continue
        pdf.set_font("DejaVu", "", 10)
        text = _hyphenate(par)
        width = pdf.epw
        if not full_done and len(par) > 250 and k + 1 < len(pars) and not _is_heading(pars[k + 1]):
            found = _full_last_line_width(pdf, text)
            if found:
                width, full_done = found, True
        pdf.multi_cell(width, 5, text, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def _full_last_line_width(pdf, text: str) -> float | None:
    """A column width a little under the page's at which the paragraph's last line fills it."""
    w = pdf.epw
    while w > pdf.epw - 12:
        lines = pdf.multi_cell(w, 5, text, dry_run=True, output="LINES")
        last = lines[-1].replace("\u00ad", "")
        if len(lines) >= 2 and pdf.get_string_width(last) >= 0.985 * w:
            return w
        w -= 0.25
    return None


# ------------------------------------------------------------------------------------------------
# Markdown

def markdown(pars: list[str]) -> str:
    """Markdown as a CMS exports it: # headings, *emphasis*, **strong**, _underscored_, links,
    hard-wrapped paragraphs, lists for runs of short lines, a front image."""
    runs = {a: b for a, b in _list_runs(pars)}
    out = [f"# {pars[0]}", "![A court building](https://example.org/img/court.jpg)"]
    i = 1
    n = 0
    while i < len(pars):
        if i in runs:
            out.append("\n".join(f"- {x}" for x in pars[i:runs[i]]))
            i = runs[i]
            continue
        par = pars[i]
        if _is_heading(par) and i + 1 < len(pars):
            out.append(f"## {par}")
        else:
            words = par.split(" ")
            if len(words) > 10:
                style = n % 3
                if style == 0:
                    words[1] = f"*{words[1]}*"
                elif style == 1:
                    words[3] = f"[{words[3]}](https://example.org/x_{n})"
                else:
                    words[2] = f"_{words[2]}_"
                words[-2] = f"**{words[-2]}**"
                n += 1
            lines, cur = [], ""
            for w in words:
                # a line must not start with what Markdown reads as a block marker
                if cur and len(cur) + len(w) > 72 and not re.match(r"[-*+#>]|\d+[.)]$", w):
                    lines.append(cur)
                    cur = w
                else:
                    cur = f"{cur} {w}" if cur else w
            lines.append(cur)
            out.append("\n".join(lines))
        i += 1
    return "\n\n".join(out) + "\n"
