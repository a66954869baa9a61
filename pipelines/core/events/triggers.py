"""Which tokens of a parsed sentence tell an event that happened, and of which type.

Belongs here: compiling the rules of rules/<lang>/triggers.yaml into spaCy DependencyMatcher
patterns (the anchor's corrected lemma and part of speech, the dependents it must have) and
checking the dependents it must not have; then the guards every rule shares, read from the
dependency tree:
  - negation: a `neg` dependent of the trigger or of its auxiliary ("was not detained"), or a
    subject "no one"; a rule with `polarity: negated` requires it instead ("did not allow her");
  - modality: an auxiliary could/may/would/will... ("could be arrested", "will be tried");
  - demands, plans and risks: the trigger governed (through xcomp, ccomp, a preposition or an
    object) by a word of lexicon `demand` ("urged them to release", "called for the release of",
    "faces up to seven years", "tried to detain", "refused to release"), never across a semicolon
    ("police detained X; she denies the charges");
  - labels: the trigger inside the reason of another legal event ("fined for taking part in a
    rally", "accused of organising a protest"), or of a charge noun ("on charges of ...");
  - attributes: a participle modifying a noun ("the detained women", "those detained",
    "journalists arrested in the case") is no event unless a date of its own comes with it; a
    participle of a penalty noun never is ("a suspended sentence");
  - prepositions: a gerund used as one ("Following the arrest of X, ...") tells no event;
  - habits: an adverb of lexicon `habitual` ("has been fined repeatedly", "has in the past been
    detained"), or counted occasions ("detained several times": `habitual_counts`), makes no
    particular event unless the trigger's phrase holds a date;
  - plans: a protest noun that is the object of a verb of lexicon `announced` ("announced a rally"), or
    told after a noun of lexicon `planned_nouns` ("a notification about a picket");
  - recalled: an event noun with a possessive of a past period ("last autumn's strike") is an
    earlier event the sentence recalls, not one it tells; so is one someone learned, heard, reported
    or worried about ("her family learned of her arrest three days later", lexicon `topic_heads`),
    without a date in its own phrase, or what a protest or appeal is against ("went on hunger
    strike against his detention", lexicon `against_heads`);
  - quotation: nothing inside quotation marks, but for one word alone in them (police "warned" her:
    the report's narration distancing itself from the word);
  - nouns: an event noun is an event only with a complement, a date, a place, or as the subject of
    "took place" and the like ("arrest warrant", "detention centre", "protest movement" are none);
    nor is one that says who people are ("the organisers of the protest", lexicon `protest_roles`)
    without a date of its own.
A noun the parser hangs on a verb trigger as its conjunct is a gapped clause ("detained A in
Aktobe and the reporter B in Atyrau"): the trigger once more, for that noun (`gapped`).
Typing `by_penalty` rules is events.penalties' business.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from pipelines.core.events.parse import HANDED, POSSESSIVES
from pipelines.core.events.prepare import Sentence
from pipelines.core.rules import Rules

VERB_POS = ["VERB", "AUX", "ADJ"]
NOUN_POS = ["NOUN", "PROPN"]
# A noun is an event when it is the subject of one of these ("Detentions took place in ...").
EVENTIVE = {"take", "occur", "happen", "follow", "continue", "begin", "start", "end", "break", "erupt",
            "last", "come", "spread", "resume", "go", "see", "precede", "hold", "place"}
# Dependents through which a trigger is governed by a demand or a charge.
GOVERNED = {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "attr", "oprd", "nsubjpass", "advcl",
            "compound", "amod", "nmod", "appos", "agent", "dative", "conj", "acomp"}
# Events whose "since <date>" tells a state (held in custody since), not a new event
CUSTODY = {"detention", "prison_sentence", "psychiatric_detention", "by_penalty"}
# Nouns through which an event noun only names a moment or a cause of another story
MOMENTS = {"time", "day", "moment", "course", "eve", "aftermath", "wake", "reason", "result", "cause", "date",
           "anniversary", "morning", "evening", "night", "week", "month", "term", "condition", "end", "expiry",
           # a quality of an event judged, not the event told ("questioned the legality of her detention")
           "legality", "lawfulness", "legitimacy", "validity", "fairness"}
# Prepositions after which an event noun is a point in time of another story ("after their release")
TEMPORAL = {"after", "before", "until", "since", "following", "upon", "pending", "ahead", "till", "prior"}
# Dependents along which the reason of an event reaches down to a trigger.
LABEL_PATH = {"pobj", "pcomp", "prep", "dobj", "xcomp", "acl", "compound", "amod", "conj", "nmod", "poss",
              "appos", "ccomp"}
LEGAL_LABEL_TYPES = {"fine", "criminal_charge", "detention", "administrative_arrest", "prison_sentence",
                     "restricted_freedom", "by_penalty", "court_ruling", "interrogation", "harassment",
                     "search", "travel_restriction", "charges_dropped"}


def included_head(tok: Token) -> Token | None:
    """"Those detained included X and Y", "the people arrested were X and Y": the verb whose object
    names the people of the participle that describes its subject, else None."""
    head = tok.head
    if head.dep_ != "nsubj":
        return None
    verb = head.head
    if tok.dep_ == "relcl" and head.tag_ == "NNS" and verb.lemma_ == "include":
        # "the journalists who were detained after the searches included his wife and X"
        return verb if any(c.dep_ == "dobj" for c in verb.children) else None
    if tok.dep_ != "acl" or head.lower_ not in ("those", "people", "persons"):
        return None
    return verb if verb.lemma_ in ("include", "be") and any(c.dep_ in ("dobj", "attr") for c in verb.children) else None


GAPPED = "-gapped"  # the suffix of the rule of a trigger read off a gapped clause


def gapped(triggers: list[Trigger]) -> list[Trigger]:
    """"Police detained A in Aktobe and the reporter B in Atyrau", "... A, and on 6 April the
    reporter B": the parser hangs the noun of a clause that leaves out its verb on that verb as a
    conjunct; it is the verb's event once more, of that noun's person, with that noun's own date
    and place (a sentence's penalties are split by events.penalties instead)."""
    out = []
    for t in triggers:
        if t.kind != "verb" or t.type == "by_penalty":
            continue
        cc = [c.i for c in t.token.children if c.dep_ == "cc" and c.i > t.token.i]
        if not cc:
            continue
        nouns = [c for c in t.token.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and min(cc) < c.i]
        # (with its own date first, "and on 6 April the reporter B", the noun may hang on the date
        # as its apposition)
        nouns += [a for p in t.token.children if p.dep_ == "prep" and min(cc) < p.i for g in p.children
                  if g.dep_ == "pobj" for a in g.children if a.dep_ == "appos" and a.pos_ in ("NOUN", "PROPN")]
        out += [replace(t, token=c, rule=t.rule + GAPPED) for c in nouns]
    return out


@dataclass
class Trigger:
    chunk: int
    token: Token
    type: str  # an event type, or "by_penalty" until typed
    rule: str
    kind: str  # verb | noun
    strength: str
    constrained: int  # how many dependents the rule names (more is more specific than a bare lemma)
    additional: bool = False  # adds its event to the anchor's instead of competing


def _attrs(c: dict) -> dict:
    attrs: dict = {}
    if "dep" in c and not c.get("descendant"):  # anywhere below: the relation is no constraint
        attrs["DEP"] = {"IN": c["dep"]}
    if "lemma" in c:
        attrs["LEMMA"] = {"IN": [w.lower() for w in c["lemma"]]}
    if "lower" in c:
        attrs["LOWER"] = {"IN": [w.lower() for w in c["lower"]]}
    return attrs


def compile_pattern(rule: dict) -> list[dict]:
    """The DependencyMatcher pattern of one rule (anchor plus its required dependents)."""
    pos = VERB_POS if rule["kind"] == "verb" else NOUN_POS
    pattern = [{"RIGHT_ID": "anchor", "RIGHT_ATTRS": {
        "LEMMA": {"IN": [w.lower() for w in rule["lemmas"]]}, "POS": {"IN": pos}}}]
    for i, c in enumerate(rule.get("with") or []):
        if c.get("head"):
            # the word the anchor hangs on ("the law, signed by ..."); `dep` is the anchor's relation to it
            pattern.append({"LEFT_ID": "anchor", "REL_OP": "<", "RIGHT_ID": f"w{i}",
                            "RIGHT_ATTRS": _attrs({k: v for k, v in c.items() if k != "dep"})})
            if "dep" in c:
                pattern[0]["RIGHT_ATTRS"]["DEP"] = {"IN": c["dep"]}
            if "child" in c:  # a word the head has ("reviewed ... and found": the court, the head's subject)
                pattern.append({"LEFT_ID": f"w{i}", "REL_OP": ">", "RIGHT_ID": f"w{i}c", "RIGHT_ATTRS": _attrs(c["child"])})
            continue
        op = ">>" if c.get("descendant") else ">"
        pattern.append({"LEFT_ID": "anchor", "REL_OP": op, "RIGHT_ID": f"w{i}", "RIGHT_ATTRS": _attrs(c)})
        if "child" in c:
            pattern.append({"LEFT_ID": f"w{i}", "REL_OP": ">>" if c["child"].get("descendant") else ">",
                            "RIGHT_ID": f"w{i}c", "RIGHT_ATTRS": _attrs(c["child"])})
    return pattern


POSSESSOR_MARKS = ("'s", "'", "’s", "’")


def compile_patterns(rule: dict) -> list[list[dict]]:
    """Every DependencyMatcher pattern a rule means: `compile_pattern`, and for each constraint
    that accepts a possessive pronoun, the same with a named possessor in its place
    (`_named_possessor`)."""
    patterns = [compile_pattern(rule)]
    for i, c in enumerate(rule.get("with") or []):
        if _takes_possessive(c):
            other = [x for x in compile_pattern({**rule, "with": [{"dep": ["poss"]} if j == i else x
                                                                  for j, x in enumerate(rule["with"])]})]
            other.append({"LEFT_ID": f"w{i}", "REL_OP": ">", "RIGHT_ID": f"w{i}case",
                          "RIGHT_ATTRS": {"DEP": "case", "LOWER": {"IN": list(POSSESSOR_MARKS)}}})
            patterns.append(other)
    return patterns


def _token_fits(tok: Token, c: dict) -> bool:
    if "dep" in c and not c.get("descendant") and tok.dep_ not in c["dep"]:
        return False
    if "lemma" in c and tok.lemma_ not in {w.lower() for w in c["lemma"]}:
        return False
    if "lower" in c and tok.lower_ not in {w.lower() for w in c["lower"]}:
        return False
    if "child" in c:
        pool = tok.subtree if c["child"].get("descendant") else tok.children
        if not any(x.i != tok.i and _token_fits(x, c["child"]) for x in pool):
            return False
    return True


def _named_possessor(x: Token, c: dict) -> bool:
    """"Serikova's interrogation": a named possessor (the name with its "'s") stands wherever a
    rule accepts a possessive pronoun ("her interrogation")."""
    return x.dep_ == "poss" and _takes_possessive(c) and \
        any(k.dep_ == "case" and k.lower_ in POSSESSOR_MARKS for k in x.children)


def _takes_possessive(c: dict) -> bool:
    """A constraint on a child that a possessive pronoun meets ("her interrogation")."""
    return "poss" in c.get("dep", ()) and not c.get("descendant") and \
        bool(POSSESSIVES & {w.lower() for w in c.get("lower", ())})


def _satisfy(anchor: Token, constraints: list[dict], skip: frozenset[int] = frozenset()) -> list[int] | None:
    """Token ids that satisfy each constraint of a rule (children, or descendants with
    `descendant: true`, and one level of `child:` below), or None when one is not met."""
    ids = []
    for c in constraints:
        if c.get("head"):
            up = anchor.head
            if up.i == anchor.i or up.i in skip or ("dep" in c and anchor.dep_ not in c["dep"]) or \
                    not _token_fits(up, {k: v for k, v in c.items() if k not in ("dep", "head")}):
                return None
            ids.append(up.i)
            continue
        pool = (x for x in anchor.subtree if x.i != anchor.i) if c.get("descendant") else anchor.children
        # a constraint of words may not be met inside a name, date or place ("went ... March");
        # one of relations only may ("struck Kanat Abdykadyrov": the object is a name)
        words = "lemma" in c or "lower" in c or "child" in c
        hit = next((x for x in pool if ((x.i not in skip or not words) and _token_fits(x, c))
                    or _named_possessor(x, c)), None)
        if hit is None:
            return None
        ids.append(hit.i)
    return ids


def _excluded(anchor: Token, rule: dict) -> bool:
    for c in rule.get("without") or []:
        if c.get("head"):
            # the word the anchor hangs on, `dep` being the anchor's relation to it
            up = anchor.head
            if up.i != anchor.i and ("dep" not in c or anchor.dep_ in c["dep"]) and \
                    _token_fits(up, {k: v for k, v in c.items() if k not in ("dep", "head")}):
                return True
            continue
        pool = anchor.subtree if c.get("descendant") else anchor.children
        if any(t.i != anchor.i and _token_fits(t, c) for t in pool):
            return True
    return False


class TriggerFinder:
    """Matches the rules on a parse. Each rule has the semantics of its DependencyMatcher pattern
    (compile_pattern; tests/test_rules.py checks that both find the same anchors on every
    example), but is walked here from an index by anchor lemma: spaCy's DependencyMatcher over the
    70 patterns took half of the extraction time (measured with cProfile on a 64 KB report)."""

    def __init__(self, rules: Rules, vocab=None):
        self.rules = {r["id"]: r for r in rules.triggers}
        self.by_lemma: dict[str, list[dict]] = {}
        for r in rules.triggers:
            for lemma in r["lemmas"]:
                self.by_lemma.setdefault(lemma.lower(), []).append(r)
        self.negation = rules.words("guards", "negation")
        self.modal = rules.words("guards", "modal")
        self.carried_out = rules.words("guards", "carried_out")
        self.announced = rules.words("guards", "announced")
        self.topic_heads = rules.words("guards", "topic_heads")
        self.topic_preps = rules.words("guards", "topic_preps")
        self.against_heads = rules.words("guards", "against_heads")
        self.habitual_counts = rules.words("guards", "habitual_counts")
        self.habitual = rules.words("guards", "habitual")
        self.penalty_nouns = rules.words("guards", "penalty_nouns")
        self.demand = rules.words("guards", "demand")
        self.label_nouns = rules.words("guards", "label_nouns")
        self.label_heads = rules.words("guards", "label_heads")
        self.held = rules.words("guards", "held")
        self.law_nouns = rules.words("guards", "law_nouns")
        self.label_preps = rules.words("guards", "label_preps")
        self.attributive = rules.words("guards", "attributive_heads")
        self.undergone = rules.words("guards", "undergone")
        self.state = rules.words("guards", "state_verbs")
        self.recalled_periods = rules.words("guards", "recalled_periods")
        self.recalled_marks = rules.words("guards", "recalled_marks")
        self.protest_roles = rules.words("guards", "protest_roles")
        self.planned = rules.words("guards", "planned_nouns")
        self.custody_lemmas = frozenset(next(r for r in rules.triggers if r["id"] == "detain")["lemmas"])

    def matches(self, doc, skip: frozenset[int] = frozenset()) -> list[tuple[dict, Token, list[int]]]:
        """(rule, anchor, token ids of the dependents that satisfied it) for every match; no token
        of `skip` (inside a date, a name or a place) is an anchor or satisfies a constraint."""
        out = []
        for tok in doc:
            if tok.i in skip:
                continue
            for rule in self.by_lemma.get(tok.lemma_, ()):
                if tok.pos_ not in (VERB_POS if rule["kind"] == "verb" else NOUN_POS):
                    continue
                found = _satisfy(tok, rule.get("with") or [], skip)
                if found is not None:
                    out.append((rule, tok, found))
        return out

    def find(self, s: Sentence) -> list[Trigger]:
        found: dict[tuple[int, int], list[Trigger]] = {}
        # a word inside a date, a name or a place is no trigger ("In March 2019", "Rally Street")
        named = {(a.chunk, t.i) for a in (*s.dates, *s.persons, *s.places) for t in a.tokens}
        for ci, chunk in enumerate(s.chunks):
            skip = frozenset(i for c, i in named if c == ci)
            # no part of a match may lie inside a date, a name or a place ("went ... March")
            for rule, anchor, token_ids in self.matches(chunk.doc, skip):
                if _excluded(anchor, rule):
                    continue
                key = (ci, anchor.i)
                if any(t.rule == rule["id"] for t in found.get(key, [])):
                    continue
                found.setdefault(key, []).append(Trigger(
                    ci, anchor, rule["type"], rule["id"], rule["kind"], rule.get("strength", rule["kind"]),
                    len(rule.get("with") or []), bool(rule.get("additional"))))
        triggers = []
        for key in sorted(found):
            triggers += _one_reading(found[key])
        # an event noun that is the subject or object of another trigger is that event's argument:
        # "the prosecution of her was terminated" is one event, charges dropped
        verbs = {(t.chunk, t.token.i) for t in triggers if t.kind == "verb"}
        penalised = {(t.chunk, t.token.i) for t in triggers if t.type in ("by_penalty", "fine")}
        # ("a court ruled that the arrest of X was lawful": the arrest is what the ruling judged)
        rulings = {(t.chunk, t.token.i) for t in triggers if t.kind == "verb" and t.type == "court_ruling"}
        # (a protest told with its own holding and day is an event whatever it is the argument of:
        # "after pickets held on 28 October, X was fined", "fined for a picket he held on 1 March")
        triggers = [t for t in triggers if not (t.kind == "noun" and not self.held_on_its_day(t.token, t, s) and (
            (t.token.dep_ in ("nsubj", "nsubjpass", "dobj") and (t.chunk, t.token.head.i) in verbs)
            or _in_penalty_of(t, penalised) or _judged_by(t, rulings)))]
        anchors = {(t.chunk, t.token.i) for t in triggers if t.type in LEGAL_LABEL_TYPES}
        kept = [t for t in triggers if self.happened(s, t, anchors)]
        return kept + gapped(kept)

    # ---------------------------------------------------------------- guards
    def happened(self, s: Sentence, t: Trigger, anchors: set[tuple[int, int]]) -> bool:
        tok = t.token
        if s.quoted(s.offset(t.chunk, tok)) and not s.scare_quoted(s.offset(t.chunk, tok), len(tok.text)):
            return False
        negated = self.negated(tok)
        if negated != (self.rules[t.rule].get("polarity") == "negated"):
            return False
        if self.modal_of(tok) or self.bare_infinitive(tok, t):
            return False
        if t.kind == "verb" and _asked_why(tok):
            return False  # "refused to explain why he was arrested": a question, the arrest told elsewhere
        if t.kind == "verb" and tok.tag_ == "VBG" and tok.dep_ == "prep":
            return False  # "Following the arrest of X, ...": a preposition, no event of its own
        if self.habit(tok) and not any(
                a.chunk == t.chunk and a.head in tok.subtree for a in s.dates):
            return False  # "has been fined repeatedly for her posts": a habit, no particular event
        if t.kind == "noun" and t.type == "protest" and tok.dep_ == "dobj" and tok.head.lemma_ in self.announced \
                and not any(c.lower_ == "hunger" for c in tok.children):
            return False  # "announced a rally": planned, not held
        if t.type == "protest" and self.planned_only(tok, t):
            return False  # "to file a notification about a picket", "an application for a rally": planned
        if self.governed_by_demand(tok):
            return False
        if t.kind == "noun" and self.topic_of(tok) and not self.dated_here(tok, s, t.chunk):
            return False  # "his family learned of his detention", "reported on the protests": known, not told
        if self.is_label(tok, s, t.chunk, anchors) and not self.held_on_its_day(tok, t, s) and \
                not self.detained_for_their_protest(tok, t):
            return False
        if t.type != "legislation" and self.law_content(tok):
            return False
        if t.kind == "verb" and self.attributive_participle(tok, s, t.chunk) and (
                not broken_parse(tok) or _after_article(tok)) and not (
                t.type == "legislation" and self.dated_here(tok, s, t.chunk)):
            return False  # (but "the law, signed by the President on 28 November, ..." is its signing)
        if t.kind == "verb" and tok.lemma_ in self.state:
            return False
        if t.kind == "verb" and tok.tag_ == "VBN" and tok.dep_ == "conj" and tok.head.pos_ == "ADJ" and \
                tok.head.dep_ in ("ccomp", "oprd", "acomp", "xcomp"):
            return False  # "found him alive and jailed in the village of X": how he was, not an event
        if t.kind == "verb" and tok.tag_ in ("VBN", "VBG") and t.type in CUSTODY and (
                any(c.dep_ == "prep" and c.lower_ == "since" for c in tok.children)
                or any(a.chunk == t.chunk and a.item.mention.surface.lower().startswith("since")
                       and a.head in tok.subtree for a in s.dates)):
            return False  # "had been held in detention since his arrest in August": a state
        if t.kind == "verb" and t.type not in ("protest", "by_penalty", "fine") and self.in_relative(tok) \
                and not self.dated_here(tok, s, t.chunk) and included_head(tok) is None:
            # "X, who was charged with ..., was given a 16-year term": a description (not "the
            # journalists who were detained included X and Y", which tells who was detained)
            return False
        told = tok if t.kind == "verb" else _governing_verb(tok)
        if t.type == "protest" and told is not None and self.in_relative(told) and \
                not self.dated_here(told, s, t.chunk) and not self.told_with_event(told, t.chunk, anchors):
            # "urged them to release two men who took part in a protest": who the people are; a
            # protest of the people an event of the sentence befell is told with it ("police
            # detained X and Y, who held a picket near the monument")
            return False
        if t.kind == "noun" and not self.eventive_noun(tok, s, t.chunk):
            return False
        if self.recalled(tok, t):
            return False
        return True

    def planned_of(self, tok: Token) -> bool:
        """A protest noun asked for or planned: "a notification about a picket", "an application for a rally"."""
        return tok.dep_ == "pobj" and tok.head.lower_ in ("about", "for", "of", "on") and \
            tok.head.head.lemma_ in self.planned

    def planned_only(self, tok: Token, t: Trigger) -> bool:
        """The protest noun is planned (planned_of); for a verb found by a protest word below it
        ("was held ... when he arrived to file a notification about a picket"), every such word is."""
        if t.kind == "noun":
            return self.planned_of(tok)
        words = {w for c in self.rules[t.rule].get("with") or [] if c.get("descendant") for w in c.get("lemma", [])}
        below = [x for x in tok.subtree if x.i != tok.i and x.lemma_ in words]
        return bool(below) and all(self.planned_of(x) for x in below)

    def told_with_event(self, tok: Token, chunk: int, anchors: set[tuple[int, int]]) -> bool:
        """Is the antecedent of the relative clause holding `tok` the subject or object of another
        trigger of the sentence that happened (not wished, hypothetical or denied)?"""
        x = tok
        while x.dep_ != "relcl" and x.head.i != x.i:
            x = x.head
        ant = x.head
        for _ in range(6):
            if ant.dep_ not in ("conj", "appos", "pobj", "prep", "compound") or ant.head.i == ant.i:
                break
            ant = ant.head
        if ant.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            return False
        verb = ant.head
        return (chunk, verb.i) in anchors and not self.governed_by_demand(verb) and not self.modal_of(verb) \
            and not self.negated(verb)

    def habit(self, tok: Token) -> bool:
        """An adverb of lexicon `habitual` ("repeatedly", "previously"), or a phrase of one ("in the
        past", "on several occasions"), on the trigger or on the verb it is coordinated with ("has in
        the past been detained by police and assaulted")."""
        x = tok
        for _ in range(3):
            for c in x.children:
                if c.dep_ in ("advmod", "npadvmod") and c.lower_ in self.habitual and (
                        c.lower_ != "times" or any(g.lower_ in self.habitual_counts for g in c.children)):
                    return True
                if c.dep_ == "prep" and any(g.dep_ == "pobj" and f"{c.lower_} {g.lower_}" in self.habitual
                                            for g in c.children):
                    return True
            if x.dep_ != "conj" or x.head.i == x.i or x.head.pos_ not in ("VERB", "AUX"):
                return False
            x = x.head
        return False

    def recalled(self, tok: Token, t: Trigger) -> bool:
        """The event noun (the trigger, or the object of a verb trigger: "led last autumn's
        strike") has a possessive of a past period: an earlier event recalled, not this one."""
        nouns = [tok] if t.kind == "noun" else [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        return any(p.dep_ == "poss" and p.lemma_ in self.recalled_periods and
                   any(m.lower_ in self.recalled_marks for m in p.children)
                   for n in nouns for p in n.children)

    def in_relative(self, tok: Token) -> bool:
        """In a relative clause opened by a relative pronoun (a 'relcl' without one is more often
        the parser's mistake: "convicted four journalists: X was sentenced to ...")."""
        x = tok
        for _ in range(4):
            if x.dep_ == "relcl":
                if any(c.dep_ == "advmod" and c.lower_ in ("also", "too", "likewise") for c in x.children):
                    return False  # "filmed by two friends, who were also arrested": told, not described
                # "four journalists, two of whom were sentenced": the pronoun behind a partitive "of"
                # (a "that" the parser made a mark opens a clause of saying it hung on a date: "told
                # them on February 3 that he had been tortured")
                return any((c.lower_ in ("who", "whom", "which", "that", "whose") and c.dep_ != "mark") or (
                    c.dep_ in ("nsubj", "nsubjpass") and any(
                        p.lower_ == "of" and any(g.lower_ in ("whom", "which") for g in p.children)
                        for p in c.children)) for c in x.children)
            if x.dep_ not in ("conj", "xcomp") or x.head.i == x.i:
                return False
            x = x.head
        return False

    def law_content(self, tok: Token) -> bool:
        """What a law says, not what happened: the trigger inside a clause of a law noun (lexicon
        `law_nouns`) told in the present or as a possibility ("amendments that raise the penalty
        for insulting the President", "a bill that would ban foreign-funded rallies", "the law
        requiring outlets to register"); a past clause is a story ("the law under which he was
        detained in May")."""
        x = tok
        for _ in range(8):
            if x.head.i == x.i:
                return False
            if x.dep_ in ("relcl", "acl") and x.head.lemma_ in self.law_nouns:
                return x.tag_ in ("VBZ", "VBP", "VB", "VBG") or any(
                    c.dep_ == "aux" and c.lower_ in self.modal for c in x.children)
            if x.dep_ not in LAW_PATH:
                return False
            x = x.head
        return False

    def held_on_its_day(self, tok: Token, t: Trigger, s: Sentence) -> bool:
        """A protest named as the reason of a penalty but told with a verb of holding and a date of
        its own ("sentenced to 15 days for a picket he held on 1 March", "after pickets held in
        Almaty on 28 October, ... were fined"): the protest happened on that day, an event of its
        own (lexicon `held`); "fined for taking part in a rally" tells only the charge."""
        if t.kind != "noun" or t.type != "protest":
            return False
        return any(c.dep_ in ("relcl", "acl") and c.lemma_ in self.held and self.dated_here(c, s, t.chunk)
                   for c in tok.children)

    def detained_for_their_protest(self, tok: Token, t: Trigger) -> bool:
        """"Police in Aktobe detained five pensioners for their picket outside the akimat": a protest that is
        someone's, told as the reason of a custody verb (rule `detain`), happened, and they were
        taken at it; a penalty "for his picket" comes later and tells only the charge."""
        return t.kind == "noun" and t.type == "protest" and tok.dep_ == "pobj" and \
            tok.head.lower_ in ("for", "over") and tok.head.head.lemma_ in self.custody_lemmas and owned_by_people(tok)

    def topic_of(self, tok: Token) -> bool:
        """An event noun told as what someone learned, reported or worried about ("his family learned of
        his detention three days later", "a journalist who reported on the protests", "expressed concern
        about the blocking of the site"): the event is known or talked of, told (if at all) elsewhere;
        the date of the sentence is the learning's (lexicon guards `topic_heads`)."""
        x = tok
        while x.dep_ == "conj" and x.head.i != x.i:
            x = x.head
        prep = x.head if x.dep_ == "pobj" else None
        if prep is not None and prep.lower_ == "against" and prep.head.i != prep.i and (
                prep.head.lemma_ in self.against_heads or prep.head.lower_ in self.against_heads):
            return True
        if prep is None or prep.lower_ not in self.topic_preps or prep.head.i == prep.i:
            return False
        head = prep.head
        if prep.dep_ == "conj":
            # "expressed concern about X, and about Y": the second preposition hung on the verb
            # whose object is the word of concern
            return any(h.lemma_ in self.topic_heads or h.lower_ in self.topic_heads
                       for h in [head, *(c for c in head.children if c.dep_ == "dobj")])
        return head.lemma_ in self.topic_heads or head.lower_ in self.topic_heads

    def dated_here(self, tok: Token, s: Sentence, chunk: int) -> bool:
        """A date inside the trigger's own clause (its relative clause with its conjuncts)."""
        x = tok
        while x.dep_ in ("conj", "xcomp") and x.head.i != x.i:
            x = x.head
        clause = [x]
        if x.dep_ == "relcl":
            # "X, who was arrested, prosecuted and imprisoned in 2020": the parser may hang the
            # rest of the list on X as participles beside the relative clause
            clause += [c for c in x.head.children if c.dep_ == "acl" and c.i > x.i]
        return any(d.chunk == chunk and any(d.head in c.subtree for c in clause) for d in s.dates)

    def modal_of(self, tok: Token) -> bool:
        """'could be arrested', 'should ensure ... and release X' (the modal of the verb the trigger
        is coordinated with), 'should not challenge the release of X' (of the verb a noun hangs on),
        'if found guilty, he would ...' (a condition)."""
        x = tok
        for _ in range(5):
            if any(c.dep_ == "aux" and c.lower_ in self.modal for c in x.children):
                return True
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether", "lest") for c in x.children):
                return True
            if x.head.i == x.i or not (x.dep_ in ("conj", "xcomp", "oprd") or (
                    x.pos_ in ("NOUN", "PROPN") and x.dep_ in ("dobj", "pobj", "prep")) or x.dep_ == "prep" or (
                    # "will have property confiscated": the causative's modal
                    x.dep_ == "ccomp" and x.head.lemma_ in ("have", "get"))):
                return False
            x = x.head
        return False

    def bare_infinitive(self, tok: Token, t: Trigger) -> bool:
        """"(should ensure ... and) release X", "(urged them) to free X": a verb in its bare form
        tells what someone wants done, not what happened ("did not release" is a negation)."""
        if t.kind != "verb" or tok.tag_ != "VB" or any(c.dep_ == "aux" and c.lower_ in ("do", "did", "does")
                                                       for c in tok.children):
            return False
        x = tok
        while x.dep_ == "conj" and x.head.i != x.i:
            x = x.head
        # "decided to hold a picket", "moved to arrest him": done, unless the decider is modal too
        return not (x.dep_ == "xcomp" and x.head.lemma_ in self.carried_out and not self.modal_of(x.head))

    def negated(self, tok: Token) -> bool:
        if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ == "without":
            return True  # "without warning", "held without charge": the noun tells what did not happen
        for c in tok.children:
            if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never",)):
                return True
            if c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in ("nobody", "none", "noone") or any(
                    d.dep_ == "det" and d.lower_ == "no" for d in c.children)):
                return True
            # "police have named no suspects", "detained no one", "opened no case": the object
            # the verb acts on is none
            if c.dep_ in ("dobj", "attr", "oprd") and (c.lower_ in ("nobody", "none", "noone", "nothing") or any(
                    d.dep_ == "det" and d.lower_ == "no" for d in c.children)):
                return True
        # "was not detained" hangs `not` on the participle; "did not detain" on the verb: both above.
        # "had not been summoned or charged", "was never questioned, nor detained": a verb joined by
        # "or"/"nor" to a negated one is negated with it ("was not detained and was released" is not)
        if tok.dep_ == "conj" and tok.head.i != tok.i and any(
                c.dep_ in ("cc", "preconj") and c.lower_ in ("or", "nor") for c in (*tok.head.children, *tok.children)):
            return self.negated(tok.head)
        return False

    def governed_by_demand(self, tok: Token) -> bool:
        cur = tok
        for _ in range(6):
            if cur.dep_ not in GOVERNED or cur.head.i == cur.i or _beyond_semicolon(cur):
                return False
            head = cur.head
            # (one "has been tried" in a court is no one who tried to do something)
            demands = (head.lemma_ in self.demand or head.lower_ in self.demand) and not (
                head.lemma_ == "try" and any(c.dep_ == "auxpass" for c in head.children))
            if cur.dep_ == "conj" and cur.pos_ in ("VERB", "AUX") and head.pos_ in ("VERB", "AUX"):
                # "was denied access to a lawyer and transferred to a detention centre", "refused
                # to testify and was detained": a verb coordinated with the demand verb is a clause of
                # its own; what is wished is its complement ("urged them to drop ... and release X")
                if demands:
                    return False
            if not demands and cur.dep_ in ("ccomp", "dobj", "acl") and head.pos_ in ("VERB", "AUX") and any(
                    c.dep_ == "aux" and c.lower_ in self.modal for c in head.children):
                # "the authorities should release X and other people detained on similar grounds":
                # what a wished or possible act (lexicon `modal`) is done to refers to events, it
                # tells none
                return True
            if demands:
                if cur.dep_ == "prep" and cur.lower_ == "against" and any(
                        c.dep_ == "acl" and c.lemma_ in HANDED and c.i > 0 and c.doc[c.i - 1].text == ","
                        for c in tok.children):
                    # "appealed against his sentence of two years ..., handed down on 16 March":
                    # a penalty appealed against, told with its own handing down, was imposed
                    # (parse._fix_penalty_participle); a bare "appeal against the sentence" refers
                    # to one told elsewhere
                    return False
                # "refused to let her go" is the event of refusing, not of releasing
                return True
            if head.pos_ in ("VERB", "AUX") and head.dep_ not in ("xcomp", "ccomp", "pcomp", "advcl") and not (
                    head.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)):
                # (an infinitive of a noun goes on up: "press the authorities to respect the right
                # to strike and to free X", read with "to free" coordinated with "to strike")
                return False
            cur = head
        return False

    def is_label(self, tok: Token, s: Sentence, chunk: int, anchors: set[tuple[int, int]]) -> bool:
        """Inside the reason of another event or of a charge: 'fined for joining a rally',
        'found guilty of holding an unsanctioned rally', 'on charges of organising a protest'."""
        cur = tok
        for _ in range(10):
            head = cur.head
            if head.i == cur.i:
                return False
            if cur.dep_ == "prep" and cur.lower_ in self.label_preps and (
                    (chunk, head.i) in anchors or head.lemma_ in self.label_nouns):
                return True
            if head.lemma_ in self.label_heads or head.lower_ in self.label_heads:
                return True
            if cur.dep_ not in LABEL_PATH or _beyond_semicolon(cur):
                return False
            cur = head
        return False

    def attributive_participle(self, tok: Token, s: Sentence, chunk: int) -> bool:
        """"the detained women", "three detained activists", "those detained", "journalists
        arrested in the case": a participle that describes a noun. A participle the parser hung
        on a noun after a name or a comma ("Police in Oral detained activist X") is still a verb."""
        if tok.dep_ == "amod" and tok.head.lemma_ in self.penalty_nouns:
            return True  # "a three-year suspended prison sentence", whatever comes before it
        if tok.dep_ == "amod" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            prev = tok.doc[tok.i - 1] if tok.i > 0 else None
            if prev is None or prev.pos_ in ("DET", "NUM", "ADV", "ADJ") or prev.dep_ == "poss":
                return True
            if tok.i > 1 and tok.doc[tok.i - 2].text in ("-", "–"):
                return True  # "a two-year suspended sentence"
            # after a noun, a pronoun or a name ("someone impersonated activist X", "Police in
            # Oral detained activist X") the parser more likely lost a verb than found an adjective
            return not (prev.pos_ in ("NOUN", "PROPN", "PRON") or prev.text in (",", ";"))
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            if among_those(tok):
                return False  # "Among those detained was journalist X" tells the event
            if counted_member_head(tok) is not None:
                return False  # so does "X was one of 14 people detained in Aktobe"
            if included_head(tok) is not None:
                return False  # and "Those detained included the activists X and Y"
            own_date = any(d.chunk == chunk and d.head in tok.subtree for d in s.dates)
            return not own_date
        return False

    def eventive_noun(self, tok: Token, s: Sentence, chunk: int) -> bool:
        if tok.dep_ == "compound":
            return False
        own_date = any(d.chunk == chunk and d.head in tok.subtree for d in s.dates)
        if tok.dep_ == "pobj" and tok.head.lower_ in TEMPORAL and not own_date:
            return False  # "three years after their release"
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ in MOMENTS:
            return False  # "at the time of Prado's detention", "the reason for the arrest"
        if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "in") and tok.head.head.lemma_ in self.protest_roles \
                and not own_date:
            return False  # "detained the organisers of the protest": who they are, not an event told
        head = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in EVENTIVE:
            return True
        if tok.dep_ == "dobj" and head.lemma_ in self.undergone:
            return True  # "she suffered a concussion": something that happened to her
        for c in tok.children:
            if c.dep_ == "poss":
                return True
            if c.dep_ == "prep" and c.lower_ in ("of", "against", "on", "in", "at", "near", "outside", "by",
                                                 "during", "over", "from", "into", "upon"):
                return True
            if c.dep_ in ("nummod", "quantmod"):
                return True
        if any(d.chunk == chunk and d.head in tok.subtree for d in s.dates):
            return True
        return False


def _governing_verb(noun: Token) -> Token | None:
    """The verb an event noun is the object of, directly or behind a preposition ("took part in a
    protest", "held a rally"), else None."""
    x = noun
    for _ in range(3):
        if x.dep_ not in ("dobj", "pobj", "prep") or x.head.i == x.i:
            return None
        x = x.head
        if x.pos_ in ("VERB", "AUX"):
            return x
    return None


def among_those(tok: Token) -> bool:
    """"Among those detained was journalist X": a participle on "those" (or "them") after "among"."""
    return tok.dep_ == "acl" and tok.head.lower_ in ("those", "them") and tok.head.head.lower_ == "among"


def owned_by_people(noun: Token) -> bool:
    """"their protest", "his picket": an event noun whose possessor is a person's pronoun."""
    return any(c.dep_ == "poss" and c.lower_ in ("their", "his", "her") for c in noun.children)


def counted_member_head(tok: Token) -> Token | None:
    """For a participle on a counted group that someone is said to belong to ("X was one of 14
    people detained", "X was among 14 people fined"): the "one" or "among" whose verb has X as
    its subject; else None. Such a participle tells the event, with X among its targets."""
    head = tok.head
    if tok.dep_ != "acl" or head.dep_ != "pobj" or head.head.lower_ not in ("of", "among"):
        return None
    up = head.head if head.head.lower_ == "among" else head.head.head
    if up.lower_ in ("one", "among") and up.dep_ in ("attr", "prep") and \
            any(c.dep_ == "nsubj" for c in up.head.children):
        return up
    return None


def _asked_why(tok: Token) -> bool:
    """The verb (or the first of the verbs coordinated with it) asks why: "would not say why he
    was arrested and jailed". What the question takes for granted is told, if anywhere,
    elsewhere in the report, and the day of the sentence is the asking's."""
    x = tok
    while x.dep_ == "conj" and x.head.i != x.i:
        x = x.head
    # (the parser may hang the "why" on a later verb of the list: "why he was arrested and imprisoned")
    verbs = [x, *(c for c in x.subtree if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]
    return any(c.dep_ == "advmod" and c.lower_ == "why" and c.i < tok.i for v in verbs for c in v.children)


def broken_parse(tok: Token) -> bool:
    """A parse whose root is no verb ("On 12 August, at least 15 women whose sons ... gathered
    outside the office" read with 'women' as the root): its participles are more likely the verbs
    it lost than attributes."""
    root = tok.sent.root if tok.doc.has_annotation("SENT_START") else tok.doc[0].head
    while root.head.i != root.i:
        root = root.head
    return root.pos_ not in ("VERB", "AUX")


def _after_article(tok: Token) -> bool:
    """"a banned group's activities": a participle right after an article, before its noun, is
    an adjective even in a parse whose root is no verb."""
    return tok.dep_ == "amod" and tok.i > 0 and tok.doc[tok.i - 1].pos_ == "DET" and tok.head.i > tok.i


def _beyond_semicolon(tok: Token) -> bool:
    """"Police detained X; she denies the charges" parsed with the first clause as the complement
    of "denies": a clause and the word it hangs on with a semicolon between them are two clauses,
    and a guard read from the one says nothing of the other."""
    lo, hi = sorted((tok.i, tok.head.i))
    return any(t.text == ";" for t in tok.doc[lo + 1:hi])


def lost_verb(tok: Token) -> bool:
    """"On 5 May 2021 a court sentenced activist X to ...", read as "a court-sentenced activist":
    a verb the parser made an adjective of the noun after it, with its doer still hanging on it,
    an adjective has no subject (nor, in a parse whose root is no verb, an adverbial noun in its
    place), so one with a noun before it that hangs on it is a verb the parser lost. Its object is
    that noun and its complement follows it."""
    return tok.dep_ == "amod" and tok.pos_ == "VERB" and tok.head.pos_ in ("NOUN", "PROPN") and \
        tok.head.i > tok.i and any(
            c.dep_ == "nsubj" or (c.dep_ == "npadvmod" and broken_parse(tok))
            for c in tok.children if c.i < tok.i and c.pos_ in ("NOUN", "PROPN"))


def lost_object(tok: Token) -> Token:
    """The object of a lost verb (`lost_verb`): the noun it modifies or, when that noun is the
    title of a name ("activist X and journalist Y", 'activist' a compound of X), the name."""
    head = tok.head
    while head.dep_ == "compound" and head.head.pos_ == "PROPN" and head.head.i > head.i:
        head = head.head
    return head


def _judged_by(t: Trigger, rulings: set[tuple[int, int]]) -> bool:
    """The event noun lies in the clause a court ruling says "that" of."""
    x = t.token
    for _ in range(8):
        if x.head.i == x.i:
            return False
        if x.dep_ == "ccomp" and (t.chunk, x.head.i) in rulings:
            return True
        x = x.head
    return False


# relations walked up from a trigger to the clause of a law noun that holds it (law_content)
LAW_PATH = {"relcl", "acl", "xcomp", "ccomp", "prep", "pobj", "pcomp", "dobj", "conj", "advcl", "nsubjpass", "nsubj",
            "compound", "amod", "npadvmod"}


def _in_penalty_of(t: Trigger, penalised: set[tuple[int, int]]) -> bool:
    """"sentenced X to 10 days' detention", "given a fine": the noun is the penalty of the verb."""
    x = t.token
    for _ in range(4):
        if x.dep_ not in ("pobj", "prep", "dobj", "npadvmod", "compound", "appos", "conj", "nmod", "poss") or \
                x.head.i == x.i or (x.dep_ == "prep" and x.lower_ in TEMPORAL and t.type != "protest"):
            # ("After her detention on 5 May she was fined": a time, not the penalty; a protest told so
            # is what was punished, "fined after a picket")
            return False
        x = x.head
        if (t.chunk, x.i) in penalised:
            return True
    return False


def _one_reading(cands: list[Trigger]) -> list[Trigger]:
    """One anchor, several rules: the rule naming the most dependents wins, and a court ruling
    yields to the more specific event the court decided (remand, fine, travel ban)."""
    extra = [c for c in cands if c.additional]
    cands = [c for c in cands if not c.additional]
    if not cands:
        return extra
    most = max(c.constrained for c in cands)
    cands = [c for c in cands if c.constrained == most] + extra
    types = {c.type for c in cands}
    if len(types) > 1:
        cands = [c for c in cands if c.type != "court_ruling"]
    out, seen = [], set()
    for c in cands:
        if c.type not in seen:
            seen.add(c.type)
            out.append(c)
    return out
