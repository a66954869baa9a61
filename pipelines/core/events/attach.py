"""Where a mention of a date or a place hangs in a parse, relative to the triggers of its sentence.

Belongs here: the one walk that both dating and placing use. A date or place phrase is attached
to the first trigger or verb above its head token; a trigger takes the phrases attached to
itself, else those of the verbs it is coordinated with or governed by (a date told once for
"detained on 6 July and fined" dates both), else those of the sentence's main clause that no
other trigger took, or those of the event noun it happened during ("struck during the search on 5
May"), never those of a verb of saying ("said on 2 March" dates the statement) nor
of a relative clause about a person ("X, who had left in 2023, was arrested").
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from pipelines.core import places as _places
from pipelines.core.events.prepare import Anchored
from pipelines.core.events.triggers import Trigger, owned_by_people

# Events whose "since" dates begin a state (custody) rather than date them
STATES = {"detention", "prison_sentence", "psychiatric_detention", "by_penalty", "administrative_arrest",
          "restricted_freedom"}
# Links along which a trigger shares the date and place of the verb above it.
SHARE = {"conj", "xcomp", "advcl", "ccomp", "dobj", "pobj", "prep", "pcomp", "nsubj", "nsubjpass", "acl",
         "attr", "oprd", "appos", "npadvmod", "dep"}


def attachment(head: Token, anchors: set[int]) -> tuple[Token, bool]:
    """The trigger or verb a phrase headed by `head` belongs to, and whether the way up crossed a
    relative clause (then the phrase describes a person or thing, not the main event)."""
    x, relative = head, False
    if head.dep_ == "compound" and head.head.i == head.i + 1 and head.head.lower_ in _PLACE_WORDS:
        # "in the Sughd region": the place's own word, not a noun the place describes
        head = x = head.head
    # a date or place modifying a noun ("an October 10 decision", "the Almaty court") is the noun's
    # ("a since-removed January 2024 post": the noun's determiner before other modifiers)
    if head.dep_ in ("compound", "nmod", "amod", "nummod") and head.head.pos_ in ("NOUN", "PROPN") and \
            head.head.i != head.i and (_determined(head) or any(
                c.dep_ == "det" and c.i < head.i for c in head.head.children)):
        return head.head, False
    for _ in range(40):
        if x.i in anchors and x.i != head.i:
            return x, relative
        if x.i != head.i and x.pos_ in ("VERB", "AUX") and not _purpose_noun(x):
            # (a participle that is no trigger, modifying a noun, is a reduced relative clause: "upheld
            # the sentence imposed in September" — September is the sentence's, not the upholding's)
            reduced = x.dep_ == "acl" and x.tag_ == "VBN" and x.head.pos_ == "NOUN"
            return x, relative or reduced or x.dep_ == "relcl" or _inside_relative(x, anchors)
        if x.dep_ == "relcl":
            relative = True
        if x.head.i == x.i:
            return x, relative
        x = x.head
    return x, relative


# words that follow a place's name as part of it ("the Sughd region", "Taraz city")
_PLACE_WORDS = _places.REGION_WORDS | _places.CITY_WORDS | {"district", "village", "republic", "area"}


def _purpose_noun(x: Token) -> bool:
    """"summoned for questioning the next day": a gerund with no object after "for" names the
    purpose like a noun; a phrase on it is the verb's above ("detained for filming the police on
    5 May" keeps its date on the filming)."""
    return x.dep_ == "pcomp" and x.tag_ == "VBG" and x.head.lower_ == "for" and not any(
        c.dep_ in ("dobj", "nsubj", "ccomp", "xcomp") and c.lemma_ not in _TIME_NOUNS for c in x.children)


# nouns of time the parser takes for a gerund's object ("for questioning the next day")
_TIME_NOUNS = {"day", "week", "month", "year", "morning", "evening", "night", "afternoon", "weekend"}


def _inside_relative(verb: Token, anchors: set[int]) -> bool:
    """A verb that is no trigger inside a relative clause ("X, whom police had accused of organising
    a rally in February": "in February" on "organising" describes X, it does not date the acquittal
    of X the sentence tells); up to the first trigger above it."""
    x = verb
    for _ in range(12):
        if x.dep_ == "relcl":
            return True
        if x.head.i == x.i:
            return False
        if x.head.i in anchors:
            return x.head.dep_ == "relcl"  # the clause of a trigger that is itself a relative clause
        x = x.head
    return False


def _within_noun(head, trigger) -> bool:
    """The phrase hangs on a noun inside the trigger's phrase ("the trial of 22 protesters in
    Karakalpakstan": on the protesters), not on the trigger."""
    x = head
    for _ in range(8):
        if x.head.i == x.i or x.head.i == trigger.i:
            return False
        x = x.head
        if x.pos_ in ("NOUN", "PROPN") and x.dep_ in ("pobj", "dobj", "compound", "appos"):
            return True
    return False


def choose(t: Trigger, found: list[Anchored], anchors: set[int], speech: frozenset[str],
           reported: bool = False) -> list[Anchored]:
    """The phrases of `found` (same chunk as t) that belong to trigger t, best first. With
    `reported`, an event told as the content of a statement with no phrase of its own takes the
    statement's ("stated on 12 July that his home was searched": reported that day)."""
    # "extended her detention until 27 December", "by 5 May": a limit, not the event's day; "held
    # since his arrest in August" starts a state of custody (a protest "since 19 June" is dated by it)
    found = [a for a in found if not _limit(a, states=t.type in STATES, trigger=t.token)]
    if not found:
        return []
    att = {id(a): attachment(a.head, anchors) for a in found}
    # "were ordered to pay a fine in the early hours of 7 June": a phrase on the verb the trigger
    # takes as its complement (xcomp) tells the trigger's own time and place
    # So does one on a clause of the same moment under it ("was injured when police dispersed the
    # rally on 7 June")
    complements = _complements(t.token)
    own = [a for a in found if att[id(a)][0].i == t.token.i or att[id(a)][0].i in complements]
    if t.kind == "noun":
        own += [a for a in found if a not in own and a.head in t.token.subtree]
        verb = t.token.head
        if own and t.token.dep_ in ("nsubj", "nsubjpass") and not _speech(verb, speech) and \
                all(_within_noun(a.head, t.token) for a in own):
            # "the first trial of 22 protesters in Karakalpakstan ended in Bukhara": the phrase of
            # the verb the event noun is the subject of beats one of a noun inside it
            told = [a for a in found if att[id(a)][0].i == verb.i]
            if told:
                return told
    if own:
        return own
    # "arrested, prosecuted and imprisoned in 2020": a date told on the last of coordinated verbs
    listed = [c for c in t.token.subtree if c.dep_ == "conj"]
    if t.token.dep_ == "relcl":
        # "X, who was arrested, prosecuted and imprisoned in 2020" parsed with the rest of the list
        # hung on X beside the relative clause (events.triggers.dated_here)
        listed += [x for c in t.token.head.children if c.dep_ == "acl" and c.i > t.token.i
                   for x in c.subtree if x.i == c.i or x.dep_ == "conj"]
    conj = [c for c in listed if c.pos_ in ("VERB", "AUX") and c.i in anchors
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
    # (not a day counted from the event before, "... and charged the next day"; a time counted from
    # the publication day is both verbs': "detained three journalists and fined two activists this week")
    shared = [a for a in found if any(att[id(a)][0].i == c.i and a.head.i > c.i for c in conj)
              and not (getattr(getattr(a.item, "mention", None), "relative", False)
                       and not str(getattr(a.item, "basis", "")).startswith("counted from the publication day"))]
    if shared and t.kind == "verb":
        return shared
    if t.kind == "verb":
        # "was struck during the search on 5 May": an event told inside another takes its day
        inside = [a for a in found if att[id(a)][0].i in anchors and _during(att[id(a)][0], t.token)]
        if inside:
            return inside
    x = t.token
    for _ in range(8):
        if (x.dep_ not in SHARE and x.dep_ != "relcl") or x.head.i == x.i:
            break
        x = x.head
        up = [a for a in found if att[id(a)][0].i == x.i and not att[id(a)][1]]
        if _speech(x, speech):
            if reported and not up and x.dep_ == "conj" and t.kind == "verb":
                # "was stopped at the airport two weeks earlier and told that she was banned from
                # leaving", "when she tried to fly in June, guards took her off the plane and told
                # her that she was barred": a statement coordinated with a verb is made on that
                # verb's day, read as that verb's own
                return choose(replace(t, token=x.head), found, anchors, speech, reported)
            return up if reported else []
        if up:
            return up
    if t.kind == "noun":
        return []  # "at the time of Prado's detention, he was talking ... in 2011": not its date
    # the sentence's frame ("On 10 October 2024 the court convicted four journalists: X was
    # sentenced to ..."): an adverbial phrase, not in a relative clause nor on a verb of saying,
    # before the trigger (the nearest first), else after it on no other trigger
    free = [a for a in found if (not att[id(a)][1] or _framing(a.head, att[id(a)][0], t.token, anchors))
            and not _speech(att[id(a)][0], speech) and _adverbial(a.head)]
    before = sorted((a for a in free if a.head.i < t.token.i), key=lambda a: -a.head.i)
    if before:
        return before
    return [a for a in free if att[id(a)][0].i not in anchors]


def _complements(verb: Token) -> set[int]:
    """The clauses under a verb whose phrases tell the verb's own time and place: its complement
    ("were ordered to pay a fine in the early hours of 7 June") and a clause of the same moment
    ("was injured when police dispersed the rally on 7 June")."""
    return {c.i for c in verb.children if c.pos_ in ("VERB", "AUX") and (c.dep_ == "xcomp" or (
        c.dep_ == "advcl" and any(m.dep_ in ("advmod", "mark") and m.lower_ in ("when", "as", "while") and m.i < c.i
                                  for m in c.children)))}


def _framing(head: Token, verb: Token, trigger: Token, anchors: set[int]) -> bool:
    """A relative clause about the event's frame, not about a person: "In a trial that ended on
    12 June, the court sentenced X" (the clause, opened by "that" or "which", hangs on the object
    of a preposition on the trigger, a common noun, and its verb is no event of its own)."""
    if verb.dep_ != "relcl" or verb.i in anchors or head not in verb.subtree:
        return False
    # opened by "that" or "which" (a thing), not "who" (a person), nor told without a pronoun
    if not any(c.lower_ in ("that", "which") and c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    noun = verb.head
    return noun.pos_ == "NOUN" and noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.i == trigger.i


def _during(noun: Token, verb: Token) -> bool:
    """The event noun is the time of the verb: "(struck) during the search", "(detained) at the rally",
    "(detained) for their picket outside the akimat" (a protest that was theirs: they were taken at it)."""
    if not (noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.i == verb.i):
        return False
    return noun.head.lower_ in ("during", "at", "amid", "amidst") or (
        noun.head.lower_ in ("for", "over") and owned_by_people(noun))


def _adverbial(head: Token) -> bool:
    """A phrase that modifies a clause ("on 5 May", "in Almaty", "5 March, Taraz,"), not a noun
    ("the 2011 shootings", "an Almaty TV employee", "witnesses to the shootings in Zhanaozen")."""
    if head.dep_ in ("npadvmod", "tmod", "obl", "ROOT", "advmod", "dep"):
        return True
    first = min(t.i for t in head.subtree)
    before = head.doc[first - 1] if first > 0 else None
    if before is not None and (before.dep_ == "prep" or before.i == 0) and before.lower_ in (
            "on", "in", "at", "since", "from", "by", "until"):
        return True  # "On 20th July 2018 Elena Semenova ...": the preposition's date, whatever the parse
    if head.dep_ in ("pobj", "conj", "appos"):
        x = head
        while x.dep_ in ("conj", "appos") and x.head.i != x.i:
            x = x.head
        if x.dep_ == "pobj" and x.head.dep_ == "prep":
            # a preposition on a verb, or on the root of a parse that found no verb
            return x.head.head.pos_ in ("VERB", "AUX") or x.head.head.dep_ == "ROOT"
    return False


def _limit(a: Anchored, states: bool = True, trigger: Token | None = None) -> bool:
    """A date that bounds or begins a state, not the day of an event: "until 27 December", "by
    May", "(held) since his arrest in August 2019" (but of the arrest itself, `trigger`, the day
    it happened)."""
    first = min(t.i for t in a.tokens)
    if first > 0 and a.head.doc[first - 1].lower_ in ("until", "till", "through", "pending", "by", "before"):
        return True
    own = {t.i for t in a.tokens}
    x = a.head
    for _ in range(5):
        if trigger is not None and x.i == trigger.i:
            return False
        if x.dep_ == "prep" and x.lower_ == "since":
            # (of an event: "Since his arrest in late January, X has been tried": the day of the
            # event the phrase names is no day of what followed it; "since 19 June", "since
            # Wednesday morning" alone may be)
            return states or any(c.dep_ == "pobj" and c.i not in own and any(g.dep_ in ("poss", "det") for g in c.children)
                                 for c in x.children)
        if x.head.i == x.i or x.pos_ in ("VERB", "AUX"):
            return False
        x = x.head
    return False


def _determined(head: Token) -> bool:
    """Opened by a determiner ("an October 10 decision", "the Almaty court"), not by a preposition
    the parser lost ("On 20th July 2018 Elena Semenova ... was detained")."""
    first = min(t.i for t in head.subtree)
    return first > 0 and head.doc[first - 1].lower_ in ("a", "an", "the", "this", "that", "his", "her", "their",
                                                         "its", "’s", "'s", "our", "my", "your")


def _speech(verb: Token, speech: frozenset[str]) -> bool:
    return verb.lemma_ in speech or verb.lower_ in speech
