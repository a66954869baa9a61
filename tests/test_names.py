"""Person-name recognition, roles and within-report coreference (core.names)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipelines.core.names import find_person_mentions, fold, person_relations, split_name

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = ROOT / "tests" / "fixtures" / "persons"
HELD_OUT = {"005", "015", "025", "035", "040"}


def _persons(text: str) -> dict[str, set[str]]:
    """canonical -> surfaces."""
    out: dict[str, set[str]] = {}
    for m in find_person_mentions(text):
        out.setdefault(m.canonical, set()).add(m.surface)
    return out


@pytest.mark.parametrize("text, expected", [
    ("Police detained journalist Aidana Seitkali in Oral.", {"Aidana Seitkali"}),
    ("The court fined Nurlan Zhakupov and his lawyer Gulmira Ermekova.",
     {"Nurlan Zhakupov", "Gulmira Ermekova"}),
    ("Members of the Special Forces dispersed the crowd on Constitution Day.", set()),
    ("The European Parliament and Human Rights Watch criticised the verdict.", set()),
    ("Kazakh President Kassym-Jomart Tokayev signed the law.", {"Kassym-Jomart Tokayev"}),
    ("Investigative reporter Makhabat Tajibek kyzy was questioned.", {"Makhabat Tajibek kyzy"}),
    ("Following the ruling, Democratic Choice supporters gathered in Almaty.", set()),
    ("A photo of the rally (Daniyar Mukhamedov/Reuters) circulated widely.", set()),
    ("On Monday, Temirov Live reported that the Bishkek City Court had ruled.", set()),
    ("“Free the activists,” said Ainur Kaliyeva, a researcher at the monitoring group.",
     {"Ainur Kaliyeva"}),
    # titles that hold an organisation word, and capitals
    ("Dear Prosecutor General Bakhrom Sultonov, I urge you to act.", {"Bakhrom Sultonov"}),
    ("The Prosecutor General's Office did not reply.", set()),
    ("MEP Jonas Petrauskas raised the case in Strasbourg.", {"Jonas Petrauskas"}),
    ("UZBEKISTAN: ACTIVIST SENTENCED OVER FACEBOOK POST", set()),
    ("FREE DILNOZA RAHIMOVA NOW", {"Dilnoza Rahimova"}),
    ("Still in prison: KARIMOV Farrukh, blogger; YULDASHEVA Nodira, teacher.",
     {"Farrukh Karimov", "Nodira Yuldasheva"}),
    # places, holidays, rules and prizes named after people
    ("She grew up in Saint Petersburg and moved to St Petersburg again.", set()),
    ("The cells breach the Nelson Mandela Rules, the monitors said.", set()),
    ("Arrests rose during the Kurban Ait holidays and on Independence Day.", set()),
    ("Marchers walked down Erkindik Boulevard to the Amir Temur museum.", set()),
    ("Activists urged sanctions under the Magnitsky Act and the Magnitsky law.", set()),
    ("Nominated for the Vaclav Havel Human Rights Prize, she stayed home.", set()),
    ("Ak Zhol, Nur Otan, Azattyq, Vlast.kz and Kloop covered Nauryz on Abay Avenue.", set()),
    # Tajik, Turkmen and Western names without a Slavic ending
    ("The reporter Firuz Sharifzod and his mother, Gulchehra Nurali, were questioned.",
     {"Firuz Sharifzod", "Gulchehra Nurali"}),
    ("Officers stopped the correspondent Ogulgerek Annamuradowa at the airport.",
     {"Ogulgerek Annamuradowa"}),
    ("“This is unacceptable,” said Marta Wisniewska, CPJ’s program coordinator.",
     {"Marta Wisniewska"}),
])
def test_recognises_people_not_organisations(text: str, expected: set[str]) -> None:
    assert set(_persons(text)) == expected


def test_surname_possessive_title_and_initial_resolve_to_full_name() -> None:
    text = ("Blogger Arman Sadvakasov was detained on 3 May. Sadvakasov’s phone was seized. "
            "Mr Sadvakasov denied the charges, and A. Sadvakasov later appealed.")
    ms = find_person_mentions(text)
    assert {m.local_id for m in ms} == {"p1"}
    assert [m.kind for m in ms] == ["full", "possessive", "surname", "initial"]
    assert all(m.canonical == "Arman Sadvakasov" for m in ms)
    assert all(text[m.start:m.end] == m.surface for m in ms)
    assert ms[0].roles == ["blogger"]


def test_surname_first_list_is_the_same_person() -> None:
    text = ("Activist Ruslan Usenov was fined. The following people were also fined: "
            "Usenov Ruslan, Bekova Aizhan.")
    ms = find_person_mentions(text)
    by = {m.surface: m for m in ms}
    assert by["Usenov Ruslan"].kind == "surname_first"
    assert by["Usenov Ruslan"].local_id == by["Ruslan Usenov"].local_id
    assert by["Bekova Aizhan"].canonical == "Aizhan Bekova"


def test_spelling_slip_merges_but_relatives_and_genders_do_not() -> None:
    text = ("Baurzhan Tolegenov and Gulzhan Tolegenova were detained. Gulzhan Tolegenova is the "
            "mother of Asylbek Tolegenov. Baurzhan Tolegenov is a friend of Asylbek Tolegenov. "
            "Baurzahn Tolegenov was released.")
    people = _persons(text)
    assert set(people) == {"Baurzhan Tolegenov", "Gulzhan Tolegenova", "Asylbek Tolegenov"}
    assert people["Baurzhan Tolegenov"] == {"Baurzhan Tolegenov", "Baurzahn Tolegenov"}
    ms = find_person_mentions(text)
    rels = {(r, a, b) for r, a, b in person_relations(text, ms)}
    lid = {m.canonical: m.local_id for m in ms}
    assert ("mother", lid["Gulzhan Tolegenova"], lid["Asylbek Tolegenov"]) in rels


def test_two_letter_initials_and_patronymics() -> None:
    text = ("Activist Yegor Andreyevich Kravtsov was fined; the ruling names him Ye.A. Kravtsov. "
            "Witnesses E. Omarov and his wife Ye. Omarova testified. Observer Gulmira Zh. "
            "Tasbolatova and the expert N.K. Sadvakasov attended.")
    ms = find_person_mentions(text)
    people = _persons(text)
    assert people["Yegor Kravtsov"] == {"Yegor Andreyevich Kravtsov", "Ye.A. Kravtsov"}
    assert {"E. Omarov", "Ye. Omarova", "Gulmira Tasbolatova", "N.K. Sadvakasov"} <= set(people)
    assert len({m.local_id for m in ms}) == 5
    assert all(text[m.start:m.end] == m.surface for m in ms)


def test_kyrgyz_official_order_and_siblings_sharing_a_patronymic() -> None:
    text = ("Reporter Azamat Kanybek uulu and his sister Aizada Kanybek kyzy were detained. "
            "The police listed Kanybek uulu Azamat and Kanybek kyzy Aizada. Kanybek uulu "
            "appealed.")
    ms = find_person_mentions(text)
    by = {m.surface: m for m in ms}
    assert by["Kanybek uulu Azamat"].local_id == by["Azamat Kanybek uulu"].local_id
    assert by["Kanybek kyzy Aizada"].local_id == by["Aizada Kanybek kyzy"].local_id
    assert by["Kanybek uulu"].local_id == by["Azamat Kanybek uulu"].local_id
    assert by["Aizada Kanybek kyzy"].local_id != by["Azamat Kanybek uulu"].local_id
    assert by["Kanybek uulu Azamat"].canonical == "Azamat Kanybek uulu"


def test_two_known_first_names_with_one_surname_stay_apart() -> None:
    people = _persons("Nurlan Sadykov and Ruslan Sadykov were both fined. Nurlan Sadykov paid.")
    assert set(people) == {"Nurlan Sadykov", "Ruslan Sadykov"}


def test_single_unknown_capitalised_word_is_not_a_person() -> None:
    assert _persons("Tribuna published the letter. Ratel reported it too.") == {}


@pytest.mark.parametrize("a, b", [("Yelena", "Elena"), ("Semyonova", "Semenova"),
                                  ("Toqayev", "Tokayev"), ("Zhomart", "Jomart"),
                                  ("Mamay", "Mamai"), ("Kassym", "Kasym"),
                                  ("Семёнова", "Semenova"), ("Yuriy", "Yuri")])
def test_fold_unifies_transliterations(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_split_name_turns_surname_first_round() -> None:
    assert split_name("Usabaev Ruslan") == ("Ruslan", "Usabaev")
    assert split_name("Makhabat Tajibek kyzy") == ("Makhabat", "Tajibek kyzy")


# ----------------------------------------------------------------------------- measured

def _annotated() -> list[tuple[str, Path, Path]]:
    pairs = [(p.stem, p, FIXTURES / "gold" / f"{p.stem}.yaml")
             for p in sorted(FIXTURES.glob("*.txt"))]
    if SHARED.exists():
        seed = ROOT / "sources" / "reports" / "000_bf2cf6556fc1d8c3.txt"
        pairs.append((seed.stem, seed, SHARED / "gold" / f"{seed.stem}.yaml"))
        for txt in sorted((SHARED / "reports-dev").glob("*.txt")):
            if txt.stem not in HELD_OUT:
                pairs.append((txt.stem, txt, SHARED / "gold" / f"{txt.stem}.yaml"))
    return pairs


def measure_persons() -> dict[str, float]:
    """Person precision/recall against gold `persons` (optional ones count neither way),
    plus within-report split persons and merged persons."""
    return _measure_on(_annotated())


def _measure_on(pairs: list[tuple[str, Path, Path]]) -> dict[str, float]:
    tp = fp = fn = splits = merges = 0
    for _, txt, gold_path in pairs:
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8")).get("persons") or []
        mentions = find_person_mentions(txt.read_text(encoding="utf-8"))
        local: dict[str, tuple[str, set[str]]] = {}
        for m in mentions:
            local.setdefault(m.local_id, (m.canonical, set()))[1].add(m.surface)
        hit: dict[int, int] = {}
        for canonical, surfaces in local.values():
            idx = [i for i, g in enumerate(gold)
                   if canonical == g["name"] or canonical in g.get("forms", [])]
            if not idx:
                fp += 1
                continue
            owners = {i for i, g in enumerate(gold) for s in surfaces
                      if s in g.get("forms", []) or s == g["name"]}
            merges += len(owners) > 1
            hit[idx[0]] = hit.get(idx[0], 0) + 1
            tp += not gold[idx[0]].get("optional")
        splits += sum(n - 1 for n in hit.values())
        fn += sum(1 for i, g in enumerate(gold) if i not in hit and not g.get("optional"))
    return {"precision": tp / (tp + fp), "recall": tp / (tp + fn), "splits": splits,
            "merges": merges, "n": tp}


def test_person_recognition_on_annotated_material() -> None:
    # measured (seed + 10 dev excerpts + 18 fixtures): precision 1.0, recall 1.0, n = 189;
    # the HEAD before the g*/h* fixtures were added scored 0.96 / 0.93 on the same material
    r = measure_persons()
    assert r["precision"] >= 0.98, r
    assert r["recall"] >= 0.98, r
    assert r["splits"] == 0 and r["merges"] == 0, r


def test_person_recognition_on_new_report_styles() -> None:
    # the 13 g*/h* fixtures (HRW, CPJ, Amnesty UA, RFE/RL, Turkmen, Tajik, Uzbek, Russian
    # patronymics, initials, capitals): measured 1.0 / 1.0, n = 107
    r = _measure_on([t for t in _annotated() if t[0][:1] in "gh"])
    assert r["n"] >= 100, r
    assert r["precision"] >= 0.97 and r["recall"] >= 0.95, r
    assert r["splits"] == 0 and r["merges"] == 0, r


@pytest.mark.parametrize("stem", [p.stem for p in sorted(FIXTURES.glob("*.txt"))])
def test_offsets_match_surfaces(stem: str) -> None:
    text = (FIXTURES / f"{stem}.txt").read_text(encoding="utf-8")
    ms = find_person_mentions(text)
    assert ms == sorted(ms, key=lambda m: m.start)
    assert all(text[m.start:m.end] == m.surface for m in ms)
    ids = [m.local_id for m in ms]
    assert sorted(set(ids), key=lambda x: int(x[1:])) == \
        [f"p{i}" for i in range(1, len(set(ids)) + 1)]
