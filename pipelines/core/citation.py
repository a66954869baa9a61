"""How to cite the dataset: the project's citation record and each release's suggested citation.

The project-level record is CITATION.cff at the repository root; a test checks that it says
what `PROJECT` says. Each release carries its own CITATION.cff (with its version and date) and
the same citation text in datapackage.json and on its page.
"""

from __future__ import annotations

from typing import Any

import yaml

PROJECT: dict[str, Any] = {
    "title": "Civic-space incidents in Central Asia",
    "authors": [{"name": "Civic-space incidents dataset contributors"}],
    "license": "CC-BY-4.0",
    "abstract": ("Incidents of restrictions on the freedoms of expression, association and "
                 "peaceful assembly (detentions, fines, searches, sentences, protests, ...), "
                 "extracted from narrative human-rights reports, with the persons they concern. "
                 "Every incident quotes the sentence of its source report."),
    "keywords": ["civic space", "human rights", "Central Asia", "Kazakhstan", "event data"],
}


def suggested_citation(version: str, release_date: str | None) -> str:
    """One line to paste into a bibliography."""
    authors = "; ".join(a["name"] for a in PROJECT["authors"])
    year = f" ({release_date[:4]})" if release_date else ""
    dated = f", {release_date}" if release_date else ""
    return (f"{authors}{year}. {PROJECT['title']}, release {version}{dated} [data set]. "
            f"Licence {PROJECT['license']}.")


def citation_cff(version: str, release_date: str | None) -> str:
    """CITATION.cff of one release (Citation File Format 1.2.0)."""
    record: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": "If you use this release of the dataset, please cite it as below.",
        "type": "dataset",
        "title": PROJECT["title"],
        "authors": PROJECT["authors"],
        "version": version,
        "license": PROJECT["license"],
        "abstract": PROJECT["abstract"],
        "keywords": PROJECT["keywords"],
    }
    if release_date:
        record["date-released"] = release_date
    return yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
