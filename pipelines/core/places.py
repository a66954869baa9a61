"""Gazetteer lookup: place names in report text -> canonical places with coordinates.

Belongs here: loading sources/gazetteer/places.csv (built by scripts/build_gazetteer.py from
GeoNames), resolving one surface form to a Place (spelling variants, Cyrillic, Kazakh and
Soviet-era names, "X Region"/"X oblast", one-letter typos) and scanning a text span for place
mentions. Deciding whether a mention is the place of an incident is the caller's job; this
module only says where place names are and flags the ones that sit inside a longer proper
name (an organisation, a court, a media outlet).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

GAZETTEER_DIR = Path(__file__).resolve().parents[2] / "sources" / "gazetteer"

# A bare town name is taken without a locative cue only when the town is this big: small
# towns share their names with surnames and first names.
MIN_BARE_POPULATION = 15000
# With no cue, a city beats a region of the same name when it is a seat or this big.
CITY_OVER_REGION_POPULATION = 50000
FUZZY_MIN_LENGTH = 6
# A town smaller than this that seats no region is taken only where the text says what it is:
# "Ayni district", "the village of X", "X village" (_DESIGNATED_AFTER, _DESIGNATED_BEFORE); never
# when it is named like a surname (_SURNAME_END: "Auezov district" of Almaty). Reports name a district by
# its seat; a bare small name after "in" is as often a surname.
MINOR_POPULATION = 5000

# Words after a place name that make it a region ("Atyrau Region", "Pavlodar oblast").
REGION_WORDS = frozenset({
    "region", "regions", "oblast", "oblasts", "oblys", "oblysy", "province", "viloyati",
    "viloyat", "welayaty", "autonomous",
})
# A place name followed by one of these names a natural feature: "Aral Sea", "Issyk-Kul Lake".
FEATURE_WORDS = frozenset({"sea", "lake", "river", "mountains", "mountain", "valley", "canal",
                           "desert", "steppe", "gorge", "pass", "plateau", "reservoir"})
# Words that follow a city's name without making it an organisation's name.
CITY_WORDS = frozenset({"city", "town"})

# Place names that are also common personal names or words: taken only after a cue.
AMBIGUOUS_NAMES = frozenset({"mary", "abai", "abay", "arys", "zhanibek", "altay", "aral",
                             "kant", "nov", "shu", "jebel", "hazar", "asaka", "bereket",
                             "saran", "aksu", "esik", "ayagoz", "talas", "naryn", "kerben",
                             "abadan", "manas", "balkan", "ahal", "chu"})

# Capitalised words that start sentences or titles and never belong to a place name; they
# end a run of capitalised words.
_STOP_CAPS = frozenset({
    "in", "on", "at", "from", "the", "a", "an", "during", "after", "before", "since", "near",
    "and", "but", "for", "to", "with", "by", "of", "while", "when", "as", "meanwhile", "also",
    "however", "although", "despite", "following", "according", "between", "until", "later",
    "earlier", "this", "that", "these", "those", "his", "her", "their", "its", "our",
    "both", "some", "several", "many", "most", "all", "other", "there", "here", "on",
    "outside", "inside", "across", "around", "over", "under", "upon", "within", "without",
    "then", "thus", "yet", "so", "if", "where", "who", "which", "what", "how", "why",
})
# Words a one-letter typo must never turn into a place (checked on the ASCII key).
_COMMON_WORDS = frozenset("""
central western eastern northern southern region regions justice internal affairs ministry
parliament prosecutor police court courts supreme national security committee office
president presidential government council republic democratic choice party movement
international human rights watch amnesty freedom house radio liberty europe european union
united nations states media facebook instagram telegram twitter youtube whatsapp tiktok
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday article criminal code
administrative labour civil prison colony detention centre center street square avenue
district village capital country nation people public social network internet online
bureau foundation institute agency service services department directorate commission
protest protests rally picket strike hunger regional city cities mayor akimat akim
""".split())
_TITLES_BEFORE_OF = frozenset({"republic", "city", "town", "region", "mayor", "akim", "court", "courts",
                               "governor", "capital", "people", "citizens", "residents",
                               "outskirts", "centre", "center", "north", "south", "east",
                               "west", "suburbs"})
_SURNAME_END = re.compile(r"(?:ov|ova|ev|eva|yev|yeva|uly|kyzy|qyzy|enko|sky|ski|skaya|ich|"
                          r"ovich|evna|ovna|bekov|bayev|baev|ina|in)$", re.I)

_TOKEN = re.compile(r"[^\W\d_](?:[\w’'\-]*\w)?")
_POSSESSIVE = re.compile(r"[’']s?$")
_CUE_BEFORE = re.compile(
    r"\b(?:in|from|of|near|at|to|outside|across|around|throughout|towards?|into|via|"
    r"city|town|village|settlement|capital)\s+(?:the\s+)?"
    r"(?:(?:city|town|village|settlement|district|region|capital)\s+of\s+(?:the\s+)?)?$",
    re.I)
_DESIGNATED_AFTER = re.compile(r"\s+(?:district|village|town|settlement|rayon|raion|jamoat|tuman)\b", re.I)
_DESIGNATED_BEFORE = re.compile(r"\b(?:village|town|settlement|aul|kishlak)\s+of\s+(?:the\s+)?$", re.I)
_RUN_SPACES = frozenset({" ", "\u00a0", "\u202f"})
_BASED_SUFFIX = re.compile(r"-based$", re.I)
_AND_REGIONS = re.compile(r"\s*(?:,|and|,\s*and)\s+[A-Z][\w’'\-]*\s+(?:regions|oblasts)\b")


@dataclass(frozen=True)
class Place:
    name: str
    admin1: str | None
    country: str
    latitude: float
    longitude: float
    kind: str  # 'city' | 'region' | 'country'
    population: int


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    surface: str
    place: Place
    in_name: bool = False  # part of a longer proper name: "Democratic Choice of Kazakhstan"
    cue: bool = False  # preceded by a locative cue ("in", "from", "city of") or "-based"

    @property
    def name(self) -> str:
        return self.place.name

    @property
    def admin1(self) -> str | None:
        return self.place.admin1

    @property
    def country(self) -> str:
        return self.place.country

    @property
    def latitude(self) -> float:
        return self.place.latitude

    @property
    def longitude(self) -> float:
        return self.place.longitude

    @property
    def kind(self) -> str:
        return self.place.kind


def place_key(text: str) -> str:
    """ASCII, lower case, apostrophes dropped, words split on spaces and hyphens."""
    text = anyascii(text).lower()
    text = re.sub(r"['`\u2019\u2018\u02bb\u02bc]", "", text)
    return " ".join(re.split(r"[\s\-]+", re.sub(r"[^a-z0-9\s\-]", " ", text).strip()))


@dataclass(frozen=True)
class _Entry:
    place: Place
    is_seat: bool


class Gazetteer:
    def __init__(self, entries: list[_Entry], alternates: list[list[str]],
                 seats: dict[tuple[str, str], Place] | None = None):
        # (country, region name) -> the city the region is governed from (admin1.csv `seat`)
        self._seats = seats or {}
        self._city: dict[str, list[_Entry]] = {}
        self._region: dict[str, list[_Entry]] = {}
        self._country: dict[str, _Entry] = {}
        for entry, alts in zip(entries, alternates):
            keys = {place_key(entry.place.name)} | {place_key(a) for a in alts}
            for key in keys - {""}:
                self._index(entry, key)
        self._minor = frozenset(e.place for e in entries if e.place.kind == "city" and not e.is_seat
                                and e.place.population < MINOR_POPULATION)
        # the countries the gazetteer knows region by region: those the reports monitor
        self.monitored = frozenset(e.place.country for e in entries if e.place.kind == "region")
        self._fuzzy_keys = sorted(
            k for k, es in {**self._city, **self._region}.items()
            if len(k) >= FUZZY_MIN_LENGTH - 1
            and any(e.place.kind == "region" or e.place.population >= MIN_BARE_POPULATION
                    for e in es))

    def _index(self, entry: _Entry, key: str) -> None:
        kind = entry.place.kind
        if kind == "country":
            self._country.setdefault(key, entry)
        elif kind == "region":
            base = _strip_region_words(key)
            self._region.setdefault(base or key, []).append(entry)
        else:
            self._city.setdefault(key, []).append(entry)

    # ---- loading -------------------------------------------------------------------------
    @classmethod
    def from_csv(cls, places_csv: Path, admin1_csv: Path) -> Gazetteer:
        with admin1_csv.open(encoding="utf-8", newline="") as f:
            regions = [row for row in csv.DictReader(f) if row["kind"] == "region"]
        seats = {row["seat"] for row in regions if row["seat"]}
        entries, alternates, ids = [], [], []
        with places_csv.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                place = Place(
                    name=row["name"], admin1=row["admin1_name"] or None,
                    country=row["country"], latitude=float(row["latitude"]),
                    longitude=float(row["longitude"]), kind=row["kind"],
                    population=int(row["population"] or 0))
                entries.append(_Entry(place, row["geonameid"] in seats))
                alternates.append([a for a in row["alternates"].split("|") if a])
                ids.append(row["geonameid"])
        # A city with the status of a region (Tashkent, Almaty, Astana, Bishkek, Osh, Dushanbe,
        # Ashgabat, Shymkent) holds its districts as "cities" of that region in GeoNames
        # (Chilanzar, Yunusobod): an event there happened in the city, the place a report's
        # reader and the codebook's city-level location mean.
        by_id = {gid: e.place for gid, e in zip(ids, entries)}
        capitals = {(r["country"], r["name"]): by_id[r["seat"]] for r in regions
                    if r["seat"] in by_id and by_id[r["seat"]].name == r["name"]}
        for i, e in enumerate(entries):
            city = capitals.get((e.place.country, e.place.admin1)) if e.place.kind == "city" else None
            if city is not None and city != e.place:
                entries[i] = _Entry(city, False)
                alternates[i] = [e.place.name, *alternates[i]]  # still found by its own name
        seats = {(r["country"], r["name"]): by_id[r["seat"]] for r in regions if r["seat"] in by_id}
        return cls(entries, alternates, seats)

    def seat_of(self, region: Place) -> Place | None:
        """The city a region is governed from ("West Kazakhstan Region" -> Uralsk), None if unknown."""
        return self._seats.get((region.country, region.name)) if region.kind == "region" else None

    @staticmethod
    @functools.lru_cache(maxsize=1)
    def default() -> Gazetteer:
        return Gazetteer.from_csv(GAZETTEER_DIR / "places.csv", GAZETTEER_DIR / "admin1.csv")

    # ---- one surface form ----------------------------------------------------------------
    def resolve(self, surface: str, fuzzy: bool = True) -> Place | None:
        key = place_key(_POSSESSIVE.sub("", surface.strip()))
        if not key:
            return None
        exact = self._exact(key)
        if exact is not None or not fuzzy:
            return exact
        return self._fuzzy(key)

    def _exact(self, key: str) -> Place | None:
        words = key.split()
        if len(words) > 1 and words[-1] in REGION_WORDS:
            base = _strip_region_words(key)
            return self._pick_region(base) or self._region_of_city(base)
        if len(words) > 1 and words[-1] in CITY_WORDS:
            city = self._pick_city(" ".join(words[:-1]))
            if city is not None:
                return city
        if key in self._country:
            return self._country[key].place
        return self._pick_bare(key)

    def _pick_bare(self, key: str) -> Place | None:
        cities = self._city.get(key, [])
        city = max(cities, key=_city_rank) if cities else None
        region = self._pick_region(key)
        if city is None or region is None:
            return city.place if city is not None else region
        if city.is_seat or city.place.population >= CITY_OVER_REGION_POPULATION:
            return city.place
        return region

    def _pick_city(self, key: str) -> Place | None:
        cities = self._city.get(key, [])
        return max(cities, key=_city_rank).place if cities else None

    def _pick_region(self, key: str) -> Place | None:
        regions = self._region.get(key, [])
        if not regions:
            return None
        # "Almaty Region" is the oblast, not the city with region status called "Almaty".
        named = [e for e in regions if _strip_region_words(place_key(e.place.name))
                 != place_key(e.place.name)]
        return (named or regions)[0].place

    def _region_of_city(self, key: str) -> Place | None:
        city = self._pick_city(key)
        if city is None or city.admin1 is None:
            return None
        return self._pick_region(place_key(city.admin1))

    def _fuzzy(self, key: str) -> Place | None:
        if len(key) < FUZZY_MIN_LENGTH or key in _COMMON_WORDS or " " in key:
            return None
        hits = process.extract(key, self._fuzzy_keys, scorer=Levenshtein.distance,
                               score_cutoff=1, limit=5)
        places = {self._exact(k) for k, _, _ in hits}
        places.discard(None)
        return places.pop() if len(places) == 1 else None

    # ---- scanning text -------------------------------------------------------------------
    def find(self, text: str, start: int = 0, end: int | None = None) -> list[PlaceMention]:
        end = len(text) if end is None else end
        tokens = [m for m in _TOKEN.finditer(text, start, end)]
        mentions: list[PlaceMention] = []
        for run in _capitalised_runs(text, tokens):
            mentions.extend(self._scan_run(text, run, tokens, end))
        return _namesakes_in_their_region(text, mentions)

    def _scan_run(self, text: str, run: list[int], tokens: list[re.Match],
                  end: int) -> list[PlaceMention]:
        found: list[tuple[int, int, PlaceMention]] = []
        pos = 0
        while pos < len(run):
            hit = self._match_window(text, run, pos, tokens, end)
            if hit is None:
                pos += 1
                continue
            n_tokens, mention = hit
            found.append((pos, pos + n_tokens, mention))
            pos += n_tokens
        out = []
        for first, last, mention in found:
            # "Almaty's National Opera", "Kazakhstan's Supreme Court": what follows a possessive
            # place is a thing in that place, not more of the place's own name
            after = [] if _POSSESSIVE.search(tokens[run[last - 1]].group()) else run[last:]
            extra = [i for i in run[:first] + after
                     if place_key(tokens[i].group()) not in REGION_WORDS | CITY_WORDS]
            in_name = bool(extra) or _joined_by_of(text, tokens[run[first]].start())
            if extra and _looks_like_person(tokens, run, first, last):
                continue
            if last < len(run) and place_key(tokens[run[last]].group()) in FEATURE_WORDS:
                continue
            mention = PlaceMention(mention.start, mention.end, mention.surface,
                                   mention.place, in_name, mention.cue)
            if _acceptable(mention):
                out.append(mention)
        return out

    def _match_window(self, text: str, run: list[int], pos: int, tokens: list[re.Match],
                      end: int) -> tuple[int, PlaceMention] | None:
        for n in (3, 2, 1):
            if pos + n > len(run):
                continue
            s = tokens[run[pos]].start()
            e = tokens[run[pos + n - 1]].end()
            surface = text[s:e]
            based = bool(_BASED_SUFFIX.search(surface)) and n == 1
            if based:
                surface = _BASED_SUFFIX.sub("", surface)
            surface = _POSSESSIVE.sub("", surface)
            e = s + len(surface)
            cue = based or bool(_CUE_BEFORE.search(text, max(0, s - 40), s))
            place = self._exact(place_key(surface))
            if place is None and n == 1 and cue:
                place = self._fuzzy(place_key(surface))
            if place is None:
                continue
            if place in self._minor:
                if _SURNAME_END.search(surface) or not (
                        _DESIGNATED_AFTER.match(text, e, end) or _DESIGNATED_BEFORE.search(text, max(0, s - 30), s)):
                    # (a small town named like a surname, "Auezov district", is more likely the
                    # district of a city named after a person than that town)
                    continue
                cue = True  # what the text calls it is the cue
            if place.kind == "city":
                place, e = self._extend_to_region(text, place, surface, s, e, end)
            return n, PlaceMention(s, e, text[s:e], place, False, cue)
        return None

    def _extend_to_region(self, text: str, place: Place, surface: str, s: int, e: int,
                          end: int) -> tuple[Place, int]:
        follow = re.match(r"\s+(region|oblast|province)s?\b", text[e:end], re.I)
        if follow:
            region = self._exact(place_key(surface + " region"))
            if region is not None:
                return region, e + follow.end()
        if _AND_REGIONS.match(text, e, end):
            region = self._exact(place_key(surface + " region"))
            if region is not None:
                return region, e
        return place, e


_IN_THE = re.compile(r"\s*,?\s+in\s+(?:the\s+)?$")


def _namesakes_in_their_region(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """"the village of Kara-Suu in Naryn region": a city said to lie in a region other than the
    one the gazetteer's city of that name lies in is a namesake the gazetteer lacks (the
    gazetteer's Kara Suu is a town of Osh region): no place of the gazetteer, nor its region,
    which names where the village lies, not the village (placing then finds no city there)."""
    drop: set[int] = set()
    for k, (m, nxt) in enumerate(zip(mentions, mentions[1:])):
        if m.place.kind == "city" and nxt.place.kind == "region" and _IN_THE.fullmatch(text[m.end:nxt.start]) and \
                m.place.country == nxt.place.country and m.place.admin1 != nxt.place.name:
            drop |= {k, k + 1}
    return [m for k, m in enumerate(mentions) if k not in drop]


def _strip_region_words(key: str) -> str:
    words = key.split()
    while len(words) > 1 and words[-1] in REGION_WORDS:
        words.pop()
    return " ".join(words)


def _city_rank(entry: _Entry) -> tuple[bool, int]:
    return entry.is_seat, entry.place.population


def _capitalised_runs(text: str, tokens: list[re.Match]) -> list[list[int]]:
    """Indexes of tokens in runs of capitalised words separated by single spaces."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, tok in enumerate(tokens):
        word = tok.group()
        capital = word[0].isupper() and place_key(word) not in _STOP_CAPS
        if not capital:
            if current:
                runs.append(current)
            current = []
            continue
        if current and text[tokens[current[-1]].end():tok.start()] not in _RUN_SPACES:
            runs.append(current)
            current = []
        current.append(i)
    if current:
        runs.append(current)
    return runs


def _joined_by_of(text: str, start: int) -> bool:
    """'Democratic Choice of Kazakhstan': a capitalised word, 'of', then the place."""
    m = re.search(r"([A-Z][\w’'\-]*)\s+(?:of|for)\s+(?:the\s+)?$", text[max(0, start - 60):start])
    return bool(m) and place_key(m.group(1)) not in _TITLES_BEFORE_OF | _STOP_CAPS


def _looks_like_person(tokens: list[re.Match], run: list[int], first: int, last: int) -> bool:
    """'Mary Lawlor', 'Arys Nurlanov': a place name used as a first name."""
    if last < len(run):
        nxt = tokens[run[last]].group()
        return bool(_SURNAME_END.search(_POSSESSIVE.sub("", nxt))) or last - first == 1 and (
            place_key(tokens[run[first]].group()) in AMBIGUOUS_NAMES)
    return False


def _acceptable(m: PlaceMention) -> bool:
    if m.place.kind != "city" or m.cue:
        return True
    key = place_key(m.surface)
    if key in AMBIGUOUS_NAMES:
        return False
    return m.place.population >= MIN_BARE_POPULATION
