"""Who the unnamed rows of a report are, told elsewhere in it: the people of a counted group, of an
owner, of co-defendants, once every sentence has made its rows.

Belongs here (each a pass over the report's drafts, after the sentences and before merging):
  - a counted group whose number is exactly the report's named targets ("the convictions of two
    activists", the two named further down);
  - the members a sentence names as "N of them" or "Among them were X and Y" for the counted group
    the sentence before told with no names;
  - the members a later sentence counts by the group's noun and names ("convicted four journalists:
    A ..., B ..."), for the group's rows up to three paragraphs before;
  - the owner the next sentence names for a search of no one ("The premises belong to its director");
  - the co-defendants of a case named before in the paragraph.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from pipelines.core.events.arguments import ArgumentReader
from pipelines.core.events.merging import Draft
from pipelines.core.events.prepare import Sentence
from pipelines.core.rules import Rules

# "The four were identified as", "They are named as", "The detained activists have been identified as"
_NAMED_AS = re.compile(r"(?i)\s*(?:the\s+(?:\w+\s+){0,2}|they\s+|these\s+(?:\w+\s+)?|those\s+(?:\w+\s+)?)"
                       r"(?:were|are|have\s+been|had\s+been)\s+(?:identified|named)\s+as\b")
# Rows whose people are defendants of the report's case (Story.defendants; co-defendants here)
DEFENDANT_TYPES = {"criminal_charge", "prison_sentence", "restricted_freedom", "court_ruling"}


class GroupMembers:
    def __init__(self, rules: Rules, arguments: ArgumentReader):
        self.rules = rules
        self.arguments = arguments

    def name(self, drafts: list[Draft], text: str, sents: list[Sentence], persons: Sequence[Any]) -> None:
        """Every pass of the module docstring, in its order."""
        self._name_counted_groups(drafts)
        self._name_members_told_next(drafts, sents, persons)
        self._name_members_counted_later(drafts, sents)
        self._owner_told_next(drafts, text, sents, list(persons))
        self._name_co_defendants(drafts)

    def _name_counted_groups(self, drafts: list[Draft]) -> None:
        """"The convictions of two Kazakhstan activists" in a report whose named targets are
        exactly two people (introduced further down): the counted group is those people, when a
        named row is told in its paragraph or next to it."""
        targets: dict[str, Any] = {}
        for d in drafts:
            for p in d.persons:
                targets.setdefault(p.local_id, p)
        for d in drafts:
            if d.persons or not d.participants or d.participants < 2 or len(targets) != d.participants:
                continue
            if not any(abs(o.paragraph - d.paragraph) <= 1 for o in drafts if o.persons):
                continue  # far from every named row: another group ("four of the organisers" at another rally)
            noun = (d.group or "").split()[-1:] or [""]
            if noun[0].lower().rstrip("s") in self.rules.words("kin") | self.rules.words("entourage"):
                continue  # "two of Kholov's former clients", "two relatives": the entourage of someone named
            roles = {r for p in targets.values() for r in (p.roles or [])}
            if any(noun[0].rstrip("s") in r for r in roles) or not roles:
                d.persons = sorted(targets.values(), key=lambda p: p.start)
                d.via = "story"

    def _name_members_told_next(self, drafts: list[Draft], sents: list[Sentence], persons: Sequence[Any] = ()) -> None:
        """"Officers detained eleven staff members. Four of them, A, B, C and D, remain in custody":
        the people a sentence names as all of "N of them" are the named targets of the counted group
        the sentence before in the paragraph told with no names (of at least N people)."""
        for s in sents:
            for k, chunk in enumerate(s.chunks):
                for n in chunk.doc:
                    count = int(n.text) if n.text.isdigit() else self.arguments.numbers.get(n.lower_)
                    them = next((g for c in n.children if c.dep_ == "prep" and c.lower_ == "of"
                                 for g in c.children if g.lower_ == "them"), None)
                    if not count or count < 2 or them is None:
                        continue
                    # the names between "of them" and the clause's verb, however the parser hung them
                    verb = next((x.i for x in chunk.doc[them.i + 1:] if x.pos_ in ("VERB", "AUX")), len(chunk.doc))
                    named = list({a.item.local_id: a.item for a in s.persons
                                  if a.chunk == k and all(them.i < t.i < verb for t in a.tokens)}.values())
                    if len(named) != count:
                        continue  # "two of them, X" names one of two: not the group's people
                    self._members_of_group_before(drafts, s, named, count)
            # "Police detained five activists on 8 April. Among them were X and Y.": a sentence
            # that only names some of them (it tells no event of its own)
            # (such a sentence has no trigger, so no parse: read from its words and the mentions in it)
            # So does one that names them all ("The four were identified as A, B, C and D")
            all_named = bool(_NAMED_AS.match(s.unit.text))
            if (re.match(r"(?i)\s*among\s+them\b", s.unit.text) or all_named) and \
                    not any(d.sentence == s.index for d in drafts):
                named = list({p.local_id: p for p in persons if s.start <= p.start < s.end}.values())
                if named:
                    # (of a dated group only: an undated one was no row, and named it would be an
                    # undated row, train kg09)
                    self._members_of_group_before(drafts, s, named, len(named), dated=True, exact=all_named)

    def _name_members_counted_later(self, drafts: list[Draft], sents: list[Sentence]) -> None:
        """"On 16 January police detained 11 journalists ... on 30 January all 11 were moved to a
        detention centre." and paragraphs later "The court convicted four journalists: A was
        sentenced to six years, B to five, C and D to probation": a later sentence that counts
        members of the group by its noun ("four journalists") and names exactly that many as the
        targets of its own events names them for the group's earlier unnamed rows (those of the
        group's noun, and those of its count, "all 11"), up to three paragraphs before it."""
        for s in sents:
            here = [d for d in drafts if d.sentence == s.index and d.persons]
            if not here:
                continue
            named = {p.local_id: p for d in here for p in d.persons}
            for chunk in s.chunks:
                for n in chunk.doc:
                    count = int(n.text) if n.text.isdigit() else self.arguments.numbers.get(n.lower_)
                    noun = n.head
                    if not count or count < 2 or n.dep_ != "nummod" or noun.pos_ != "NOUN" or count != len(named):
                        continue
                    if any(c.lower_ in ("other", "another", "more", "further") for c in noun.children):
                        continue  # "two other church members, A and B": others than someone told, not the group's
                    groups = [d for d in drafts if d.sentence < s.index and not d.persons and d.group
                              and s.paragraph - d.paragraph <= 3 and (d.participants or 0) >= count
                              and noun.lemma_ in {w.lower().rstrip("s") for w in d.group.split()} | {
                                  w.lower() for w in d.group.split()}]
                    sizes = {d.participants for d in groups}
                    rows = groups + [d for d in drafts if d.sentence < s.index and not d.persons
                                     and (not d.group or d.group.strip().isdigit() or d.group.lower() in ("all", "them"))
                                     and d.participants in sizes and s.paragraph - d.paragraph <= 3
                                     and d.sentence > min(g.sentence for g in groups)]
                    for d in sorted(rows, key=lambda d: d.sentence):
                        d.persons = sorted(named.values(), key=lambda p: p.start)
                        d.via = "the members counted and named later"
                        before = [o for o in rows if o.sentence < d.sentence and o.own_date and o.first is not None]
                        if not d.own_date and before:
                            # "All 11 were charged", with no date of its own: the day of the
                            # group's last dated row, as a story's date carries to its people (a
                            # charge's, the day of the detention it came with)
                            custody = [o for o in before if o.etype == "detention"]
                            last = min(custody, key=lambda o: o.sentence) if d.etype == "criminal_charge" and custody \
                                else max(before, key=lambda o: o.sentence)
                            d.first, d.last, d.precision = last.first, last.last, last.precision
                            d.date_phrase, d.date_basis = last.date_phrase, "carried from the group's row before"

    @staticmethod
    def _members_of_group_before(drafts: list[Draft], s: Sentence, named: list, count: int,
                                 dated: bool = False, exact: bool = False) -> None:
        """The named become the people of the unnamed counted group (of at least `count`) told by
        the last sentence before `s` in its paragraph that told one; with `exact`, of exactly
        `count`, in its paragraph or the one before ("... detained the four activists. / The four
        were identified as A, B, C and D")."""
        before = [d for d in drafts if d.sentence < s.index and not d.persons and (d.first is not None or not dated)
                  and (d.paragraph == s.paragraph or (exact and d.paragraph == s.paragraph - 1))
                  and ((d.participants or 0) == count if exact else (d.participants or 0) >= count)]
        last = max((d.sentence for d in before), default=None)
        for d in before:
            if d.sentence == last:
                d.persons, d.via = list(named), "the members named in the next sentence"

    def _owner_told_next(self, drafts: list[Draft], text: str, sents: list[Sentence], persons: list[Any]) -> None:
        """"On 3 March officers searched an office in Shymkent rented by a foundation. The premises
        belong to its director, X, who said ...": a search of no named person takes the owner of the
        place searched when the next sentence of its paragraph tells whose it is (lexicon
        `owner_words` after the place, a `property` noun or "it") and names one person."""
        owner = self.rules.words("owner_words")
        places = self.rules.words("property") | {"it", "premises", "which"}
        by_index = {s.index: s for s in sents}
        for d in drafts:
            if d.etype != "search" or d.persons:
                continue
            nxt = by_index.get(d.sentence + 1)
            if nxt is None or nxt.paragraph != d.paragraph:
                continue
            words = re.findall(r"[a-z]+", text[nxt.start:nxt.end].lower())
            at = next((k for k, w in enumerate(words) if w in owner), None)
            if at is None or not places & set(words[:at]):
                continue
            named = {p.local_id: p for p in persons if nxt.start <= p.start < nxt.end
                     and not self.arguments._is_official(p)}
            if len(named) == 1:
                d.persons, d.via, d.group = list(named.values()), "the owner named next", None

    def _name_co_defendants(self, drafts: list[Draft]) -> None:
        """"The court upheld the sentences of A and her colleagues B and C. In September the court
        had found the three guilty: A received five years, while her colleagues were given
        suspended sentences": a sentence, charge or ruling of a group of co-defendants (lexicon
        `co_defendants`) is of the people of the case named in its paragraph before it, but for
        those the same sentence gives a penalty or charge of their own (a verdict of all of them,
        "found the three guilty", gives none)."""
        nouns = self.rules.words("co_defendants")
        for d in drafts:
            if d.persons or d.etype not in DEFENDANT_TYPES or not d.group or \
                    d.group.lower().split()[-1] not in nouns:
                continue
            case = {p.local_id: p for o in drafts if o.persons and o.etype in DEFENDANT_TYPES
                    and o.paragraph == d.paragraph and o.sentence <= d.sentence for p in o.persons}
            told = {lid for o in drafts if o.sentence == d.sentence and o is not d and o.etype != "court_ruling"
                    for lid in o.ids}
            others = [p for lid, p in case.items() if lid not in told]
            if others and len(others) < len(case):
                d.persons, d.via, d.group, d.participants = others, "story", None, None

