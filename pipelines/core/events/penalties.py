"""What a sentence, fine or arrest imposed, and under which articles.

Belongs here: the penalty phrase of a trigger (its own complement: "to six years in prison",
"a fine of 50 MCI", "for 15 days", with an event noun inside it: "to a fine of 500,000 tenge";
never a coordinated clause with a trigger of its own: "X was sentenced to six years, while Y ...
to three years of probation" gives each its own; for a verb the parser read as an adjective, "a
court sentenced activist X to ...", the complement after its object), the type
that phrase means (rules/<lang>/penalties.yaml: restricted freedom, fine, administrative
arrest, prison, by its words first and then by its length), the term in days, the amount and
currency (a conventional currency is preferred to monthly calculation indices stated beside
it: "50 MCI (380$)" -> 380 USD), and the articles of codes cited in the sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Token

from pipelines.core.events.prepare import Sentence
from pipelines.core.events.triggers import Trigger, lost_verb
from pipelines.core.rules import Rules

# Children whose subtrees are no part of the penalty phrase: other clauses and the subject.
OUTSIDE = {"nsubj", "nsubjpass", "advcl", "conj", "relcl", "ccomp", "parataxis", "mark", "cc",
           "csubj", "expl", "aux", "auxpass", "neg"}
NO_PENALTY_TYPES = {"protest", "physical_attack", "release", "legislation", "surveillance", "censorship"}
# the longest custody a court gives as an administrative arrest (by_length: days up to 30)
ADMINISTRATIVE_DAYS = 30


@dataclass
class Penalty:
    type: str | None  # the type the penalty means, None when no penalty is stated
    days: int | None = None
    amount: Decimal | None = None
    currency: str | None = None
    start: int | None = None  # the penalty phrase's span in the text
    end: int | None = None
    named: bool = False  # the type is named by the phrase's words, not guessed from a length or a sum


class PenaltyReader:
    def __init__(self, rules: Rules):
        p = rules.penalties
        self.classes = [(c["type"], [w.lower() for w in c["words"]]) for c in p["classes"]]
        # words after which a class's word names a place, not the penalty ("a pre-trial detention centre")
        self.not_before = {c["type"]: tuple(w.lower() for w in c.get("not_before", ())) for c in p["classes"]}
        self.by_length = p["by_length"]
        self.pretrial = [w.lower() for w in p["pretrial_words"]]
        self.default = p["default"]
        self.verb_defaults = p.get("verb_defaults", {})
        self.custody_pretrial = frozenset(w.lower() for w in p.get("custody_pretrial_words", ()))
        self.custody_verdict = frozenset(w.lower() for w in p.get("custody_verdict_words", ()))
        replacement = p.get("replacement", {})
        self.replace_verbs = frozenset(w.lower() for w in replacement.get("verbs", ()))
        self.replace_preps = frozenset(w.lower() for w in replacement.get("preps", ()))
        place = p.get("penalty_place", {})
        self.place_preps = frozenset(w.lower() for w in place.get("preps", ()))
        self.place_preps_term = frozenset(w.lower() for w in place.get("preps_with_term", ()))
        suspension = p.get("suspension", {})
        self.suspend_verbs = frozenset(w.lower() for w in suspension.get("verbs", ()))
        self.suspend_objects = frozenset(w.lower() for w in suspension.get("objects", ()))

    def phrase_tokens(self, t: Trigger, others: set[int]) -> list[Token]:
        tok = t.token
        keep, todo = [], [c for c in tok.children if c.dep_ not in OUTSIDE]
        if tok.lemma_ in self.replace_verbs:
            # "converted the fine into 15 days of arrest": the penalty is what the old one became
            into = [c for c in todo if c.dep_ == "prep" and c.lower_ in self.replace_preps]
            todo = into or todo
        if lost_verb(tok):
            # a verb the parser lost ("a court sentenced activist X to a fine", read as "a
            # court-sentenced activist"): its complement hangs on the root, after its object
            obj = tok.head
            todo += [c for c in obj.head.children if c.i > obj.i and c.dep_ in ("prep", "dobj", "npadvmod")]
        while todo:
            x = todo.pop()
            if x.i in others and x.pos_ in ("VERB", "AUX"):
                continue  # another event's clause ("..., while Y was sentenced to ..."); a noun
                # trigger inside the phrase is its penalty ("sentenced her to a fine of 500,000 tenge")
            keep.append(x)
            todo += [c for c in x.children if c.dep_ not in ("relcl", "advcl", "conj", "ccomp") or x.i == tok.i]
        return sorted(keep, key=lambda x: x.i)

    def classify(self, words: list[Token]) -> str | None:
        """The first class of penalties.yaml one of whose words (a lemma, or a phrase of
        several words) the penalty phrase holds."""
        text = " " + " ".join(w.lower_ for w in words) + " "
        lemmas = {w.lemma_ for w in words} | {w.lower_ for w in words}
        for etype, names in self.classes:
            places = self.not_before[etype]
            for name in names:
                if places:
                    if any(_not_a_place(text[k + len(name) + 2:], places) for k in _occurrences(text, f" {name} ")):
                        return etype
                    continue
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
        spans = {chunk.offset(w) for w in words}
        mine = lambda x: x.start in spans  # noqa: E731  (mentions start on a token)
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
            spans = {chunk.offset(w) for w in window}
            durations = durations or [d for d in s.durations if mine(d)]
            days = days or (durations[0].days if durations else None)
        named = etype is not None
        if etype is None and durations:
            etype = self._by_length(durations[0])
        if etype is None and money:
            etype = "fine"
        return Penalty(etype, days, amount, currency, start, end, named)

    def split(self, s: Sentence, t: Trigger, persons: list, others: set[int], etype: str) -> list[tuple]:
        """"sentenced A to six years in prison, B to five years and C to three years of probation",
        "fined A 50 MCI, B 30 MCI", "A and B were sentenced to 20 and 15 days respectively": one
        row per distinct penalty (CODEBOOK: several people on one day with different penalties),
        each typed by its own words. [(people, type, days, amount, currency)], or [] when the
        sentence tells one penalty."""
        chunk = s.chunks[t.chunk]
        tok, doc = t.token, t.token.doc
        lo = max([i for i in others if i < tok.i] + [-1]) + 1
        hi = min([i for i in others if i > tok.i] + [len(doc)])
        start, end = chunk.offset(doc[lo]), chunk.end_offset(doc[hi - 1])
        people = [a.item for a in s.persons if a.chunk == t.chunk and start <= a.start < end]
        respective = "respectively" in doc.text.lower()
        if len({p.local_id for p in people}) < 2 and not respective:
            return []
        if etype == "fine":
            amounts = [m for m in s.money if start <= m.start < end and m.currency != "MCI"] or \
                      [m for m in s.money if start <= m.start < end]
        else:
            # a fine among the terms is one of the penalties ("A to five years in prison, B to three
            # years of restricted freedom and C to a fine of 500 MCI")
            amounts = sorted([d for d in s.durations if start <= d.start < end] +
                             [m for m in s.money if start <= m.start < end], key=lambda x: x.start)
        if len(amounts) < 2:
            return []

        def typed(a_start: int, a_end: int) -> str:
            words = [w for w in doc if a_start <= chunk.offset(w) < a_end]
            terms = [x for x in amounts if hasattr(x, "days")]  # (a fine among the terms has no length)
            return self.classify(words) or (self._by_length(terms[0]) if etype != "fine" and terms else "fine") or etype

        def row(group: list, x, until: int) -> tuple:
            if etype != "fine" and not hasattr(x, "days"):
                return (group, "fine", None, x.amount, x.currency)
            kind = typed(x.start, until) if etype != "fine" else "fine"
            if etype != "fine" and kind == "fine":
                kind = etype
            return (group, kind, getattr(x, "days", None), getattr(x, "amount", None) if etype == "fine" else None,
                    getattr(x, "currency", None) if etype == "fine" else None)

        if respective:
            # the people told before another trigger they share ("A and B were detained and later
            # sentenced to 20 and 10 days, respectively") are the trigger's own, in the order told
            told = people if len(people) == len(amounts) else \
                sorted({p.local_id: p for p in reversed(persons)}.values(), key=lambda p: p.start)  # each at its first mention
            if len(told) == len(amounts):
                return [row([p], x, end) for p, x in zip(told, amounts)]
            if len({p.local_id for p in people}) < 2:
                return []
        events = sorted([(a.start, "p", a) for a in people] + [(x.start, "x", x) for x in amounts],
                        key=lambda e: e[0])
        groups, current, pending = [], [], None
        for pos, kind, obj in events:
            if kind == "p":
                if pending is not None:
                    groups.append(row(*pending, pos))
                    pending = None
                current.append(obj)
            elif current:
                pending = (current, obj)
                current = []
        if pending is not None:
            groups.append(row(*pending, end))
        # the trigger's people told after the last penalty: no clean split (people there who are
        # not the trigger's belong to the next clause, "..., while X was sentenced to five days")
        mine = {p.local_id for p in persons}
        if any(p.local_id in mine for p in current):
            return []
        # a person named again before a later penalty ("found A, B and C guilty and sentenced A and
        # B to 10 days each, and C to 15 days") has that penalty: each person once, in the group of
        # their last mention
        last = {p.local_id: i for i, g in enumerate(groups) for p in g[0]}
        groups = [(list({p.local_id: p for p in g[0] if last[p.local_id] == i}.values()), *g[1:])
                  for i, g in enumerate(groups)]
        groups = [g for g in groups if g[0]]
        distinct = {(g[1], g[2], g[3]) for g in groups}
        return groups if len(groups) > 1 and len(distinct) > 1 else []

    def suspended(self, tok: Token) -> bool:
        """The prison term of the sentencing verb `tok` is told suspended beside its phrase (penalties.yaml
        `suspension`): a suspending participle or verb hung on the sentencing verb, coordinated with
        it, or coordinated with the verb it is coordinated with ("found X guilty and sentenced him to
        five years, but suspended the sentence"), with no object or a penalty's."""
        near = list(tok.children)
        if tok.dep_ == "conj":
            near += [tok.head] + [c for c in tok.head.children if c.dep_ == "conj" and c.i != tok.i]
        for x in near:
            if x.lemma_ not in self.suspend_verbs or x.pos_ not in ("VERB", "AUX") or \
                    x.dep_ not in ("advcl", "conj", "acl", "xcomp", "dep", "ROOT"):
                continue
            objects = [c for c in x.children if c.dep_ in ("dobj", "nsubjpass")]
            if all(o.lemma_ in self.suspend_objects or o.lower_ in self.suspend_objects for o in objects):
                return True
        return False

    def _by_length(self, d) -> str | None:
        for rule in self.by_length:
            if rule["unit"] == d.unit and d.days <= rule.get("max_days", 10**9):
                return rule["type"]
        return None

    def type_of(self, t: Trigger, pen: Penalty, sentence_text: str) -> str:
        """The event type of a trigger once its penalty is read."""
        if t.type == "by_penalty" and pen.type is None and not pen.days and pen.amount is None and \
                t.token.lemma_ in self.verb_defaults and any(
                    c.dep_ == "prep" and c.lower_ == "on" and any(g.lemma_ in ("charge", "suspicion")
                                                                 for g in c.children) for c in t.token.children):
            # "jailed on charges of extremism", no term, no verdict told: custody before a trial
            return "detention"
        if t.type == "by_penalty" and t.token.lemma_ in self.verb_defaults and \
                pen.type in (None, "prison_sentence") and pen.amount is None:
            words = {w.lower_ for w in t.token.sent} | {w.lemma_ for w in t.token.sent}
            if words & self.custody_pretrial and not words & self.custody_verdict:
                # "imprisoned in the SIZO", "jailed for two months while the investigation
                # continues": custody before a trial, told by a jail verb
                return "detention"
        if t.type == "by_penalty" and pen.type in (None, "prison_sentence") and pen.amount is None and \
                (pen.type or pen.days) and self.suspended(t.token):
            return "restricted_freedom"
        if t.type == "by_penalty":
            default = self.verb_defaults.get(t.token.lemma_, self.default)
            if pen.type in (None, "fine") and pen.amount is None and pen.days is None:
                return default if pen.type is None else "fine"
            if (pen.type or default) == "prison_sentence" and pen.days and pen.days <= ADMINISTRATIVE_DAYS:
                # "sent to jail for 15 days": custody of days is a court's administrative arrest,
                # whatever word names the place (no prison term is that short)
                return "administrative_arrest"
            return pen.type or default
        if t.type == "detention" and pen.days and 3 <= pen.days <= 30 and pen.type in (None, "administrative_arrest") \
                and (t.token.lemma_ in ("arrest", "jail") or (t.token.lemma_ == "detain" and pen.days >= 5)) \
                and not any(w in sentence_text.lower() for w in self.pretrial):
            # "arrested for 15 days" by a court is an administrative arrest; "detained for a day" is not,
            # nor police custody of up to three days ("detained for 72 hours"); "detained for ten
            # days" is longer than any police custody: a court's arrest
            return "administrative_arrest"
        if t.type == "detention" and pen.type == "administrative_arrest" and \
                any(c.dep_ == "prep" and (c.lower_ in self.place_preps or (pen.days and pen.named and c.lower_ in self.place_preps_term))
                    for c in t.token.children):
            # "placed under administrative arrest", "placed in administrative detention for 10 days":
            # the custody named is the penalty (penalties.yaml penalty_place)
            return "administrative_arrest"
        return t.type


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Where `word` starts in text, overlaps included (str.find, not a test at every offset)."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _not_a_place(after: str, places: tuple[str, ...]) -> bool:
    """The words after a class's word name no place ("pre-trial detention" but not "pre-trial
    detention centre"): neither of the next two words is one of `places`."""
    return not any(w.startswith(places) for w in after.split(" ", 2)[:2])


def legal_basis(s: Sentence, etype: str) -> list[str]:
    if etype in NO_PENALTY_TYPES:
        return []
    codes = []
    for a in s.articles:
        if a.code.startswith("ART-") or a.code in codes:
            continue
        codes.append(a.code)
    return codes

