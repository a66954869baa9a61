"""Event extraction: sentences of a report -> incidents of the codebook.

What belongs here: the trigger lexicon of the event types, the rules that decide whether a
trigger reports something that happened (negation, hypotheticals, charge labels, quotations),
and the rules that attach to each event its people, date, place, perpetrator, right, legal
basis, penalty, evidence and confidence. Recognising dates, places, articles, money and names
is done by core.dates, core.places, core.legal and core.names; this module only chooses among
their mentions. Rules are about the language of the reports, never about particular texts.

Pipeline per sentence (units from core.units, kind 'sentence'):
  1. quotations are masked: nothing inside quotation marks is an event, a target, a date or a
     place (quotes are statements and charge labels, not the report's own narration);
  2. the sentence is cut into clauses at ';', ':' and before relative / temporal / attribution
     connectives (", who", ", when", ", according to", ", with", ...); a relative clause set off
     by commas ends at the main verb after its closing comma ("The court, which has heard the
     case since May, sentenced X"), and its dates and places belong to its antecedent;
  3. triggers are matched from the lexicon; a trigger is dropped when a negation ("denied",
     "not") or a hypothetical ("could", "should", "urge", "demanded", "due to") precedes it in
     its clause, when it lies in a disputed claim ("officials denied that X had been
     detained"), when it names the charge of another event ("fined for participating in a
     rally", "accused of organising a demonstration"; the label words are lower-case, so
     "residents of Osh held a rally" is no label), or when it is attributive ("the banned
     movement", but not "the messenger Signal had been blocked"); a verdict without its penalty
     ("found X guilty", "was convicted") is typed by the penalty named later in the paragraph
     (prison / probation), dropped beside a sentencing or fine of its own, else court_ruling;
     nominal events are noun triggers ("the arrest / detention of", "a raid on the offices of",
     "searches of the homes of", "the beating of", "the blocking of <site>", "the dispersal of the
     rally", "the crackdown on protesters" (protest), "renewed / violent clashes" (physical
     attack)); "an arrest warrant", "the detention centre", "a tax raid" and "the blocking of the
     road" are none;
     the lexicon reads the active voice with the person between verb and complement
     ("investigators charged X, head of Y, with", "placed X under house arrest", "prevented X,
     the sister of Y, from boarding", "extended the pre-trial detention of X", "remanded both of
     them in custody", "a criminal case for <charge> was opened against X"); a refused
     registration ("refused for the fifth time to register the party") is harassment; a blocked
     "portal" is censorship; "approved the draft" is legislation, while "a picket against the
     draft law" names the topic of the protest, no step of a law; a psychiatric hospital may
     carry its name ("committed to the Tashkent City Psychiatric Hospital"); a one-person
     protest is told by its gesture ("unfurled a banner", "held up a placard"); a court that
     "ordered compulsory psychiatric treatment" (custody, a travel ban, a search) is that event,
     not a second court ruling; a participle before a group noun is an attribute ("seven of the
     detained women were fined": no detention), and so is one right after a noun governed by a
     preposition or a determiner ("relatives of people detained in May", "the journalists arrested
     in the case", "those detained"; "among those detained were" still lists an event's people);
     a charge label never spans a relative pronoun ("relatives of the defendants who gathered" is
     a protest), nor "thousands of people took to the streets"; a modal inside a quoted charge
     ('guilty of "calls for mass riots" and handed her') blocks nothing; "serving a sentence" is a
     state, "questioned as a suspect" an interrogation only, "the March 12 election" no march;
     "police opened a case" against nobody after an attack in the paragraph investigates the
     attack, it charges no one; "a judge ordered him to pay 200 manats" is the fine, not a second
     ruling; wording per type: registration refused via its application, "visited at home by
     officials", "pressed them to withdraw", "refused to let her lawyer visit her", "placed in a
     punishment cell", "pushed back by police" (harassment); a registration certificate revoked
     (censorship for a medium, else harassment); "surrounded / kettled N protesters" (detention,
     and the protest they held); "drove her to a police station" (detention); "used stun grenades
     and tear gas to disperse" (physical attack); "was not allowed into the courtroom"
     (harassment); "came to the court with posters" (protest); "stopped young people and checked
     their phones" (search, not "stopped by the office"); "was handed over to <a state>"
     (travel restriction, not "handed over to a relative"); "the court sanctioned his arrest /
     the arrest of X" (detention with its term, not "a sanctioned rally"); "the case against
     <person>, X, was closed" (charges dropped);
  4. one incident per event type and clause group; a noun trigger's targets are its own
     complement, never a person who is the subject of another verb in the sentence: "the beating
     of journalist X" (X), "the arrest of three activists" (a group of 3), "the detention of its
     staff" (the group "staff"), "the arrest of two activists, X and Y" (X, Y), "the arrest of the
     activist" / "of him" (the story's person), "a raid on the offices of <outlet>" and "renewed
     clashes" (nobody); such a group row in the sentence of a named row of the same type ("...,
     its editor X was placed under house arrest") is a second event, no summary of it; a quantity
     whose noun is left out before the verb ("with dozens detained", "12 were detained") is the
     group, named by the sentence's crowd ("dozens of protesters"); otherwise the targets are the named persons of the
     trigger's clause (else of the sentence), minus officials, speakers and possessors of a
     relative ("Prado's interpreter X": Prado is no target) and minus the source of "according
     to X, Y was detained" and the speaker of "..., said his wife, X"; the sentence-wide fallback
     never crosses a ';' ("ordered the liquidation of group Y; its director, X, was also fined":
     X is no target of the liquidation); a relative clause takes its antecedent (also for a protest: "X, who is
     serving a sentence, went on hunger strike"); unnamed relatives as the subject of a passive
     ("Relatives of blogger X were summoned", "X said that her sister in Mary had been summoned
     and questioned") are the targets, as a group, and X is not (unless the relative was named
     before, or the wrong is done to X too: "his family was not allowed to attend the hearing");
     "refused to let her lawyer, Y, visit her" targets her, never the lawyer; a pronoun in
     reported speech is its speaker ("X said that officers kicked him": X); a bare number before
     the verb counts the noun of its coordinate ("21 people died and 516 were detained": 516); "his wife" / "her lawyer"
     as subject is the person introduced earlier as "his wife, X"; a definite singular role noun
     as subject or object with no name in its clause ("The 43-year-old activist was detained",
     "police detained the blogger", "the journalist's flat was searched", "the chair of the
     union") is the person the report introduced with a noun of that family ("blogger X", "X, a
     blogger", "the leader of the union, X"; reporter ~ journalist, chair/head ~ leader), else the
     single non-official person of the paragraph (else of the previous paragraph, else of the
     report's story); "the activists" stay a group, "a journalist" is someone new, "the lawyer
     of X" and "the activist's lawyer" are the lawyer (an unnamed group phrase), "the head of the
     police" an official (no target); "denied access to him" targets
     him, not the subject; "searched the flat that the family rents" / "where he lives" continues
     the story's person; "most of them" is part of an earlier group, never a person named
     elsewhere in the sentence ("both of them", "all of them" are the whole group: the story's
     people); unnamed relatives as the object ("summoned his parents and two brothers",
     "questioned the mother and the sister of blogger X") are the targets, as a group, and the
     person they are related to is not ("his brother X", "the family's flat" keep their person);
     "police detained three of them" after a counted group is that part, with its number, unless
     it goes on "including X"; a pronoun inside a phrase with a person slot ("placed him under
     house arrest") continues the story; none -> an unnamed group phrase (durations such as "four hours"
     and phrases with prepositions or possessives are no groups; a numbered group before an
     organisation, "15 relatives of members of the banned movement", is the group); none -> the
     people of the story so far in the paragraph (pronouns before or after the verb, "searched
     his flat", "the family's flat", "the activist", "the case"), else, in a paragraph that has
     named nobody yet, the people of the previous paragraph's events; a pronoun agrees in gender
     with its antecedent where the surname shows it (-ova/-eva/-ina women's, -ov/-ev/-in men's
     forms);
  5. date: a date mention in the trigger's clause, else one framing the sentence, else the date
     of the story carried within the paragraph (or from the previous paragraph when it shares a
     named person), else the last date of the section, else the report's period (precision
     'unknown'); a date inside a relative clause closed by its comma before the main verb ("X, who
     had left the outlet in 2023, was arrested on 2 February") describes the person, and a year
     there ("X, who led last year's strike") never becomes the story's date; "on the day / morning
     of the verdict (hearing, trial)" takes the date and place of the last dated clause naming a
     court session ("pronounced the verdict in Aktau on March 14"), in any earlier paragraph; a text that never states the year of its events is read in the latest year
     it mentions; the publication day a news text states in its first lines ("March 14, 2023
     12:40 GMT", "16.05.2017 20:19 msk", the date of a dateline "Almaty, March 3, 2023—")
     anchors "on Tuesday" and "earlier this month", and a day or month without a year that would
     fall after it is last year's; "the same day" / "the next day" count from the last day, not
     from a month named in between; the day of a statement ("Human Rights Watch said today",
     "told journalists on 2 March") dates the saying and is never carried to later sentences as
     the section's date; "The court also sentenced ..." without a date takes the day
     of that court's decision, and so does a sentence tied to an earlier trial ("tried together
     with Y, who was given probation on the same charge", "co-defendant", "in the same case")
     rather than the background arrest told in between; an undated court row of a news lead
     ("A court in the region has sentenced X to ...") gives way to a dated row of the same type
     and person told later, else takes the day, the city (when the lead has only a region) and
     the articles of the next paragraph's court session naming X ("pronounced the verdict in
     Aktau on March 14, finding X guilty"); "released a few hours later" after "on the morning of
     the verdict" counts from the session's day; a date counted from the story that follows a
     second, coordinated verb dates that verb only ("detained at the airport and charged the next day");
  6. place: a city (then region, then country) nearest the trigger in the sentence, never the
     dateline ("Stockholm, January 10, 2022 –", "Almaty, March 3, 2023—") and never a place that
     names an organisation or an affiliation ("an Almaty TV employee", "the outlet Pamir
     Review", "an Oral-based blogger") unless that organisation hosted the event ("a training
     organised by the media outlet Uralsk Week"); a region that contains the story's city keeps
     the city; without one: a definite "the court" ("The court on <date> ruled", "the same
     court", "the city court") takes the place of the court named last ("a court in X", "the X
     City Court"), in the same or the next paragraph, or further on for the same people or with
     "also" / "same"; else the story's place when the sentence continues the same episode (no
     date of its own, the same date, a day within the story's month, a date counted from the
     story's day, a day within a week after the story's day for the same people, a pronoun's or
     a relative's ("his brother X"), or "there") and that place lies in the report's country;
     across paragraphs, a dated event of a person whose placed event lies within a week (the court
     that jailed X on Wednesday; X "detained on Monday"; "the flat of X's associate" searched on
     Tuesday) takes that place; other places do not carry across paragraphs; country-level
     places give location None;
  6b. trial place: a report that names exactly one place of a court or trial ("The trial, held
     in the city of X, began on ...") gives it, after all sentences are read, to the courtroom
     events without a place (sentences, rulings, a charge read as "trial", a release beside a
     sentencing or "in the courtroom") of the people named beside it, or, when the trial
     sentence names nobody, of its section;
  7. merges: the same type and people later in a paragraph without a date of its own is the
     same incident, and so is an unnamed "the protests continued into the night of 2 July" within
     three days of the paragraph's protest; "Y was also detained" joins the paragraph's detention (evidence spans both
     sentences); a vague row is dropped when a more precise one of the same type and people
     lies within its span; an unnamed row beside a named one of the same type, place and days
     ("the sentences of two activists" / "X and Y") is its summary and is dropped, after
     lending the named row the term, amount or articles only the summary states (not when the
     unnamed row has no group and stands under another heading, nor when its stated number far
     exceeds the named people of another paragraph: "516 were detained" beside one blogger); a
     complaint or lawsuit against nobody named is dropped; an unnamed row
     of a news release's lead ("..., Human Rights Watch said today") gives way to a row of the
     same type and place told in another paragraph within a month (the lead summarises the body).

Money: a fine stated in monthly calculation indices with the tenge it comes to ("50 MRP
(126,250 KZT)", "30 MCI each, about 92,000 tenge") is recorded in KZT; indices alone stay MCI.
A number that is the day or year of a date ("on October 15 fined ...") is never a group size.

Group sizes (participants), one mapping, ACLED-like: a stated number ("about 50 people" -> 50,
"at least four women" -> 4, "22 persons", "11 current and former staff" -> 11) or a singular
("a police officer", "one correspondent" -> 1) gives the number; vague quantities ("several",
"a few", "some", "many", "numerous", "dozens", "hundreds", "thousands", "a group of") give None
and keep target_group. We never turn a vague word into a number.

Confidence (0..1) is additive over the cues: 0.3 base; +0.3 named target (+0.2 when the target
is inherited from the story through a pronoun or a description; +0.15 unnamed group
with a stated number, +0.1 without); +0.2 date stated in the sentence (+0.1 carried from the
story, +0 period fallback); +0.15 trigger that is a finite verb or a fixed verbal phrase
(+0.05 noun triggers); +0.05 a place (own, carried, a court referred back to, or the report's
one trial place); capped at 1. Unnamed incidents are emitted only with a date of their
own, or with the story's date and a place or a stated number, or with a stated number: the rest
are generic statements ("continued detentions of media workers") and are dropped, preferring
precision.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Sequence

from pipelines.core import dates as _dates
from pipelines.core import legal as _legal
from pipelines.core import places as _places

METHOD = "rules-0.3"

EVENT_TYPES = (
    "detention", "administrative_arrest", "fine", "criminal_charge", "prison_sentence",
    "restricted_freedom", "psychiatric_detention", "search", "interrogation", "surveillance",
    "physical_attack", "harassment", "travel_restriction", "censorship", "legislation",
    "court_ruling", "charges_dropped", "release", "protest",
)


@dataclass
class Incident:
    event_type: str
    right: str | None
    event_date: date | None
    event_date_end: date | None
    date_precision: str
    in_period: bool | None
    country: str | None
    location: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: str | None
    perpetrator: str | None
    target_group: str | None
    participants: int | None
    legal_basis: list[str]
    penalty_amount: Decimal | None
    penalty_currency: str | None
    penalty_days: int | None
    summary: str
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float
    targets: list[str] = field(default_factory=list)
    target_names: list[str] = field(default_factory=list)
    others: list[tuple[str, str]] = field(default_factory=list)
    method: str = METHOD


def incident_key(report_id: str, inc: Incident) -> str:
    """Stable id: the same evidence, type, people and date give the same id in every build."""
    parts = [
        report_id,
        inc.event_type,
        inc.evidence,
        "|".join(sorted(inc.target_names)),
        inc.event_date.isoformat() if inc.event_date else "",
        # One sentence can give one incident per city ("hunger strikes in A, B and C") or per
        # penalty ("20 and 15 days respectively"): place and penalty keep their ids apart.
        inc.location or "",
        str(inc.penalty_days or ""),
    ]
    return "I" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


# --------------------------------------------------------------------------------------------
# Trigger lexicon. Each entry: (event_type, pattern, strength) where strength 'verb' marks
# finite verbs and fixed verbal phrases, 'noun' nominal mentions (weaker evidence).
# --------------------------------------------------------------------------------------------

_AUX = r"(?:was|were|is|are|be|been|being|has been|have been|had been|got|get|gets)"
_PROTEST_NOUN = (
    r"(?:one-person |single-person |one-man |one-woman |solo |lone |mass |peaceful |street |public |silent |"
    r"solitary |small |"
    r"small-scale |separate |legal |anti-government |nationwide |spontaneous |unsanctioned |"
    r"protest )*"
    r"(?:pickets?|rally|rallies|protests?|demonstrations?|vigils?|marches|march|hunger[- ]strikes?|"
    r"sit-ins?|flash ?mobs?|gatherings?|strikes?)"
)
_MEDIA_OBJ = (
    r"(?:websites?|sites?|media|newspapers?|publications?|books?|films?|channels?|pages?|accounts?|"
    r"outlets?|social media|social networks?|messengers?|apps?|applications?|internet|movement|"
    r"part(?:y|ies)|organi[sz]ations?|articles?|videos?|broadcasts?|stations?|TV|Telegram|YouTube|"
    r"Facebook|Instagram|TikTok|blogs?|posts?|songs?|content|materials?|documentar(?:y|ies)|portals?)"
)

# "blocked the road to the site": a road is no medium
_NOT_ROAD = r"(?!(?:road|roads|street|streets|highway|motorway|entrance|traffic|way|route|bridge|path|railway)\b)"

_LEXICON: list[tuple[str, str, str]] = [
    # detention
    ("detention", r"\b(?:re-?)?(?:detained|detaining|detain|arrested|apprehended|rounded up|rounding up|"
                  r"re-arrested|rearrested)\b", "verb"),
    ("detention", r"\b(?:took|taken|take|taking)\s+(?:[\w’'-]+\s+){0,5}?for questioning\b", "verb"),
    ("detention", r"\btaken\s+(?:in)?to\s+(?:a |the )?police(?: station| department| custody)?\b|"
                  r"\btaken into custody\b|\b(?:placed|remanded|held)\s+(?:in|under|into)\s+"
                  r"(?:pre-?trial\s+)?(?:detention|custody)\b|"
                  # the person between verb and custody: "remanded both of them in custody"
                  r"\bremanded\s+(?:[\w’'-]+\s+){1,4}?in(?:to)?\s+(?:pre-?trial\s+)?(?:detention|custody)\b", "verb"),
    ("detention", r"\b(?:put|placed|kept)\s+(?:[\w’'.-]+\s+){0,4}?under\s+house arrest\b|\bserving\s+(?:[\w-]+\s+){0,3}"
                  r"(?:of\s+)?pre-?trial detention\b|\bstopped and held\b", "verb"),
    ("detention", r"\bdetention\s+(?:was\s+|has been\s+|had been\s+)?extended\b|\bextended\s+(?:the\s+|his\s+|"
                  r"her\s+|their\s+)?(?:pre-?trial\s+)?(?:detention|custody|arrest)\b", "verb"),
    # sentencing: the type (administrative_arrest / prison_sentence / restricted_freedom / fine)
    # is decided from the words that follow, see _classify_sentence
    ("SENTENCE", r"(?<=’s |'s )sentencing\s+of\b|\bsentenced\b|\bgiven\s+an?\s+(?:[\w-]+\s+){0,3}?(?:prison\s+)?(?:term|sentence)\b|"
                 r"\bjailed\s+for\b", "verb"),
    ("prison_sentence", r"\b(?:was|were|been)\s+(?:\w+\s+)?imprisoned\b", "verb"),
    # the nominal form of a press release lead: "the convictions and five-year sentences on
    # 28 November 2016 for two activists"
    ("prison_sentence", r"\b(?:[\w]+-year|[\w]+-month)\s+(?:prison\s+|jail\s+)?(?:sentences?|terms?)\s+"
                        r"(?:(?:handed down\s+)?on\s+[^.;]{4,30}?\s+)?(?:for|of|against)\s+(?!(?:\w+\s+)?"
                        r"(?:crimes?|offen[cs]es?|charges?)\b)", "noun"),
    # a verdict without its penalty in the sentence: typed from the rest of the paragraph,
    # see _resolve_conviction
    ("CONVICTION", r"\bfound\s+(?:[\w’'.-]+,?\s+){1,8}?guilty\b|\b(?:was|were|been)\s+(?:\w+\s+)?convicted\b",
     "verb"),
    # fine
    ("fine", r"\bfined\b|\b(?:received|given|issued|imposed|ordered to pay|pay)\s+(?:him\s+|her\s+|"
             r"them\s+)?an?\s+(?:[\w-]+\s+){0,2}?fines?\b|\ba fine of\b", "verb"),
    # criminal charge
    ("criminal_charge", rf"\b{_AUX}\s+(?:\w+\s+)?(?:accused|charged|indicted|prosecuted)\b", "verb"),
    # active voice with the accused between verb and charge: "investigators charged X, head of
    # Y, with ..."
    ("criminal_charge", r"\b(?:charged|indicted)\s+(?!with\b|under\b)(?:[\w’'.()-]+,?\s+){1,12}?(?:with|under)\b",
     "verb"),
    ("criminal_charge", r"\band\s+(?:later\s+|then\s+|subsequently\s+|formally\s+)?(?:accused|charged)\s+"
                        r"(?:of|with|under)\b|\bcharged with\b|\b(?:on|stood|stand|went on) trial\b|\bcriminal suspect\b|"
                        r"\bas a suspect\b|\btrial\b[^.;]{0,50}?\b(?:began|started|opened|resumed)\b",
     "verb"),
    ("criminal_charge", r"\b(?:criminal\s+)?(?:case|cases|proceedings|charges)\s+(?:against\s+\w+\s+)?"
                        r"(?:was|were|has been|have been|had been)\s+(?:\w+\s+)?(?:opened|initiated|"
                        r"launched|instituted|brought|filed|made)\b", "verb"),
    # the charge between noun and verb: "a criminal case for dissemination of false information
    # was opened against her"
    ("criminal_charge", r"\b(?:criminal\s+)?case\s+(?:for|of|on|under)\s+[^.;]{3,80}?\s+(?:was|has been|had been)\s+"
                        r"(?:opened|initiated|launched|instituted)\s+against\b", "verb"),
    ("criminal_charge", r"\b(?:opened|opening|initiated|launched|brought|instituted|filed)\s+(?:a\s+|an\s+)?"
                        r"(?:new\s+)?(?:criminal\s+)?(?:case|cases|charges|criminal investigation|"
                        r"criminal proceedings)\b", "verb"),
    # interrogation
    ("interrogation", r"\b(?:summoned|interrogated|questioned)\b", "verb"),
    ("interrogation", r"\binterrogations?\s+of\b", "noun"),
    # physical attack
    ("physical_attack", r"\b(?:beaten|beat up|beat him|beat her|beat them|assaulted|attacked|stabbed|"
                        r"tortured|ill-treated)\b|\binjured\s+(?:him|her|them|another|\d+|one|two|three|"
                        rf"several)\b|\b{_AUX}\s+(?:\w+\s+)?injured\b", "verb"),
    ("physical_attack", r"\b(?:an|the)\s+(?:arson\s+|physical\s+|violent\s+)?attacks?\s+on\b|"
                        r"\bbeating\s+of\b", "noun"),
    # search
    ("search", r"\b(?:searched|raided|confiscated)\b|\bsearch(?:es)?\s+(?:of|at|in)\s+(?:his|her|their|"
               r"the)\s+(?:\w+\s+)?(?:home|house|flat|apartment|office|premises)\b", "verb"),
    ("search", rf"\b{_AUX}\s+(?:also\s+)?seized\b|\bseized\s+(?:his\s+|her\s+|their\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?"
               r"(?:equipment|phones?|computers?|laptops?|devices?|documents|books|materials|cameras?|"
               r"property|hard drives?)\b", "verb"),
    # surveillance
    ("surveillance", r"\b(?:put|placed|kept|be|been|was|were|is|are)\s+under\s+(?:\w+\s+)?surveillance\b|"
                     r"\bsurveillance\s+(?:of|on|over)\b|\b(?:phones?|calls?)\s+(?:were\s+|was\s+)?"
                     r"(?:tapped|wiretapped)\b", "verb"),
    # psychiatric detention
    ("psychiatric_detention", r"\b(?:forced|forcibly|compulsory|involuntary)\s+(?:\w+\s+)?psychiatric\s+"
                              r"(?:treatment|examination|hospitali[sz]ation|detention|care)\b|"
                              r"\b(?:placed|sent|committed|taken|admitted|forcibly held)\s+(?:in|to|into)\s+"
                              r"(?:a|the)\s+(?:[\w-]+\s+){0,3}?psychiatric\b", "verb"),
    # travel restriction (before harassment so that "prevented from leaving" is a travel ban)
    ("travel_restriction", r"\b(?:banned|barred|prevented|prohibited|stopped)\s+(?:[^.;]{0,80}?\s)??from\s+(?:leaving|"
                           r"travell?ing|entering|exiting|boarding)\b|\b(?:exit|entry|travel)\s+ban\b|"
                           r"\b(?:deported|extradited|expelled)\b|\b(?:denied|refused)\s+entry\b|"
                           r"\bnot\s+(?:let|allowed|permitted)\s+(?:out|to leave|to travel)\b|"
                           r"\bturned back at the border\b", "verb"),
    # harassment
    ("harassment", r"\bprevented\b|\binterrupted\b|\bdisrupted\b|\bimpersonat\w+|"
                   rf"\b{_AUX}\s+(?:\w+\s+)?(?:threatened|intimidated|harassed|warned|pressured)\b|"
                   r"\bthreatened\s+(?:him|her|them)\b|\b(?:received|receiving)\s+(?:\w+\s+)?threats\b|"
                   r"\bthreats\s+(?:against|to)\b|\bdenied\s+(?:\w+\s+)?(?:registration|access|visits?|"
                   r"accreditation)\b|\bnot\s+(?:allowed|permitted)\s+to\b|\bbarred\s+from\b|"
                   # "refused for the fifth time to register the party", "registration was denied"
                   r"\b(?:refused|declined|denied)\s+(?:[\w-]+\s+){0,4}?to\s+(?:re-?)?register\b|"
                   r"\bregistration\s+(?:was\s+|has been\s+|had been\s+)?(?:refused|denied|revoked)\b|"
                   r"\btax\s+(?:inspections?|raids?|audits?)\b|\bfiled\s+(?:a\s+)?(?:complaint|lawsuit)s?\b|"
                   r"\b(?:submitted|filed)\s+(?:\w+\s+)?(?:civil\s+)?(?:claims?|lawsuits?)\b", "verb"),
    # censorship
    # outlet names may hold dots ("the Kattama.kg website")
    ("censorship", rf"\b(?:blocked|banned|shut down|closed down|taken down|censored|outlawed)\s+"
                   rf"(?:{_NOT_ROAD}[\w’'.-]+\s+){{0,4}}?{_MEDIA_OBJ}\b", "verb"),
    ("censorship", rf"\b{_MEDIA_OBJ}\s+(?:\([^)]*\)\s+)?(?:[\w’'.-]+\s+){{0,4}}?(?:was|were|has been|have been|had been|"
                   rf"is|are)\s+(?:\w+\s+)?(?:blocked|banned|shut down|closed down|taken down|removed|"
                   rf"censored|outlawed)\b", "verb"),
    # "the website of the X movement, which campaigns for ..., was blocked": the medium, its owner
    # and a relative clause about it before the passive
    ("censorship", rf"\b(?:website|site|page|channel|account|newspaper|outlet|portal)s?\s+of\s+(?:the\s+)?"
                   rf"[^.;]{{0,120}}?,\s+(?:was|were|has been|have been|had been)\s+(?:\w+\s+)?(?:blocked|banned|"
                   rf"shut down|closed down|taken down|censored)\b", "verb"),
    ("censorship", r"\b(?:declared|labell?ed|labell?ing|recogni[sz]ed)\s+(?:it\s+|them\s+)?(?:as\s+)?"
                   r"(?:an?\s+)?[\"“]?extremist\b", "verb"),
    # legislation
    ("legislation", r"\b(?:law|laws|bill|amendments?|constitution|decree|resolution|regulations?|code|"
                    r"legislation)\b[^.;]{0,60}?\b(?:was|were|has been|have been|had been)?\s*"
                    r"(?:adopted|passed|signed|approved|put forward|proposed|introduced|submitted|enacted|"
                    r"entered into force|came into force|took effect)\b", "verb"),
    ("legislation", r"\b(?:adopted|passed|signed|approved|proposed|introduced|enacted)\s+(?:a\s+|the\s+|"
                    r"new\s+)*(?:[\w-]+\s+){0,3}?(?:law|bill|amendments|constitution|decree|resolution|"
                    r"legislation)\b|\bdraft\s+(?:law|bill|constitution|amendments|legislation)\b|"
                    # "approved the draft in the first reading": the draft named before
                    r"\b(?:adopted|passed|approved)\s+(?:the|a|this)\s+draft\b|"
                    r"\bdecriminali[sz]e\b", "verb"),
    # court ruling
    ("court_ruling", r"\bcourt\b[^.;]{0,60}?\b(?:ruled|upheld|reviewed|rejected|dismissed|overturned|"
                     r"refused|granted|ordered|decided|quashed|annulled|satisfied|held)\b", "verb"),
    ("court_ruling", r"\b(?:appeals?|complaint|cassation|petition)\s+(?:was\s+|were\s+|has been\s+)?"
                     r"(?:rejected|dismissed|upheld|denied|satisfied|granted|turned down)\b|\bupheld\b",
     "verb"),
    ("court_ruling", r"\bcourt(?:’s|'s)?\s+(?:ruling|decision|verdict)\b", "noun"),
    # charges dropped
    ("charges_dropped", r"\b(?:case|cases|charges|prosecution|proceedings|investigation)\b[^.;]{0,40}?"
                        r"\b(?:closed|dropped|terminated|discontinued|withdrawn)\b|\bacquitted\b|"
                        r"\b(?:dropped|withdrew)\s+(?:the\s+|all\s+)?charges\b", "verb"),
    # release
    ("release", r"\b(?:released|freed|set free|amnestied|pardoned|paroled)\b|\bon parole\b", "verb"),
    # protest
    ("protest", r"\b(?:held|staged|holding|hold|organi[sz]ed|organi[sz]ing|led|took part in|taking part in|"
                r"take part in|participated in|participating in|participate in|joined|attended|went on|"
                r"began|started|start|announced|declared)\s+(?:[\w’'-]+[ ,]+){0,4}?" + _PROTEST_NOUN + r"\b",
     "verb"),
    # a one-person protest told by its gesture: "unfurled a banner", "held up a placard"
    ("protest", r"\b(?:unfurled|unfurling|unfolded|held up|holding up|raised|displayed|stood with|standing with)\s+"
                r"(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:banner|placard|poster)s?\b", "verb"),
    ("protest", r"\b(?:on\s+(?:a\s+)?hunger[- ]strike|gathered|protested|protesting|marched|picketed|"
                r"demonstrated|stopped work|walked out)\b", "verb"),
    ("protest", _PROTEST_NOUN + r"\s+(?:in support of|in support for|against|over|took place|were held|"
                r"was held|broke out|erupted|began|continued)\b", "noun"),
]

# --------------------------------------------------------------------------------------------
# Vocabulary of the event types, written down type by type from how English-language
# human-rights reports (CIVICUS/IPHR/KIBHR, HRW, Amnesty, CPJ, RFE/RL, Fergana) tell them, and
# the entries that cover it. Words in [brackets] are covered by the lexicon above, the rest by
# _VOCABULARY below; "(guard)" names the reading that must not fire.
#
# detention      [detained, arrested, apprehended, rounded up, taken for questioning, taken to
#                the police station, taken into custody, remanded in custody, placed under house
#                arrest, pre-trial detention extended]; whisked/bundled away or into a car,
#                picked up / taken away / led away by police, taken to the district police
#                department, abducted, kidnapped, placed under arrest, the arrest/detention of X
#                (noun), the court sanctioned the arrest of X (guard: "a sanctioned rally").
#                (guard) "held incommunicado since his arrest" is a state, no new event.
#                (guard) "the other detainees", "detained women" are attributes, "detain" an order.
# administrative_arrest / prison_sentence / restricted_freedom (typed by classify_sentence)
#                [sentenced, given a ... term, jailed for, imprisoned, N-year sentences for];
#                handed (down) / received / got a N-year / suspended / prison sentence,
#                got / received / was given N days, was jailed.
# fine           [fined, received/imposed/ordered to pay a fine, a fine of]; fines of N,
#                slapped/hit with a fine, penalised with a fine.
# criminal_charge [charged, accused, indicted, prosecuted, case opened/initiated, on trial, as a
#                suspect]; placed/put on the (international) wanted list, declared wanted, case
#                sent/referred/transferred to court, brought/pressed charges, opened an
#                investigation against X.
# psychiatric_detention [forced psychiatric treatment, placed in a psychiatric hospital];
#                forcibly hospitalised, sent for a (forensic) psychiatric examination.
# search         [searched, raided, confiscated, seized his laptop, search of his home];
#                stormed / broke into the office / flat, carried out / conducted a search,
#                house search. (guard) "confiscated his passport" is a travel restriction.
# interrogation  [summoned, questioned, interrogated]; called/invited in for a (preventive)
#                conversation / talk / questioning, received / served with a summons.
# surveillance   [under surveillance, phones tapped]; followed / shadowed / tailed / watched by
#                officers or unknown men, wiretapped, bugged, spyware, a hidden camera installed.
# physical_attack [beaten, beat up, assaulted, attacked, stabbed, tortured, injured, attack on];
#                set fire to (the car of X), set on fire, torched, punched, kicked, roughed up,
#                manhandled, used force / tear gas / rubber bullets against, was shot / killed.
#                (guard) "set fire to himself" is a protest (self-immolation).
# harassment     [prevented, interrupted, threatened, denied access/registration, refused to
#                register, tax inspections, complaint filed]; suspended the activities of,
#                activities suspended, (unscheduled/unplanned/surprise) audit or inspection
#                begun/launched/conducted, audited, inspected, liquidated / dissolved /
#                deregistered, licence revoked/suspended, stripped of a licence/accreditation,
#                refused registration, fired/dismissed/expelled from a job or university,
#                forced to resign, threatening calls/messages, account hacked,
#                smear campaign, blackmailed.
# travel_restriction [banned/barred/prevented from leaving, exit/entry ban, deported,
#                extradited, expelled, denied entry, turned back at the border]; forcibly
#                returned, refouled, handed over to the ... authorities / to a state, removed / taken off a
#                flight, passport confiscated / seized / withheld, declared persona non grata.
# censorship     [blocked/banned/shut down a site, a site was blocked, declared extremist];
#                access restricted, internet shut down / cut, taken off the air, removed from
#                sale / the air, print run / copies confiscated, forced to delete a post.
#                (guard) "blocked the road to the site", "a construction site" are no media.
# legislation    [law adopted/passed/signed/approved/proposed, draft law, decriminalise];
#                signed into law, enters/comes into force, criminalised, introduced liability for.
# court_ruling   [court ruled/upheld/rejected/ordered, appeal rejected, upheld, court's ruling];
#                judge ruled/ordered/rejected, lost/won an appeal, ordered to pay damages /
#                compensation.
# charges_dropped [case closed/dropped, acquitted, dropped the charges]; found not guilty,
#                cleared of charges, exonerated, acquittal, closed/dropped/terminated the case,
#                the case against <person>, X, was closed.
# release        [released, freed, set free, amnestied, pardoned, paroled, on parole]; let go,
#                walked free, left prison / the detention centre, granted early release /
#                parole / amnesty / pardon, came/got out of prison.
#                (guard) "released a statement/report/video" (_REPORTED_OBJECTS).
# protest        [held/staged/joined a picket/rally/protest/hunger strike/sit-in, gathered,
#                protested, marched, picketed, unfurled a banner, stopped work]; broke up /
#                dispersed / disbanded / cracked down on a protest, the rally was dispersed,
#                protesters were dispersed, one-man/solo/lone picket, took to the streets,
#                rallied/assembled outside X, blocked the road / highway, walkout, self-immolation.
#                (guard) "police blocked the road" is no protest; a protest named as a charge
#                ("fined for taking part in a rally") stays a label.
# --------------------------------------------------------------------------------------------

_RIOT_MEANS = (r"(?:force|tear gas|pepper spray|rubber bullets|batons|truncheons|stun guns?|stun grenades?|"
               r"flash-?bang grenades?|water cannons?|live ammunition|firearms)")
_N_WORD = (r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
           r"fifteen|twenty|thirty)")
_VOCABULARY: list[tuple[str, str, str]] = [
    # detention
    ("detention", r"\b(?:whisked|bundled|spirited)\s+(?:[\w’'-]+\s+){0,3}?(?:away|off|into\s+(?:a|an|the)\s+"
                  r"(?:[\w-]+\s+){0,2}?(?:car|van|vehicle|bus|minibus))\b", "verb"),
    # active voice with the person between verb and particle: "police took him away", "forced
    # him into a car", "carried the women out and put them on a bus"
    ("detention", r"\b(?:took|take|taking|led|dragged|carried|hauled|forced|pushed|shoved|bundled|put|putting)\s+"
                  r"(?:him|her|them|the\s+(?:[\w-]+\s+){0,2}?(?:women|men|protesters|activists|journalists|"
                  r"participants|picketers|residents|people)|(?-i:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?))\s+(?:away\b|"
                  r"(?:in|into|onto|on)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:car|van|vehicle|bus|minibus)\b)",
     "verb"),
    ("detention", r"\b(?:picked up|taken away|led away|hauled away|carried away|driven away)\s+by\s+(?:the\s+)?"
                  r"(?:[\w-]+\s+){0,2}?(?:police|officers|officials|security|agents|men|servicemen|guards)\b", "verb"),
    ("detention", r"\btaken\s+(?:in)?to\s+(?:a|the)\s+(?:[\w-]+\s+){0,3}?(?:police\s+(?:station|department|office|"
                  r"headquarters|precinct)|(?:district|city|regional)\s+(?:police|department|internal affairs)|"
                  r"(?:KNB|GKNB|SNB|security service)\s+(?:building|headquarters|office))\b", "verb"),
    # ("held incommunicado since his arrest" is a state that looks back: the arrest is the event)
    ("detention", r"\b(?:placed|remanded|put|kept|held)\s+(?:him|her|them|(?-i:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?))\s+"
                  r"(?:in|into|under)\s+(?:pre-?trial\s+)?(?:custody|detention)\b", "verb"),
    ("criminal_charge", r"\b(?:was|were|been|is|are|being)\s+(?:\w+\s+)?(?:named|declared|made|recogni[sz]ed|"
                        r"treated)\s+(?:as\s+)?a\s+suspect\b|\binformed\s+(?:him\s+|her\s+)?that\s+(?:he|she)\s+was\s+"
                        r"a\s+suspect\b", "verb"),
    ("detention", r"\b(?:surrounded|encircled|kettled|penned in|hemmed in)\s+(?:[\w-]+\s+){0,3}?(?:protesters|protestors|"
                  r"demonstrators|picketers|participants|activists|people|crowd)\b|\bkettl(?:ed|ing)\b", "verb"),
    ("detention", r"\b(?:drove|took|brought|escorted|delivered|dragged)\s+(?:him|her|them|(?-i:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?))"
                  r"\s+to\s+(?:a|the)\s+(?:[\w-]+\s+){0,3}?(?:police\s+(?:station|department|office|headquarters)|"
                  r"(?:KNB|GKNB|SNB)\b)", "verb"),
    ("detention", r"\b(?:abducted|kidnapped)\b|\b(?:placed|put)\s+(?:[\w’'.-]+\s+){0,4}?under\s+arrest\b", "verb"),
    # nominal events: "the arrest of three activists", "the detention of its staff"; their
    # targets come from the "of"-complement (see _noun_complement), never from the sentence
    ("detention", r"\b(?:the|an?)\s+(?:(?!pre-?trial\b)[\w-]+\s+)?(?:re-?)?(?:arrests?|detentions?)\s+of\s+", "noun"),
    # a court's sanction of custody: "the city court sanctioned his extradition arrest", "sanctioned
    # the arrest of X" (a determiner or possessive before the noun: "a sanctioned rally" is none)
    ("detention", r"\bsanctioned\s+(?:the\s+|his\s+|her\s+|their\s+|(?:[\w-]+\s+)?[\w-]+(?:’s|'s)\s+)"
                  r"(?:[\w-]+\s+)?(?:arrest|detention)\b", "verb"),
    # sentencing phrases, typed by classify_sentence
    # an article or a length names one sentence: "received a five-year sentence", "handed him a
    # suspended sentence"; "despite the defendants receiving severe terms" sums up, and is none
    ("SENTENCE", r"\b(?:handed(?:\s+down)?|received|got|gets|imposed|issued)\s+(?:(?:him|her|them)\s+|"
                 r"(?-i:[A-Z][\w’'.-]+)\s+(?:(?-i:[A-Z][\w’'.-]+)\s+){0,2})?"
                 r"(?:an?\s+(?:[\w-]+\s+){0,3}?|(?:[\w]+-(?:year|month|day)|[\w]+\s+(?:years?|months?|days?)(?:'|’)?)\s+)"
                 r"(?:prison\s+|jail\s+|suspended\s+|custodial\s+|non-custodial\s+)?(?:term|sentence)s?\b", "verb"),
    ("SENTENCE", r"\b(?:got|gets|received|was given|were given|handed)\s+(?:(?:him|her|them)\s+)?" + _N_WORD +
                 r"\s+(?:days?|years?|months?)\b(?!\s+(?:ago|later|earlier|before|after))", "verb"),
    ("SENTENCE", rf"\b{_AUX}\s+(?:\w+\s+)?jailed\b", "verb"),
    # fine
    ("fine", r"\bordered\s+(?:him|her|them|(?-i:[A-Z][\w’'-]+))?\s*to\s+pay\s+(?:[\w$€£]+\s+)?[\d$€£][\d,.]*\s*(?:[\w$]+\s+)?"
             r"(?!(?:[\w-]+\s+){0,2}?(?:in\s+)?(?:moral\s+)?(?:damages|compensation|costs))", "verb"),
    ("fine", r"\bfines?\s+of\s+(?:up\s+to\s+)?\d|\b(?:slapped|hit|penali[sz]ed)\s+with\s+(?:an?\s+)?"
             r"(?:[\w-]+\s+)?fines?\b", "verb"),
    # criminal charge
    ("criminal_charge", r"\b(?:placed|put|included|added)\s+(?:[\w’'.-]+\s+){0,4}?on\s+(?:an?\s+|the\s+)?"
                        r"(?:international\s+|interstate\s+|federal\s+|national\s+)?wanted\s+list\b|"
                        r"\bdeclared\s+(?:\w+\s+){0,3}?(?:internationally\s+)?wanted\b", "verb"),
    ("criminal_charge", r"\bcase\s+(?:against\s+[^.;]{2,40}?\s+)?(?:was|has been|had been)\s+(?:sent|referred|"
                        r"transferred|forwarded|submitted)\s+to\s+(?:the\s+)?(?:\w+\s+)?court\b|"
                        r"\b(?:brought|pressed|filed)\s+(?:criminal\s+)?charges\s+against\b|"
                        r"\b(?:opened|launched|initiated)\s+(?:a\s+|an\s+)?(?:pre-?trial\s+)?investigation\s+"
                        r"against\b", "verb"),
    # psychiatric detention
    ("psychiatric_detention", r"\bforcibly\s+(?:hospitali[sz]ed|committed)\b|\bsent\s+(?:\w+\s+){0,2}?for\s+"
                              r"(?:an?\s+)?(?:forensic\s+|inpatient\s+)?psychiatric\s+(?:examination|evaluation|"
                              r"assessment|treatment)\b", "verb"),
    # search
    ("search", r"\b(?:stormed|broke into|burst into)\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?(?:[\w’'-]+\s+){0,3}?"
               r"(?:home|house|flat|apartment|office|offices|premises|newsroom|studio|headquarters|editorial office)\b|"
               r"\b(?:carried out|conducted|performed)\s+(?:a\s+)?(?:[\w-]+\s+)?searche?s?\b|\bhouse\s+searche?s?\b|"
               # a street check: "stopped young people and checked their phones" ("stopped by the
               # office and checked his phone" is a visit)
               r"\bstopped\s+(?!by\b|at\b|in\b|to\b|for\b|working\b|and\b)(?:[\w’'-]+\s+){1,6}?and\s+(?:checked|searched|inspected|examined|went through)\s+"
               r"(?:their|his|her)\s+(?:mobile\s+)?(?:phones?|smartphones?|bags|belongings|cars?)\b",
     "verb"),
    # a raid told as a noun: "a law enforcement raid on the offices of <outlet>", "searches of
    # the homes of three activists" (a "tax raid" is harassment)
    ("search", r"(?:\b(?:an?|the|their|its|his|her)\s+(?:(?!tax\b)[\w-]+\s+){0,2}?|(?<!tax )\b)(?:raids?|searche?s?)\s+(?:on|of|at|in)\s+"
               r"(?:the\s+|their\s+|its\s+|his\s+|her\s+)?(?:[\w’'-]+\s+){0,2}?(?:offices?|premises|homes?|houses?|"
               r"flats?|apartments?|newsrooms?|editorial offices?|headquarters|studios?)\b", "noun"),
    # interrogation
    # "invited to talk to officials" is a meeting: the summons names a police or security office or
    # a "conversation" / "questioning"
    ("interrogation", r"\b(?:called|invited|brought)\s+(?:in\s+)?(?:to\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:police|"
                      r"prosecutor\w*|KNB|GKNB|SNB|department|station|committee)\s+)?for\s+(?:a\s+|an\s+)?(?:[\"“‘]?"
                      r"(?:preventive|prophylactic|informal)[\"”’]?\s+)?(?:conversation|talk|questioning|"
                      r"interrogation|interview)\b|\b(?:received|served with|handed)\s+(?:a\s+)?summons\b",
     "verb"),
    # surveillance
    ("surveillance", r"\b(?:followed|shadowed|tailed|watched|monitored|filmed)\s+by\s+(?:[\w-]+\s+){0,3}?(?:men|"
                     r"officers|agents|police|policemen|security|people|individuals|persons|cars?)\b|"
                     r"\b(?:wiretapped|bugged)\b|\bspyware\b|\b(?:installed|planted)\s+(?:an?\s+)?(?:hidden\s+)?"
                     r"(?:cameras?|bugs?|listening devices?|tracking devices?|trackers?)\b", "verb"),
    # physical attack
    ("physical_attack", r"\bset\s+fire\s+to\s+(?!himself|herself|themselves)|\bset\s+(?!himself|herself|themselves)(?:\w+\s+){1,4}?on\s+fire\b|"
                        r"\b(?:torched|punched|kicked|roughed up|manhandled|strangled|choked)\b|"
                        r"\bused\s+(?:excessive\s+)?" + _RIOT_MEANS + r"(?:,?\s+(?:and|or)\s+" + _RIOT_MEANS + r")?\s+"
                        r"(?:against|on|to\s+disperse)\b|"
                        rf"\b{_AUX}\s+(?:\w+\s+)?(?:shot|killed|murdered|stabbed)\b", "verb"),
    # harassment
    ("harassment", r"\bsuspended\s+(?:the\s+)?(?:activities|activity|work|operations?)\s+of\b|"
                   r"\b(?:activities|activity|work|operations?)\s+(?:was|were|has been|had been)\s+suspended\b|"
                   r"\b(?:began|begun|launched|conducted|carried out|started|ordered|initiated|opened)\s+"
                   r"(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:audit|inspection|check)s?\b|"
                   r"\b(?:unscheduled|unplanned|surprise|extraordinary|snap)\s+(?:tax\s+)?(?:audit|inspection|check)s?\b|"
                   rf"\b{_AUX}\s+(?:\w+\s+)?(?:audited|inspected|liquidated|dissolved|deregistered|"
                   r"blackmailed)\b|\bliquidat(?:ed|ion of)\b|"
                   r"\blicen[cs]es?\s+(?:of\s+[^.;]{2,40}?\s+)?(?:was\s+|were\s+|has been\s+|had been\s+)?"
                   r"(?:revoked|suspended|withdrawn|"
                   r"annulled|cancelled)\b|\b(?:revoked|suspended|withdrew)\s+(?:the\s+|his\s+|her\s+|its\s+|their\s+)?"
                   r"(?:[\w-]+\s+)?licen[cs]es?\b|\bstripped\s+(?:\w+\s+)?of\s+(?:his\s+|her\s+|its\s+|their\s+)?"
                   r"(?:licen[cs]e|accreditation|mandate|status)\b|\brefused\s+(?:re-?)?registration\b|"
                   r"\b(?:fired|dismissed|sacked|expelled|removed|forced\s+out)\s+(?:[\w’'-]+\s+){0,3}?from\s+"
                   r"(?:his\s+|her\s+|their\s+|the\s+)?(?:[\w-]+\s+)?(?:job|post|position|work|university|school|"
                   r"institute|college|faculty|party)\b|\bforced\s+to\s+resign\b|"
                   r"\bthreatening\s+(?:phone\s+)?(?:calls|messages|letters)\b|\bsmear\s+campaign\b|"
                   r"\b(?:account|page|channel|email)s?\s+(?:was|were|had been|has been)\s+hacked\b", "verb"),
    # registration refused by its application ("rejected its application for registration")
    ("harassment", r"\b(?:rejected|refused|turned down|denied|returned)\s+(?:its|their|his|her|the|an?)\s+(?:[\w-]+\s+){0,2}?"
                   r"application\s+for\s+(?:state\s+|official\s+)?(?:re-?)?registration\b|\bapplications?\s+for\s+"
                   r"(?:state\s+)?(?:re-?)?registration\s+(?:was|were|has been|had been)\s+(?:rejected|refused|denied|"
                   r"turned down|returned)\b", "verb"),
    # pressure at home: "visited at home by mahalla officials and police officers, who urged them
    # to withdraw their signatures", "pressed her to renounce"
    ("harassment", r"\b(?:visited|approached|paid a visit)\s+(?:[\w-]+\s+){0,3}?by\s+(?:[\w-]+\s+){0,3}?(?:officials|"
                   r"officers|police|policemen|security|agents|akimat|representatives)\b|"
                   r"\b(?:pressured|pressed|coerced|forced|pushed)\s+(?:him|her|them)\s+(?:in)?to\s+(?:withdraw|renounce|"
                   r"retract|resign|quit|leave|stop|delete|give up|sign)\b",
     "verb"),
    # a journalist or relative kept out of a trial: "was not allowed into the courtroom"
    ("harassment", r"\b(?:not|never)\s+(?:allowed|permitted|let)\s+(?:in(?:to)?|inside)\s+(?:the\s+)?(?:[\w-]+\s+)?"
                   r"(?:courtroom|court\s*room|court building|hearing|trial|session)\b|\bbarred\s+from\s+(?:the\s+)?"
                   r"(?:courtroom|hearing|trial)\b", "verb"),
    # access to a prisoner withheld: "refused to let her lawyer visit her"
    ("harassment", r"\b(?:refused|declined)\s+(?:[\w-]+\s+){0,4}?to\s+(?:let|allow)\s+(?:her|his|their|the)\s+(?:[\w-]+\s+)?"
                   r"(?:lawyers?|relatives|family|mother|father|wife|husband|children|doctors?)\b", "verb"),
    # a punishment inside prison
    ("harassment", r"\b(?:placed|put|sent|transferred|confined|thrown)\s+(?:[\w’'-]+\s+){0,3}?(?:in|into|to)\s+(?:a|an|the)\s+"
                   r"(?:punishment|isolation|solitary|disciplinary|penalty)\s+(?:cell|confinement|block|ward|isolator)\b|"
                   r"\bsolitary confinement\b", "verb"),
    # a crowd held back: "were pushed back by police", "kettled"
    ("harassment", r"\b(?:pushed|forced|driven|beaten)\s+back\s+by\s+(?:the\s+)?(?:[\w-]+\s+)?(?:police|officers|security|"
                   r"guards|troops)\b", "verb"),
    # a registration certificate revoked: a medium's is censorship, another body's harassment
    ("censorship", r"\b(?:revoked|annulled|cancell?ed|withdrew)\s+(?:the\s+)?(?:state\s+|media\s+)?registration\s+"
                   r"(?:certificate\s+)?of\b(?=[^.;]{0,60}?\b(?:outlet|newspaper|media|magazine|TV|channel|radio|"
                   r"website|news|Info|agency|portal|editor)\b)", "verb"),
    ("harassment", r"\b(?:revoked|annulled|cancell?ed|withdrew)\s+(?:the\s+)?(?:state\s+)?registration\s+"
                   r"(?:certificate\s+)?of\b(?![^.;]{0,60}?\b(?:outlet|newspaper|media|magazine|TV|channel|radio|"
                   r"website|news|Info|agency|portal|editor)\b)", "verb"),
    # travel restriction
    ("travel_restriction", r"\b(?:forcibly|involuntarily)\s+returned\b|\brefouled\b|\bhanded\s+(?:\w+\s+)?over\s+to\s+"
                           r"(?:the\s+)?(?:[A-Z][\w-]+\s+)?authorities\b|\b(?:removed|taken|took)\s+(?:[\w’'.-]+\s+){0,4}?off\s+(?:a|the)\s+"
                           r"(?:flight|plane|train|bus)\b|"
                           # extradition told as a handover to a state: "was handed over to Turkmenistan"
                           # ("the plot was handed over to a relative" names no state)
                           r"\bhanded\s+(?:him\s+|her\s+|them\s+)?over\s+to\s+(?-i:(?:Turkmenistan|Uzbekistan|"
                           r"Tajikistan|Kyrgyzstan|Kazakhstan|Russia|China|Belarus|Turkey|Iran|Afghanistan))\b|\bpassports?\s+(?:was\s+|were\s+|had been\s+)?"
                           r"(?:confiscated|seized|withheld|cancell?ed|annulled)\b|\b(?:confiscated|seized|withheld)\s+"
                           r"(?:his|her|their|the)\s+passports?\b|\bpersona\s+non\s+grata\b", "verb"),
    # censorship
    ("censorship", r"\baccess\s+to\s+(?:[\w’'.-]+\s+){1,5}?(?:was|were|has been|had been)\s+(?:restricted|blocked|"
                   r"limited|cut)\b|\brestricted\s+access\s+to\b|\binternet\s+(?:was\s+|has been\s+)?(?:shut down|cut|"
                   r"disconnected|throttled|switched off)\b|\b(?:internet|internet access|mobile internet|mobile data|"
                   r"mobile connection|connection)\s+(?:[\w’'-]+\s+){0,4}?(?:was|were|has been|had been|remained|remains)"
                   r"\s+(?:\w+\s+)?(?:cut off|cut|shut down|blocked|restricted|disconnected|switched off|throttled)\b|\b(?:shut down|cut off|switched off)\s+(?:the\s+|mobile\s+)*"
                   r"internet\b|\binternet\s+shutdowns?\b|\b(?:taken|pulled|removed)\s+off\s+(?:the\s+)?air\b|"
                   r"\b(?:removed|withdrawn|pulled)\s+from\s+(?:sale|the air|circulation|bookshops|shelves)\b|"
                   r"\b(?:print run|copies|circulation|issue)\s+(?:of\s+[^.;]{2,40}?\s+)?(?:was\s+|were\s+|had been\s+)?"
                   r"(?:confiscated|seized|destroyed)\b|\b(?:confiscated|seized|destroyed)\s+(?:the\s+)?(?:entire\s+|whole\s+)?"
                   r"(?:print run|copies|circulation)\b|\bforced\s+to\s+(?:delete|remove|take down)\b", "verb"),
    # legislation
    ("legislation", r"\bsigned\s+(?:[\w’'-]+\s+){0,6}?into\s+law\b|\b(?:enters|entered|comes|came)\s+into\s+(?:force|effect)\b|"
                    r"\b(?:criminali[sz]ed|criminali[sz]es)\b|\bintroduced\s+(?:criminal\s+|administrative\s+)?"
                    r"liability\s+for\b", "verb"),
    # court ruling
    ("court_ruling", r"\bjudge\b[^.;]{0,60}?\b(?:ruled|upheld|rejected|dismissed|overturned|refused|granted|ordered|"
                     r"decided|quashed)\b|\b(?:lost|won)\s+(?:an?\s+|the\s+|his\s+|her\s+|their\s+|its\s+)?(?:appeal|"
                     r"lawsuit|case)\b|\bordered\s+to\s+pay\s+(?:[\w-]+\s+){0,2}?(?:damages|compensation)\b", "verb"),
    # charges dropped
    # the person between case and verb: "the case against a third member, X, was closed"
    ("charges_dropped", r"\b(?:criminal\s+)?(?:case|charges|proceedings)\s+against\s+[^.;]{2,80}?\s+(?:was|were|has been|"
                        r"have been|had been)\s+(?:\w+\s+)?(?:closed|dropped|terminated|discontinued|withdrawn)\b", "verb"),
    ("charges_dropped", r"\bfound\s+(?:[\w’'.-]+,?\s+){0,6}?not\s+guilty\b|\bcleared\s+of\s+(?:all\s+)?(?:the\s+)?"
                        r"(?:charges?|accusations?)\b|\bexonerated\b|\bacquittal\b|\b(?:dropped|closed|terminated|"
                        r"discontinued)\s+(?:the\s+)?(?:criminal\s+)?(?:case|investigation|proceedings|prosecution)\b",
     "verb"),
    # release
    ("release", r"\blet\s+(?:him|her|them)\s+go\b|\b(?:was|were)\s+let\s+go\b|\bwalked\s+free\b|"
                r"\b(?:left|came out of|got out of)\s+(?:the\s+)?(?:prison|penal colony|jail|detention cent(?:re|er)|"
                r"pre-?trial detention|custody)\b|\bgranted\s+(?:an?\s+)?(?:early\s+|conditional\s+)*(?:release|"
                r"parole|amnesty|pardon)\b", "verb"),
    # a crowd bringing its signs: "came to the court with posters reading ..."
    ("protest", r"\b(?:came|went|arrived|turned up|showed up|stood|gathered|assembled)\s+(?:[\w’'-]+\s+){0,6}?with\s+"
                r"(?:[\w-]+\s+){0,2}?(?:posters|placards|banners|signs|slogans)\b", "verb"),
    # protest: a protest dispersed is a protest that took place
    ("protest", r"\b(?:broke up|broken up|break up|breaking up|dispersed|dispersing|disperse|disbanded|"
                r"cracked down on|cordoned off)\s+(?:[\w’'-]+[ ,]+){0,4}?" + _PROTEST_NOUN + r"\b", "verb"),
    ("protest", _PROTEST_NOUN + r"\s+(?:(?:in|at|outside|near|on|in front of)\s+[^.;,]{2,30}?\s+)?(?:was|were|"
                r"had been)\s+(?:\w+\s+)?(?:dispersed|broken up|disbanded)\b|"
                r"\b(?:protesters|protestors|demonstrators|picketers|strikers|crowd|participants)\s+(?:were|was|had been)\s+"
                r"(?:\w+\s+)?(?:dispersed|broken up)\b", "verb"),
    ("protest", r"\b(?:surrounded|encircled|kettled|dispersed|broke up)\s+(?:[\w-]+\s+){0,3}?(?:protesters|protestors|"
                r"demonstrators|picketers)\b", "verb"),
    # a protest told through its repression: "after the dispersal of the rally", "the violent
    # crackdown on protesters"
    ("protest", r"\b(?:dispersal|breaking up|break-up|crackdown|crack-down)\s+(?:of|on)\s+(?:the\s+|a\s+)?"
                r"(?:[\w’'-]+\s+){0,3}?(?:" + _PROTEST_NOUN + r"|protesters|protestors|demonstrators|picketers)\b",
     "noun"),
    # censorship as a noun: "the blocking of <site>" ("the blocking of the road" is a protest)
    ("censorship", r"\bthe\s+blocking\s+of\s+(?:access\s+to\s+)?(?:the\s+)?" + rf"(?:{_NOT_ROAD}[\w’'.-]+\s+){{0,4}}?"
                   + _MEDIA_OBJ + r"\b", "noun"),
    # violence told as a noun: "renewed clashes", "violent clashes with the police"
    ("physical_attack", r"\b(?:renewed|violent|deadly|fresh|bloody|armed|fierce)\s+clashes\b|\bclashes\s+(?:between|with)\s+"
                        r"(?:[\w-]+\s+){0,4}?(?:police|security forces|troops|soldiers|protesters|demonstrators)\b",
     "noun"),
    ("protest", r"\b(?:one-man|one-woman|solo|lone|individual|single)\s+(?:protest|picket|demonstration)s?\b|"
                r"\btook\s+to\s+the\s+streets?\b|\b(?:rallied|assembled)\s+(?:outside|in front of|near|at|in|"
                r"against|in support)\b|\bblocked\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?(?:road|highway|motorway|street|"
                r"railway|bridge)\b|\bwalkouts?\b|\bself-immolat\w+|\bset\s+(?:himself|herself|themselves)\s+on\s+fire\b",
     "verb"),
]
_LEXICON += _VOCABULARY
_COMPILED = [(t, re.compile(p, re.IGNORECASE), s) for t, p, s in _LEXICON]

# words that, before a trigger in its clause, turn it into a non-event
_NEGATION = re.compile(r"\b(?:not|never|no|denied|denies|deny|denying|without|nor|refused to|failed to|"
                       r"n[o’']t)\b", re.IGNORECASE)
_HYPOTHETICAL = re.compile(
    r"\b(?:could|would|might|may|should|must|shall|will|can|urge[sd]?|urging|calls?\s+for|called\s+for|"
    r"calling\s+for|demand(?:s|ed|ing)?|plan(?:s|ned|ning)?\s+to|intend\w*\s+to|threat(?:s|ened|ening)?\s+"
    r"(?:of|to)|risks?|risking|if|unless|potentially|possible|possibly|faces?|faced|facing|want\w*\s+to|"
    r"seek\w*\s+to|due\s+to\s+be|expected\s+to|likely|ask(?:s|ed)?\s+(?:for|to)|wish\w*)\b",
    re.IGNORECASE)
# a protest named as the charge or the reason of another event
_LABEL = re.compile(
    r"\b(?:for|of|accused|charged|guilty|convicted|sentenced|fined|banning|banned|ban|forb[iao]d\w*|"
    r"prohibit\w*|calls?\s+for|called\s+for|right to|freedom to|about|commemorat\w+)\s+"
    r"(?:(?!(?:have|has|had|was|were|is|are|been|be|will|would|did|who|which|that)\b)(?-i:[a-z’'-]+)\s+){0,3}$",
    re.IGNORECASE)
# "the banned movement": an attribute, not an event
_DENIED_THAT = re.compile(r"\b(?:denied|denies|deny|denying|rejected|dismissed)\s+(?:the\s+)?(?:that|claims?|"
                          r"reports?|allegations?|accusations?)\b", re.IGNORECASE)
_PARTICIPLE_NOUN = re.compile(r"\s+(?:[\w-]+\s+)?(?:women|men|people|persons|activists?|journalists?|bloggers?|"
                              r"protesters|demonstrators|participants|detainees|prisoners|students|workers|"
                              r"residents|defendants|individuals|reporters|lawyers?|man|woman|person)\b")
_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|its|their|his|her|this|that|these)\s+$", re.IGNORECASE)
# a participle right after a plural noun that is itself the object of a preposition or a
# determiner ("relatives of people detained in May", "the journalists arrested in the case",
# "those detained") describes the people, it reports no new event; "among those detained were
# X and Y" lists the people of an event and stays one
_POSTNOMINAL = re.compile(
    r"(?:\b(?<!among )(?:those|people)|\b(?:of|for|with|to|on|about|from|the|other|all)\s+(?:the\s+|other\s+|all\s+)?"
    r"(?:[\w-]+\s+)?(?:people|persons|activists|journalists|bloggers|protesters|demonstrators|participants|"
    r"residents|individuals|men|women|reporters|students|workers|villagers|believers|members))\s+$",
    re.IGNORECASE)
_REPORTED_OBJECTS = re.compile(r"^\s+(?:\w+\s+){0,2}?(?:report|statement|video|information|data|list|"
                               r"footage|documentary|song|album|book|film|findings|results|survey)\b",
                               re.IGNORECASE)

_CLAUSE_BREAK = re.compile(
    r";|:\s|\s[–—-]\s|,\s+(?=(?:who|whom|whose|which|where|when|while|whereas|as|after|before|because|"
    r"although|though|but|since|until|following|according to|with|despite|even though|in which|including)\b)|"
    r"\s(?=(?:according to)\b)|,?\s+(?=but\b)", re.IGNORECASE)
_MAIN_VERB_AFTER_RELATIVE = re.compile(r",\s+(?=(?:has\s+|have\s+|had\s+)?(?-i:[a-z]+ed|found|gave|sent|held|put|"
                                       r"took|upheld)\b)")
_RELATIVE_START = re.compile(r"^[\s,]*(?:who|whom|whose)\b", re.IGNORECASE)
_ANY_RELATIVE_START = re.compile(r"^[\s,]*(?:who|whom|whose|which)\b", re.IGNORECASE)
_CONTINUATION = re.compile(r"^\s*(?:he|she|they|his|her|their|him|them|it|the case|the court|this|"
                           r"later|subsequently|then|afterwards|the same day|the next day|also)\b",
                           re.IGNORECASE)
_ORG_SUBJECT = re.compile(
    r"\b(?:the|its|his|her|their|an?)\s+(?P<org>(?:[\w-]+\s+){0,3}?(?:party|movement|organi[sz]ation|NGO|"
    r"association|union|outlet|newspaper|website|channel|agency|foundation|bureau|coalition|media|"
    r"company|station|office|offices))\s+(?:\w+\s+){0,3}?$", re.IGNORECASE)
# "Stockholm, January 10, 2022 –", "(Berlin) –", "NUR-SULTAN --": where the text was filed
_DATELINE = re.compile(r"\s*(?:\([A-Z][\w .-]{1,30}\)|[A-Z][\w .-]{1,30},\s+[A-Z][a-z]+\.? \d{1,2},? \d{4}|"
                       # "JALAL-ABAD, Kyrgyzstan --": the city in capitals, then its country
                       r"[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*,\s+[A-Z][a-z]+(?: [A-Z][a-z]+)?(?=\s*(?:–|—|--))|"
                       r"[A-Z][\w .-]{1,30},\s+\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][A-Z .-]{1,30})\s*(?:(?:–|—|--)\s*|-\s)")
# A place inside an organisation's name or a person's affiliation ("an Almaty TV employee",
# "the outlet Pamir Review", "an Atyrau-based activist") is not where an event happened ...
_ORG_AFTER_PLACE = re.compile(
    r"^(?:-based\b|\s+(?:TV|television|radio|newspaper|news|Week|Weekly|Times|Review|Post|Herald|Today|"
    r"Online|Media|Daily|Express|Channel|Radio|Info|Press|Pravda|Vestnik)\b)")
# ... unless the organisation hosted the event ("a training organised by the outlet Uralsk Week")
_HOSTED_BY = re.compile(r"\b(?:organi[sz]ed|hosted|held|run|convened)\s+by\s+(?:[\w’'-]+\s+){0,4}$|"
                        r"\b(?:office|premises|studio|newsroom)s?\s+of\s+(?:[\w’'-]+\s+){0,4}$", re.IGNORECASE)
# where a court sits: "a court in Atyrau", "the trial, held in the city of Bukhara", "the
# Khujand City Court", "a Shymkent court"
_COURT_BEFORE_PLACE = re.compile(
    r"\b(?:courts?|tribunal|trials?|hearings?)(?:,\s+(?:which was\s+)?(?:held|heard)|\s+(?:was\s+|were\s+)?"
    r"(?:held|heard|took place|opened|began))?\s+in\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:(?:city|town|village|region|district|capital)(?:\s+of)?,?\s+)?$", re.IGNORECASE)
_COURT_AFTER_PLACE = re.compile(
    r"^(?:\s+(?:City|District|Regional|Region|Oblast|Military|Criminal|Civil|Inter-?[Dd]istrict|Specialized|"
    r"Specialised|Administrative|Economic|Garrison|city|district|regional|local|criminal)){0,4}\s+[Cc]ourts?\b")
# a definite reference back to a court named earlier: "The court on 20 January ruled", "the same court"
_DEFINITE_COURT = re.compile(r"\b(?:the|this|that)\s+(?:same\s+|city\s+|district\s+|local\s+|trial\s+)?"
                             r"court(?:’s|'s)?\b(?!\s+(?:in|of)\s+[A-Z])", re.IGNORECASE)
# "there" pointing back to the story's place ("she was held there for 10 days")
_THERE = re.compile(r"\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would|could|may|might|seems?|"
                    r"appears?)\b)", re.IGNORECASE)
# "most of them were released": a part of an earlier group, not a named person of the sentence
# ("both of them", "all of them" are the whole group: the story's people)
_PART_OF_GROUP = re.compile(r"\b(?:most|some|many|several|none|few|one|two|three|four|five|the rest|"
                            r"the others?)\s+of\s+them\b|\bthe others\b", re.IGNORECASE)
_PART_AFTER = re.compile(r"\s+(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+of\s+"
                         r"(?:them|those\b[\w\s]{0,20}?)\b", re.IGNORECASE)
_MONTH_NAME = (r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
               r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)")
_COMPLAINT = re.compile(r"complaint|lawsuit|claims?\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she|his|her|him|hers|himself|herself)\b", re.IGNORECASE)
_PLURAL = re.compile(r"\b(?:they|them|their|both|each)\b", re.IGNORECASE)
_ALSO = re.compile(r"\balso\b", re.IGNORECASE)

_OFFICIAL_ROLES = ("official", "president", "prime minister", "minister", "akim", "mayor", "judge",
                   "prosecutor", "police officer", "policeman", "investigator", "governor", "deputy",
                   "spokes", "ombudsman", "senator", "head of state", "chairman", "officer")
_STATE_BODY = (r"(?:department|ministry|committee|administration|akimat|police|prosecutor\w*|court|government|"
               r"state|national security|parliament|city|region|district|presidential|internal affairs)")
_OFFICIAL_BEFORE = re.compile(
    r"(?:president|prime minister|minister|akim|mayor|judge|prosecutor|investigator|deputy|officer|"
    r"policem[ae]n|governor|spokes\w+|ombudsman|senator|(?:head|chairman) of (?:the )?[\w ]*"
    + _STATE_BODY + r"[\w ]*)\W+(?:[\w()’'.-]+\W+){0,3}$",
    re.IGNORECASE)
_OFFICIAL_AFTER = re.compile(
    r"^,?\s+(?:the\s+|a\s+)?(?:deputy\s+)?(?:(?:minister|president|governor|akim|mayor|judge|prosecutor|"
    r"spokes\w+|investigator)\b|(?:head|chief|director|chairman)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
    + _STATE_BODY + r"\b)", re.IGNORECASE)
_SPEAKER = re.compile(r"^\s*(?:,\s*)?(?:said|says|stated|told|noted|wrote|added|explained|argued)\b",
                      re.IGNORECASE)
# "..., said his wife, X" names the speaker after her relation to the story's person
_SPEAKER_BEFORE = re.compile(r"\b(?:said|says|stated|noted|wrote|added)\s+(?:(?:his|her|their)\s+(?:[\w-]+\s+)?"
                             r"[\w-]+,?\s+)?$", re.IGNORECASE)
_PROPERTY = re.compile(
    r"^(?:’s|'s|’|')\s+(?:\w+\s+)?(?:home|house|flat|apartment|office|case|car|phones?|computers?|"
    r"belongings|property|account|page|channel|website|agency|newspaper|premises|trial|detention|"
    r"arrest|sentence|appeal|conviction|family home|lawyer’s office)\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^(?:’s|'s|’|')(?=\s)")

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "a hundred": 100,
}
_VAGUE = ("several", "a few", "few", "some", "many", "numerous", "dozens", "hundreds", "thousands",
          "a number", "a group", "groups", "scores", "a handful", "other", "more")
_GROUP_NOUNS = (
    r"people|persons|activists|protesters|protestors|demonstrators|journalists|reporters|"
    r"correspondents?|residents?|citizens|women|men|shareholders|supporters|members|students|workers|"
    r"employees|staff|bloggers|defendants|relatives|believers|individuals|participants|farmers|"
    r"pensioners|mothers|lawyers|human rights defenders|media workers|critics|dissidents|prisoners|"
    r"detainees|arrestees|inmates|founders|co-founders|organi[sz]ers|signatories|volunteers|"
    r"youths|villagers|miners|doctors|teachers|entrepreneurs|police officer|officers|activist|"
    r"journalist|blogger|lawyer|bystanders?|picketers|strikers|opposition supporters|civil society "
    r"activists|Muslims|Christians|Jehovah’s Witnesses|Jehovah's Witnesses"
)
_PROPER_GROUPS = r"Muslims|Christians|Witnesses"
_QUANT = (r"(?:(?:about|around|approximately|nearly|almost|over|more than|at least|up to|some|"
          r"roughly|some)\s+)?(?:\d+(?:[,.]\d{3})*(?![\d,.]*\d)|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
          + r"|several|a few|few|many|numerous|dozens|hundreds|thousands|a number|a group|groups|scores|"
          r"a handful|an?|other|more|the)")
_GROUP = re.compile(
    r"\b(?P<quant>" + _QUANT + r")\s+(?:of\s+(?:the\s+)?)?(?P<body>(?:(?!about\b|around\b|at\b|some\b|"
    r"of\b|and\b|the\b|by\b|with\b|for\b|from\b|to\b|their\b|his\b|her\b|its\b|our\b)[A-Za-z’'-]+\s+"
    r"(?:and\s+)?){0,3}?(?:"
    + _GROUP_NOUNS + r"))\b", re.IGNORECASE)

_PERPETRATORS: list[tuple[str, re.Pattern[str]]] = [
    ("unknown_assailants", re.compile(r"\bunknown\s+(?:assailants|attackers|men|persons|people|individuals)|"
                                      r"\bunidentified\s+(?:assailants|attackers|men|persons|people)",
                                      re.IGNORECASE)),
    ("security_services", re.compile(r"\b(?:KNB|National Security Committee|security services?|"
                                     r"State Security|SNB|GKNB|intelligence services?)\b", re.IGNORECASE)),
    ("police", re.compile(r"\b(?:police|policem[ae]n|special forces|riot police|law enforcement|"
                          r"Department of Internal Affairs|Interior Ministry|militsiya)\b", re.IGNORECASE)),
    ("prosecutors", re.compile(r"\bprosecutor", re.IGNORECASE)),
    ("court", re.compile(r"\bcourt\b|\bjudge\b", re.IGNORECASE)),
    ("company", re.compile(r"\b(?:company|employer|factory|corporation|firm)\b", re.IGNORECASE)),
    ("authorities", re.compile(r"\b(?:authorities|akimat|city administration|government|ministry|"
                               r"officials|akim|mayor)\b", re.IGNORECASE)),
]
_COURT_TYPES = {"administrative_arrest", "prison_sentence", "restricted_freedom", "court_ruling"}
_LEGAL_TYPES = set(EVENT_TYPES) - {"protest", "physical_attack", "release"}

_RIGHT_HEADINGS = [
    ("peaceful_assembly", re.compile(r"assembl|protest|picket|rall(?:y|ies)|demonstrat", re.IGNORECASE)),
    ("association", re.compile(r"associat|\bparty\b|\bngos?\b|trade union|organi[sz]ation", re.IGNORECASE)),
    ("expression", re.compile(r"expression|journalist|media|speech|press|blogger|censorship|information",
                              re.IGNORECASE)),
]
_RIGHT_CONTENT = [
    ("peaceful_assembly", re.compile(r"protest|picket|rall(?:y|ies)|assembl|demonstrat|hunger[- ]strike|"
                                     r"vigil|gathered|gathering|\bmarch(?:ed|es)\b|\ba march\b", re.IGNORECASE)),
    ("association", re.compile(r"\bpart(?:y|ies)\b|movement|\bngos?\b|association|trade union|"
                               r"registration|extremist organi|religious|organi[sz]ation", re.IGNORECASE)),
    ("expression", re.compile(r"journalist|media|blogger|publication|speech|facebook|false information|"
                              r"\bposts?\b|article|website|instagram|telegram|youtube|satir|song|"
                              r"reporter|editor|newspaper|defamation|insult", re.IGNORECASE)),
]
_TYPE_RIGHT = {"protest": "peaceful_assembly", "censorship": "expression"}

_PHRASES = {
    "detention": "detained", "administrative_arrest": "sentenced to administrative arrest",
    "fine": "fined", "criminal_charge": "charged", "prison_sentence": "sentenced to prison",
    "restricted_freedom": "given a non-custodial sentence",
    "psychiatric_detention": "held in forced psychiatric treatment", "search": "searched",
    "interrogation": "questioned", "surveillance": "put under surveillance",
    "physical_attack": "attacked", "harassment": "harassed",
    "travel_restriction": "subjected to a travel restriction", "censorship": "censored",
    "legislation": "restrictive legislation", "court_ruling": "court ruling",
    "charges_dropped": "charges dropped", "release": "released", "protest": "held a protest",
}


# --------------------------------------------------------------------------------------------
# Working rows
# --------------------------------------------------------------------------------------------

@dataclass
class _Trigger:
    event_type: str
    start: int
    end: int
    strength: str


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    section: str | None
    quotes: list[tuple[int, int]]
    clauses: list[tuple[int, int]]
    persons: list[Any]
    dates: list[Any]
    places: list[Any]
    report_persons: Sequence[Any] = ()  # every person mention of the report, for back-references


@dataclass
class _Draft:
    inc: Incident
    sentence: _Sentence
    trigger: _Trigger
    own_date: bool
    own_place: bool
    mention: Any = None
    place: Any = None
    date_level: str | None = None


@dataclass
class _Story:
    """What a paragraph has said so far: the people, date and place later sentences inherit."""
    paragraph: int = -1
    targets: list[str] = field(default_factory=list)
    target_names: list[str] = field(default_factory=list)
    group: str | None = None
    participants: int | None = None
    date: Any = None
    place: Any = None
    last_person: Any = None
    prev_persons: list[Any] = field(default_factory=list)
    section_date: Any = None
    persons_seen: set[str] = field(default_factory=set)
    # the people of the previous paragraph, for a pronoun in a paragraph that names nobody
    fallback: list[Any] = field(default_factory=list)
    # every person targeted so far in the report, most recent first: "he" in a chronology's
    # later paragraph is the last man targeted, even when the paragraph before was about his wife
    history: list[Any] = field(default_factory=list)
    # where each person's last placed event happened, over the whole report: id -> (place, day)
    person_places: dict[str, tuple[Any, date]] = field(default_factory=dict)
    # where the last court named in the report sits: (place, paragraph, section, person ids,
    # the date of the sentence that named it)
    court: tuple[Any, int, str | None, frozenset[str], Any] | None = None
    # the date of the last sentence that dated a court session ("pronounced the verdict on
    # March 14"), for "on the day of the hearing" later in the report
    court_day: Any = None


# --------------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------------

def extract_incidents(text: str, units: Sequence[Any], persons: Sequence[Any], meta: Any) -> list[Incident]:
    """All incidents of a report, deterministic, sorted by (evidence_start, event_type)."""
    gazetteer = _places.Gazetteer.default()
    sentences = _prepare_sentences(text, units, persons, gazetteer, meta)
    drafts: list[_Draft] = []
    story = _Story()
    prev_story = _Story()
    section_date: dict[str | None, Any] = {}
    for sent in sentences:
        if sent.paragraph != story.paragraph:
            prev_story, story = story, _Story(paragraph=sent.paragraph)
            _inherit_across_paragraphs(text, story, prev_story, sent)
        story.section_date = section_date.get(sent.section)
        if not sent.dates and story.court_day is not None and _DAY_OF_COURT.search(sent.text):
            # "on the morning of the verdict": that session's day, and its place
            story.date = story.court_day[0]
            story.place = story.court_day[1] or story.place
        new = _sentence_incidents(text, sent, story, meta, drafts)
        drafts.extend(new)
        _update_story(text, story, sent, new)
        court = court_place(text, sent)
        if court is not None:
            story.court = (court, sent.paragraph, sent.section,
                           frozenset(p.local_id for p in sent.persons) | frozenset(story.targets),
                           sent.dates[0] if sent.dates else None)
        event_dates = [d for d in sent.dates if not _SAID_ON.search(text[max(sent.start, d.start - 25):d.start])]
        session = [d for d in event_dates if _COURT_SESSION.search(text, *_clause_of(sent, d.start))]
        if session:
            story.court_day = (session[0], _first_place(sent))
        if event_dates and _in_period(event_dates[-1].first, event_dates[-1].last, meta) is not False:
            section_date[sent.section] = event_dates[-1]
    _place_by_trial(text, sentences, drafts, meta)
    drafts = _date_undated_lead(text, sentences, drafts, meta)
    kept = _merge(text, drafts)
    out = [d.inc for d in kept if _emit(d)]
    out.sort(key=lambda i: (i.evidence_start, i.event_type, i.evidence_end, ",".join(i.target_names)))
    return out


# --------------------------------------------------------------------------------------------
# Preparation: sentences with their quotes, clauses and mentions
# --------------------------------------------------------------------------------------------

# the day of a statement ("..., Human Rights Watch said today", "told journalists on 2 March") dates
# the saying, not the events a later sentence continues
_SAID_ON = re.compile(r"\b(?:said|says|stated|told\s+(?:[\w-]+\s+){0,2}?|announced|reported|wrote)\s+(?:on\s+|in\s+)?$",
                      re.IGNORECASE)


_CO_DEFENDANT = re.compile(r"\b(?:together\s+with|co-?defendants?|the\s+same\s+(?:charges?|case|trial|"
                           r"verdict|article)|in\s+the\s+same\s+(?:case|trial))\b", re.IGNORECASE)
_SANCTIONED = re.compile(r"sanctioned\b", re.IGNORECASE)
_COURT_SESSION = re.compile(r"\b(?:court|judge|verdict|sentenced|hearing|trial)\b", re.IGNORECASE)
# "On the day of the court hearing, fifteen people came ...", "on the morning of the verdict"
_DAY_OF_COURT = re.compile(r"\bthe\s+(?:day|morning|afternoon|evening)\s+of\s+the\s+(?:court\s+)?"
                           r"(?:verdict|hearing|trial|sentencing|ruling)\b", re.IGNORECASE)


def _prepare_sentences(text: str, units: Sequence[Any], persons: Sequence[Any], gazetteer: Any,
                       meta: Any) -> list[_Sentence]:
    paragraphs = [u for u in units if u.kind == "paragraph"]
    quote_spans: list[tuple[int, int]] = []
    for p in paragraphs:
        quote_spans.extend(quote_spans_of(text, p.start, p.end))
    sent_units = sorted((u for u in units if u.kind == "sentence"), key=lambda u: u.start)
    if not paragraphs:
        for u in sent_units:
            quote_spans.extend(quote_spans_of(text, u.start, u.end))
    ctx_prev = None
    court_day = None
    published = publication_date(text)
    # a news item's own date line says which year "on 16 May" is, before any year it recalls
    default_year = _default_year(meta) or (published.year if published else None) or _latest_year(text)
    all_persons = sorted(persons, key=lambda p: p.start)
    out: list[_Sentence] = []
    for i, u in enumerate(sent_units):
        quotes = [q for q in quote_spans if q[0] < u.end and q[1] > u.start]
        line = _PUBLISHED_LINE.match(text, u.start, u.end)
        if line and line.group("place") and re.match(r"\s*(?:–|—|--|-)", line.group("tail")):
            # a page of several news items ("New York, October 10, 2024—..."): each item's dateline
            # anchors its own "on Thursday"
            published = _date_of(line) or published
        found = _find_dates(text, u.start, u.end, meta, ctx_prev, default_year, published)
        found = [d for d in found if not _inside(d.start, d.end, quotes)]
        days = [d for d in found if d.precision == "day"]
        if days or (found and (ctx_prev is None or ctx_prev.precision != "day")):
            # "the same day", "the next day" count from a day: a background "in October" between
            # the verdict and "On the same day, police detained ..." is no anchor
            ctx_prev = (days or found)[-1]
        clauses = split_clauses(text, u.start, u.end)
        session = [d for d in days if not _SAID_ON.search(text[max(u.start, d.start - 25):d.start])
                   and any(a <= d.start < b and _COURT_SESSION.search(text, a, b) for a, b in clauses)]
        if session:
            court_day = session[0]
        elif not found and court_day is not None and _DAY_OF_COURT.search(text, u.start, u.end):
            # "on the morning of the verdict ... released a few hours later": hours count from
            # the session's day, not from the date written last
            ctx_prev = court_day
        dateline = _DATELINE.match(text, u.start, u.end)
        plc = [p for p in gazetteer.find(text, u.start, u.end) if not _inside(p.start, p.end, quotes)
               and not (dateline and p.end <= dateline.end()) and not _affiliation_place(text, p, u.start)
               and not _DISTRICT_OF.match(text, p.end)]
        ppl = [p for p in persons if p.start >= u.start and p.end <= u.end
               and not _inside(p.start, p.end, quotes)]
        out.append(_Sentence(i, u.start, u.end, text[u.start:u.end], getattr(u, "paragraph_index", 0),
                             getattr(u, "section", None), quotes, clauses,
                             sorted(ppl, key=lambda p: p.start), found, plc, all_persons))
    return out


def quote_spans_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans inside quotation marks (“…”, «…», "…", ‘…’) within text[start:end]; an opening
    mark never closed in the span quotes the rest of it (a paragraph-long quotation)."""
    spans: list[tuple[int, int]] = []
    pairs = {"“": "”", "«": "»", "‘": "’", "„": "“"}
    i = start
    while i < end:
        ch = text[i]
        close = pairs.get(ch)
        if ch == '"':
            close = '"'
        if close is None or (ch == "‘" and i > start and text[i - 1].isalnum()):
            i += 1
            continue
        j = text.find(close, i + 1, end)
        if ch == "‘":
            # a closing ’ is also an apostrophe: take the first ’ not followed by a letter
            j = i + 1
            while True:
                j = text.find("’", j, end)
                if j < 0 or j + 1 >= end or not text[j + 1].isalpha():
                    break
                j += 1
        if j < 0:
            if ch in ("“", "«"):
                spans.append((i, end))
            i += 1
            continue
        spans.append((i, j + 1))
        i = j + 1
    return spans


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of a sentence, cut before relative, temporal and attribution connectives."""
    cuts = [start]
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > cuts[-1]:
            cuts.append(m.start())
    cuts.append(end)
    # "The court, which has heard the case since May, sentenced X": a relative clause set off by
    # commas ends before the main verb that follows its closing comma
    closed = []
    for a, b in zip(cuts, cuts[1:]):
        if _ANY_RELATIVE_START.match(text[a:b]):
            m = _MAIN_VERB_AFTER_RELATIVE.search(text, a + 2, b)
            if m:
                closed.append(m.start())
    cuts = sorted(set(cuts) | set(closed))
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _inside(a: int, b: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s <= a and b <= e for s, e in spans)


def meta_period(meta: Any) -> tuple[date | None, date | None]:
    return getattr(meta, "period_start", None), getattr(meta, "period_end", None)


def _default_year(meta: Any) -> int | None:
    ps, pe = meta_period(meta)
    if ps is not None:
        return ps.year
    if pe is not None:
        return pe.year
    return None


def _latest_year(text: str) -> int | None:
    """A text that never gives the year of its events is read in the latest year it mentions:
    events without a year are the news, and the years a news text names are its background."""
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", text)]
    return max(years) if years else None


def _find_dates(text: str, start: int, end: int, meta: Any, previous: Any, default_year: int | None,
                published: date | None = None) -> list:
    ps, pe = meta_period(meta)
    ctx = _dates.DateContext(default_year=default_year, period_start=ps, period_end=pe, previous=previous,
                             **_publication_kw(meta, published))
    found = sorted(_dates.find_dates(text, start=start, end=end, ctx=ctx), key=lambda d: d.start)
    return [_before_publication(d, published) for d in found]


def _before_publication(dm: Any, published: date | None) -> Any:
    """A day or month without its year that would fall after the publication day is last year's:
    news reports what has happened ("arrested in October" in a March item)."""
    if published is None or getattr(dm, "year_stated", True) or getattr(dm, "relative", False) or \
            dm.first <= published:
        return dm
    try:
        return _replace(dm, first=dm.first.replace(year=dm.first.year - 1),
                        last=dm.last.replace(year=dm.last.year - 1))
    except ValueError:  # 29 February
        return dm


def _publication_kw(meta: Any, published: date | None = None) -> dict:
    fields = getattr(_dates.DateContext, "__dataclass_fields__", {})
    if "publication" in fields:
        return {"publication": getattr(meta, "publication", None) or published}
    return {}


# "March 14, 2023 12:40 GMT", "16.05.2017 20:19 msk", "Update, January 23, 2017" alone on a line,
# or the date of a dateline ("Almaty, March 3, 2023—"), near the top: the day the text was
# published, which anchors "on Tuesday" and "earlier this month"
# a full date as news pages print it: "17 January 2024", "March 15, 2024", "16.05.2017"
_FULL_DATE_ALT = (r"(?:(?P<d1>\d{1,2})\s+(?P<m1>[A-Z][a-z]+)\.?,?\s+(?P<y1>(?:19|20)\d{2})|"
                  r"(?P<m2>[A-Z][a-z]+)\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>(?:19|20)\d{2})|"
                  r"(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>(?:19|20)\d{2}))")
_PUBLISHED_LINE = re.compile(
    r"^(?P<place>[A-Z][\w ]{0,20},\s+)?" + _FULL_DATE_ALT +
    r"(?P<tail>\s*(?:[|,/-]?\s*\d{1,2}:\d{2}(?:\s*[A-Za-z+]{2,5})?)?\s*$|\s*(?:–|—|--)|\s+-\s)", re.MULTILINE)
_MONTH_NUMBER = {m.lower(): i for i, m in enumerate(
    ("", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December")) if m}
_MONTH_NUMBER.update({k[:3]: v for k, v in list(_MONTH_NUMBER.items())})


_FULL_DATE = re.compile(r"\b" + _FULL_DATE_ALT + r"\b")


def _date_of(m: re.Match[str]) -> date | None:
    if m.group("y3"):
        d, mo, y = int(m.group("d3")), int(m.group("m3")), int(m.group("y3"))
    else:
        name = (m.group("m1") or m.group("m2")).lower()
        mo = _MONTH_NUMBER.get(name, _MONTH_NUMBER.get(name[:3], 0))
        d, y = int(m.group("d1") or m.group("d2")), int(m.group("y1") or m.group("y2"))
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _byline_date(text: str, head: int) -> date | None:
    """A short line of the head that is a date plus a time, a source or an author ("17 January
    2024, 14:20 | Kloop", "Vlast.kz, 7 June 2024", "March 15, 2024 | RFE/RL's Kazakh Service"):
    no prose, so it says when the page was published, not when something happened."""
    for line in text[:head].split("\n"):
        line = line.strip()
        m = _FULL_DATE.search(line)
        if not m or len(line) > 90 or re.match(r"(?i)\s*(?:updated?|last\s+updated|modified)\b", line):
            continue
        rest = (line[:m.start()] + " " + line[m.end():])
        rest = re.sub(r"\d{1,2}:\d{2}(?:\s*[A-Za-z+]{2,5})?|[|,/()•·–—:-]", " ", rest)
        words = rest.split()
        # the rest names a source (capitalised words, domains), never a sentence
        if len(words) <= 6 and not any(w[:1].islower() and len(w) > 3 and "." not in w and
                                       w.lower() not in ("published", "posted", "by") for w in words):
            return _date_of(m)
    return None


def publication_date(text: str, head: int = 800) -> date | None:
    """The publication day a news text states in its first lines (a date line or a dateline)."""
    byline = _byline_date(text, head)
    if byline is not None:
        return byline
    for m in _PUBLISHED_LINE.finditer(text, 0, min(len(text), head)):
        if m.group("place") and not re.match(r"\s*(?:–|—|-)", m.group("tail")):
            continue  # "Update, January 23, 2017": when the page changed, not when its news happened
        day = _date_of(m)
        if day is not None:
            return day
    return None


def _affiliation_place(text: str, p: Any, floor: int) -> bool:
    """A place that names an organisation or a person's affiliation ("an Almaty TV employee",
    "the outlet Pamir Review", "an Atyrau-based activist"), unless that organisation hosted the
    event ("a training organised by the media outlet Uralsk Week")."""
    if not _ORG_AFTER_PLACE.match(text[p.end:p.end + 20]):
        return False
    return not _HOSTED_BY.search(text[max(floor, p.start - 60):p.start])


# --------------------------------------------------------------------------------------------
# Triggers
# --------------------------------------------------------------------------------------------

def find_triggers(text: str, start: int, end: int, quotes: Sequence[tuple[int, int]] = ()) -> list[_Trigger]:
    """Event triggers of text[start:end] that report something that happened."""
    found: list[_Trigger] = []
    clauses = split_clauses(text, start, end)
    for etype, rx, strength in _COMPILED:
        for m in rx.finditer(text, start, end):
            if _inside(m.start(), m.end(), quotes):
                continue
            cstart = next((a for a, b in clauses if a <= m.start() < b), start)
            if _blocked(text, etype, m, cstart):
                continue
            found.append(_Trigger(etype, m.start(), m.end(), strength))
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    # travel bans win over the harassment reading of the same words
    kept: list[_Trigger] = []
    for t in found:
        clash = [k for k in kept if k.start < t.end and t.start < k.end]
        if any(k.event_type == "travel_restriction" for k in clash) and t.event_type in ("harassment", "search"):
            continue  # "confiscated his passport" bars travel; it is no search
        if any(k.event_type == "censorship" for k in clash) and t.event_type == "search":
            continue  # "confiscated the print run" silences a publication
        if any(k.event_type == t.event_type for k in clash):
            continue  # two patterns of one type on the same words
        if t.event_type in ("travel_restriction", "censorship"):
            losers = ("harassment", "search") if t.event_type == "travel_restriction" else ("search",)
            kept = [k for k in kept if not (k.event_type in losers and k.start < t.end and t.start < k.end)]
        kept.append(t)
    return kept


def _blocked(text: str, etype: str, m: re.Match[str], cstart: int) -> bool:
    before = text[cstart:m.start()]
    # a quoted charge ("guilty of "calls for mass riots" and handed her ...") holds no modal
    segment = re.split(r"[,(]", re.sub(r"[“\"«][^”\"»]{0,120}[”\"»]", " ", before))[-1]
    words_before = " ".join(segment.split()[-10:])
    word = m.group(0).lower()
    if etype in ("prison_sentence", "SENTENCE", "restricted_freedom") and re.search(
            r"\b(?:requested|request|requests|requesting|sought|seeks|seeking|demanded|demands|asked for|asks for|"
            r"asking for|could face|faces|facing|face up to|carries|carrying)\s+(?:[\w-]+\s+){0,3}$", before[-60:],
            re.IGNORECASE):
        return True  # "prosecutors requested 6-year prison sentences": a demand, not a sentence
    if etype == "protest":
        label = _LABEL.search(before[-60:])
        if label and not re.match(r"of\s+(?:[a-z’'-]+\s+)*?(?:people|residents|citizens|workers|women|men|"
                                  r"protesters|supporters|villagers|students)\s+$", label.group(0), re.IGNORECASE):
            return True  # ("thousands of people took to the streets" names the people, no charge)
        if re.search(r"\b(?:announced|declared)\b", before, re.IGNORECASE):
            return bool(_NEGATION.search(" ".join(before.split()[-3:])))
    if _NEGATION.search(" ".join(segment.split()[-4:])) and not word.startswith(("not", "denied", "refused")):
        return True
    if _DENIED_THAT.search(before):
        return True  # "officials denied that X had been detained": a claim the sentence disputes
    if any(h.group(0) != "May" for h in _HYPOTHETICAL.finditer(words_before)):
        return True  # (the month "May" is no modal)
    if etype == "censorship" and _ATTRIBUTIVE.search(before[-8:]) and \
            re.match(r"(?:blocked|banned|shut|closed|taken|censored|outlawed)\b", word):
        return True  # "the banned movement": an attribute, not an event
    if etype != "censorship" and re.fullmatch(r"[a-z-]+ed", word) and \
            re.search(r"\b(?:the|these|those|other|fellow)\s+(?:[\w-]+ly\s+)?$", before[-25:], re.IGNORECASE) and \
            _PARTICIPLE_NOUN.match(text[m.end():m.end() + 40]):
        return True  # "seven of the detained women were fined": an attribute of the group
    if etype in ("detention", "SENTENCE", "criminal_charge", "interrogation") and \
            re.fullmatch(r"(?:detained|arrested|jailed|charged|prosecuted|summoned|questioned|imprisoned)", word) and \
            _POSTNOMINAL.search(text[max(cstart, m.start() - 60):m.start()]):
        return True  # "relatives of people detained in May", "those arrested": a reduced relative
    if etype in ("SENTENCE", "prison_sentence", "restricted_freedom", "administrative_arrest") and \
            re.search(r"\bserv(?:ing|es|ed|e)\s+(?:out\s+)?(?:an?\s+|his\s+|her\s+|their\s+)?$", before[-30:], re.IGNORECASE):
        return True  # "who is serving a seven-year sentence": a state, the sentencing lies elsewhere
    if etype == "protest" and re.search(r"(?-i:March)$", m.group(0)) and m.start() > cstart and \
            re.match(r"\s*\d", text[m.end():m.end() + 3]):
        return True  # "the March 12 election": the month, no march
    if etype == "criminal_charge" and re.match(r"as a suspect", word) and re.search(
            r"\b(?:questioned|interrogated|summoned|interviewed)\s+(?:\w+\s+){0,2}$", before, re.IGNORECASE):
        return True  # "questioned as a suspect": the capacity of an interrogation
    if etype == "release" and _REPORTED_OBJECTS.match(text[m.end():m.end() + 40]):
        return True
    if etype == "detention" and word == "detain":
        return True  # base form: an order or an intention, not a report
    if etype == "court_ruling" and word.startswith("court") and re.search(
            r"\b(?:following|after|under|despite|against|per|appealed|appeal|of|by|to)\s+(?:the\s+|a\s+|this\s+)?$",
            before, re.IGNORECASE):
        return True
    if etype == "interrogation" and re.search(r"\b(?:the|these|such|illegal|systematic)\s+[\w ,]*$",
                                              before[-40:], re.IGNORECASE) and "interrogation" in word:
        return True
    if etype == "legislation" and re.search(r"\b(?:under|violat\w+|breach\w*|of)\s+(?:the\s+)?$", before[-20:],
                                            re.IGNORECASE):
        return True
    if etype == "legislation" and word.startswith("draft") and re.search(
            r"\b(?:against|oppos\w+|over|about|on|criticis\w+|criticiz\w+|to)\s+(?:the\s+|a\s+)?$", before[-25:],
            re.IGNORECASE):
        return True  # "a picket against the draft law": the topic of another event, not a law's step
    if etype == "criminal_charge" and re.search(r"disciplinary", m.group(0), re.IGNORECASE):
        return True
    if etype == "CONVICTION" and re.search(r"\bnot\s+guilty\b", word):
        return True  # "found X not guilty" is an acquittal (charges_dropped)
    if etype == "censorship" and re.search(r"\b(?:construction|mining|building|test|burial|memorial|camp|"
                                           r"landfill|dump)\s+sites?$", word):
        return True  # a place called a site is no website
    if etype == "protest" and word.startswith("blocked") and re.search(
            r"\b(?:police|officers|authorities|troops|soldiers|security|guards|officials|akimat)\b", before,
            re.IGNORECASE):
        return True  # "police blocked the road": a cordon, not a protest
    return False


# --------------------------------------------------------------------------------------------
# One sentence -> draft incidents
# --------------------------------------------------------------------------------------------

def _sentence_incidents(text: str, sent: _Sentence, story: _Story, meta: Any, drafts: list[_Draft]) -> list[_Draft]:
    triggers = find_triggers(text, sent.start, sent.end, sent.quotes)
    triggers = _resolve_sentencing(text, sent, triggers)
    triggers = [t for t in triggers if not _ruling_of_event(sent, t, triggers)]
    triggers = [t for t in triggers if not _investigates_attack(text, sent, t, drafts)]
    if not triggers:
        return []
    groups: dict[tuple[str, tuple[str, ...], int | None], list[_Trigger]] = {}
    order: list[tuple[str, tuple[str, ...], int | None]] = []
    assigned: dict[int, tuple[list[Any], str | None, int | None, bool]] = {}
    for t in triggers:
        ppl, group, count, resolved = _targets_for(text, sent, t, story)
        # a court's sanctioned custody has its term too ("sanctioned his arrest for 40 days")
        days = _penalty_days_for(text, sent, t, ppl) if t.event_type in (
            "administrative_arrest", "prison_sentence", "restricted_freedom") or (
            t.event_type == "detention" and _SANCTIONED.match(text, t.start)) else None
        if days is not None and isinstance(days, dict):
            # several penalties in one sentence: one incident per group of people
            for d, subset in days.items():
                key = (t.event_type, tuple(sorted(p.local_id for p in subset)), d)
                if key not in groups:
                    groups[key] = []
                    order.append(key)
                groups[key].append(t)
                assigned[id(groups[key])] = (subset, group, count, resolved)
            continue
        if not ppl and not group and _COMPLAINT.search(text[t.start:t.end]):
            continue  # "an official, who had filed a civil claim": against whom, the sentence does not say
        key = (t.event_type, tuple(sorted({p.local_id for p in ppl})) or (group or "",), None)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(t)
        assigned[id(groups[key])] = (ppl, group, count, resolved)
    # interrogation during a detention of the same people is part of that detention
    det_people = {k[1] for k in order if k[0] == "detention"}
    order = [k for k in order if not (k[0] == "interrogation" and k[1] in det_people)]
    out: list[_Draft] = []
    for key in order:
        trigs = groups[key]
        ppl, group, count, resolved = assigned[id(trigs)]
        t = trigs[0]
        for place in _places_for_split(sent, t, ppl):
            out.append(_build(text, sent, t, ppl, group, count, story, meta, key[2], place, resolved))
    return out


def _ruling_of_event(sent: _Sentence, t: _Trigger, triggers: list[_Trigger]) -> bool:
    """"A court ordered compulsory psychiatric treatment for him": the order is the event it
    orders (psychiatric detention, custody, a travel ban, a search), not a second court ruling."""
    if t.event_type != "court_ruling":
        return False
    clause = _clause_of(sent, t.start)
    return any(k.event_type in _ORDERED_TYPES and t.start < k.start and k.start - t.end <= 30 and k.start < clause[1]
               for k in triggers)


def _investigates_attack(text: str, sent: _Sentence, t: _Trigger, drafts: list[_Draft]) -> bool:
    """"X was beaten ... Police opened a case for hooliganism": a case opened after an attack,
    against nobody, is the investigation of the attackers, no charge of the victim."""
    if t.event_type != "criminal_charge" or not re.search(r"\b(?:opened|opening|initiated|launched|instituted)\b",
                                                         text[t.start:t.end], re.IGNORECASE):
        return False
    a, b = _clause_of(sent, t.start)
    if re.search(r"\bagainst\b", text[a:b], re.IGNORECASE) or _candidates(text, sent, t, a, b):
        return False
    return any(d.inc.event_type == "physical_attack" and d.sentence.paragraph == sent.paragraph for d in drafts)


_ORDERED_TYPES = {"psychiatric_detention", "detention", "travel_restriction", "search", "censorship", "fine"}


def _resolve_sentencing(text: str, sent: _Sentence, triggers: list[_Trigger]) -> list[_Trigger]:
    out: list[_Trigger] = []
    for t in triggers:
        if t.event_type == "CONVICTION":
            etype = _resolve_conviction(text, sent, t, triggers)
            if etype is not None:
                out.append(_Trigger(etype, t.start, t.end, t.strength))
            continue
        if t.event_type != "SENTENCE":
            out.append(t)
            continue
        out.append(_Trigger(classify_sentence(text[t.start:_clause_end(sent, t.start)]), t.start, t.end, t.strength))
    return out


def _resolve_conviction(text: str, sent: _Sentence, t: _Trigger, triggers: list[_Trigger]) -> str | None:
    """"Found X guilty" / "was convicted": the sentencing beside it is the event; without one,
    the penalty named later in the paragraph ("In addition to the prison terms, ...") types the
    verdict, and a verdict with no penalty in sight is a court ruling."""
    if any(k.event_type in ("SENTENCE", "fine", "prison_sentence") for k in triggers if k is not t):
        return None
    end = text.find("\n\n", sent.end)
    rest = text[t.end:end if end >= 0 else len(text)]
    if re.search(r"probation|restrict(?:ed|ion of) (?:freedom|liberty)|suspended sentence", rest, re.IGNORECASE):
        return "restricted_freedom"
    if re.search(r"\bprison\b|\bjail\b|imprisonment|penal colony|deprivation of (?:freedom|liberty)", rest,
                 re.IGNORECASE):
        return "prison_sentence"
    if re.search(r"\bfined?\b", rest, re.IGNORECASE):
        return None  # the fine is its own trigger
    return "court_ruling"


def classify_sentence(window: str) -> str:
    """The type of a sentencing from the words that follow 'sentenced' / 'given a ... term'."""
    w = window.lower()
    if re.search(r"probation|suspended|restriction of (?:freedom|liberty)|restricted (?:freedom|liberty)|"
                 r"conditional|non-custodial|correctional labou?r|community service", w):
        return "restricted_freedom"
    if re.search(r"administrative", w):
        return "administrative_arrest"
    m = re.search(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|[a-z]+teen|twenty|thirty)?[\s-]*"
                  r"(days?|weeks?|months?|years?|hours?)\b", w)
    if m and m.group(2).startswith(("day", "week", "hour")):
        return "administrative_arrest"
    if not m and re.search(r"\bfines?\b", w):
        return "fine"
    return "prison_sentence"


def _clause_end(sent: _Sentence, pos: int) -> int:
    # sentencing phrases run over commas ("X to 10 days, and Y to 15 days"): stop at ';' only
    semi = sent.text.find(";", pos - sent.start)
    return sent.start + semi if semi >= 0 else sent.end


def _clause_of(sent: _Sentence, pos: int) -> tuple[int, int]:
    for a, b in sent.clauses:
        if a <= pos < b:
            return a, b
    return sent.start, sent.end


# --------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------

def _candidates(text: str, sent: _Sentence, t: _Trigger, a: int, b: int) -> list[Any]:
    out = []
    for p in sent.persons:
        if not (a <= p.start and p.end <= b):
            continue
        if _is_official(text, p) or _is_speaker(text, p, sent):
            continue
        after = text[p.end:p.end + 40]
        if _POSSESSIVE.match(after) and not _PROPERTY.match(after) and t.event_type != "search":
            continue
        if re.match(r"^[\s,]*according to\b[^,]*$", text[_clause_of(sent, p.start)[0]:p.start], re.IGNORECASE):
            continue  # the source of "according to X, Y was detained", never Y
        out.append(p)
    return out


def _is_official(text: str, p: Any) -> bool:
    roles = " ".join(getattr(p, "roles", None) or []).lower()
    if any(r in roles for r in _OFFICIAL_ROLES):
        return True
    before = text[max(0, p.start - 60):p.start]
    line_start = before.rfind("\n")
    before = before[line_start + 1:]
    if _OFFICIAL_BEFORE.search(before):
        return True
    return bool(_OFFICIAL_AFTER.match(text[p.end:p.end + 40]))


def _is_speaker(text: str, p: Any, sent: _Sentence) -> bool:
    if _SPEAKER.match(text[p.end:p.end + 20]):
        return True
    return bool(_SPEAKER_BEFORE.search(text[max(sent.start, p.start - 40):p.start]))


def _targets_for(text: str, sent: _Sentence, t: _Trigger, story: _Story) -> tuple[list[Any], str | None, int | None, bool]:
    """(persons, group text, participants, resolved-from-story) of one trigger."""
    a, b = _clause_of(sent, t.start)
    clause_text = text[a:b]
    if t.event_type == "protest" and t.strength == "noun" and re.match(r"(?:dispersal|breaking|break-up|crack)",
                                                                    text[t.start:t.end], re.IGNORECASE):
        # "the crackdown on protesters": the crowd, never a person named beside it
        crowd = _CROWD.search(text, t.start, t.end)
        return [], crowd.group(0).lower() if crowd else None, None, False
    if t.event_type == "protest":
        return _protest_people(text, sent, t, a, b, story)
    if t.event_type == "legislation":
        return [], None, None, False  # a law concerns everyone, not the people named beside it
    if t.strength == "noun" and t.event_type != "court_ruling":
        # "the detention of its staff ..., editor X was placed under house arrest": a nominal
        # event's people are its own complement, never the subject of another verb
        return _noun_complement(text, sent, t, b, story)
    kin_subject = _unnamed_kin_subject(text, sent, t, a)
    if kin_subject is not None:
        return [], kin_subject, None, False
    desc = _description(text, sent, t, a, b)
    described = _description_people(text, sent, story, desc) if desc is not None else None
    if described is not None:
        return described
    if _RELATIVE_START.match(clause_text) and not _COMPLAINT.search(text[t.start:t.end]):
        # "the mother of X, who is on trial": the antecedent is the person just before 'who'
        before = [p for p in sent.persons if p.end <= a and not _is_official(text, p)]
        if before:
            return [before[-1]], None, None, False
    access = re.match(r"\s+(?:to|with)\s+(?:him|her|them)\b", text[t.end:b]) \
        if re.search(r"access|visits?", text[t.start:t.end], re.IGNORECASE) else None
    if access:
        # "His lawyer was denied access to him": the person kept from is the target
        ref = _story_people(text, sent, story, a, b, t, object_pronoun=access.group(0).split()[-1])
        if ref[0] or ref[1]:
            return ref
    let = re.search(r"\bto\s+(?:let|allow)\s+(?P<pos>her|his|their)\s", text[t.start:t.end], re.IGNORECASE)
    if let:
        # "refused to let her lawyer, X, visit her": the prisoner kept from him is the target
        pron = {"her": "her", "his": "him", "their": "them"}[let.group("pos").lower()]
        gender = _pronoun_gender(pron)
        own = [p for p in _candidates(text, sent, t, a, b) if _agrees(p, gender) and not re.search(
            r"\b(?:lawyers?|relatives|family|mother|father|wife|husband|children|doctors?),?\s+$",
            text[max(a, p.start - 20):p.start], re.IGNORECASE)]
        own = own or [p for p in sent.persons if p.end <= t.start and not _is_official(text, p) and _agrees(p, gender)]
        if own:
            return [own[-1]], None, None, False
        ref = _story_people(text, sent, story, a, b, t, object_pronoun=pron)
        if ref[0] or ref[1]:
            return ref
    kin = _unnamed_kin_object(text, sent, t, b)
    if kin is not None:
        return [], kin, None, False
    part = _PART_AFTER.match(text, t.end, b)
    if part and not _candidates(text, sent, t, a, b) and not re.match(r"[\s,]*including\b", text[b:b + 12]):
        # "police summoned three of them": a counted part of the group named before
        return [], " ".join(part.group(0).split()), _count(part.group("n").lower(), "them"), False
    ppl = _candidates(text, sent, t, a, b)
    if ppl:
        return _dedupe_people(ppl), None, _group_count(text, a, b), False
    if _PART_OF_GROUP.search(text[a:t.start]):
        # "Most of them were released": part of an earlier group, never a person named elsewhere
        g = _PART_OF_GROUP.search(text[a:t.start]).group(0)
        return [], " ".join(g.split()), _count(g.split()[0].lower(), "them") if g.split()[0].lower() in \
            _NUMBER_WORDS else None, False
    org = _ORG_SUBJECT.search(text[a:t.start])
    numbered = _group(text, a, t.start, t.start)
    if org and numbered and numbered[1] and text.find(numbered[0], a) < org.start() + a:
        org = None  # "15 relatives of members of the banned movement were summoned": the relatives
    if org and not _candidates(text, sent, t, org.end() + a, t.start):
        return [], " ".join(org.group("org").split()), None, False
    if _COMPLAINT.search(text[t.start:t.end]):
        # a complaint or lawsuit targets whom it is filed against, never its author
        after = _candidates(text, sent, t, t.end, b)
        group = _group(text, t.end, b)
        return (_dedupe_people(after), None, None, False) if after else ([], group[0] if group else None, None, False)
    if _PRONOUN_OBJECT.match(text, t.end, b) or _PRONOUN_SUBJECT.search(text, a, t.start):
        # "sentenced him to 10 days ... for disobeying a police officer": the pronoun is the
        # target, not a group phrase later in the clause
        ref = _story_people(text, sent, story, a, b, t)
        if ref[0] or ref[1]:
            return ref
    elided = _ELIDED_COUNT.search(text[a:t.start])
    group = _group(text, a, b, t.start)
    if elided and group:
        # "21 people died and 516 were detained": the number before the verb, the noun shared
        return [], group[0], _count(elided.group("n").lower().replace(",", ""), group[0]), False
    bare = _BARE_QUANT.search(text, a, t.start)
    if bare and not (bare.group("q")[:1].isdigit() and re.search(_MONTH_NAME + r"\.?\s*(?:\d{1,2}\s*)?,?\s*$",
                                                              text[max(a, bare.start() - 16):bare.start()])):
        # "the crackdown on protesters, with dozens detained": an elided group, named by the
        # noun of the sentence's crowd when there is one ("dozens of protesters")
        q = bare.group("q").lower()
        crowd = _CROWD.search(text, sent.start, bare.start())
        return [], f"{q} of {crowd.group(0).lower()}" if crowd else q, _count(q, crowd.group(0) if crowd else q), False
    if group and not group[2]:
        return [], group[0], group[1], False
    ppl = [p for p in _candidates(text, sent, t, sent.start, sent.end)
           if not _RELATIVE_START.match(text[_clause_of(sent, p.start)[0]:p.start + 1] or "")]
    ppl = [p for p in ppl if not _in_relative(text, sent, p, t)]
    # "a court ordered the liquidation of group Y; its director, X, was also fined": a semicolon
    # closes the clause of the trigger, and X belongs to the event of her own clause
    ppl = [p for p in ppl if ";" not in text[min(p.end, t.end):max(p.start, t.start)]]
    if ppl:
        return _dedupe_people(ppl), None, None, False
    group = _group(text, sent.start, sent.end, t.start)
    if group and not group[2]:
        return [], group[0], group[1], False
    if t.strength == "noun" or not _continuable(text, a, b, t):
        return [], None, None, False  # "an attack on a convoy ... injured another": its own patient
    return _story_people(text, sent, story, a, b, t)


# a quantity with its noun left out right before the verb: "with dozens detained", "hundreds
# were arrested", "12 were detained" (a year is no count)
_BARE_QUANT = re.compile(r"(?:^|(?<=[\s,]))(?:about\s+|around\s+|at least\s+|over\s+|more than\s+|nearly\s+)?"
                         r"(?P<q>dozens|hundreds|thousands|scores|several|many|numerous|a few|(?!\d{4}\b)\d{1,4}|"
                         + "|".join(w for w in _NUMBER_WORDS if " " not in w) +
                         r")\s+(?:more\s+|others\s+)?(?:(?:were|had been|have been|got)\s+(?:\w+\s+)?)?$", re.IGNORECASE)
_CROWD = re.compile(r"\b(?:protesters|protestors|demonstrators|picketers|strikers|participants|residents|villagers|"
                    r"workers|students|activists)\b(?![\s\S]*\b(?:protesters|protestors|demonstrators|picketers|"
                    r"strikers|participants|residents|villagers|workers|students|activists)\b)", re.IGNORECASE)
# where the complement of a nominal event ends: a preposition of time, place or agent, a clause
# or a second coordinated noun phrase ("the raid on X and the detention of its staff")
_COMPLEMENT_END = re.compile(r"[,;:()]|\s[–—-]\s|\s(?:by|in|at|on|during|after|before|following|from|since|until|"
                             r"near|outside|over|amid|was|were|is|are|had|has|have|which|who|that|when|while|"
                             r"and\s+(?:the|its|their|his|her|a|an)\s+(?:[\w-]+\s+){0,2}?(?:raids?|searche?s?|arrests?|"
                             r"detentions?|beatings?|attacks?|blocking|dispersal|liquidation|interrogations?))\b",
                             re.IGNORECASE)
_POSSESSED_GROUP = re.compile(r"\s*(?:its|their|his|her|our)\s+(?P<g>(?:[\w-]+\s+){0,2}?(?:staff|employees|"
                              + _GROUP_NOUNS + r"|" + r"(?:wife|husband|mother|father|parents|sons?|daughters?|brothers?|"
                              r"sisters?|relatives|siblings|children|family members|family|colleagues?|"
                              r"associates?)))\b", re.IGNORECASE)


def _noun_complement(text: str, sent: _Sentence, t: _Trigger, b: int,
                     story: _Story) -> tuple[list[Any], str | None, int | None, bool]:
    """The people of a nominal event are its complement: "the beating of journalist X" (X),
    "the arrest of three activists" (a group of 3), "the detention of its staff" (the group
    "staff"), "a raid on the offices of <outlet>" (nobody: an outlet is no person); "the
    arrest of the activist" / "of him" continue the story. Nobody else in the sentence is."""
    start = t.end
    of = re.match(r"\s+of\s+", text[start:b])
    if of:
        start += of.end()
    elif not re.search(r"\b(?:of|on|for|against|to)\s*$", text[t.start:t.end], re.IGNORECASE):
        return [], None, None, False  # "renewed clashes", "a raid on the offices": no complement
    stop = _COMPLEMENT_END.search(text, start, b)
    end = stop.start() if stop else b
    # "the arrest of two activists, X and Y" / ", including X": the apposition names them
    appos = re.match(r",\s+(?:including\s+|among them\s+|namely\s+)?", text[end:b])
    ppl = _candidates(text, sent, t, start, end)
    if not ppl and appos:
        first = [p for p in sent.persons if p.start == end + appos.end()]
        if first:
            tail = re.match(r"[^;:]*?(?=,\s+(?!and\b)(?:[a-z]+)\b|[;:]|$)", text[first[0].start:b])
            ppl = _candidates(text, sent, t, first[0].start, first[0].start + (tail.end() if tail else 0) + 1)
    if ppl:
        return _dedupe_people(ppl), None, _group_count(text, start, end), False
    own = _POSSESSED_GROUP.match(text, start, end)
    if own:
        return [], " ".join(own.group("g").split()), None, False
    if re.match(r"\s*(?:him|her|them)\b", text[start:end], re.IGNORECASE):
        pron = text[start:end].split()[0].lower()
        speakers = [p for p in sent.persons if p.end <= t.start and _SPEAKER.match(text[p.end:p.end + 20])
                    and not _is_official(text, p) and _agrees(p, _pronoun_gender(pron))]
        if speakers:
            return [speakers[-1]], None, None, True  # "X said the attack on him was planned"
        return _story_people(text, sent, story, t.start, end, t,
                             object_pronoun=text[start:end].split()[0].lower())
    group = _group(text, start, end)
    if group and not group[2]:
        return [], group[0], group[1], False
    if group and group[2]:
        return _story_people(text, sent, story, t.start, end, t)  # "the arrest of the activist"
    return [], None, None, False


_ELIDED_COUNT = re.compile(r"\band\s+(?:another\s+|at least\s+|some\s+)?(?P<n>\d[\d,]*|" + "|".join(
    w for w in _NUMBER_WORDS if " " not in w) + r")\s+(?:more\s+|others?\s+)?(?:were|had been|have been)\s+(?:\w+\s+)?$",
    re.IGNORECASE)
_KIN_NOUN = (r"(?:wife|husband|mother|father|parents|sons?|daughters?|brothers?|sisters?|relatives|siblings|"
             r"children|family members|family|nephews?|nieces?|cousins?|in-laws)")
_KIN_OBJECT = re.compile(
    r"\s+(?P<kin>(?:his|her|their|the)\s+(?:[\w-]+\s+){0,2}?" + _KIN_NOUN +
    r"(?:,?\s+(?:and|as well as)\s+(?:(?:his|her|their|the)\s+)?(?:[\w-]+\s+){0,2}?" + _KIN_NOUN + r")*)"
    r"(?P<of>\s+of\b)?", re.IGNORECASE)


def _unnamed_kin_object(text: str, sent: _Sentence, t: _Trigger, b: int) -> str | None:
    """"Summoned his parents and two brothers", "questioned the mother and the sister of blogger
    X": relatives left unnamed are the targets, as a group; the person they are relatives of is
    not ("his brother Jamshed", "her husband, X" name the relative and are no group)."""
    m = _KIN_OBJECT.match(text, t.end, b)
    if m is None or text[m.end("kin"):m.end("kin") + 1] in ("’", "'"):
        return None  # "searched the family's flat": the family owns the object, the flat is searched
    after = m.end() if not m.group("of") else m.end("kin")
    named_next = [p for p in sent.persons if after <= p.start <= after + 3]
    if named_next and not m.group("of"):
        return None
    if m.group("of"):
        possessor = [p for p in sent.persons if m.end() <= p.start <= m.end() + 40]
        if not possessor or any(possessor[0].end < p.start <= possessor[0].end + 3 for p in sent.persons):
            return None  # "the wife of X, Y": Y is the named relative
    return re.sub(r"^(?:his|her|their|the)\s+", "", " ".join(m.group("kin").split()), flags=re.IGNORECASE)


_KIN_SUBJECT_PASSIVE = re.compile(
    r"(?:^[\W]*|\b(?:that|and|but|while|whereas)\s+|,\s+)(?:(?:later|then|also|subsequently|meanwhile|earlier)"
    r"(?:\s+that\s+(?:year|month|week|day))?,?\s+)?(?P<kin>(?:(?:his|her|their|the)\s+)?(?:[\w-]+\s+){0,2}?" + _KIN_NOUN + r")"
    r"(?P<rest>(?:\s+(?:of|in|from|living in|who live in)\s+[^,;]{2,80}?)?)\s+" + _AUX + r"\s+(?:\w+\s+)?"
    # a second verb of the same subject: "had been summoned to the police and questioned"
    r"(?:\w+(?:ed|en)\b[^;]{0,80}?\band\s+(?:then\s+|later\s+)?)?$",
    re.IGNORECASE)


def _unnamed_kin_subject(text: str, sent: _Sentence, t: _Trigger, a: int) -> str | None:
    """"Relatives of blogger X were summoned", "... said that her sister in Mary had been
    questioned": unnamed relatives as the subject of a passive are the targets, as a group;
    the person they are related to (or who speaks of them) is not. A relative who is named
    ("his brother X was summoned", "his wife, X, was questioned") is a person, no group."""
    if t.event_type in ("protest", "release", "court_ruling", "charges_dropped") or t.event_type == "harassment" and \
            re.search(r"allowed|permitted|prevented|barred|denied|refused", text[a:t.end], re.IGNORECASE):
        return None  # "his family was not allowed to attend the hearing" wrongs the defendant too
    m = _KIN_SUBJECT_PASSIVE.search(text[a:t.start])
    if m is None:
        return None
    kin_end = a + m.end("kin")
    if m.group("kin").split()[0].lower() in ("his", "her", "their") and \
            _kin_named(text, sent, m.group("kin").split()[-1]) is not None:
        return None  # "his wife" introduced before as "his wife, X": that person
    if any(kin_end <= p.start <= kin_end + 3 for p in sent.persons):
        return None
    if text[kin_end:kin_end + 1] in ("’", "'"):
        return None
    counted = _group(text, a + m.start("kin"), kin_end)
    if counted and counted[1]:
        return None  # "15 relatives of members of the movement": a counted group, told as such
    kin = re.sub(r"^(?:his|her|their|the)\s+", "", " ".join(m.group("kin").split()), flags=re.IGNORECASE)
    if re.match(r"(?:family|wife|husband|mother|father|son|daughter|brother|sister)$", kin, re.IGNORECASE) and \
            not re.match(r"(?:his|her|their|the)\b", m.group("kin"), re.IGNORECASE):
        return None
    return kin


def _story_people(text: str, sent: _Sentence, story: _Story, a: int, b: int, t: _Trigger,
                  object_pronoun: str | None = None) -> tuple[list[Any], str | None, int | None, bool]:
    """The people a pronoun or a description continues: of this sentence, of the paragraph's
    story, else (a paragraph that has named nobody yet) of the previous paragraph. A pronoun
    agrees in gender with its antecedent where the surname shows it (-ova/-eva are women's,
    -ov/-ev men's forms); "his wife" or "her lawyer" as subject is that relative, not the
    pronoun's antecedent."""
    kin = _KIN_SUBJECT.match(text[a:t.start])
    if kin and re.search(r"\b(?:said|says|told|reported|claimed|alleged|stated|believes?)\b",
                         text[a + kin.end():t.start], re.IGNORECASE):
        kin = None  # "His relatives said he was beaten": the relatives only speak
    if kin and object_pronoun is None:
        named = _kin_named(text, sent, kin.group("kin"))
        return ([named], None, None, True) if named is not None else ([], None, None, False)
    pron = object_pronoun or (_PRONOUN.search(text[a:t.end]) or _PRONOUN.search(text[t.end:b]) or
                              _PLURAL.search(text[a:b]))
    word = pron if isinstance(pron, str) else (pron.group(0) if pron else "")
    gender = _pronoun_gender(word)

    def fit(people: Iterable[Any]) -> list[Any]:
        return [p for p in people if _agrees(p, gender)]

    if pron and _PRONOUN.fullmatch(word):
        # "X said that officers kicked him": a pronoun in reported speech is its speaker
        speakers = fit(p for p in sent.persons if p.end <= t.start and _is_speaker(text, p, sent)
                       and not _is_official(text, p)
                       and re.match(r"\W*(?:said|says|stated|told|wrote|added|explained|alleged|claimed)\b"
                                    r"[^.;]{0,40}?\bthat\b", text[p.end:t.start], re.IGNORECASE))
        if speakers:
            return [speakers[-1]], None, None, True
    if object_pronoun is None and _PRONOUN.search(text[a:t.end]):
        near = fit(p for p in sent.persons if p.end <= t.start and not _is_official(text, p))
        if near:
            return [near[-1]], None, None, True
    exclude = {p.local_id for p in sent.persons} if object_pronoun else set()
    prev = [p for p in fit(story.prev_persons) if p.local_id not in exclude]
    if prev:
        if _PLURAL.search(text[a:b]) and not _PRONOUN.search(text[a:t.end]):
            return _dedupe_people(prev), None, None, True
        return [prev[-1]], None, None, True
    targets = [r for r in fit(_Ref(lid, name) for lid, name in zip(story.targets, story.target_names))
               if r.local_id not in exclude]
    if targets:
        return targets, None, None, True
    if story.group and not gender:
        return [], story.group, story.participants, True
    if story.last_person is not None and fit([story.last_person]) and story.last_person.local_id not in exclude:
        return [story.last_person], None, None, True
    fallback = [p for p in fit(story.fallback) if p.local_id not in exclude]
    if fallback and (pron or _DEFINITE_CASE.match(text, t.end, b)):
        return fallback, None, None, True
    if pron and _PRONOUN.fullmatch(word):
        # a singular pronoun the last paragraph cannot resolve: the last person of that gender
        # targeted anywhere before in the report
        earlier = [p for p in fit(story.history) if p.local_id not in exclude]
        if earlier:
            return [earlier[0]], None, None, True
    return [], None, None, False


# --------------------------------------------------------------------------------------------
# Definite descriptions: "the blogger", "the 43-year-old activist", "the chair of the union"
# --------------------------------------------------------------------------------------------

# a singular role noun after "the" stands for a person the report has introduced; each noun
# maps to its family so that "the reporter" finds "journalist X" and "the chair" finds "leader X"
_DESC_FAMILY = {
    "activist": "activist", "blogger": "blogger", "journalist": "journalist", "reporter": "journalist",
    "correspondent": "journalist", "lawyer": "lawyer", "attorney": "lawyer", "advocate": "lawyer",
    "defender": "defender", "leader": "leader", "chair": "leader", "chairman": "leader",
    "chairwoman": "leader", "chairperson": "leader", "head": "leader", "unionist": "leader",
    "editor": "editor", "editor-in-chief": "editor", "poet": "poet", "founder": "founder",
    "writer": "writer", "dissident": "dissident", "critic": "critic", "imam": "imam",
}
_DESC_ROLE = "|".join(sorted(map(re.escape, _DESC_FAMILY), key=len, reverse=True))
_DESC_MOD = r"(?:(?!(?:the|a|an|and|or|of|to|in|on|at|by|for|with|was|were|is|are|has|had|who|police)\b)" \
            r"(?-i:\d+-year-old|[a-z][\w-]*)\s+)"
_DESC = re.compile(rf"\bthe\s+(?P<mods>{_DESC_MOD}{{0,3}}?)(?P<role>{_DESC_ROLE})(?![\w-])(?P<poss>’s|'s|’|')?"
                   rf"(?P<of>\s+of\s+(?P<obj>[^,;()]{{0,80}}))?", re.IGNORECASE)
# what may open a clause before its subject: "On 5 June, ", "Later, ", "Two days later the"
_SUBJECT_LEAD = re.compile(r"^[\W]*(?:(?:and|but|then|later|also|meanwhile|subsequently|again|on|in|at|during|"
                           r"after|before|since|by|a|an|one|two|three|the\s+next|the\s+same|that|this|last|"
                           r"earlier|eventually|finally)\b[^;,]{0,40}?,?\s+)?$", re.IGNORECASE)
# "the journalist's flat was searched" is the journalist's wrong; "the activist's lawyer" is not
_DESC_PROPERTY = re.compile(r"\s+(?:[\w-]+\s+)?(?:home|house|flat|apartment|office|car|phones?|computers?|"
                            r"laptops?|equipment|belongings|property|account|page|channel|website|premises)\b",
                            re.IGNORECASE)
# "the activist's lawyer was detained": the lawyer, a person of her own
_DESC_RELATION = re.compile(r"\s+(?P<rel>lawyer|attorney|wife|husband|mother|father|son|daughter|brother|sister|"
                            r"relatives|parents|family|colleague)\b", re.IGNORECASE)
_OTHER_PERSON_OF = re.compile(r"(?:his|her|their|the\s+(?:[\w-]+\s+){0,2}?(?:" + _DESC_ROLE +
                              r"|wife|husband|mother|father|son|daughter|brother|sister|family|detainee|"
                              r"prisoner|defendant)s?\b)", re.IGNORECASE)
# "the head of the district police department", never "the chair of the union from the city of X"
_OFFICIAL_OF = re.compile(r"(?:the\s+)?(?:(?!(?:from|of|in|at|for|and)\b)[\w-]+\s+){0,3}?" + _STATE_BODY + r"\b",
                          re.IGNORECASE)


def _description(text: str, sent: _Sentence, t: _Trigger, a: int, b: int) -> re.Match[str] | None:
    """The definite description that is the trigger's subject ("The 43-year-old activist was
    detained") or its object ("detained the blogger", "searched the journalist's flat"), in a
    clause that names nobody but the possessor of "the lawyer of X"."""
    m = _DESC.match(text, t.end + len(text[t.end:b]) - len(text[t.end:b].lstrip()), b)
    if m is None or not m.group(0).strip():
        subj = [d for d in _DESC.finditer(text, a, t.start) if _SUBJECT_LEAD.match(text[a:d.start()])]
        if not subj or len(text[subj[0].end():t.start]) > 80:
            return None
        m = subj[0]
    if m.group("poss") and not _DESC_PROPERTY.match(text, m.end()) and not _DESC_RELATION.match(text, m.end()):
        return None
    possessor = [p for p in sent.persons if m.group("of") and m.start("obj") <= p.start < m.start("obj") + 4]
    named = [p for p in _candidates(text, sent, t, a, b) if p not in possessor]
    return None if named else m


def _description_people(text: str, sent: _Sentence, story: _Story,
                        m: re.Match[str]) -> tuple[list[Any], str | None, int | None, bool] | None:
    """Who a definite description stands for: "the head of the police" is an official (no
    target), "the lawyer of X" and "the activist's lawyer" are the lawyer (an unnamed person, as
    a group phrase); else the person the description names (_holder). None leaves the
    description to the pronoun rules."""
    role = m.group("role").lower()
    obj = m.group("obj") or ""
    if m.group("of") and _DESC_FAMILY[role] == "leader" and _OFFICIAL_OF.match(obj):
        return [], None, None, False  # "the head of the police" is an official, never a target
    possessor = [p for p in sent.persons if m.group("of") and m.start("obj") <= p.start < m.start("obj") + 4]
    if possessor or (m.group("of") and _OTHER_PERSON_OF.match(obj)):
        # "the lawyer of X", "the editor of the detained blogger": another, unnamed person
        whose = possessor[0].canonical if possessor else re.split(
            r"\s+(?:was|were|is|are|has|had|have|and|who|on|in)\b", obj.strip(), maxsplit=1)[0]
        return [], f"{role} of {whose}", None, False
    relation = _DESC_RELATION.match(text, m.end()) if m.group("poss") else None
    if relation:
        holder = _holder(text, sent, story, m, role)
        whose = holder.canonical if holder is not None else f"the {role}"
        return [], f"{relation.group('rel').lower()} of {whose}", None, False
    holder = _holder(text, sent, story, m, role)
    return ([holder], None, None, True) if holder is not None else None


def _holder(text: str, sent: _Sentence, story: _Story, m: re.Match[str], role: str) -> Any:
    """The person the report introduced with the description's noun ("blogger X", "X, a
    blogger", "the leader of the union, X"), the latest mentioned first; else the single
    non-official person of the paragraph, else of the previous paragraph's story, else of the
    report's story so far."""
    before = [p for p in sent.report_persons if p.end <= m.start() and not _is_official(text, p)]
    family = _DESC_FAMILY[role]
    introduced = {p.local_id for p in before if _introduced_as(text, p, family, sent.report_persons)}
    for p in reversed(before):
        if p.local_id in introduced:
            return p
    paragraph = _dedupe_people([p for p in before if p.local_id in story.persons_seen or p in sent.persons])
    if len(paragraph) == 1:
        return paragraph[0]
    if not paragraph:
        earlier = _dedupe_people(list(story.fallback))
        if len(earlier) == 1:
            return earlier[0]
        if not earlier and len({r.local_id for r in story.history}) == 1:
            return story.history[0]
    return None


def _introduced_as(text: str, p: Any, family: str, persons: Sequence[Any]) -> bool:
    """Was this mention given a role of the family: "blogger X", "the leader of the union, X",
    "X, a blogger", or the roles names.py read for it? A role word before another person's name
    ("journalist Y and X") is that person's."""
    roles = " ".join(getattr(p, "roles", None) or []).lower()
    if family in roles or (family == "leader" and "trade union" in roles):
        return True
    start = max(text.rfind(".", 0, p.start), text.rfind("\n", 0, p.start), p.start - 70) + 1
    words = [w for w in re.finditer(_DESC_ROLE, text[start:p.start], re.IGNORECASE)
             if not re.match(r"[\w-]", text[start + w.end():start + w.end() + 1])]
    if words and _DESC_FAMILY[words[-1].group(0).lower()] == family and \
            not any(start + words[-1].end() <= o.start < p.start for o in persons if o.local_id != p.local_id):
        return True
    app = re.match(r"\s*,\s*(?:a|an|the)?\s*(?:[\w-]+\s+){0,3}?(?P<r>" + _DESC_ROLE + r")(?![\w-])",
                   text[p.end:p.end + 60], re.IGNORECASE)
    return bool(app and _DESC_FAMILY[app.group("r").lower()] == family)


_PROTEST_PRONOUN = re.compile(r"\b(?:he|she)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# "the Alma-Ata district court No. 2 of Astana": a city district named after another city; the
# court sits in the city after "of"
_DISTRICT_OF = re.compile(r"\s+district\s+court\b(?:\s+(?:No\.?|number|#)\s*\d+)?,?\s+of\s+"
                          r"(?:the\s+city\s+of\s+)?(?-i:[A-Z])", re.IGNORECASE)
_PRONOUN_OBJECT = re.compile(r"\s+(?:him|her|them)\b", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(rf"\b(?:he|she|they)\s+(?:\w+\s+)?{_AUX}\s+(?:\w+\s+)?$", re.IGNORECASE)

# "upheld the verdict", "rejected the appeal": the case of the people the report is following
_DEFINITE_CASE = re.compile(r"\s+(?:[\w-]+\s+){0,2}?the\s+(?:verdict|sentence|conviction|ruling|decision|appeal|"
                            r"case|charges?|complaint)\b(?!\s+(?:of|against)\b)", re.IGNORECASE)


_KIN_SUBJECT = re.compile(
    r"^\W*(?:(?:and|but|then|later|also|meanwhile|subsequently)\s+)?(?:his|her|their)\s+(?P<kin>wife|husband|mother|father|son|daughter|brother|sister|"
    r"lawyer|relatives?|parents|children|colleague|employer)\b", re.IGNORECASE)


def _kin_named(text: str, sent: _Sentence, kin: str) -> Any:
    """The person the report introduced as "his wife, X" / "her lawyer X" before this sentence."""
    rx = re.compile(rf"\b(?:his|her|their)\s+{re.escape(kin)},?\s+$", re.IGNORECASE)
    found = None
    for p in _all_persons_before(sent):
        if rx.search(text[max(0, p.start - 30):p.start]):
            found = p
    return found


def _all_persons_before(sent: _Sentence) -> list[Any]:
    return [p for p in sent.report_persons if p.end <= sent.start]


def _pronoun_gender(word: str) -> str | None:
    w = word.lower()
    if w in ("he", "his", "him", "himself"):
        return "m"
    if w in ("she", "her", "hers", "herself"):
        return "f"
    return None


def _agrees(p: Any, gender: str | None) -> bool:
    if gender is None:
        return True
    parts = (getattr(p, "canonical", "") or "").split()
    surname = parts[-1].lower() if parts else ""
    if re.search(r"(?:ova|eva|yova|ina|aya|kaya)$", surname):
        return gender == "f"
    if re.search(r"(?:ov|ev|yov|in|sky|skiy|iy|yev)$", surname):
        return gender == "m"
    return True


def _continuable(text: str, a: int, b: int, t: _Trigger) -> bool:
    """May a trigger without people in its sentence take the story's people? Yes for a passive
    ("The case was closed"), a pronoun beside it ("He was accused", "fined them") or a definite
    description after it ("against the human rights advocate"); an active verb with an object
    of its own ("injured another") keeps its object."""
    before = text[a:t.start]
    after = text[t.end:b]
    if re.search(rf"\b{_AUX}\b", before) or re.search(rf"\b{_AUX}\b", text[t.start:t.end]):
        return True
    if t.event_type in _PERSON_SLOT_TYPES and (_PRONOUN.search(text[t.start:t.end]) or
                                              _PLURAL.search(text[t.start:t.end])):
        return True  # the object inside the phrase: "placed him under house arrest", "remanded them in custody"
    if _PRONOUN.search(before) or _PLURAL.search(before) or \
            re.match(r"\s+(?:[\w-]+\s+){0,4}?(?:him|her|them|his|their)\b", after):
        return True  # "searched his flat", "rejected his appeal", "rejected a request by their lawyers"
    if re.match(r"\s+(?:the\s+)?family(?:’s|'s)?\s+(?:home|house|flat|apartment)\b", after):
        return True
    if re.match(r"\s+the\s+(?:home|house|flat|apartment)\s+(?:that|which|where)\s+(?:the\s+family|he|she|they)\b",
                after):
        return True  # "searched the flat that the family rents", "the house where he lives"
    if t.event_type in ("court_ruling", "charges_dropped", "release") and _DEFINITE_CASE.match(after):
        return True
    return bool(re.match(r"\s+(?:\w+\s+){0,2}?(?:against|of|on)\s+the\s+(?:[\w-]+\s+){0,3}?(?:advocate|activist|"
                         r"journalist|lawyer|blogger|defender|reporter|editor|poet|artist|writer)s?\b", after))


# types whose phrases hold their person between verb and complement ("placed him under house
# arrest", "prevented her from boarding"); "labelling them extremist" is about organisations
_PERSON_SLOT_TYPES = {"detention", "psychiatric_detention", "criminal_charge", "travel_restriction"}


@dataclass
class _Ref:
    """A person inherited from the story (no mention in this sentence)."""
    local_id: str
    canonical: str
    start: int = -1
    end: int = -1


def _in_relative(text: str, sent: _Sentence, p: Any, t: _Trigger) -> bool:
    ca = _clause_of(sent, p.start)
    ta = _clause_of(sent, t.start)
    return ca != ta and bool(_RELATIVE_START.match(text[ca[0]:ca[1]]))


def _dedupe_people(ppl: list[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for p in ppl:
        if p.local_id not in seen:
            seen.add(p.local_id)
            out.append(p)
    return out


def _protest_people(text: str, sent: _Sentence, t: _Trigger, a: int, b: int,
                    story: _Story | None = None) -> tuple[list[Any], str | None, int | None, bool]:
    """Named people of a protest are the subjects of a participation verb, never those who
    report on it or whom it supports; "she began a hunger strike": the pronoun's antecedent."""
    if story is not None and t.strength == "verb" and _PROTEST_PRONOUN.search(text, a, t.start):
        ref = _story_people(text, sent, story, a, b, t)
        if ref[0]:
            return ref
    group = _group(text, a, t.end)
    if t.strength == "verb":
        ppl = [p for p in _candidates(text, sent, t, a, t.start)
               if not re.search(r"\b(?:for|of|to|about|with|against)\s+$", text[max(a, p.start - 6):p.start],
                                re.IGNORECASE)]
        if ppl:
            return _dedupe_people(ppl), None, None, False
        if _RELATIVE_START.match(text[a:t.start]) and re.search(r",\s+(?:\w+\s+){0,2}$", text[a:t.start]):
            # "X, who is serving a sentence, went on hunger strike": the antecedent protests
            before = [p for p in sent.persons if p.end <= a and not _is_official(text, p)]
            if before:
                return [before[-1]], None, None, False
    if group and not group[2]:
        return [], group[0], group[1], False
    group = _group(text, a, b)
    if group and not group[2]:
        return [], group[0], group[1], False
    return [], None, None, False


def _group(text: str, a: int, b: int, near: int | None = None) -> tuple[str, int | None, bool] | None:
    """(group text, participants, anaphoric) of the unnamed group phrase of text[a:b] nearest
    to `near` (preferring one before it: the subject of a passive), else the first."""
    found = []
    for m in _GROUP.finditer(text, a, b):
        quant = m.group("quant").lower()
        body = " ".join(m.group("body").split())
        if re.search(r"year-old|years? old|aged", text[m.start():m.end() + 10], re.IGNORECASE):
            continue
        if re.match(r"(?:hours?|days?|minutes?|weeks?|months?|years?|times)\b", body, re.IGNORECASE):
            continue  # "questioned for four hours without a lawyer": a duration, not people
        if quant[:1].isdigit() and re.search(_MONTH_NAME + r"\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?,?)?\s*$|\d\s+" +
                                            _MONTH_NAME + r"\w*\s*$", text[max(a, m.start() - 16):m.start()]):
            continue  # "a court on October 15 fined activist X": the day of a date, not a count
        if body.split()[-1][:1].isupper() and not re.fullmatch(_PROPER_GROUPS, body.split()[-1]):
            continue  # "the Committee to Protect Journalists" is a name, not a group of people
        anaphoric = quant == "the" and not body.lower().endswith("s")
        count = None if quant == "the" else _count(quant, body)
        found.append((m.start(), m.end(), body, count, anaphoric))
    if not found:
        return None
    if near is not None:
        before = [f for f in found if f[1] <= near]
        pick = before[-1] if before else found[0]
    else:
        pick = found[0]
    return pick[2], pick[3], pick[4]


def _group_count(text: str, a: int, b: int) -> int | None:
    g = _group(text, a, b)
    return g[1] if g else None


def _count(quant: str, body: str) -> int | None:
    q = re.sub(r"^(?:about|around|approximately|nearly|almost|over|more than|at least|up to|roughly|some)\s+",
               "", quant)
    if q in _VAGUE or q == "the":
        return None
    if q in ("a", "an"):
        return None if body.lower().endswith("s") else 1
    if q in _NUMBER_WORDS:
        return _NUMBER_WORDS[q]
    digits = q.replace(",", "").replace(".", "")
    return int(digits) if digits.isdigit() else None


# --------------------------------------------------------------------------------------------
# Penalties
# --------------------------------------------------------------------------------------------

def _durations(text: str, a: int, b: int) -> list[tuple[int, int, int]]:
    """(start, end, days) of durations in text[a:b], with "20 and 15 days" read as two."""
    found = [(a + d.start, a + d.end, int(d.days), d) for d in _legal.find_durations(text[a:b])]
    out = [(s, e, days) for s, e, days, _ in found]
    for s, e, days, d in found:
        m = re.search(r"(\d+)\s*(?:,|and|or)\s*$", text[max(a, s - 12):s])
        num = re.match(r"\d+", text[s:e])
        if not (m and num and int(num.group(0))):
            continue
        ns = max(a, s - 12) + m.start(1)
        if any(x[0] <= ns < x[1] for x in out):
            continue
        out.append((ns, ns + len(m.group(1)), int(round(int(m.group(1)) * days / int(num.group(0))))))
    return sorted(out)


def _penalty_days_for(text: str, sent: _Sentence, t: _Trigger, ppl: list[Any]) -> int | dict | None:
    """Days of a custodial or probation sentence; a dict {days: people} when one sentence gives
    different terms to different people."""
    ds = [d for d in _durations(text, t.start, _clause_end(sent, t.start))]
    if not ds:
        return None
    distinct = sorted({d[2] for d in ds})
    real = [p for p in ppl if getattr(p, "start", -1) >= 0]
    if len(distinct) < 2 or len(real) < 2:
        return ds[0][2]
    if re.search(r"\brespectively\b", sent.text, re.IGNORECASE) and len(ds) == len(real):
        out: dict[int, list[Any]] = {}
        for p, d in zip(sorted(real, key=lambda p: p.start), ds):
            out.setdefault(d[2], []).append(p)
        return out
    out = {}
    for p in real:
        nxt = next((d for d in ds if d[0] >= p.end), ds[0])
        out.setdefault(nxt[2], []).append(p)
    return out if len(out) > 1 else ds[0][2]


def _money_for(text: str, sent: _Sentence, t: _Trigger) -> tuple[Decimal | None, str | None]:
    found = _legal.find_money(text[t.start:sent.end])
    for i, mo in enumerate(found):
        if getattr(mo, "in_parentheses", False) or getattr(mo, "approx", False) and _in_parens(text, t.start + mo.start):
            continue
        if mo.currency == "MCI":
            # "50 monthly calculation indices (126,250 KZT)", "30 MRP each, about 92,000 tenge":
            # the tenge the text gives for the index is the amount in a currency
            tenge = next((m for m in found[i + 1:] if m.currency == "KZT" and m.start - mo.end <= 40), None)
            if tenge is not None:
                return Decimal(tenge.amount), tenge.currency
        return Decimal(mo.amount), mo.currency
    return None, None


def _in_parens(text: str, pos: int) -> bool:
    opened = text.rfind("(", max(0, pos - 20), pos)
    return opened >= 0 and text.find(")", opened, pos) < 0


# --------------------------------------------------------------------------------------------
# Building an incident
# --------------------------------------------------------------------------------------------

def _build(text: str, sent: _Sentence, t: _Trigger, ppl: list[Any], group: str | None,
           count: int | None, story: _Story, meta: Any, days: int | None, place: Any,
           resolved: bool) -> _Draft:
    etype = t.event_type
    dm, own_date = _date_for(text, sent, t, story)
    reference = _court_reference(text, sent, t, story, [p.local_id for p in ppl])
    if reference is not None and not own_date and story.court[4] is not None and \
            re.search(r"\balso\b|\bsame\b", sent.text, re.IGNORECASE):
        dm = story.court[4]  # "The court also sentenced ...": the day of that court's decision
    if not own_date and etype in _COURT_TYPES and story.court_day is not None and _CO_DEFENDANT.search(sent.text):
        # "tried together with Y, who was given one year of probation on the same charge": the
        # day of the trial told before, not of the background arrest in between
        dm = story.court_day[0]
        if place is None and story.court_day[1] is not None:
            place = story.court_day[1]
    first, last, precision = _span(dm, meta)
    in_period = _in_period(first, last, meta)
    if place is not None and _kind(place) == "country" and story.place is not None:
        place = None  # the country is compatible with the story's city
    own_place = place is not None
    court = reference if place is None else None
    if court is not None and (story.place is None or story.court[1] == sent.paragraph):
        place = court
    elif place is None and _carry_place(story, own_date, first, last, meta, bool(_THERE.search(sent.text)),
                                        _follows_story(dm), _same_people(sent, ppl, story, resolved)):
        place = story.place
    elif place is None and own_date and first is not None and first == last:
        place = _person_place(text, sent, ppl, story, first, meta)
    elif _kind(place) == "region" and story.place is not None and _kind(story.place) == "city" and \
            _admin1(story.place) and _admin1(story.place) == _name(place):
        place, own_place = story.place, False  # a region that contains the story's city keeps the city
    location, admin1, lat, lon, geo, country = _place_fields(place, meta)
    perpetrator = _perpetrator(text, sent, t)
    right = _right(text, sent, etype)
    articles = _articles(text, sent) if etype in _LEGAL_TYPES else []
    amount, currency = _money_for(text, sent, t) if etype == "fine" else (None, None)
    if days is None and etype in ("administrative_arrest", "prison_sentence", "restricted_freedom"):
        pd = _penalty_days_for(text, sent, t, [])
        days = pd if isinstance(pd, int) else None
    targets = [p.local_id for p in ppl]
    names = [p.canonical for p in ppl]
    others = _others(text, sent, t)
    inc = Incident(
        event_type=etype, right=right, event_date=first, event_date_end=last, date_precision=precision,
        in_period=in_period, country=country, location=location, admin1=admin1, latitude=lat,
        longitude=lon, geo_precision=geo, perpetrator=perpetrator,
        target_group=None if ppl else group, participants=count, legal_basis=articles,
        penalty_amount=amount, penalty_currency=currency, penalty_days=days,
        summary=summarise(etype, names, group, location), evidence=sent.text,
        evidence_start=sent.start, evidence_end=sent.end, confidence=0.0, targets=targets,
        target_names=names, others=others,
    )
    inc.confidence = _confidence(inc, own_date, dm is not None, t, own_place or place is not None, resolved)
    return _Draft(inc, sent, t, own_date, own_place, mention=dm, place=place,
                  date_level=_date_level(sent, own_date, story, dm))


def _date_for(text: str, sent: _Sentence, t: _Trigger, story: _Story) -> tuple[Any, bool]:
    if sent.dates:
        a, b = _clause_of(sent, t.start)
        inside = [d for d in sent.dates if a <= d.start < b and not _date_of_next_verb(text, t, d)]
        # nearest first, but a date behind a relative pronoun or "since" ("X, a citizen who has
        # lived here since 2019, ... on 3 June") describes the person, not the event
        own = [d for d in inside if not _describes_other(text, t, d)]
        if inside and not own:
            own = [d for d in sent.dates if not (a <= d.start < b) and d.start > t.end
                   and not _describes_other(text, t, d) and not _date_of_next_verb(text, t, d)
                   and not re.search(r"\b(?:said|told|added|reported)\b", text[t.end:d.start])]
        if own or inside:
            return min(own or inside, key=lambda d: abs(d.start - t.start)), True
        # a date of a relative clause ("the group, which has applied since 2016") is about its antecedent
        usable = [d for d in sent.dates if not _ANY_RELATIVE_START.match(text[_clause_of(sent, d.start)[0]:d.start])]
        before = [d for d in usable if d.end <= t.start]
        if before:
            return before[-1], True
        if usable and not story.date:
            return usable[0], True
    return (story.date, False) if story.date is not None else (story.section_date, False)


def _describes_other(text: str, t: _Trigger, dm: Any) -> bool:
    if re.search(r"\b(?:an?|the|its|his|her|their|this|that)\s+$", text[max(0, dm.start - 8):dm.start],
                 re.IGNORECASE) and re.match(r"\s+(?:[a-z][\w-]*\s+){0,3}?(?:decision|ruling|verdict|sentence|"
                                             r"judgment|judgement|order|hearing|raid|arrest|protest|rally|law|"
                                             r"decree|statement|election|referendum|court)\b", text[dm.end:dm.end + 60]):
        return True  # "upheld an October 10 first instance court decision": that decision's day
    if re.search(r"\bsince\s+$", text[max(0, dm.start - 8):dm.start]):
        return True
    if dm.start < t.end:
        # "X, who had left the outlet in 2023, was arrested on 2 February": a relative clause
        # closed by its comma before the main verb dates the person, not the verb
        before = text[max(0, dm.start - 120):dm.start]
        rel = list(re.finditer(r",\s+(?:who|whom|whose|which)\b", before))
        return bool(rel) and not re.search(r"[,;:]|\.\s", before[rel[-1].end():]) and \
            "," in text[dm.end:t.start] and not re.search(r"[;:]|\.\s", text[dm.end:t.start])
    between = text[t.end:dm.start]
    rel = list(re.finditer(r"\b(?:who|whom|whose|which)\b", between))
    # the relative clause closes at its comma: "..., who has lived here since 2019 and runs a
    # channel, on the evening of 3 June" dates the main verb again
    # only a coarse date there is the person's background ("who took part in a march on 8 March"
    # still dates the detention of the marchers)
    return bool(rel) and "," not in between[rel[-1].end():] and getattr(dm, "precision", "day") == "year"


def _date_of_next_verb(text: str, t: _Trigger, dm: Any) -> bool:
    """"She was detained at the airport and charged the next day": a date counted from the
    story that follows a second, coordinated verb dates that verb, not the first one."""
    if dm.start < t.end or not _follows_story(dm):
        return False
    return bool(re.search(r"\band\s+(?:was\s+|were\s+)?(?:later\s+|then\s+)?(?-i:[a-z]+ed)\b", text[t.end:dm.start],
                          re.IGNORECASE))


def _date_level(sent: _Sentence, own: bool, story: _Story, dm: Any) -> str | None:
    if dm is None:
        return None
    if own:
        return "own"
    return "story" if dm is story.date else "section"


def _carry_place(story: _Story, own_date: bool, first: date | None, last: date | None, meta: Any,
                 there: bool = False, follows: bool = False, same_people: bool = False) -> bool:
    """The story's place carries to a sentence of the same episode (no date of its own, the
    story's date or a day within the story's span: "in January" ... "On January 19"; a day
    within a week after the story's day for the same people or a pronoun's: "detained on
    17 November ... On 18 November, a court sentenced her"; or a sentence that says "there")
    and only when it lies in the report's country: a foreign place in a story is where someone
    travelled or spoke, not where the incident happened."""
    if story.place is None:
        return False
    country = getattr(meta, "country", None)
    pcountry = getattr(getattr(story.place, "place", story.place), "country", None)
    if country and pcountry and pcountry != country:
        return False
    if not own_date or story.date is None or there:
        return True
    if follows:
        return True  # "Two days later, ...": counted from the story's day, the same episode
    sfirst, slast = _mention_span(story.date)
    if same_people and story.date.precision == "day" and first is not None and first == last and \
            slast is not None and 0 <= (first - slast).days <= _EPISODE_DAYS:
        return True
    return (sfirst, slast) == (first, last) or (
        first is not None and sfirst is not None and slast is not None and sfirst <= first
        and (last or first) <= slast and story.date.precision != "year")


# how many days after the story's day a dated sentence about the same people is still its episode
_EPISODE_DAYS = 7
_KIN_IN_SENTENCE = re.compile(r"\b(?:his|her|their)\s+(?:\w+\s+)?(?:wife|husband|mother|father|son|daughter|"
                              r"brothers?|sisters?|relatives?|parents|children|family)\b", re.IGNORECASE)


def _same_people(sent: _Sentence, ppl: list[Any], story: _Story, resolved: bool) -> bool:
    """Does the sentence go on about the story's people: the same targets, a pronoun resolved
    to them, or a relative of theirs ("his brother X")?"""
    if resolved or {p.local_id for p in ppl} & set(story.targets):
        return True
    if story.group and _PLURAL.search(sent.text) or re.search(r"\bthem\b", sent.text) and story.group:
        return True  # "police summoned three of them": part of the story's group
    return bool(_KIN_IN_SENTENCE.search(sent.text))


def _person_place(text: str, sent: _Sentence, ppl: list[Any], story: _Story, day: date, meta: Any) -> Any:
    """A dated event of someone whose event a few days apart had a place, told in another
    paragraph ("The Oral court on Wednesday jailed X." ... "X was detained on Monday ...",
    "On Tuesday, police searched the flat of X's associate"), happened there too: the place
    of that person's episode, when it lies in the report's country and the sentence names none."""
    if sent.places:
        return None
    ids = [p.local_id for p in ppl] + [p.local_id for p in sent.persons if not _is_official(text, p)]
    country = getattr(meta, "country", None)
    for lid in ids:
        hit = story.person_places.get(lid)
        if hit is None or abs((hit[1] - day).days) > _EPISODE_DAYS:
            continue
        pcountry = getattr(getattr(hit[0], "place", hit[0]), "country", None)
        if country and pcountry and pcountry != country:
            continue
        return hit[0]
    return None


def _follows_story(dm: Any) -> bool:
    """A date counted from the one before it ("the next day", "two days later", "the same day")."""
    return dm is not None and bool(getattr(dm, "relative", False)) and bool(
        re.search(r"\b(?:later|next|same|following|after)\b", getattr(dm, "surface", ""), re.IGNORECASE))


def court_place(text: str, sent: _Sentence) -> Any:
    """The place where the first court of the sentence sits ("a court in Atyrau", "the Khujand
    City Court", "the trial, held in the city of Bukhara"), or None."""
    found = court_places(text, sent)
    return found[0] if found else None


def court_places(text: str, sent: _Sentence) -> list[Any]:
    return [p for p in sent.places if _kind(p) in ("city", "region") and (
        _COURT_AFTER_PLACE.match(text[p.end:min(sent.end, p.end + 60)]) or
        _COURT_BEFORE_PLACE.search(text[max(sent.start, p.start - 80):p.start]))]


def _court_reference(text: str, sent: _Sentence, t: _Trigger, story: _Story, targets: list[str]) -> Any:
    """A definite "the court" without a place of its own takes the place of the court named
    before it: in the same or the next paragraph, or further on while it concerns the same
    people (the registry is per section: a new heading is a new story)."""
    if story.court is None:
        return None
    a, b = _clause_of(sent, t.start)
    if not (_DEFINITE_COURT.search(text[a:b]) or
            (t.event_type in _COURT_TYPES and _DEFINITE_COURT.search(sent.text))):
        return None
    place, paragraph, section, people, _ = story.court
    if section != sent.section:
        return None
    if sent.paragraph - paragraph <= 1 or set(targets) & people or \
            re.search(r"\bsame\s+court\b|\bcourt\s+(?:\w+\s+)?also\b", sent.text, re.IGNORECASE):
        return place  # "the same court", "the court also ...": the court named last
    return None


_TRIAL_TYPES = {"prison_sentence", "restricted_freedom", "court_ruling"}


def _courtroom_event(text: str, d: _Draft, drafts: list[_Draft]) -> bool:
    """Events a trial court decides: sentences and rulings, a charge read as "on trial", a
    release in the courtroom (beside a sentencing of the same sentence)."""
    etype = d.inc.event_type
    if etype in _TRIAL_TYPES:
        return True
    word = text[d.trigger.start:d.trigger.end].lower()
    if etype == "criminal_charge":
        return "trial" in word
    if etype == "release":
        return bool(re.search(r"courtroom|in court|from the dock|in front of the (?:jury|judge)", d.sentence.text,
                              re.IGNORECASE)) or any(
            k.sentence is d.sentence and k.inc.event_type in ("prison_sentence", "restricted_freedom")
            for k in drafts)
    return False


def _place_by_trial(text: str, sentences: list[_Sentence], drafts: list[_Draft], meta: Any) -> None:
    """A report that names exactly one place of trial ("The trial, held in the city of X, began
    on ...") gives it to the courtroom events of that case that have no place: the events of
    the people named beside the trial place, or, when the trial sentence names nobody (the
    report's one case), every such event of its section."""
    courts = [(s, p) for s in sentences for p in court_places(text, s)]
    if len({_name(p) for _, p in courts}) != 1:
        return
    place = courts[0][1]
    people: set[str] = set()
    anonymous_sections: set[str | None] = set()
    for s, _ in courts:
        named = [p.local_id for p in s.persons if not _is_official(text, p)]
        if named:
            people.update(named)
            people.update(p.local_id for x in sentences if x.paragraph == s.paragraph for p in x.persons)
        else:
            anonymous_sections.add(s.section)
    for d in drafts:
        inc = d.inc
        if inc.location is not None or inc.geo_precision == "country" or not _courtroom_event(text, d, drafts):
            continue
        if not (set(inc.targets) & people or d.sentence.section in anonymous_sections):
            continue
        location, admin1, lat, lon, geo, country = _place_fields(place, meta)
        inc.location, inc.admin1, inc.latitude, inc.longitude, inc.geo_precision = location, admin1, lat, lon, geo
        inc.country = country
        inc.summary = summarise(inc.event_type, inc.target_names, inc.target_group, location)
        inc.confidence = round(min(1.0, inc.confidence + 0.05), 2)
        d.place = place


_LEAD_TYPES = {"administrative_arrest", "prison_sentence", "restricted_freedom", "fine", "court_ruling"}


def _date_undated_lead(text: str, sentences: list[_Sentence], drafts: list[_Draft], meta: Any) -> list[_Draft]:
    """A news lead ("A court in the region has sentenced X to ...") names no day: the details
    follow in the next paragraphs. An undated court row of the lead gives way to a dated row of
    the same type and person told later, else takes the day of the first later court session
    that names the person ("pronounced the verdict in Aktau on March 14, finding X guilty"), and
    that session's city when the lead gives only a region or nothing, and its articles."""
    out: list[_Draft] = []
    for d in drafts:
        inc = d.inc
        if d.mention is not None or inc.event_type not in _LEAD_TYPES or not inc.targets:
            out.append(d)
            continue
        people = set(inc.targets)
        para = d.sentence.paragraph
        if any(o is not d and o.inc.event_type == inc.event_type and o.mention is not None
               and set(o.inc.targets) & people and o.sentence.start > d.sentence.end
               and o.sentence.paragraph <= para + 2 for o in drafts):
            continue
        session = _later_session(text, sentences, d, people)
        if session is not None:
            s, dm = session
            first, last, precision = _span(dm, meta)
            inc.event_date, inc.event_date_end, inc.date_precision = first, last, precision
            inc.in_period = _in_period(first, last, meta)
            d.mention = dm
            if not inc.legal_basis:
                inc.legal_basis = _articles(text, s)  # "finding X guilty of ..., under Article 402"
            city = _first_place(s)
            if city is not None and _kind(city) == "city" and (d.place is None or _kind(d.place) == "region"):
                location, admin1, lat, lon, geo, country = _place_fields(city, meta)
                inc.location, inc.admin1, inc.latitude, inc.longitude, inc.geo_precision = location, admin1, lat, lon, geo
                inc.country = country
                inc.summary = summarise(inc.event_type, inc.target_names, inc.target_group, location)
                d.place = city
        out.append(d)
    return out


def _later_session(text: str, sentences: list[_Sentence], d: _Draft, people: set[str]) -> tuple[_Sentence, Any] | None:
    para = d.sentence.paragraph
    for s in sentences:
        if s.start <= d.sentence.end or s.paragraph > para + 1:
            continue
        if not people & {p.local_id for p in s.persons}:
            continue
        for dm in s.dates:
            if dm.precision != "day" or _SAID_ON.search(text[max(s.start, dm.start - 25):dm.start]):
                continue
            if _COURT_SESSION.search(text, *_clause_of(s, dm.start)):
                return s, dm
    return None


def _mention_span(dm: Any) -> tuple[date | None, date | None]:
    return (dm.first, dm.last) if dm is not None else (None, None)


def _span(dm: Any, meta: Any) -> tuple[date | None, date | None, str]:
    if dm is not None:
        return dm.first, dm.last, dm.precision
    ps, pe = meta_period(meta)
    if ps is not None and pe is not None:
        return ps, pe, "unknown"
    return None, None, "unknown"


def _in_period(first: date | None, last: date | None, meta: Any) -> bool | None:
    ps, pe = meta_period(meta)
    if first is None or ps is None or pe is None:
        return None
    return ps <= first <= pe or (last is not None and ps <= last <= pe)


def _place_fields(place: Any, meta: Any) -> tuple:
    country = getattr(meta, "country", None)
    if place is None:
        return None, None, None, None, None, country
    p = getattr(place, "place", place)
    kind = getattr(p, "kind", None) or getattr(place, "kind", None)
    pcountry = getattr(p, "country", None) or country
    if kind == "country":
        return None, None, None, None, "country", pcountry
    name = getattr(p, "name", None)
    admin1 = getattr(p, "admin1", None)
    if kind == "region":
        admin1 = admin1 or name
    return (name, admin1, getattr(p, "latitude", None), getattr(p, "longitude", None),
            "region" if kind == "region" else "city", pcountry)


def _kind(pm: Any) -> str | None:
    return getattr(getattr(pm, "place", pm), "kind", None) or getattr(pm, "kind", None)


def _place_for(sent: _Sentence, t: _Trigger) -> Any:
    """The sentence's own place for a trigger: a city nearest the trigger, else a region, else
    a country."""
    places = sent.places
    own = _clause_of(sent, t.start)
    # a place inside a relative clause about something else ("the court, which tried those
    # accused of the unrest in X, sentenced ...") is not where this event happened
    outside = [p for p in places if _clause_of(sent, p.start) == own or not _ANY_RELATIVE_START.match(
        sent.text[_clause_of(sent, p.start)[0] - sent.start:])]
    if outside:
        places = outside
    for kind in ("city", "region", "country"):
        cands = [p for p in places if _kind(p) == kind]
        if cands:
            return min(cands, key=lambda p: (_distance(p, t), p.start))
    return None


def _places_for_split(sent: _Sentence, t: _Trigger, ppl: list[Any]) -> list[Any]:
    """Unnamed group events listed over several cities are one incident per city."""
    a, b = _clause_of(sent, t.start)
    for ca, cb in sent.clauses:
        if ca == b and re.match(r"[\s,]*including\b", sent.text[ca - sent.start:]):
            b = cb  # "in X and other cities, including Y and Z"
    cities: list[Any] = []
    for c in sent.places:
        if _kind(c) == "city" and a <= c.start < b and _name(c) not in [_name(x) for x in cities]:
            cities.append(c)
    if not ppl and len(cities) > 1 and t.event_type in ("protest", "detention"):
        return cities
    return [_place_for(sent, t)]


def _name(pm: Any) -> str | None:
    return getattr(getattr(pm, "place", pm), "name", None)


def _admin1(pm: Any) -> str | None:
    return getattr(getattr(pm, "place", pm), "admin1", None)


def _distance(p: Any, t: _Trigger) -> int:
    if p.end <= t.start:
        return t.start - p.end
    if p.start >= t.end:
        return p.start - t.end
    return 0


def _perpetrator(text: str, sent: _Sentence, t: _Trigger) -> str | None:
    if t.event_type == "protest":
        return None  # the authorities a protest addresses are not its perpetrator
    if t.event_type in _COURT_TYPES:
        return "court"  # sentences and rulings are a court's by definition
    a, b = _clause_of(sent, t.start)
    clause = text[a:b]
    # the people acted upon are not the actors: "a police officer ... was sentenced"
    for g in _GROUP.finditer(clause):
        if g.end() <= t.start - a and re.search(rf"\b{_AUX}\s+(?:\w+\s+)?$", clause[:t.start - a]):
            clause = clause[:g.start()] + " " * (g.end() - g.start()) + clause[g.end():]
    for name, rx in _PERPETRATORS:
        if name == "court" and t.event_type not in {"fine", "criminal_charge", "charges_dropped", "release"}:
            continue
        if rx.search(clause):
            return name
    return None


def _right(text: str, sent: _Sentence, etype: str) -> str:
    if etype in _TYPE_RIGHT:
        return _TYPE_RIGHT[etype]
    allowed = [r for r, rx in _RIGHT_HEADINGS if sent.section and rx.search(sent.section)]
    content = [r for r, rx in _RIGHT_CONTENT if rx.search(sent.text)]
    if len(allowed) == 1:
        return allowed[0]
    if allowed:
        both = [r for r in content if r in allowed]
        return both[0] if both else allowed[0]
    return content[0] if content else "expression"


def _articles(text: str, sent: _Sentence) -> list[str]:
    codes: list[str] = []
    for a in _legal.find_articles(text[sent.start:sent.end]):
        if a.code not in codes:
            codes.append(a.code)
    return codes


def _others(text: str, sent: _Sentence, t: _Trigger) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for p in sent.persons:
        if _is_official(text, p):
            before = text[max(0, p.start - 40):p.start].lower()
            role = "perpetrator" if re.search(r"police|officer|judge|prosecutor|investigator", before) else "other"
            if (p.local_id, role) not in out:
                out.append((p.local_id, role))
    return out


def summarise(etype: str, names: Sequence[str], group: str | None, location: str | None) -> str:
    """One short English sentence: who, what, where."""
    who = _join(list(dict.fromkeys(names))) if names else (group or "").strip()
    where = f" in {location}" if location else ""
    if etype == "legislation":
        return f"Restrictive legislation{where}."
    if etype == "court_ruling":
        return f"Court ruling in the case of {who}{where}." if who else f"Court ruling{where}."
    if etype == "charges_dropped":
        return f"Charges against {who} dropped{where}." if who else f"Charges dropped{where}."
    if etype == "censorship":
        return f"Censorship{where}." if not who else f"Censorship affecting {who}{where}."
    if etype == "search":
        return f"Property of {who} searched{where}." if who else f"Search{where}."
    if etype == "protest":
        return f"{_cap(who)} held a protest{where}." if who else f"Protest{where}."
    phrase = _PHRASES[etype]
    if not who:
        who = "people"
    return f"{_cap(who)} {phrase}{where}."


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _confidence(inc: Incident, own_date: bool, any_date: bool, t: _Trigger, has_place: bool,
                resolved: bool) -> float:
    c = 0.3
    if inc.targets:
        c += 0.2 if resolved else 0.3
    elif inc.target_group:
        c += 0.15 if inc.participants else 0.1
    c += 0.2 if own_date else (0.1 if any_date else 0.0)
    c += 0.15 if t.strength == "verb" else 0.05
    c += 0.05 if has_place else 0.0
    return round(min(c, 1.0), 2)


# --------------------------------------------------------------------------------------------
# Story state
# --------------------------------------------------------------------------------------------

def _update_story(text: str, story: _Story, sent: _Sentence, new: list[_Draft]) -> None:
    for p in sent.persons:
        story.persons_seen.add(p.local_id)
    if new:
        named = [d for d in new if d.inc.targets]
        for d in named:
            for lid, name in zip(d.inc.targets, d.inc.target_names):
                story.history[:] = [_Ref(lid, name)] + [r for r in story.history if r.local_id != lid]
        if named:
            story.targets = list(named[-1].inc.targets)
            story.target_names = list(named[-1].inc.target_names)
            story.group, story.participants = None, None
        elif new[-1].inc.target_group:
            story.targets, story.target_names = [], []
            story.group, story.participants = new[-1].inc.target_group, new[-1].inc.participants
        # "X, who led last year's strike": a year in a relative clause is the person's past and
        # does not date the sentences that continue the story
        dated = [d for d in new if d.own_date and not (
            d.mention is not None and getattr(d.mention, "precision", "day") == "year" and
            _ANY_RELATIVE_START.match(text[_clause_of(sent, d.mention.start)[0]:d.mention.start]))]
        if dated:
            story.date = dated[-1].mention
        placed = [d for d in new if d.own_place]
        if placed:
            story.place = placed[-1].place
        for d in new:
            if d.place is not None and d.inc.event_date is not None and d.inc.date_precision == "day":
                for lid in d.inc.targets:
                    story.person_places[lid] = (d.place, d.inc.event_date)
    else:
        # a sentence without events frames the story only until the story has its own people
        if sent.dates and (not story.targets or story.date is None):
            story.date = sent.dates[0]
        pl = _first_place(sent)
        if pl is not None and (story.place is None or not story.targets):
            story.place = pl
    if sent.persons:
        story.last_person = sent.persons[-1]
    story.prev_persons = [p for p in sent.persons if not _is_official(text, p)]


def _first_place(sent: _Sentence) -> Any:
    for kind in ("city", "region"):
        for p in sent.places:
            if _kind(p) == kind:
                return p
    return None


def _inherit_across_paragraphs(text: str, story: _Story, prev: _Story, sent: _Sentence) -> None:
    """A paragraph that continues the previous one's story (it names one of its people, or
    opens with a pronoun) inherits its date, place and people until it states its own."""
    story.court = prev.court
    story.court_day = prev.court_day
    story.person_places = prev.person_places
    story.history = prev.history
    if prev.targets:
        story.fallback = [_Ref(lid, name) for lid, name in zip(prev.targets, prev.target_names)]
    elif prev.last_person is not None and not _is_official(text, prev.last_person):
        story.fallback = [prev.last_person]
    else:
        story.fallback = list(prev.fallback)
    shared = any(p.local_id in prev.persons_seen for p in sent.persons)
    if shared or (not sent.persons and _CONTINUATION.match(sent.text) and prev.targets):
        story.date = prev.date
        if not sent.persons:
            story.targets, story.target_names = list(prev.targets), list(prev.target_names)
        story.persons_seen |= prev.persons_seen


# --------------------------------------------------------------------------------------------
# Merging mentions of the same incident
# --------------------------------------------------------------------------------------------

def _merge(text: str, drafts: list[_Draft]) -> list[_Draft]:
    kept: list[_Draft] = []
    for d in drafts:
        if _absorbed(text, d, kept):
            continue
        kept.append(d)
    out = []
    for d in kept:
        if _subsumed(d, kept):
            continue
        named = _summary_of_named(d, kept)
        if named is not None:
            _lend_penalty(d.inc, named.inc)
            continue
        detail = _detail_of_lead(d, kept)
        if detail is not None:
            if detail.inc.participants is None:
                detail.inc.participants = d.inc.participants
            continue
        out.append(d)
    return out


# the lead of a news release: "..., Human Rights Watch said today."
_LEAD = re.compile(r"\b(?:said|says|stated)\s+(?:today|in\s+a\s+(?:statement|report|letter)\s+(?:released|published|"
                   r"issued)\s+today)\b", re.IGNORECASE)


def _detail_of_lead(d: _Draft, kept: list[_Draft]) -> _Draft | None:
    """A news release's lead ("Police detained 18 women ... and courts later fined seven of them,
    HRW said today") summarises what its body tells in detail: an unnamed row of the lead gives
    way to a row of the same type and place told in another paragraph within a month."""
    inc = d.inc
    if inc.targets or not _LEAD.search(d.sentence.text):
        return None
    for k in kept:
        ki = k.inc
        if k is d or k.sentence.paragraph == d.sentence.paragraph or ki.event_type != inc.event_type:
            continue
        if inc.location and ki.location and inc.location != ki.location:
            continue
        if inc.event_date and ki.event_date and abs((ki.event_date - inc.event_date).days) > 31:
            continue
        return k
    return None


def _lend_penalty(summary: Incident, named: Incident) -> None:
    """"The five-year sentences of two activists" often states the term that the sentence naming
    them leaves out: the named row keeps the facts only the summary gives."""
    if named.penalty_days is None and summary.penalty_days is not None:
        named.penalty_days = summary.penalty_days
    if named.penalty_amount is None and summary.penalty_amount is not None:
        named.penalty_amount, named.penalty_currency = summary.penalty_amount, summary.penalty_currency
    for code in summary.legal_basis:
        if code not in named.legal_basis:
            named.legal_basis.append(code)


def _summary_of_named(d: _Draft, kept: list[_Draft]) -> _Draft | None:
    """"A court upheld the sentences of two activists" beside "the court ruled to leave X and Y
    in prison": the unnamed row summarises the named one (which is returned)."""
    inc = d.inc
    if inc.targets:
        return None
    for k in kept:
        ki = k.inc
        if not ki.targets or ki.event_type != inc.event_type or abs(k.sentence.paragraph - d.sentence.paragraph) > 2:
            continue
        if k.sentence.index == d.sentence.index and d.trigger.strength == "noun" and inc.target_group:
            continue  # "the detention of its staff" beside its editor's house arrest: two events
        if k.sentence.section != d.sentence.section and inc.target_group is None:
            continue  # an organisation's registration refused under another heading sums up nobody
        if inc.participants and inc.participants > 2 * len(ki.targets) + 2 and \
                k.sentence.paragraph != d.sentence.paragraph:
            continue  # "516 were detained" does not sum up one blogger detained in the next paragraph
        if inc.location and ki.location and inc.location != ki.location:
            continue
        if inc.event_date is None or ki.event_date is None:
            return k
        tol = 3
        if (inc.event_date - (ki.event_date_end or ki.event_date)).days <= tol and \
                ((ki.event_date) - (inc.event_date_end or inc.event_date)).days <= tol:
            return k
    return None


def _absorbed(text: str, d: _Draft, kept: list[_Draft]) -> bool:
    inc = d.inc
    for k in reversed(kept):
        ki = k.inc
        if ki.event_type != inc.event_type:
            continue
        same_par = k.sentence.paragraph == d.sentence.paragraph
        if inc.targets and set(inc.targets) == set(ki.targets):
            if k.sentence.index == d.sentence.index and ki.penalty_days == inc.penalty_days:
                return True
            if (not d.own_date or _same_span(ki, inc)) and (same_par or not d.own_date) and \
                    ki.penalty_days in (None, inc.penalty_days):
                return True
        if inc.targets and ki.targets and same_par and \
                _ALSO.search(d.sentence.text) and not d.own_date and not set(inc.targets) & set(ki.targets):
            _join_into(text, k, d)
            return True
        if not inc.targets and not ki.targets and same_par and (not d.own_date or _same_span(ki, inc) or
                                                                _continues(text, d, ki)) and \
                (inc.location is None or ki.location is None or inc.location == ki.location) and \
                (not d.own_place or inc.location == ki.location):
            return True
    return False


def _continues(text: str, d: _Draft, ki: Incident) -> bool:
    """"The protests continued into the night of 2 July": the same protest, a day later."""
    inc = d.inc
    if inc.event_date is None or ki.event_date is None:
        return False
    return bool(re.search(r"\b(?:continued|went on|lasted)\b", text[d.trigger.start:d.trigger.end + 20], re.IGNORECASE)) \
        and 0 <= (inc.event_date - (ki.event_date_end or ki.event_date)).days <= 3


def _join_into(text: str, k: _Draft, d: _Draft) -> None:
    ki, inc = k.inc, d.inc
    for lid, name in zip(inc.targets, inc.target_names):
        if lid not in ki.targets:
            ki.targets.append(lid)
            ki.target_names.append(name)
    start, end = min(ki.evidence_start, inc.evidence_start), max(ki.evidence_end, inc.evidence_end)
    ki.evidence, ki.evidence_start, ki.evidence_end = text[start:end], start, end
    ki.summary = summarise(ki.event_type, ki.target_names, ki.target_group, ki.location)


def _same_span(a: Incident, b: Incident) -> bool:
    return a.event_date == b.event_date and a.event_date_end == b.event_date_end


def _subsumed(d: _Draft, kept: list[_Draft]) -> bool:
    """A vague row (a month or more) summarising a more precise one of the same type and people."""
    inc = d.inc
    if inc.event_date is None or inc.date_precision == "day":
        return False
    for k in kept:
        ki = k.inc
        if k is d or ki.event_type != inc.event_type or ki.event_date is None:
            continue
        if set(ki.targets) != set(inc.targets):
            continue
        if k.sentence.section != d.sentence.section:
            continue
        if inc.event_date <= ki.event_date and (ki.event_date_end or ki.event_date) <= (inc.event_date_end or inc.event_date) \
                and (ki.event_date_end or ki.event_date) - ki.event_date < (inc.event_date_end or inc.event_date) - inc.event_date:
            if not inc.targets and inc.location and ki.location and inc.location != ki.location:
                continue
            return True
    return False


def _emit(d: _Draft) -> bool:
    """Unnamed rows need a date of their own, or the story's date and a place or a number, or
    at least a stated number: without them they are generic statements."""
    inc = d.inc
    if inc.targets:
        return True
    if d.date_level == "own":
        return True
    if d.date_level == "story":
        return inc.location is not None or inc.participants is not None
    return d.date_level == "section" and inc.participants is not None
