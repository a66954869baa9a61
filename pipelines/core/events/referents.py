"""Who an event concerns when its argument slot names no one, and who did it.

Belongs here (steps 3 and 5 of events.arguments, which tries them after the slot):
  - a pronoun or a definite description ("he", "the activist") is the person the story is
    about: the last target of the paragraph (or of the previous one) that agrees in number and,
    where the name shows it, in gender, else the last person named before it, else the one
    person of the paragraph ("the human rights advocate"); "They" opening a paragraph as its
    subject is the people named together at the end of the paragraph before;
  - the people an unnamed group is said to include ("human rights defenders ... were arrested
    (including X and Y)"), wherever the parser hung the list;
  - a slot the parse lost: the named persons of the trigger's own clause who are not its subject,
    else those of its window;
  - the speakers of a sentence ("..., said his wife, X") are sources, never targets; officials
    ("judge X", "President X") are never targets;
  - the doer (perpetrator): the subject of an active trigger or its "by" agent, mapped to the
    codebook's values by lexicon `perpetrators`.
`Referents` is a part of events.arguments.ArgumentReader: it reads that class's word sets
(self.speech, self.official, self.owned, ...) and its slot helpers (self._chain, self._region,
self._persons_in, self._shared).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from spacy.tokens import Token

from pipelines.core.events.prepare import Sentence
from pipelines.core.events.triggers import Trigger
from pipelines.core.names import name_gender, split_name

if TYPE_CHECKING:
    from pipelines.core.events.arguments import Args, Story

PRONOUNS = {"he": ("s", "m"), "him": ("s", "m"), "his": ("s", "m"), "himself": ("s", "m"),
            "she": ("s", "f"), "her": ("s", "f"), "hers": ("s", "f"), "herself": ("s", "f"),
            "they": ("p", None), "them": ("p", None), "their": ("p", None), "both": ("p", None),
            "all": ("p", None)}


def _gender(p: Any) -> str | None:
    given, surname = split_name(p.canonical)
    return name_gender(given, surname)


def _passive_surface(tok: Token) -> bool:
    """'was detained', 'were sentenced', 'been arrested' by the words, whatever the parse says."""
    prev = [tok.doc[i].lower_ for i in range(max(0, tok.i - 3), tok.i)]
    return tok.tag_ == "VBN" and any(w in ("was", "were", "been", "be", "is", "are", "being", "got") for w in prev)


def _named_together_before(story: Story) -> list[Any]:
    """The persons named last in the paragraphs before this one when they were named together ("A
    and B", "A, B and C": no more than a conjunction between their names)."""
    before = [m for m in story.mentions if m.end <= story.paragraph_start]
    together = before[-1:]
    for m in reversed(before[:-1]):
        if together[0].start - m.end > 6:
            break
        together.insert(0, m)
    people = list({m.local_id: m for m in together}.values())
    return people if len(people) > 1 else []


class Referents:
    """The fallbacks, speakers and doers of events.arguments.ArgumentReader (see the module docstring)."""

    def speakers(self, s: Sentence, t: Trigger) -> list[Any]:
        """The named persons who tell the sentence ("..., said his wife, X", "X told RFE/RL that
        ..."): the subject of a verb of saying, with its appositions, is a source, not a target."""
        doc, ids = t.token.doc, set()
        for v in doc:
            if v.lemma_ in self.speech and v.i != t.token.i and v.pos_ in ("VERB", "AUX"):
                for c in v.children:
                    if c.dep_ == "nsubj":
                        for n in self._chain(c):
                            ids |= self._region(n)
        return self._persons_in(s, t.chunk, ids) if ids else []

    def resolve_pronoun(self, s: Sentence, t: Trigger, n: Token, story: Story, args: Args) -> list[Any]:
        number, gender = PRONOUNS[n.lower_]
        pos = s.offset(t.chunk, n)
        if number == "p":
            # "sentenced X and Y ... after finding them guilty": the people named before it in its sentence
            here = [a.item for a in s.persons if a.start < pos and not self._is_official(a.item)]
            if len(here) > 1:
                return here
            if story.targets_paragraph != story.paragraph:
                pair = _named_together_before(story)
                opens = n.dep_ in ("nsubj", "nsubjpass") and n.head.dep_ == "ROOT" and \
                    all(x.is_space for x in n.doc[:n.i]) and s.start <= story.paragraph_start + 1
                if pair and opens:
                    # "Kholbashov and Mamadshoeva also face several charges ... / They were arrested
                    # on May 18": the subject opening a paragraph is the people named together at
                    # the end of the paragraph before
                    return pair
                if story.group:
                    args.group = story.group
                return []
            if len(story.targets) > 1:
                return list(story.targets)
            if story.group and not story.targets:
                args.group = story.group
                return []
            return list(story.targets)
        # the last person named before the pronoun in its paragraph (not an official, agreeing in
        # gender where the name shows it), else the story's last target
        here = [m for m in story.mentions if m.start < pos and m.start >= story.paragraph_start]
        for p in reversed(here):
            if self._is_official(p):
                continue
            if gender is None or _gender(p) in (None, gender):
                return [p]
        for p in reversed(story.targets):
            if gender is None or _gender(p) in (None, gender):
                return [p]
        if story.main is not None and _gender(story.main) in (None, gender):
            return [story.main]
        return []

    def resolve_description(self, s: Sentence, n: Token, story: Story) -> list[Any]:
        role = n.lemma_
        for p in reversed(story.targets + story.mentions):
            if any(role in r for r in (p.roles or [])):
                return [p]
        if role in self.groups and len(story.targets) == 1:
            return list(story.targets)
        if role in self.roles and story.main is not None and not any(
                m.start >= story.paragraph_start for m in story.mentions):
            return [story.main]  # "The chair of the trade union ... was detained" before any name
        here = {m.local_id: m for m in story.mentions if m.start >= story.paragraph_start and not self._is_official(m)}
        if role in self.roles and len(here) == 1:
            # "Elena Semenova spoke in Strasbourg. ... a case was opened against the human rights
            # advocate": the one person of the paragraph
            return list(here.values())
        return []

    def _is_official(self, p: Any) -> bool:
        return any(r in self.official or "official" in r or r in ("judge", "prosecutor", "president")
                   for r in (p.roles or []))

    # ---------------------------------------------------------------- doer and fallbacks

    def doer(self, s: Sentence, t: Trigger, how: str) -> tuple[str | None, list[Any]]:
        tok = t.token
        cands: list[Token] = []
        if how in ("object", "noun"):
            cands = [c for c in tok.children if c.dep_ == "nsubj"] or self._shared(tok, ("nsubj",))
            # "The trial of activist X began", parsed with X as a second subject of the verb: the
            # name right after a role noun of another subject is that noun's holder, not a doer
            cands = [c for c in cands if not (len(cands) > 1 and c.pos_ == "PROPN" and _after_role(c, self.roles,
                                                                                                 self._region(c)))]
        cands += [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if t.kind == "noun":
            cands += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"
                      for g in c.children if g.dep_ == "pobj"]
        label, people = None, []
        # "summoned to the prosecutor's office", "taken to the police station": the institution
        places = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "at", "into")
                  for g in c.children if g.dep_ == "pobj"]
        for c in cands:
            region = self._region(c)
            people += self._persons_in(s, t.chunk, region)
            words = [x for x in c.subtree if x.i in region]
            label = label or self.perpetrator_of(words)
        if t.type == "protest" or how == "subject":
            return None, []  # the subject of a protest is its participant, not a doer
        for g in places:
            label = label or self.perpetrator_of([x for x in g.subtree])
        return label, people

    def perpetrator_of(self, words: list[Token]) -> str | None:
        text = " ".join(w.lower_ for w in words)
        for w in sorted(words, key=lambda w: w.i, reverse=True):
            for key in (w.lemma_, w.lower_):
                if key in self.perpetrators:
                    return self.perpetrators[key]
        for phrase, value in self.perpetrators.items():
            if " " in phrase and re.search(rf"\b{re.escape(phrase)}\b", text):
                return value
        return None

    def included(self, s: Sentence, t: Trigger, anchors: set[int] = frozenset()) -> list[Any]:
        """"(including X and Y)", "among them X", "the following were detained: X, Y and Z", within
        the trigger's stretch of the sentence (up to the next trigger)."""
        doc = t.token.doc
        lo = max([a for a in anchors if a < t.token.i] + [-1])
        hi = min([a for a in anchors if a > t.token.i] + [len(doc)])
        for tok in doc[lo + 1:hi]:
            if (tok.lower_ in ("including", "among") and tok.i > 0) or (tok.text == ":" and tok.i > t.token.i):
                end = next((x.i for x in doc[tok.i:] if x.text in (")", ";")), len(doc))
                return [a.item for a in s.persons if a.chunk == t.chunk and tok.i < a.head.i < end
                        and not self._is_official(a.item)]
        return []

    def window_persons(self, s: Sentence, t: Trigger, anchors: set[int], skip: list[Any] = ()) -> list[Any]:
        """The last resort when the parse is broken ("Police in Oral detained activist X" read as
        'Oral detained activist' a noun phrase): the named persons between the trigger and the next
        trigger or clause break after it, or, for a passive, between the one before and it."""
        tok, doc = t.token, t.token.doc
        if _passive_surface(tok):
            lo = max([a for a in anchors if a < tok.i] + [-1]) + 1
            for i in range(tok.i - 1, lo - 1, -1):
                if doc[i].text in (";", ":"):
                    lo = i + 1
                    break
            ids = set(range(lo, tok.i))
        else:
            # a trigger in a relative clause of the object ("upheld a decision that fined X") does
            # not end the window: its people are the decision's
            stops = [a for a in anchors if a > tok.i and doc[a].dep_ not in ("relcl", "acl")]
            hi = min(stops + [len(doc)])
            for i in range(tok.i + 1, hi):
                if doc[i].text in (";", ":") or doc[i].lower_ in ("who", "after", "because", "while"):
                    hi = i
                    break
            ids = set(range(tok.i + 1, hi))
        return [p for p in self._persons_in(s, t.chunk, ids) if not self._is_official(p) and p not in skip]

    def clause_persons(self, s: Sentence, t: Trigger, doers: list[Any]) -> list[Any]:
        """The named persons of the trigger's own clause (no relative or reported clause, no
        reason phrase), who are not its subject: the last resort when the parse lost the slot."""
        tok = t.token
        root = tok
        while root.dep_ in ("xcomp", "conj", "aux", "auxpass") and root.head.i != root.i:
            root = root.head
        skip: set[int] = set()
        for x in root.subtree:
            if x.dep_ in ("relcl", "ccomp", "advcl", "acl", "parataxis", "nsubj", "poss") and x.i != tok.i:
                skip |= {y.i for y in x.subtree}
            if x.dep_ == "prep" and x.lower_ in ("for", "of", "by", "with", "according", "about", "from") and not (
                    x.lower_ == "of" and (x.head.lemma_ in self.property or x.head.lemma_ in self.owned)):
                skip |= {y.i for y in x.subtree}
        ids = {x.i for x in root.subtree} - skip
        return [p for p in self._persons_in(s, t.chunk, ids) if p not in doers and not self._is_official(p)]


def _after_role(name: Token, roles: frozenset[str], region: set[int]) -> bool:
    """Is the name phrase right after a role noun that is the object of a preposition ("of
    activist X")?"""
    before = min(region) - 1
    if before < 0:
        return False
    x = name.doc[before]
    return x.lemma_ in roles and x.dep_ == "pobj"
