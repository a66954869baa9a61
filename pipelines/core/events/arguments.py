"""Who an event was done to, and by whom, read from the trigger's dependents.

Belongs here, in the order they are tried:
  1. the trigger's argument slot: the object of an active verb ("police detained X"), the
     subject of a passive one ("X was detained") or of an event told of its doer ("X went on
     hunger strike", "residents gathered"), the complement of an event noun ("the arrest of X",
     "X's arrest", "a case against X"), the antecedent of a relative clause ("X, who was detained
     in May") or the noun a participle modifies; a verb coordinated with another shares its slot
     ("was detained and fined"; "police detained and beat X");
  1b. a preposition a rule names as holding its target (`target_preps`: "requested six years for
     the journalists", "investigations into six users", "registration denied to the party"); the
     object of the verb a decision governs ("the court decided to extend her detention");
  2. inside the slot, the named persons of the slot's own noun phrase with its conjuncts and
     appositions ("X and Y", "journalist X", "X, a blogger"), never those behind a preposition, a
     possessive or a relative clause ("the spouse of Y", "Y's lawyer X" keeps X only,
     "X, who supports Y"); the owner of a property noun ("searched the flat of X", "his home");
     an unnamed relative is a group of its own ("his wife was summoned": the wife, not him), or the
     relative the story named by apposition up to two paragraphs before ("his wife, Zarina X");
     repairs of parses that hung the name elsewhere: the names right after a role noun ("detained
     activist X"), the name after "a member of the party “Alga” X" or in apposition to the
     organisation ("a correspondent of the Turkmen Service, X"), the owner of a fined sum ("fined
     her 50 MCI"), the noun a verb read as an adjective modifies ("a court sentenced activist X");
  3. a pronoun or a definite description ("he", "the activist") is the person the story is
     about: the last target of the paragraph (or of the previous one) that agrees in number and,
     where the name shows it, in gender, else the last person named before it, else the one
     person of the paragraph ("the human rights advocate"); "the trial" with nobody named in its
     paragraph is the report's defendants; a term of stated length with no owner ("an October
     2019 five-year suspended term") the story's person; "me", "my" of a first-person account
     (outside quotes) its narrator, the person named in its first line (Extractor: _narrator);
  4. no person: an unnamed group with its stated number ("11 journalists" -> 11; "several",
     "dozens" give no number);
  5. no slot at all (a parse that lost it): the named persons of the trigger's own clause who are
     not its subject.
Officials ("judge X", "President X") and the doer are never targets. The doer (perpetrator) is
the subject of an active trigger or its "by" agent, mapped to the codebook's values by
lexicon `perpetrators`. Steps 3 and 5, the speakers and the doer are in events.referents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Token

from pipelines.core.dates import MONTHS, WEEKDAYS
from pipelines.core.events.prepare import Sentence
from pipelines.core.events.referents import PRONOUNS, Referents
from pipelines.core.events.triggers import (GAPPED, Trigger, among_those, broken_parse, counted_member_head, included_head, lost_object,
                                             lost_verb)
from pipelines.core.rules import Rules

# the narrator's own words, told of in a first-person account
FIRST_PERSON = frozenset({"i", "me", "my", "myself"})

# Dependents that stay inside a name's own noun phrase ("journalist X", "X and Y", "X, a blogger").
NAME_PHRASE = {"compound", "flat", "appos", "conj", "cc", "punct", "det", "amod", "nummod", "quantmod",
               "npadvmod", "nmod", "case", "advmod", "predet"}
SUBJECT_PREPS = {"including", "among", "like"}
# how many paragraphs on "his wife" still means the wife named before in the story
KIN_PARAGRAPHS = 2
# Units of a stated term ("a five-year suspended term")
TERM_UNITS = {"year", "month", "week", "day"}
# "started on 2 May", "on Monday": a proper noun after "on" that is a day, not a person
_CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)
RELATIVE = {"who", "whom", "that", "which", "whose"}
# Bodies that can be a group target of harassment or censorship
ORGANISATIONS = {"party", "association", "organisation", "organization", "ngo", "foundation", "union", "movement",
                 "outlet", "newspaper", "website", "office", "offices", "channel", "church", "congregation",
                 "community", "group", "media", "agency", "publication", "magazine", "radio", "television"}
# Events a person holds: "police interrupted the training" concerns the one who ran it
OCCASIONS = {"event", "training", "meeting", "seminar", "conference", "roundtable", "presentation", "screening",
             "concert", "lecture", "workshop", "press", "briefing"}
# (the event nouns a person owns, "the prosecution of her", are lexicon `owned_events`)
# Words that set a group apart from the people named before ("the two remaining participants")
OTHERS = {"remaining", "other", "others", "rest", "remainder"}


@dataclass
class Args:
    persons: list[Any] = field(default_factory=list)  # PersonMention targets
    via: str = "none"  # slot | story | clause | none
    group: str | None = None
    participants: int | None = None
    perpetrator: str | None = None
    doers: list[Any] = field(default_factory=list)  # named persons who did it
    # the people are named as members of a group told with the event ("Those detained included X",
    # "X was one of 14 people detained", "journalists ... were arrested, including X")
    member: bool = False


@dataclass
class Story:
    """What the paragraph (and the report) is about so far, for pronouns and carried context."""

    paragraph: int = -1
    paragraph_start: int = 0  # offset where the current paragraph begins
    targets: list[Any] = field(default_factory=list)  # last incident's named targets
    targets_paragraph: int = -1
    setting: Any = None  # the place the paragraph's first sentence names as its setting
    heading: bool = False  # that sentence is nothing but a date and the place (a digest item's head)
    main: Any = None  # the person the report is about (most often named, not an official)
    # the report's one person of each role ("Amangeldy X, a civil society activist"): role -> mention
    sole_role: dict = field(default_factory=dict)
    frame: Any = None  # the last date (Dated) told as a clause's time, not a statement's, in the paragraph
    lead: bool = True  # still in the report's lead (before its first named person)
    group: str | None = None
    date: Any = None  # the Dated of the last dated incident
    dated_types: dict = field(default_factory=dict)  # event type -> the Dated of the last dated incident of it
    place: Any = None  # the PlaceMention of the last placed incident
    person_places: dict = field(default_factory=dict)  # local id -> (place view, day) of their last placed event
    mentions: list[Any] = field(default_factory=list)  # every person mention seen, in text order
    defendants: list[Any] = field(default_factory=list)  # the persons charged, tried or sentenced so far
    # kin nouns named by an apposition so far ("his wife, Zarina X"): lemma -> (person, paragraph)
    kin_named: dict = field(default_factory=dict)
    # event type -> (named targets, paragraph) of the last row of that type ("replaced it": the last fine's)
    typed_targets: dict = field(default_factory=dict)
    narrator: Any = None  # who tells a first-person account ("police detained me"), None in a report
    # the places (Anchored) the sentence before named in this paragraph, for "there"
    places_before: list[Any] = field(default_factory=list)

    def place_paragraph(self) -> int:
        return getattr(getattr(self.place, "draft", None), "paragraph", -1)


def _list_apposed_below(n: Token) -> list[Token]:
    """"two relatives of the journalist, X and Y": the parser hangs the list on the singular noun
    of the 'of' phrase; a list of two or more names belongs to the plural noun above it."""
    if n.tag_ != "NNS" or any(c.dep_ == "appos" for c in n.children):
        return []
    return [a for c in n.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj" and g.tag_ in ("NN", "NNP")
            for a in g.children if a.dep_ == "appos" and any(x.dep_ == "conj" for x in a.children)]




def _apposed_after_of(n: Token, people: frozenset[str]) -> list[Token]:
    """The proper name apposed to the last noun of the chain of 'of' phrases below `n` ("a
    correspondent of the bureau of Radio Azattyk, X,"), alone and set off by a comma; not when
    that noun is a person's (`people`: "the lawyer of the journalist, X," names the journalist)."""
    x, found = n, []
    for _ in range(4):
        g = next((g for c in x.children if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj"), None)
        if g is None:
            break
        found = [a for a in g.children if a.dep_ == "appos" and a.pos_ == "PROPN" and g.lemma_ not in people
                 and not any(y.dep_ == "conj" for y in a.children) and a.i > 0 and a.doc[a.left_edge.i - 1].text == ","]
        x = g
    return found


class ArgumentReader(Referents):
    """Steps 1, 2 and 4 of the module docstring; steps 3 and 5, the speakers and the doer are
    events.referents' (its Referents reads this class's word sets)."""

    def __init__(self, rules: Rules):
        lex = rules.lexicon
        self.property = rules.words("property")
        self.residences = rules.words("residences")
        self.owned = rules.words("owned_events")
        self.proposals = rules.words("proposals")
        self.kin = rules.words("kin")
        self.groups = rules.words("group_nouns")
        self.vague = rules.words("vague")
        self.subject_events = rules.words("subject_events")
        self.light_verbs = rules.words("light_verbs")
        self.numbers = {str(k).lower(): int(v) for k, v in lex["numbers"].items()}
        self.perpetrators = {word.lower(): value for value, words in lex["perpetrators"].items()
                             for word in words}
        self.official = rules.words("official_roles")
        self.roles = rules.words("person_roles")
        self.target_preps = {r["id"]: frozenset(r["target_preps"]) for r in rules.triggers if r.get("target_preps")}
        # rules whose object is an event, not people: no person is looked for outside their slot
        self.slot_only = {r["id"] for r in rules.triggers if r.get("slot_only")}
        # verbs that are the event by themselves (no dependent required: "detain", "beat"), which
        # a headline may tell without their auxiliary ("Activist X detained in Almaty")
        self.bare = {r["id"] for r in rules.triggers if r["kind"] == "verb" and not r.get("with")}
        self.trials = rules.words("trials")
        self.speech = rules.words("guards", "speech")

    # ---------------------------------------------------------------- slots
    def slots(self, t: Trigger) -> tuple[list[Token], str]:
        tok = t.token
        if t.rule.endswith(GAPPED):
            return [tok], "object"  # the noun of a gapped clause is its object (triggers.gapped)
        if t.kind == "noun":
            out = [c for c in tok.children if c.dep_ == "poss"]
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "against", "on", "upon", "for"):
                    out += [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            out += [c for c in tok.children if c.dep_ == "appos"]
            if t.type == "fine":
                # "a fine of 100 MCI": the counted sum after "of" is the fine's amount, not its owner
                out = [g for g in out if not (g.head.lower_ == "of" and any(x.dep_ == "nummod" for x in g.children))]
            if not out:
                # "was subjected to physical attacks", "suffered a beating", "faced harassment"
                verb = tok.head.head if tok.dep_ == "pobj" else tok.head
                if verb.lemma_ == "form" and verb.dep_ == "pobj" and verb.head.lower_ == "in" and \
                        verb.head.head.pos_ in ("VERB", "AUX"):
                    # "subjected to administrative punishment in the form of a fine": the form of
                    # what the verb above imposed
                    verb = verb.head.head
                if verb.lemma_ in self.light_verbs and tok.dep_ in ("pobj", "dobj"):
                    out = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not out and tok.dep_ in ("dobj", "nsubjpass"):
                # "a travel ban was imposed on X", "imposed an exit ban on X": the noun's "on"
                # hung on the verb that imposed it
                out = [g for c in tok.head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon", "against")
                       for g in c.children if g.dep_ == "pobj"]
            return out, "noun"
        subj_event = t.type == "protest" or tok.lemma_ in self.subject_events
        if not subj_event and lost_verb(tok):
            # "On 5 May 2021 a court sentenced activist X to ...", parsed as "a court-sentenced
            # activist": the verb the parser lost has the noun it modifies (or the name that noun
            # is the title of) as its object
            return [lost_object(tok)], "object"
        if tok.dep_ in ("acl", "amod") and subj_event and broken_parse(tok):
            root = tok
            while root.head.i != root.i:
                root = root.head
            return [root], "subject"  # "... at least 15 women whose sons ... gathered outside"
        if (included := included_head(tok)) is not None:
            # "Those detained included the activists X and Y": the included are the detained
            return [c for c in included.children if c.dep_ in ("dobj", "attr")], "relative"
        if among_those(tok):
            # "Among those detained in Nur-Sultan was journalist X": the inverted subject
            verb = tok.head.head.head
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "attr", "nsubjpass")]
            if subj:
                return subj, "relative"
        if tok.dep_ == "acl" and subj_event and tok.tag_ == "VBG" and tok.head.dep_ == "pobj" and \
                tok.head.pos_ in ("NOUN", "PROPN") and tok.head.lemma_ not in self.groups and \
                tok.head.lower_ not in self.groups:
            # "X stood alone in the square of Aktobe holding a poster": a participle of the doer the
            # parser hung on the place after the verb; its subject is the verb's
            verb = tok.head.head.head
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] if verb.pos_ in ("VERB", "AUX") else []
            if subj:
                return subj, "subject"
        if tok.dep_ == "acl":
            head = tok.head
            # "X was one of 14 people given administrative detention", "X was among those detained"
            up = counted_member_head(tok)
            if up is not None:
                verb = up.head
                subj = [c for c in verb.children if c.dep_ == "nsubj"]
                if subj:
                    return subj, "relative"
            return [head], "relative"
        passive = _has(tok, ("auxpass", "nsubjpass")) or (tok.tag_ == "VBN" and not _has(tok, ("nsubj",))
                                                           and tok.dep_ in ("conj", "ROOT", "advcl")) or (
            # "she was detained at the airport and charged the next day": the partner's voice
            tok.dep_ == "conj" and not _has(tok, ("nsubj", "dobj")) and _has(tok.head, ("auxpass", "nsubjpass"))) or (
            # "X was detained in Aktobe, beaten at the station and released": a participle after a
            # passive that the parser left unlabelled is one more verb of that subject
            tok.dep_ == "dep" and tok.tag_ == "VBN" and not _has(tok, ("nsubj", "dobj"))
            and _has(tok.head, ("auxpass", "nsubjpass"))) or (
            # "The journalist was strip-searched": a participle the parser made the complement of
            # "was" is that verb's passive
            tok.dep_ == "acomp" and tok.tag_ == "VBN" and tok.head.lemma_ == "be" and not _has(tok, ("dobj",)))
        # "Activist X, detained on 5 May, remains in custody" parsed with the participle as the
        # root and X its subject: a past participle with no auxiliary is no finite verb, so its
        # subject is the one it was done to
        # (a form read as a past tense, "X, searched on 5 May, has complained", is one too when a
        # comma sets it off from that subject: an active verb does not follow its subject so)
        # So is one with a named subject as the root of a headline or digest item, "Activist X
        # detained in Almaty on 7 June": an event verb with a person before it and no object
        set_off = tok.tag_ == "VBD" and tok.i > 0 and (
            tok.doc[tok.i - 1].text == "," or (tok.dep_ == "ROOT" and t.rule in self.bare)) and \
            any(c.dep_ == "nsubj" and c.i < tok.i and c.pos_ == "PROPN" for c in tok.children)
        # ("X, fined 100 MCI on 5 May, ...": a counted sum as the object is the penalty, not a person)
        # ("the Almaty Administrative Court fined him 196,600 tenge": an indirect object is the one
        # fined, the subject before it the doer)
        # (but counted people are an object: "the Interior Ministry detained eleven journalists",
        # tagged as a participle, is active)
        reduced = (tok.tag_ == "VBN" or set_off) and _has(tok, ("nsubj",)) and not _has(tok, ("aux", "auxpass", "dative")) \
            and not any(c.dep_ == "dobj" and (not any(g.dep_ == "nummod" for g in c.children)
                                              or c.lemma_ in self.groups or c.lemma_ in self.roles)
                        for c in tok.children)
        if reduced and not subj_event:
            found = [c for c in tok.children if c.dep_ == "nsubj"]
            how = "passive"
            if tok.dep_ == "ccomp" and tok.head.lemma_ in ("have", "see", "get") and \
                    not any(f.pos_ in ("PROPN", "PRON") for f in found):
                # "X had his fine converted into arrest", "X saw the fine converted": what was done
                # to the thing was done to its owner, the subject of "had" or "saw"
                found = [c for c in tok.head.children if c.dep_ == "nsubj"] or found
        elif passive:
            found = [c for c in tok.children if c.dep_ == "nsubjpass"] or _subject_in_object(tok) \
                or self._shared(tok, ("nsubjpass", "nsubj")) or _swallowed_subject(tok)
            if found and all(f.lemma_ in self.owned for f in found):
                # "a criminal case was initiated against the human rights advocate": the people
                # the case is against, told on the verb
                found += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "against"
                          for g in c.children if g.dep_ == "pobj"]
            how = "passive"
        elif subj_event and t.rule != "protest-dispersed":
            found = [c for c in tok.children if c.dep_ in ("nsubj", "expl")] or self._shared(tok, ("nsubj",))
            if not found and tok.dep_ == "pcomp" and tok.head.lower_ in ("after", "for", "before", "while", "by") \
                    and tok.head.head.pos_ in ("VERB", "AUX"):
                # "X and Y were detained and fined after holding up placards": the one who did what
                # the adjunct tells is the subject of the verb it hangs on
                verb = tok.head.head
                found = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] or \
                    self._shared(verb, ("nsubjpass", "nsubj"))
            how = "subject"
        else:
            found = [c for c in tok.children if c.dep_ in ("dobj", "dative", "oprd")]
            # "charges against X", "pressure on them", "raids in (the homes of) activists"; "in
            # August", "in Almaty" are a time and a place, not people
            found += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("against", "on", "upon", "in")
                      for g in c.children if g.dep_ == "pobj" and g.lower_ not in _CALENDAR and (
                          (g.pos_ in ("PROPN", "PRON") and c.lower_ != "in") or g.lower_ in self.groups
                          or g.lemma_ in self.groups)]
            # "prosecutors requested six years for the journalists": a rule names the preposition
            # that holds its target (on the verb or on its object), read before the object
            preps = self.target_preps.get(t.rule, ())
            aimed = [g for x in (tok, *found) for c in x.children if c.dep_ == "prep" and c.lower_ in preps
                     for g in c.children if g.dep_ == "pobj"]
            found = aimed + found
            found = found or self._shared(tok, ("dobj",))
            # "the court decided to extend her detention", "ordered to block his channel": the
            # decision acts on the object of the verb it governs
            found = found or [g for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"
                              for g in c.children if g.dep_ in ("dobj", "dative")]
            # ("threatened to open a case against him": the people the governed case is against)
            if found and all(f.lemma_ in self.owned and f.dep_ == "dobj" and f.head.dep_ == "xcomp" for f in found):
                found = [g for f in found for c in f.children if c.dep_ == "prep" and c.lower_ == "against"
                         for g in c.children if g.dep_ == "pobj"] or found
            # "the trial against X started": the people of the event noun the verb is told of
            found = found or [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_ in self.owned]
            how = "object"
        # "X, who was detained in May": the relative pronoun stands for its antecedent; so it does
        # for the verbs coordinated in that clause ("friends, who were also arrested and later fined")
        rel = tok
        while rel.dep_ == "conj" and rel.head.i != rel.i and rel.head.pos_ in ("VERB", "AUX"):
            rel = rel.head
        if rel.dep_ == "relcl" and (not found or all(f.lower_ in RELATIVE for f in found)):
            head = rel.head
            if any(c.lower_ in ("were", "have") for c in rel.children if c.dep_ in ("aux", "auxpass")):
                # "three friends, A, B, and C, who were also arrested": a plural relative clause
                # after a list is about the whole list, not its last name
                while head.dep_ in ("conj", "appos") and head.head.i != head.i:
                    head = head.head
            if any(c.lower_ in ("who", "whom") for c in rel.children) and head.pos_ == "NOUN" and \
                    head.lemma_ not in self.roles and head.lemma_ not in self.groups and \
                    head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN":
                # "another member of the strike committee, who was given probation": "who" is a
                # person, the member, not the committee the parser hung it on
                head = head.head.head
            if head.dep_ == "appos" and head.pos_ == "NOUN" and head.head.pos_ == "PROPN":
                # "Bolat X, another member of the committee, who was given probation": the clause
                # hangs on the description apposed to the name; it is about the named person
                head = head.head
            return [head], "relative"
        if rel is not tok and rel.dep_ == "acl" and not found:
            # "X, who was arrested, prosecuted and imprisoned": the list's later verbs, hung on X
            return [rel.head], "relative"
        return found, how

    def _shared(self, tok: Token, deps: tuple[str, ...]) -> list[Token]:
        """A coordinated verb shares the slot of its partner: 'was detained and fined',
        'police detained and beat X' (the object hangs on the last verb), 'He was due to be
        released on 12 March but was instead re-arrested' (the subject of the clause above)."""
        partner = [g for c in tok.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                   for g in c.children if g.dep_ in deps]
        if partner and deps == ("dobj",) and tok.dep_ != "conj":
            # "... when they detained and beat her": the first of two coordinated verbs takes the
            # object of the second before any object of the clause it hangs on ("filming the march")
            return partner
        x = tok
        for _ in range(6):
            if x.dep_ not in ("conj", "xcomp", "advcl", "acomp", "ccomp", "pcomp", "prep", "dep") or x.head.i == x.i:
                break
            if x.dep_ == "ccomp" and x.head.lemma_ in self.speech:
                # "He told reporters that investigators had threatened ...": whom a speaker tells
                # is no one the told event was done to
                break
            # (an active verb with its own object goes on with the subordinate clause's subject:
            # "since the authorities arrested him on 17 January, and charged him with ...")
            closes = x.dep_ == "conj" and _closes_subordinate(x) and not any(c.dep_ == "dobj" for c in x.children)
            x = x.head
            if x.pos_ not in ("VERB", "AUX", "ADJ") or closes:
                # "only days after being interrogated": up through the preposition; "He was
                # deported, after his claim was rejected, and was arrested": the verb after the
                # comma goes on with the main clause, not with the claim's
                continue
            found = [c for c in x.children if c.dep_ in deps]
            if found:
                return found
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
                found = [g for g in c.children if g.dep_ in deps]
                if found:
                    return found
        return []

    # ---------------------------------------------------------------- reading a slot
    def read(self, s: Sentence, t: Trigger, story: Story, anchors: set[int] = frozenset()) -> Args:
        heads, how = self.slots(t)
        if t.rule == "deny-access":
            # "his lawyer was denied access to him": the one kept from others is the target
            # (a person named or a pronoun: "denied access to a lawyer" keeps the lawyer from X)
            to = [g for x in t.token.subtree if x.lemma_ == "access" for c in x.children
                  if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"
                  and g.pos_ in ("PROPN", "PRON")]
            heads = to or heads
        args = Args()
        args.member = how == "relative" and (included_head(t.token) is not None or counted_member_head(t.token) is not None
                                             or among_those(t.token))
        args.perpetrator, args.doers = self.doer(s, t, how)
        if not heads:
            decided = [c for c in t.token.children if c.dep_ in ("ccomp", "xcomp")]
            if decided and t.type in ("court_ruling", "by_penalty"):
                for c in decided:
                    for sub in c.children:
                        if sub.dep_ in ("nsubj", "nsubjpass"):
                            heads.append(sub)
        if not heads:
            persons = self.clause_persons(s, t, args.doers + self.speakers(s, t)) or (
                self.window_persons(s, t, anchors, self.speakers(s, t)) if t.kind == "verb" else [])
            if persons:
                args.persons, args.via = persons, "clause"
                if how == "passive":
                    args.persons = _dedupe(_name_run(s, persons) + persons)
            elif self._term_of_story(t, story):
                args.persons, args.via = list(story.targets), "story"
            elif (entry := self._entry_head(s, t, story)) is not None:
                args.persons, args.via = [entry], "the list entry's name"
            return args
        persons: list[Any] = []
        for h in heads:
            for n in self._chain(h):
                persons += self._nominal(s, t, n, story, args)
        args.persons = [p for p in _dedupe(persons) if p not in args.doers and not self._is_official(p)]
        if args.persons and args.via == "none":
            args.via = "slot"
        if how == "passive" and args.persons:
            args.persons = _dedupe(_name_run(s, args.persons) + args.persons)
        if not args.persons and args.group:
            # "human rights defenders ... were arrested (including X, director of ..., and Y)":
            # the people a group is said to include, wherever the parser hung the list
            args.persons = self.included(s, t, anchors)
            args.via = "slot" if args.persons else args.via
            args.member = bool(args.persons)
        if t.rule in self.slot_only:
            return args  # "police dispersed the gathering and detained X": the dispersal is the protest's
        if not args.persons and not args.group:
            # a slot the parse garbled ("raided the Almaty home of X": 'Almaty' as the object)
            args.persons = self.clause_persons(s, t, args.doers + self.speakers(s, t))
            args.via = "clause" if args.persons else args.via
        if not args.persons and not args.group:
            args.persons = self.window_persons(s, t, anchors, self.speakers(s, t))
            args.via = "window" if args.persons else args.via
        if not args.persons and not args.group and self._term_of_story(t, story):
            args.persons, args.via = list(story.targets), "story"
        return args

    def _entry_head(self, s: Sentence, t: Trigger, story: Story) -> Any | None:
        """"Shahlo X, 41, poet from Khujand. Arrested in Khujand on 2 June. Sentenced on 28 August
        to five years.": an entry of a list told in prose begins its paragraph with the name, and its
        sentences that begin with a participle and have no subject ("Arrested ...", "Deported ...
        and detained on arrival") are about that person."""
        root = t.token
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        if t.chunk != 0 or root.dep_ != "ROOT" or root.tag_ not in ("VBN", "VBD") or any(
                c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl") for c in root.children):
            return None
        first = next((x for x in root.doc if not (x.is_punct or x.is_space)), None)
        if first is None or first.i != root.i:
            return None
        here = [m for m in story.mentions if story.paragraph_start <= m.start < s.start]
        if not here or here[0].start != story.paragraph_start or self._is_official(here[0]):
            return None
        return here[0]

    @staticmethod
    def _term_of_story(t: Trigger, story: Story) -> bool:
        """"The jail sentence followed an October 2019 five-year suspended prison term": a term of
        stated length told by its noun, with no owner, is the story person's."""
        return t.kind == "noun" and t.type in ("by_penalty", "prison_sentence", "restricted_freedom") and \
            bool(story.targets) and any(x.lemma_ in TERM_UNITS for c in t.token.lefts for x in c.subtree)

    def _chain(self, h: Token) -> list[Token]:
        """The slot's head with its conjuncts and appositions, and the members of
        'several people, including X' ."""
        out, todo = [], [h]
        while todo:
            n = todo.pop(0)
            if n in out:
                continue
            out.append(n)
            for c in n.children:
                if c.dep_ in ("conj", "appos"):
                    todo.append(c)
                elif c.dep_ == "prep" and c.lower_ in SUBJECT_PREPS:
                    todo += [g for g in c.children if g.dep_ == "pobj"]
            todo += _detached_appos(n)
        return out

    def _region(self, n: Token) -> set[int]:
        """Token ids of n's own name phrase (no prepositions, possessives or clauses)."""
        ids, todo = set(), [n]
        while todo:
            x = todo.pop()
            ids.add(x.i)
            todo += [c for c in x.children if c.dep_ in NAME_PHRASE and c.dep_ not in ("conj", "appos")]
        return ids

    def _persons_in(self, s: Sentence, chunk: int, ids: set[int]) -> list[Any]:
        return [a.item for a in s.persons if a.chunk == chunk and any(t.i in ids for t in a.tokens)]

    def _nominal(self, s: Sentence, t: Trigger, n: Token, story: Story, args: Args) -> list[Any]:
        named = self._persons_in(s, t.chunk, self._region(n))
        if named:
            return named
        named = self._member_named_after(s, t, n) or self._named_next_to(s, t, n)
        if named:
            return named
        if any(a.chunk == t.chunk and n.i in {x.i for x in a.tokens} for a in (*s.dates, *s.places)):
            return []  # "in January 2026", "on 4 June": a date or a place is nobody
        at = s.chunks[t.chunk].offset(n)
        if any(m.start <= at < m.end for m in s.money):
            # "a court fined her 50 MCI" parsed as "her 50 MCI": a sum is nobody, its owner is fined
            return [p for c in n.children if c.dep_ == "poss" for p in self._nominal(s, t, c, story, args)]
        lemma = n.lemma_
        low = n.lower_
        if low == "following":
            # "the following were detained: A, B and C": the names after the sentence's colon
            # (the list that begins there: the first name and its conjuncts, not the names of a
            # clause after it, "..., while X was sentenced")
            colon = next((x.i for x in n.doc[n.i + 1:] if x.text == ":"), None)
            first = next((a for a in sorted(s.persons, key=lambda a: a.start)
                          if a.chunk == t.chunk and colon is not None and a.tokens[0].i > colon), None)
            if first is not None:
                ids = {a.i for a in first.tokens}
                root = next(x for x in first.tokens if x.head.i not in ids or x.head.i == x.i)
                ids = set().union(*(self._region(x) for x in self._chain(root)))
                return self._persons_in(s, t.chunk, ids)
        if low in PRONOUNS:
            return self.resolve_pronoun(s, t, n, story, args)
        if low in FIRST_PERSON and story.narrator is not None and not s.quoted(s.chunks[t.chunk].offset(n)):
            # "police detained me" in a first-person account: its narrator (Extractor: _narrator)
            return [story.narrator]
        # a penalty told before and replaced ("the court replaced it with ten days of arrest", "after
        # she refused to pay, the court replaced the fine with 15 days"), most often a fine that went
        # unpaid: the people of the story's last fine, else the paragraph's person's
        told_before = (low == "it" and n.dep_ == "dobj") or (
            lemma in ("fine", "sentence", "term", "penalty", "punishment")
            and not any(c.dep_ in ("poss", "prep") for c in n.children)
            and any(c.dep_ == "det" and c.lower_ == "the" for c in n.children))
        if t.rule == "penalty-replaced" and told_before:
            fine = story.typed_targets.get("fine")
            owners = list(fine[0]) if fine is not None and fine[1] >= story.paragraph - 1 else []
            if not owners and story.targets_paragraph == story.paragraph:
                owners = list(story.targets)
            if owners:
                args.via = "story"
                return owners
        if lemma in self.property or lemma in self.owned:
            owners = []
            for c in n.children:
                if c.dep_ == "poss":
                    owners += self._nominal(s, t, c, story, args)
                elif c.dep_ == "prep" and c.lower_ in ("of", "against", "belonging"):
                    for g in c.children:
                        if g.dep_ == "pobj":  # "the detention of X and Y": each of them
                            owners += [p for x in self._chain(g) for p in self._nominal(s, t, x, story, args)]
            if not owners and lemma in self.owned and (args.group or args.participants) and any(
                    x.lower_ in OTHERS for c in n.children if c.dep_ == "prep" and c.lower_ in ("of", "against")
                    for x in c.subtree):
                # "the cases against the two remaining participants were closed": the case is the
                # group's, other than the people named ("the cases of the two activists" may be theirs)
                return []
            if not owners and lemma in self.residences and t.token.dep_ == "conj" and \
                    not any(c.dep_ in ("poss", "prep") for c in n.children) and \
                    any(c.dep_ == "det" and c.lower_ == "the" for c in n.children):
                # "officers detained X at his home and searched the apartment": the home of the
                # people of the event it is coordinated with
                named = [p for c in t.token.head.children if c.dep_ in ("dobj", "nsubjpass")
                         for x in self._chain(c) for p in self._persons_in(s, t.chunk, self._region(x))]
                if named:
                    args.via = "the event it is coordinated with"
                    return named
            if not owners and lemma in self.property and story.targets and \
                    not any(c.dep_ in ("poss", "prep") for c in n.children) and \
                    (story.targets_paragraph == story.paragraph or (
                        # "the flat" searched at the start of the next paragraph is still the story's person's
                        lemma in self.residences and story.targets_paragraph == story.paragraph - 1)) and \
                    any(c.dep_ == "det" and c.lower_ == "the" for c in n.children):
                # "police searched the flat" in the paragraph of X's story: X's flat
                args.via = "story"
                return list(story.targets)
            if owners or lemma not in self.owned or (t.type != "court_ruling" and lemma not in self.trials):
                return owners
            # "the appeal court upheld the sentence", "the trial began": a ruling on a sentence
            # or case, or a trial, with no owner told is read below as the paragraph's person's
        if lemma in self.proposals:
            # "approved the prosecutor's request to transfer her to a psychiatric hospital": the
            # person the approved proposal acts on
            acted = [g for c in n.children if c.dep_ == "acl" for g in c.children if g.dep_ == "dobj"]
            if acted:
                return [p for g in acted for p in self._nominal(s, t, g, story, args)]
        if t.type in ("harassment", "censorship", "search", "criminal_charge", "court_ruling") and (
                n.pos_ == "PROPN" or lemma in ORGANISATIONS) and not self._persons_in(s, t.chunk, {n.i}):
            # "the party Halyq Birligi was refused registration": an organisation is the group targeted
            self._set_group(n, args)
            return []
        if story.lead and (story.main is not None or lemma in story.sole_role) and lemma in self.roles and \
                n.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in n.children):
            # a news lead tells its story of "an Uzbek blogger" and names him further down: the
            # report's one person of that role ("In the other case, a civil society activist was
            # jailed ... Amangeldy X, a civil society activist") when the main person is given another
            # role, else the main person (whose role the lead may be the only one to tell)
            main_roles = set(story.main.roles or ()) if story.main is not None else set()
            sole = story.sole_role.get(lemma)
            if sole is not None and n.dep_ in ("nsubj", "nsubjpass", "dobj") and (
                    story.main is None or (main_roles and lemma not in main_roles)):
                return [sole]
            if story.main is not None:
                return [story.main]
        if lemma in self.kin and not any(c.lemma_ == "right" for c in n.children):
            # (a "human rights lawyer" or "advocate" is the person's own role, not someone's counsel)
            named_kin = [p for c in n.children if c.dep_ in ("appos", "compound", "npadvmod")
                         for p in self._persons_in(s, t.chunk, self._region(c))]
            named_kin = named_kin or [p for a in _list_apposed_below(n) for x in self._chain(a)
                                      for p in self._persons_in(s, t.chunk, self._region(x))]
            if named_kin:
                return named_kin
            told = story.kin_named.get(lemma)
            if told is not None and n.tag_ == "NN" and story.paragraph - told[1] <= KIN_PARAGRAPHS and any(
                    c.dep_ == "poss" and c.lower_ in ("his", "her") for c in n.children):
                # "the GKNB informed his wife, Zarina X, ... His wife has been summoned twice": the
                # relative named before in the story
                args.via = "story"
                return [told[0]]
            self._set_group(n, args)
            return []
        if n.tag_ == "NN" and lemma in self.roles and not any(c.dep_ == "appos" for c in n.children):
            # "a correspondent of the Osh bureau of Radio Azattyk, X, was detained": the name set
            # off after the role's "of" phrase is the role's, wherever the parser hung it
            apposed = [p for a in _apposed_after_of(n, self.roles | self.kin) for p in self._persons_in(s, t.chunk, self._region(a))]
            if len(apposed) == 1:
                return apposed
        if n.tag_ == "NN" and n.pos_ == "NOUN" and lemma in self.roles and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in n.children):
            # "the activist's cassation appeal", "the journalist was detained": the story's person
            found = self.resolve_description(s, n, story)
            if found:
                return found
        if low == "each" and story.targets and (any(c.dep_ == "prep" and c.lower_ == "of" and any(
                g.lower_ in ("them", "whom") for g in c.children) for c in n.children) or (
                n.dep_ in ("nsubj", "nsubjpass") and len(story.targets) > 1 and story.targets_paragraph == story.paragraph)):
            # "a court fined each of them 50 MCI", "Each was fined 50 MCI" after two were named:
            # every person of the story, as "both" or "all of them"
            return list(story.targets)
        if lemma in self.groups or low in self.groups or n.pos_ == "NUM" or low in self.vague:
            self._set_group(n, args)
            # "three of them", "all 11": the people of the story
            part_of = any(c.dep_ == "prep" and c.lower_ == "of" and any(g.lower_ in ("them", "whom") for g in c.children)
                          for c in n.children)
            # "three of them" after a counted group of at least three; "all", "both": the whole story
            if (part_of and len(story.targets) >= (args.participants or 2)) or (low in ("all", "both") and story.targets):
                return list(story.targets)
            # "the four", "all 11": a definite number standing alone counts back to the people the story
            # named (as many or fewer: "all 11" after four of them were named); a counted noun ("the two
            # activists") may be anyone's and stays a group
            definite = n.pos_ == "NUM" and any(c.dep_ in ("det", "predet") and c.lower_ in ("the", "these", "those",
                                                                                          "all", "both")
                                               for c in n.children)
            if definite and args.participants and 2 <= len(story.targets) <= args.participants and \
                    story.targets_paragraph >= story.paragraph - 1:
                args.via = "story"
                return list(story.targets)
            if definite and args.participants:
                # "A, his friend B and C drove to Dashoguz. All three were arrested.": exactly as many
                # people named before in the paragraph, though no event of theirs was told yet
                here = list({m.local_id: m for m in story.mentions if story.paragraph_start <= m.start < s.start
                             and not self._is_official(m)}.values())
                if len(here) == args.participants:
                    args.via = "story"
                    return here
            return []
        if lemma in self.owned or lemma in OCCASIONS:
            # "The case was subsequently closed", "police interrupted the event": the paragraph's person
            if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in n.children):
                here = [m for m in story.mentions if m.start >= story.paragraph_start and not self._is_official(m)]
                if not here and lemma in self.trials:
                    # "The trial, held in Bukhara, began on November 28", paragraphs after the
                    # defendants were named: the trial of the report's defendants
                    args.via = "story"
                    return list(story.defendants)
                return here[-1:] if here else []
        return []

    def remember_kin(self, s: Sentence, story: Story) -> None:
        """Record the relatives a sentence names by apposition ("his wife, Zarina X") for the
        later "his wife" of the story."""
        for a in s.persons:
            h = a.head
            if h.dep_ == "appos" and h.head.lemma_ in self.kin and h.head.tag_ == "NN":
                story.kin_named[h.head.lemma_] = (a.item, s.paragraph)

    def _named_next_to(self, s: Sentence, t: Trigger, n: Token) -> list[Any]:
        """"police detained activist Dana Serikova in Almaty" parsed with the name hung elsewhere
        (an apposition of "police"): the name that follows a role noun word for word is the
        role's holder, and so are the names listed after it ("journalists A, B and C")."""
        if n.lemma_ not in self.roles or n.pos_ != "NOUN":
            return []
        mine = sorted((a for a in s.persons if a.chunk == t.chunk), key=lambda a: a.tokens[0].i)
        out, nxt = [], n.i + 1
        for a in mine:
            if a.tokens[0].i < nxt:
                continue
            if a.tokens[0].i != nxt:
                break
            out.append(a.item)
            nxt = a.tokens[-1].i + 1
            # a list goes on after ", " or " and " (", and ")
            while nxt < len(n.doc) and n.doc[nxt].lower_ in (",", "and"):
                nxt += 1
        return out

    def _member_named_after(self, s: Sentence, t: Trigger, n: Token) -> list[Any]:
        """"arrested activist of the opposition party “Alga” Aset Abishev and ...": the parser hangs
        the name on the organisation behind "of" (the comma of the apposition is missing), so the
        name under a role noun's "of" whose own phrase holds the organisation is the role's holder,
        and so is a name in apposition to the organisation ("a correspondent of RFE/RL's Turkmen
        Service, Nurgeldy Halykov", "his colleague at the channel Aral Sazy, Azamat X": of a
        workplace told with "at", only the apposition). "the lawyer of journalist X" stays X's lawyer."""
        if n.lemma_ not in self.roles and n.lemma_ not in self.kin:
            return []
        for c in n.children:
            if c.dep_ != "prep" or c.lower_ not in ("of", "at") or (c.lower_ == "of" and n.lemma_ not in self.roles):
                continue
            for g in c.children:
                if g.dep_ != "pobj":
                    continue
                region = self._region(g)
                if c.lower_ == "of" and g.pos_ == "PROPN" and any(n.doc[i].lemma_ in ORGANISATIONS for i in region if i != g.i):
                    return [p for x in self._chain(g) for p in self._persons_in(s, t.chunk, self._region(x))]
                if c.lower_ == "at" and (g.pos_ == "PROPN" or g.lemma_ in ORGANISATIONS) and g.lemma_ not in self.roles:
                    # "his colleague at Aral Sazy, Azamat X": only a name in apposition to the workplace
                    named = [p for x in g.children if x.dep_ == "appos"
                             for p in self._persons_in(s, t.chunk, self._region(x))]
                    if named:
                        return named
                    continue
                if not self._persons_in(s, t.chunk, region) and (
                        g.pos_ == "PROPN" or g.lemma_ in ORGANISATIONS) and g.lemma_ not in self.roles:
                    # "a correspondent of RFE/RL's Turkmen Service, Nurgeldy Halykov": the name in
                    # apposition to the organisation is the correspondent ("the lawyer of the
                    # activist, X" is X's lawyer: a person's role noun is no organisation)
                    named = [p for x in self._chain(g)[1:] for p in self._persons_in(s, t.chunk, self._region(x))]
                    if named:
                        return named
        return []

    def _set_group(self, n: Token, args: Args) -> None:
        """The description of unnamed targets without its count ("about 50 people" -> "people",
        "11 current and former staff" -> "current and former staff"); the count goes to participants."""
        if args.group:
            return
        region = self._region(n)
        keep = [x for x in n.subtree if x.i in region and x.i <= n.i and x.dep_ not in (
            "punct", "det", "nummod", "quantmod", "predet") and x.pos_ != "NUM" and x.lower_ not in _CALENDAR
            and x.lower_ not in self.vague and x.lower_ not in ("about", "around", "approximately", "nearly",
                                                               "almost", "least", "at", "over", "some", "than",
                                                               "more", "up", "to", "of", "only", "another")]
        args.group = " ".join(x.text for x in sorted(keep, key=lambda x: x.i)) or n.text
        args.participants = self.count(n)
        whole = [g for c in n.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                 if g.dep_ == "pobj" and g.pos_ == "NOUN"]
        if n.pos_ == "NUM" and whole:
            # "two of Kholov's former clients": the people counted are of the noun after "of" (its
            # possessor is whose they are, not one of them)
            owner = {x.i for c in whole[0].children if c.dep_ == "poss" for x in c.subtree}
            words = [x for x in whole[0].subtree if x.i <= whole[0].i and x.i not in owner
                     and x.dep_ not in ("punct", "det", "case", "nummod")]
            args.group = " ".join(x.text for x in words) or args.group

    def count(self, n: Token) -> int | None:
        for c in n.children:
            if c.dep_ in ("nummod", "quantmod") and c.i + 1 < len(c.doc) and c.doc[c.i + 1].lower_ in _CALENDAR:
                continue  # "11 June 2023 relatives of X were summoned": the day of a date, no count
            if c.dep_ in ("nummod", "quantmod"):
                text = c.text.lower().replace(",", "")
                if text.isdigit():
                    return int(text)
                if text in self.numbers:
                    return self.numbers[text]
                return None
        text = n.text.lower().replace(",", "")
        if n.pos_ == "NUM":
            return int(text) if text.isdigit() else self.numbers.get(text)
        return None

    # ---------------------------------------------------------------- story


def _detached_appos(n: Token) -> list[Token]:
    """"police detained two activists, X and Y, in Almaty": the names in apposition to a
    plural noun, which the parser hung on the verb instead (npadvmod, dep) past the comma."""
    doc = n.doc
    if n.tag_ != "NNS" or n.i + 2 >= len(doc) or doc[n.i + 1].text != ",":
        return []
    name = doc[n.i + 2]
    while name.dep_ in ("compound", "flat") and name.head.i > name.i and name.head.pos_ == "PROPN":
        name = name.head
    if name.pos_ == "PROPN" and name.head.i == n.head.i and name.dep_ in ("npadvmod", "dep") and name.i != n.head.i:
        return [name]
    return []


def _closes_subordinate(conj: Token) -> bool:
    """A verb coordinated, after ", and", with the verb of a subordinate clause ("after his claim
    was rejected, and was arrested"): the parser's attachment; it belongs to the main clause."""
    head = conj.head
    if head.dep_ != "advcl" or not any(c.dep_ == "mark" for c in head.children):
        return False
    cc = next((c for c in conj.head.children if c.dep_ == "cc" and head.i < c.i < conj.i), None)
    return cc is not None and cc.i > 0 and conj.doc[cc.i - 1].text == "," and \
        not any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children)


def _swallowed_subject(tok: Token) -> list[Token]:
    """"On 5 May 2021 the lawyer of X was detained" (or "X's lawyer"), parsed as one phrase "On [5
    May 2021 the lawyer]" with the verb left without a subject: the noun after the date, whose
    determiner or possessor follows the date's number, is the subject the date phrase swallowed."""
    out = []
    for c in tok.children:
        if c.dep_ != "prep" or c.i > tok.i:
            continue
        for g in c.children:
            det = [x for x in g.children if x.dep_ in ("det", "poss")]
            if g.dep_ == "pobj" and g.pos_ == "NOUN" and det and any(
                    x.dep_ in ("nummod", "nmod", "npadvmod") and x.i < det[0].i for x in g.children):
                out.append(g)
    return out


def _subject_in_object(tok: Token) -> list[Token]:
    """"X was fined 50 MCI and Y was sentenced to 10 days", parsed with Y as a conjunct of the
    fine's object and the second verb without a subject: a verb coordinated with its own
    auxiliary has its own subject, the name just before that auxiliary."""
    if tok.dep_ != "conj" or not _has(tok, ("auxpass",)):
        return []
    aux = min(c.i for c in tok.children if c.dep_ == "auxpass")
    before = tok.doc[aux - 1] if aux > 0 else None
    if before is None or before.dep_ != "conj" or before.pos_ != "PROPN" or before.i < tok.head.i:
        return []
    up = before.head
    while up.dep_ == "conj" and up.head.i != up.i:
        up = up.head
    return [before] if up.dep_ in ("dobj", "attr", "oprd", "npadvmod") and up.head.i == tok.head.i else []


def _has(tok: Token, deps: tuple[str, ...]) -> bool:
    return any(c.dep_ in deps for c in tok.children)


def _dedupe(persons: list[Any]) -> list[Any]:
    seen, out = set(), []
    for p in persons:
        if p.local_id not in seen:
            seen.add(p.local_id)
            out.append(p)
    return out


# what may stand between the names of one list ("A, B, C and D")
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*")


def _name_run(s: Sentence, persons: list[Any]) -> list[Any]:
    """The names listed with the subject's names, one comma or "and" apart ("X, Y, ..., Z were
    detained for 48 hours": a list of 21 names the parser broke into pieces, of which the verb kept
    the last), in text order; the persons themselves when they are in no list."""
    named = sorted(s.persons, key=lambda a: a.start)
    text, base = s.unit.text, s.start
    ids = {p.local_id for p in persons}
    runs, run = [], []
    for a in named:
        if run and not _LIST_GAP.fullmatch(text[run[-1].end - base:a.start - base]):
            runs.append(run)
            run = []
        run.append(a)
    if run:
        runs.append(run)
    out = []
    for run in runs:
        if len(run) > 2 and any(a.item.local_id in ids for a in run):
            out += [a.item for a in run]
    return out
