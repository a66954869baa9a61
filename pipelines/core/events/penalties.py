"""What a sentence, fine or arrest imposed, and under which articles.

Belongs here: the penalty phrase of a trigger (its own complement: "to six years in prison",
"a fine of 50 MCI", "for 15 days"; never a coordinated clause with a trigger of its own: "X was
sentenced to six years, while Y ... to three years of probation" gives each its own), the type
that phrase means (rules/<lang>/penalties.yaml: restricted freedom, fine, administrative
arrest, prison, by its words first and then by its length), the term in days, the amount and
currency (a conventional currency is preferred to monthly calculation indices stated beside
it: "50 MCI (380$)" -> 380 USD), and the articles of codes cited in the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Token

from pipelines.core.events.prepare import Sentence
from pipelines.core.events.triggers import Trigger
from pipelines.core.rules import Rules

# Children whose subtrees are no part of the penalty phrase: other clauses and the subject.
OUTSIDE = {"nsubj", "nsubjpass", "advcl", "conj", "relcl", "ccomp", "parataxis", "mark", "cc",
           "csubj", "expl", "aux", "auxpass", "neg"}
NO_PENALTY_TYPES = {"protest", "physical_attack", "release", "legislation", "surveillance", "censorship"}


@dataclass
class Penalty:
    type: str | None  # the type the penalty means, None when no penalty is stated
    days: int | None = None
    amount: Decimal | None = None
    currency: str | None = None
    start: int | None = None  # the penalty phrase's span in the text
    end: int | None = None


class PenaltyReader:
    def __init__(self, rules: Rules):
        p = rules.penalties
        self.classes = [(c["type"], [w.lower() for w in c["words"]]) for c in p["classes"]]
        self.by_length = p["by_length"]
        self.pretrial = [w.lower() for w in p["pretrial_words"]]
        self.default = p["default"]
        self.verb_defaults = p.get("verb_defaults", {})

    def phrase_tokens(self, t: Trigger, others: set[int]) -> list[Token]:
        tok = t.token
        keep, todo = [], [c for c in tok.children if c.dep_ not in OUTSIDE]
        while todo:
            x = todo.pop()
            if x.i in others:
                continue
            keep.append(x)
            todo += [c for c in x.children if c.dep_ not in ("relcl", "advcl", "conj", "ccomp") or x.i == tok.i]
        return sorted(keep, key=lambda x: x.i)

    def classify(self, words: list[Token]) -> str | None:
        """The first class of penalties.yaml one of whose words (a lemma, or a phrase of
        several words) the penalty phrase holds."""
        text = " " + " ".join(w.lower_ for w in words) + " "
        lemmas = {w._.ev_lemma for w in words} | {w.lower_ for w in words}
        for etype, names in self.classes:
            for name in names:
                if (f" {name} " in text) if " " in name else (name in lemmas):
                    return etype
        return None

    def read(self, s: Sentence, t: Trigger, others: set[int]) -> Penalty:
        words = self.phrase_tokens(t, others)
        if not words and t.type != "by_penalty":
            return Penalty(None)
        chunk = s.chunks[t.chunk]
        start = min((chunk.offset(w) for w in words), default=None)
        end = max((chunk.end_offset(w) for w in words), default=None)
        etype = self.classify(words)
        # mentions on the phrase's own tokens (a range could span a clause of another trigger)
        spans = [(chunk.offset(w), chunk.end_offset(w)) for w in words]
        mine = lambda x: any(a <= x.start < b for a, b in spans)  # noqa: E731
        durations = [d for d in s.durations if mine(d)]
        days = durations[0].days if durations else None
        money = [m for m in s.money if mine(m)]
        amount = currency = None
        if money:
            best = next((m for m in money if m.currency != "MCI"), money[0])
            amount, currency = best.amount, best.currency
        if etype is None and t.type == "by_penalty":
            # a parse that hung the penalty elsewhere ("sentenced an activist who was returned from
            # Europe to 12 years in prison"): the words after the verb, up to the next trigger
            tok, doc = t.token, t.token.doc
            hi = min([i for i in others if i > tok.i] + [len(doc)])
            window = [doc[i] for i in range(tok.i + 1, hi)]
            etype = self.classify(window)
            spans = [(chunk.offset(w), chunk.end_offset(w)) for w in window]
            durations = durations or [d for d in s.durations if mine(d)]
            days = days or (durations[0].days if durations else None)
        if etype is None and durations:
            etype = self._by_length(durations[0])
        if etype is None and money:
            etype = "fine"
        return Penalty(etype, days, amount, currency, start, end)

    def _by_length(self, d) -> str | None:
        for rule in self.by_length:
            if rule["unit"] == d.unit and d.days <= rule.get("max_days", 10**9):
                return rule["type"]
        return None

    def type_of(self, t: Trigger, pen: Penalty, sentence_text: str) -> str:
        """The event type of a trigger once its penalty is read."""
        if t.type == "by_penalty":
            default = self.verb_defaults.get(t.token._.ev_lemma, self.default)
            if pen.type in (None, "fine") and pen.amount is None and pen.days is None:
                return default if pen.type is None else "fine"
            return pen.type or default
        if t.type == "detention" and pen.days and 3 <= pen.days <= 30 and pen.type in (None, "administrative_arrest") \
                and t.token._.ev_lemma in ("arrest", "jail") \
                and not any(w in sentence_text.lower() for w in self.pretrial):
            # "arrested for 15 days" by a court is an administrative arrest; "detained for a day" is not
            return "administrative_arrest"
        return t.type


def legal_basis(s: Sentence, etype: str) -> list[str]:
    if etype in NO_PENALTY_TYPES:
        return []
    codes = []
    for a in s.articles:
        if a.code.startswith("ART-") or a.code in codes:
            continue
        codes.append(a.code)
    return codes

