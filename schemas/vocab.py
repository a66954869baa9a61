"""Controlled vocabularies of the codebook (CODEBOOK.md beside the project, copied to docs/)."""

EVENT_TYPES = (
    "detention",
    "administrative_arrest",
    "fine",
    "criminal_charge",
    "prison_sentence",
    "restricted_freedom",
    "psychiatric_detention",
    "search",
    "interrogation",
    "surveillance",
    "physical_attack",
    "harassment",
    "travel_restriction",
    "censorship",
    "legislation",
    "court_ruling",
    "charges_dropped",
    "release",
    "protest",
)
# What each event type means (CODEBOOK.md, "Event types"): (meaning, typical words).
EVENT_TYPE_MEANINGS: dict[str, tuple[str, str]] = {
    'detention': (
        'held by police or security forces, without a court sentence (hours to days)',
        'detained, arrested, taken for questioning, stopped and held',
    ),
    'administrative_arrest': (
        'a court sentences someone to days of administrative detention',
        'sentenced to N days of administrative arrest/detention',
    ),
    'fine': (
        'an administrative or court fine',
        'fined, a fine of N KZT',
    ),
    'criminal_charge': (
        'a criminal case is opened, someone is charged, accused or tried',
        'charged, accused under Article N, case opened, on trial',
    ),
    'prison_sentence': (
        'a court sentences someone to imprisonment',
        'sentenced to N years, deprivation of freedom',
    ),
    'restricted_freedom': (
        'a non-custodial criminal sentence: probation, restriction of freedom, bans as a sentence',
        'probation, restricted freedom',
    ),
    'psychiatric_detention': (
        'forced psychiatric examination or treatment',
        'forced psychiatric treatment',
    ),
    'search': (
        'search of a home, office or belongings; seizure of equipment',
        'searched, seized',
    ),
    'interrogation': (
        'summoned or questioned without being held',
        'summoned, questioned, interrogated',
    ),
    'surveillance': (
        'put under watch, followed, phones tapped',
        'surveillance',
    ),
    'physical_attack': (
        'beating or other violence against a person',
        'beaten, attacked, assaulted',
    ),
    'harassment': (
        'other pressure: denied visits or correspondence, tax raids, impersonation, threats, an event interrupted, a complaint filed to silence',
        'prevented, interrupted, threatened',
    ),
    'travel_restriction': (
        'exit or entry ban, deportation, expulsion',
        'banned from leaving, deported',
    ),
    'censorship': (
        'blocking, removal or ban of publications, sites, media',
        'blocked, banned publication',
    ),
    'legislation': (
        'a law or regulation adopted or proposed that restricts the freedoms',
        'law adopted, amendments',
    ),
    'court_ruling': (
        'any other court decision in such a case, favourable or not',
        'court ruled, appeal rejected',
    ),
    'charges_dropped': (
        'a case closed, charges dropped, acquittal',
        'case closed, acquitted',
    ),
    'release': (
        'release from detention or prison',
        'released, on parole, amnestied',
    ),
    'protest': (
        'a peaceful assembly took place: rally, picket, hunger strike, march',
        'picket, rally, gathered, hunger strike',
    ),
}
RIGHTS = ("expression", "association", "peaceful_assembly")
DATE_PRECISIONS = ("day", "month", "part_of_month", "year", "unknown")
GEO_PRECISIONS = ("city", "region", "country")
PERSON_ROLES_IN_INCIDENT = ("target", "perpetrator", "other")
# The codebook leaves perpetrators open ("..."); these are the values the extractor emits.
PERPETRATORS = (
    "police",
    "court",
    "authorities",
    "security_services",
    "prosecutors",
    "unknown_assailants",
    "company",
    "military",
    "prison_administration",
    "parliament",
    "government",
)
# Why a published id is no longer a row of its table (person_redirects / incident_redirects.reason);
# the rules are in pipelines/core/linking.py (persons) and pipelines/core/continuity.py (incidents).
PERSON_REDIRECT_REASONS = ("merged", "report_removed", "no_longer_identified")
INCIDENT_REDIRECT_REASONS = ("same_evidence", "rejected_by_reviewer", "report_removed", "no_longer_extracted")

# The release's delta (schemas.tables.DeltaSchema): what kind of row changed, how, and why.
DELTA_ENTITIES = ("incident", "person", "report")
DELTA_CHANGES = ("ADD", "MOD", "DEL")
DELTA_REASONS = ("new", "changed", "merged", "split", "superseded", "rejected", "extraction_failed", "removed")
