"""Adversarial inputs of a given size, and the per-report stages whose time must grow linearly.

Each generator makes about `n` characters of text shaped to hurt a rule-based extractor: one
sentence that never ends, one token that never breaks, runs of capitalised name-like words,
long comma lists of names, a trigger word repeated, nesting (brackets, quotes, HTML elements).
Used by tests/test_linear_time.py and scripts/bench_adversarial.py; the text is this project's own.
"""

from __future__ import annotations

import random
from collections.abc import Callable

_GIVEN = ["Aibek", "Dana", "Marat", "Aigerim", "Bolat", "Zarina", "Timur", "Nodira", "Ruslan", "Saule"]
_SURNAME = ["Toktorov", "Serikova", "Omarov", "Bekova", "Nurlanov", "Kasymova", "Yusupov", "Aliyeva"]
_CLAUSES = ["police in Osh detained the activist Aibek Toktorov", "a court fined Dana Serikova 50 000 KZT",
            "Marat Omarov was sentenced to 15 days under Article 488", "officers searched the flat of Bekova",
            "the blogger was summoned on 3 March 2020", "about 40 people protested in Bishkek"]


def _fill(unit: Callable[[int], str], n: int) -> str:
    parts, size, i = [], 0, 0
    while size < n:
        piece = unit(i)
        parts.append(piece)
        size += len(piece)
        i += 1
    return "".join(parts)[:n]


def long_sentence(n: int) -> str:
    """One sentence of clauses joined by commas and 'and', no full stop anywhere."""
    return "On 3 March 2020 " + _fill(lambda i: _CLAUSES[i % len(_CLAUSES)] + (", and " if i % 3 else ", "), n)


def long_token(n: int) -> str:
    """One word without whitespace or punctuation."""
    rnd = random.Random(n)
    return "Police detained " + "".join(rnd.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ") for _ in range(n))


def capitalised_run(n: int) -> str:
    """Capitalised name-like words, no full stop (a heading that never ends, a list without commas)."""
    rnd = random.Random(n)
    return _fill(lambda i: f"{rnd.choice(_GIVEN)} {rnd.choice(_SURNAME)}{'ov' * (i % 3)} ", n)


def comma_list(n: int) -> str:
    """A list of full names separated by commas (a list of prisoners without an end)."""
    rnd = random.Random(n)
    return "The following were detained: " + _fill(
        lambda i: f"{rnd.choice(_GIVEN)} {rnd.choice(_SURNAME)}{i % 97}, ", n)


def repeated_trigger(n: int) -> str:
    """The same trigger and name again and again, in one paragraph of short sentences."""
    return _fill(lambda i: "Police detained Toktorov. He was fined. ", n)


def nested_brackets(n: int) -> str:
    """Deep nesting of brackets and quotation marks around a sentence."""
    depth = n // 4
    return "(“" * depth + "Police detained Aibek Toktorov." + "”)" * depth


def nested_html(n: int) -> str:
    """An article inside thousands of nested <div> elements (valid UTF-8, valid markup)."""
    body = "<p>Police in Osh detained the journalist Aibek Toktorov on 3 March 2020.</p>"
    depth = max(1, (n - len(body)) // 11)
    return "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"


GENERATORS: dict[str, Callable[[int], str]] = {
    "long_sentence": long_sentence,
    "long_token": long_token,
    "capitalised_run": capitalised_run,
    "comma_list": comma_list,
    "repeated_trigger": repeated_trigger,
    "nested_brackets": nested_brackets,
}


def stages() -> dict[str, Callable[[str], object]]:
    """The per-report stages checked for linear time, text in. The incident extractor joins
    this list once it is linear by construction (its entry is ready below)."""
    from pipelines.core.names import find_person_mentions
    from pipelines.core.text import RejectedSource, clean_text, decode_bytes
    from pipelines.core.units import segment

    def decode(text: str):
        try:
            return decode_bytes(text.encode("utf-8"))
        except RejectedSource as exc:  # a rejection is an answer too (brackets alone are no text)
            return exc.code

    return {
        "decode": decode,
        "clean": clean_text,
        "segment": segment,
        "persons": lambda text: find_person_mentions(text, segment(text)),
        # "incidents": lambda text: extract_incidents(text, segment(text), find_person_mentions(text), ReportMeta()),
    }
