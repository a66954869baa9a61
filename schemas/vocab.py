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
