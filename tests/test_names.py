"""Person-name recognition, roles and within-report coreference (core.names)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipelines.core.names import find_person_mentions, fold, person_relations, split_name
from tests.devsplit import stems_of

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = ROOT / "tests" / "fixtures" / "persons"


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
    # a given name the lexicon does not know before a father's name it does know
    ("Police searched the home of journalist Zarylkan Bolot kyzy in Osh.", {"Zarylkan Bolot kyzy"}),
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
    # a quote's attribution after the name, role titles that are no part of it, a surname that is
    # also an English word the text uses in lower case
    ("“The verdict is a disgrace,” Caroline Weller said in London.", {"Caroline Weller"}),
    ("“Release him,” the Europe Program Coordinator Anja Lindqvist told reporters.", {"Anja Lindqvist"}),
    ("Kyrgyz Ombudswoman Dinara Osmonalieva met the detainees.", {"Dinara Osmonalieva"}),
    ("“We are worried,” said Dilnoza Said, who heads the group. The minister said nothing.",
     {"Dilnoza Said"}),
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


# ----------------------------------------------------------------------------- round 3 rules

def test_particle_left_alone_in_a_capitals_heading_does_not_crash() -> None:
    # a part made only of "UULU" once raised IndexError
    text = "BISHKEK: COURT JAILS BLOGGER TALANT ESENGUL UULU\n\nThe court ruled on Monday."
    assert _persons(text) == {"Talant Esengul uulu": {"TALANT ESENGUL UULU"}}


def test_name_split_by_a_hard_line_wrap_is_one_name() -> None:
    text = ("On 3 June the district court in Taraz sentenced the civic activist Bolat\n"
            "Kerimbekov to ten days of arrest, and his neighbour Dr Aliya\n"
            "Sarsenova was questioned. Kerimbekov appealed.\n")
    people = _persons(text)
    assert people == {"Bolat Kerimbekov": {"Bolat\nKerimbekov", "Kerimbekov"},
                      "Aliya Sarsenova": {"Aliya\nSarsenova"}}
    ms = find_person_mentions(text)
    assert all(text[m.start:m.end] == m.surface for m in ms)


def test_short_lines_of_a_list_are_not_joined() -> None:
    text = "Detained:\nMurat\nAidos Bekov\nOral\n"
    assert set(_persons(text)) == {"Aidos Bekov"}


@pytest.mark.parametrize("text, expected", [
    ("Police again summoned Zh. Aitmukhambet, who chairs the unregistered group.",
     {"Zh. Aitmukhambet"}),
    ("The U.S.-based donor and the E.U. Delegation funded the survey.", set()),
    ("Both were sent to Block C. Aidos Temirkhanov said the cells were cold.",
     {"Aidos Temirkhanov"}),
])
def test_initials_before_a_surname(text: str, expected: set[str]) -> None:
    assert set(_persons(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Police visited the sisters Aida and Madina Ospanova in Taraz.",
     {"Aida Ospanova", "Madina Ospanova"}),
    ("The court fined Timur and Dana Abenova, a brother and sister.",
     {"Timur Abenov", "Dana Abenova"}),
    ("Relatives Nurlan, Asel and Daniyar Sarsenbayev were questioned.",
     {"Nurlan Sarsenbayev", "Asel Sarsenbayeva", "Daniyar Sarsenbayev"}),
    ("President Sadyr Japarov and Kamila Osmonova met the families.",
     {"Sadyr Japarov", "Kamila Osmonova"}),
])
def test_given_names_coordinated_with_a_full_name_share_its_surname(
        text: str, expected: set[str]) -> None:
    assert set(_persons(text)) == expected


@pytest.mark.parametrize("text, expected", [
    # a name no list knows, made a person by a role noun and a comma before it, or by a noun
    # only a person is in apposition after it
    ("The ministry's spokesperson, Jen Brennard also expressed concern.", {"Jen Brennard"}),
    ("They asked for the release of Ersin Kaltay, a Kazakhstan citizen held abroad since July.",
     {"Ersin Kaltay"}),
    ("Orla Denhart, a pensioner from Taraz, was fined.", {"Orla Denhart"}),
    # ... or by its stated age, or by what is done only to people, told right before or after it
    ("Zharylkap Shormanbay, 62, was detained.", {"Zharylkap Shormanbay"}),
    ("Police in Osh detained Zharylkap Sagut on Monday.", {"Zharylkap Sagut"}),
    ("Tolkyn Zhan was later sentenced to five years.", {"Tolkyn Zhan"}),
    ("The Kazakh Telecom was fined.", set()),
    # ... or by a year of birth, a relative "who", an event noun of a person's case before it, or
    # a kin or counsel noun after its possessive
    ("Zharylkap Sagut (born 1985) was questioned.", {"Zharylkap Sagut"}),
    ("Ormon Tashtan, who had reported on the protest, left the country.", {"Ormon Tashtan"}),
    ("The trial of Ormon Tashtan opened in Osh.", {"Ormon Tashtan"}),
    ("Ormon Tashtan's lawyer appealed.", {"Ormon Tashtan"}),
    ("Kyzyl Tuu's editor appealed.", set()),
    # ... or by what only a person does or is given, or a home after its possessive
    ("Ormon Tashtan was given five years in prison.", {"Ormon Tashtan"}),
    ("Ormon Tashtan died in custody in May.", {"Ormon Tashtan"}),
    ("Ormon Tashtan's flat was searched.", {"Ormon Tashtan"}),
    # ... or by those only a person has before it, or a role said of it
    ("The lawyer of Ormon Tashtan appealed.", {"Ormon Tashtan"}),
    ("Supporters of Ormon Tashtan gathered outside.", {"Ormon Tashtan"}),
    ("Ormon Tashtan is an activist from Osh.", {"Ormon Tashtan"}),
    ("Kyzyl Tuu is an opposition newspaper.", set()),
    # ... or by a given name formed with the Tajik and Uzbek "-jon" the list lacks
    ("Unknown people visited Bakhtiyorjon Tashtan.", {"Bakhtiyorjon Tashtan"}),
    # ... or by being listed with a person, one comma or "and" apart, from either side
    ("Zharylkap Sagut and Aidos Serikov spoke to reporters.", {"Zharylkap Sagut", "Aidos Serikov"}),
    ("The letter was signed by Aidos Serikov, Zharylkap Sagut and Ormon Tashtan.",
     {"Aidos Serikov", "Zharylkap Sagut", "Ormon Tashtan"}),
    # (not a thing named after a preposition, nor a name listed with a lone capitalised word)
    ("Aidos Serikov of Kyzyl Tuu and Aigul Nurova spoke.", {"Aidos Serikov", "Aigul Nurova"}),
    ("The Ministry of Culture, Information and Youth Policy blocked the site.", set()),
    # a plural role before a comma names no one
    ("Police detained the journalists, Erkin Too reported.", set()),
])
def test_unknown_names_with_a_role_comma_or_a_person_noun(text: str, expected: set[str]) -> None:
    assert set(_persons(text)) == expected


@pytest.mark.parametrize("text, expected", [
    # the Kyrgyz particle as some outlets spell it, and the Spanish or German particles of a
    # surname, one or two of them, which do not count toward a name's four words
    ("Activist Bakyt Osmon uuly was detained.", {"Bakyt Osmon uuly"}),
    ("Maria Lopez de la Fuente of the watchdog spoke to Bakyt Osmon uuly.",
     {"Maria Lopez de la Fuente", "Bakyt Osmon uuly"}),
    ("The statement of Karl von der Heide was read out.", {"Karl von der Heide"}),
])
def test_surname_particles(text: str, expected: set[str]) -> None:
    assert set(_persons(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("The interview appeared in the weekly Erkin Ordo and on the channel Aidos Kun.", set()),
    ("A post by the movement Oyan Qazaqstan was shared by activist Dana Serikova.",
     {"Dana Serikova"}),
    ("Kazakh Court Jails Former Miner Over Facebook Posts\n\nHe was jailed.", set()),
    ("Kyrgyz Court Frees Former Mayor Tashbolotov\n\nThe mayor was freed.",
     {"Tashbolotov"}),
    # the headline's words after the name the body repeats are ordinary words
    ("Veteran Reporter Gulshat Annayeva Denied Exit from Turkmenistan, Faces Questioning at Border\n\n"
     "Gulshat Annayeva was stopped at the border.", {"Gulshat Annayeva"}),
    ("Prosecutor General Kuanysh Dauletbayev\nAstana, Kazakhstan\n\nThe Prosecutor General replied.",
     {"Kuanysh Dauletbayev"}),
    # an organisation named after "the", its head noun a few words later
    ("According to the Almaty-based Nurlan Erkin (Free Voice) human rights group, ten were held.", set()),
    ("The figures came from the Marat Sayasat civil society network.", set()),
    ("Police detained him, the Aidar Tilek freedom of speech watchdog said.", set()),
    # a country's initials are no person's ("U.S." is not "U. S.")
    ("A reporter of the U.S. Congress-funded broadcaster was held.", set()),
    ("Another U.S.-based group wrote to the court.", set()),
    ("U.N. Special Rapporteur Mary Lawlor wrote to A.A. Ivanov.", {"Mary Lawlor", "A.A. Ivanov"}),
    # ... but not a person followed by a verb
    ("The journalist Berik Sadykov said the group was banned.", {"Berik Sadykov"}),
])
def test_things_named_like_people_and_title_case_headlines(text: str,
                                                          expected: set[str]) -> None:
    assert set(_persons(text)) == expected


def test_russian_official_order_with_patronymic() -> None:
    text = ("The verdict reads: «Обвиняемый Касымов Ерлан Маратович признан виновным». "
            "Yerlan Kasymov denies it. The list also names Abdieva Gulnara Bekovna.")
    ms = find_person_mentions(text)
    by = {m.surface: m for m in ms}
    assert set(by) == {"Касымов Ерлан Маратович", "Yerlan Kasymov", "Abdieva Gulnara Bekovna"}
    assert by["Касымов Ерлан Маратович"].local_id == by["Yerlan Kasymov"].local_id
    assert by["Abdieva Gulnara Bekovna"].canonical == "Gulnara Abdieva"


@pytest.mark.parametrize("text, expected", [
    # Turkmen -ow/-owa endings
    ("Still held incommunicado: Orazow Begmyrat, Hojayewa Selbi.",
     {"Begmyrat Orazow", "Selbi Hojayewa"}),
    # surname first in a list: an ending before an unknown given name, an unknown word
    # before a known given name
    ("The court fined Kadyrbekova Aiganysh, Seitkali Bolat and Omurzakov Nurs.",
     {"Aiganysh Kadyrbekova", "Bolat Seitkali", "Nurs Omurzakov"}),
    # outside a list, and for things named after people, the order stays
    ("Graduates of Nazarbayev Intellectual Schools met Talgat Ayan in Astana.",
     {"Talgat Ayan"}),
])
def test_surname_first_lists_and_turkmen_endings(text: str, expected: set[str]) -> None:
    assert set(_persons(text)) == expected


def test_given_name_that_also_names_a_holiday() -> None:
    text = ("During Kurban Bayram the police detained Bayram Atayev and his wife Jemal "
            "Atayeva in Mary.")
    assert set(_persons(text)) == {"Bayram Atayev", "Jemal Atayeva"}


@pytest.mark.parametrize("text, expected", [
    # the Kazakh "-uly" is no English "-ly" adverb
    ("Police questioned the poet Yerlan Temirbekuly in Taraz.", {"Yerlan Temirbekuly"}),
    # a name quoted in its official form is a person; a quoted title is not
    ("The order names «Жумабеков Арман Серикович» as the organiser.", {"Арман Жумабеков"}),
    ("She read “Dana Bekova” aloud, the title of her play, in Almaty.", set()),
    # a namesake of a thing
    ("He taught at a lyceum named after Abai Kunanbayev in Semey.", set()),
])
def test_found_by_the_fresh_sets(text: str, expected: set[str]) -> None:
    assert set(_persons(text)) == expected


# ----------------------------------------------------------------------------- measured

def _annotated(part: str = "train") -> list[tuple[str, Path, Path]]:
    """The project's fixtures, and with ../shared the seed plus the excerpts of `part`
    ('train' or 'validation' of tests/devsplit.py; 'shared-validation' is those alone)."""
    pairs = [] if part.startswith("shared-") else [
        (p.stem, p, FIXTURES / "gold" / f"{p.stem}.yaml") for p in sorted(FIXTURES.glob("*.txt"))]
    if SHARED.exists():
        part = part.removeprefix("shared-")
        if part == "train":
            seed = ROOT / "sources" / "reports" / "000_bf2cf6556fc1d8c3.txt"
            pairs.append((seed.stem, seed, SHARED / "gold" / f"{seed.stem}.yaml"))
        for stem in stems_of(SHARED, part):
            pairs.append((stem, SHARED / "reports-dev" / f"{stem}.txt",
                          SHARED / "gold" / f"{stem}.yaml"))
    return pairs


def measure_persons(part: str = "train") -> dict[str, float]:
    """Person precision/recall against gold `persons` (optional ones count neither way),
    plus within-report split persons and merged persons."""
    return _measure_on(_annotated(part))


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
    # fixtures + seed + the 40 train excerpts (tests/devsplit.py), measured 2026-12-04:
    # P 0.993, R 0.966, 1 split, n = 428 (the rules were tuned on this material)
    r = measure_persons("train")
    assert r["precision"] >= 0.98, r
    assert r["recall"] >= 0.95, r
    assert r["splits"] <= 1 and r["merges"] == 0, r


@pytest.mark.skipif(not SHARED.exists(), reason="shared annotation not available")
def test_person_recognition_on_validation_excerpts() -> None:
    # the 20 validation excerpts alone (never tuned on), measured 2026-12-04 before the parse
    # layer: P 0.911, R 0.895, n = 51 (target of issue 9: 0.97 / 0.95)
    r = measure_persons("shared-validation")
    assert r["n"] >= 45, r
    assert r["precision"] >= 0.88 and r["recall"] >= 0.87, r


def test_person_recognition_on_new_report_styles() -> None:
    # the 13 g*/h* fixtures (HRW, CPJ, Amnesty UA, RFE/RL, Turkmen, Tajik, Uzbek, Russian
    # patronymics, initials, capitals): measured 1.0 / 1.0, n = 107
    r = _measure_on([t for t in _annotated() if t[0][:1] in "gh"])
    assert r["n"] >= 100, r
    assert r["precision"] >= 0.97 and r["recall"] >= 0.95, r
    assert r["splits"] == 0 and r["merges"] == 0, r


def test_person_recognition_on_round3_sets() -> None:
    # i1-i5 (13 reports: things named like people, kyzy/uulu, patronymics, initials, wrapped
    # lines, Cyrillic, relatives, lists): before the round-3 rules the recogniser raised
    # IndexError on i2c; with only that guard it scored P 0.962 / R 0.864 (n 102); now 1.0 / 1.0.
    # j1-j2 (4 reports written after the rules, scored untouched): P 0.969 / R 0.912, no
    # split or merge; now 1.0 / 1.0 (n 152 for i+j)
    r = _measure_on([t for t in _annotated() if t[0][:1] in "ij"])
    assert r["n"] >= 145, r
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


# ----------------------------------------------------------------------------- round 5 rules

def _roles(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in find_person_mentions(text):
        out.setdefault(m.canonical, set()).update(m.roles)
    return out


@pytest.mark.parametrize("text, name, roles", [
    # a role word inside a charge belongs to the charge, not to the person named later
    ("A criminal case for insulting a public official was opened against blogger Azat Bekov.",
     "Azat Bekov", {"blogger"}),
    ("Charges of assaulting a police officer were brought against activist Dana Omarova.",
     "Dana Omarova", {"activist"}),
    ("Prosecutors charged activist Marat Omarov with insulting a judge.",
     "Marat Omarov", {"activist"}),
    # a role of one name does not pass to the next name
    ("The sister of journalist Aida Bekova and activist Marat Omarov were fined.",
     "Marat Omarov", {"activist"}),
    # coordinated roles and a plural role over a list of names do attach
    ("Opposition politician and blogger Marat Omarov was fined.", "Marat Omarov",
     {"opposition politician", "blogger"}),
    ("Journalists Aida Bekova and Marat Omarov were fined.", "Marat Omarov", {"journalist"}),
    ("A case for insulting a judge was opened against Azat Bekov, a blogger.",
     "Azat Bekov", {"blogger"}),
    # a role in an "of" phrase of the apposition is the other person's, until "and" goes on
    ("Azat Bekov, the son of the former president of the region, was detained.", "Azat Bekov", set()),
    ("Azat Bekov, the son of the first and only president of the region, was detained.", "Azat Bekov", set()),
    # a doctor's title is the role "the doctor" later refers to
    ("Dr Aigul Nurova is to go on trial.", "Aigul Nurova", {"doctor"}),
    ("Azat Bekov, the lawyer of activist Dana Omarova, was detained.", "Azat Bekov", {"lawyer"}),
    ("Azat Bekov, a member of the Alga party and activist, was detained.", "Azat Bekov", {"activist"}),
])
def test_roles_attach_to_the_phrase_next_to_the_name(text: str, name: str,
                                                     roles: set[str]) -> None:
    assert _roles(text)[name] == roles


@pytest.mark.parametrize("text, expected", [
    ("Police detained Mamay Zh. and Ivanov A.A. at the court.", {"Zh. Mamay", "A.A. Ivanov"}),
    ("The list named Serikbayev Ye.A. and Kravtsova M. as defendants.",
     {"Ye.A. Serikbayev", "M. Kravtsova"}),
    # one plain capital after a word closes a sentence, it is no initial
    ("He was held in Block C. Plan B. Group A.", set()),
])
def test_surname_then_initials(text: str, expected: set[str]) -> None:
    assert set(_persons(text)) == expected


def test_surname_then_initials_joins_the_full_name() -> None:
    people = _persons("Zhanbolat Tolegen was detained. Later Tolegen Zh. was fined.")
    assert people == {"Zhanbolat Tolegen": {"Zhanbolat Tolegen", "Tolegen Zh"}}


@pytest.mark.parametrize("text", [
    "A street named for Dinara Bekmukhanova was renamed in honour of Timur Seitkali.",
    "The school was named in honor of Arman Zhunusov last year.",
    "Activists laid flowers at the monument to Olzhas Serikbayev.",
])
def test_people_honoured_by_names_of_things_are_not_actors(text: str) -> None:
    assert _persons(text) == {}


@pytest.mark.parametrize("text, expected", [
    ("Полиция задержала Отабека Сатторова. Отабек Сатторов был осуждён. Сатторову дали срок.",
     {"Отабек Сатторов": {"Отабека Сатторова", "Отабек Сатторов", "Сатторову"}}),
    ("Журналистку Гульнару Ахметову оштрафовали. Гульнара Ахметова обжаловала решение. "
     "Адвокат Ахметовой заявил протест.",
     {"Гульнара Ахметова": {"Гульнару Ахметову", "Гульнара Ахметова", "Ахметовой"}}),
    # a woman and a man of one family keep their own nominatives
    ("Гульнара Ахметова и Серик Ахметов пришли в суд.",
     {"Гульнара Ахметова": {"Гульнара Ахметова"}, "Серик Ахметов": {"Серик Ахметов"}}),
])
def test_inflected_russian_forms_resolve_to_the_nominative(text: str, expected) -> None:
    assert _persons(text) == expected


@pytest.mark.parametrize("text", [
    "Members of the Democratic Choice of Kazakhstan, Alga and Ata-Meken were questioned.",
    "Azattyq, Kloop, Vlast.kz and Uralskaya Nedelya reported on Kazakhmys and KazMunayGas.",
    "The Kazakh Uly Ordasy and Atajurt Eriktileri groups were banned.",
    "Erkin Too and Alash Orda and Ak Zhol wrote about the Issyk Kol region.",
    "Karakalpaks and Uzbeks gathered on Astana Square and Abai Avenue during Nauryz.",
    "The Adilet Legal Clinic and the Freedom Now group responded on Constitution Day.",
    "Operation Zhetysu Shield began near the Kara Suu residents' market.",
    "He posted the film “Letters to Aigerim Sadykova” and the book «Sary Arka».",
    "The Karaganda miners and Shymkent traders joined the Zhanaozen oil workers.",
])
def test_names_of_parties_media_places_and_works_are_not_persons(text: str) -> None:
    assert _persons(text) == {}


@pytest.mark.parametrize("text, name", [
    ("Media freedom groups quoted journalist Robert Kent on the raid.", "Robert Kent"),
    ("Among the detained were human rights defenders Aizhan Aiyl and Marat Bekov.", "Aizhan Aiyl"),
    ("“This is pressure,” the channel's President Daniel Kent said.", "Daniel Kent"),
])
def test_a_surname_that_is_also_a_place_word_is_a_person_after_a_role(text: str, name: str) -> None:
    assert name in _persons(text)


def test_a_role_in_apposition_right_after_an_unknown_name_makes_a_person() -> None:
    found = _persons("The panel heard Wanjiru Odhiambo, the UN special rapporteur on assembly, and two others.")
    assert "Wanjiru Odhiambo" in found
    # an organisation or a place with a description in apposition stays no person
    assert _persons("Freedom House, a watchdog, and Almaty, the largest city, were named.") == {}


@pytest.mark.parametrize("text, expected", [
    ("The post was shared by Zhanbolat Tolegen and by Dariga Tursyn.",
     {"Zhanbolat Tolegen", "Dariga Tursyn"}),
    ("Aigul Nurlanova's lawyer said the case of Bolat Kenzhe was closed.",
     {"Aigul Nurlanova", "Bolat Kenzhe"}),
    ("“We will appeal,” said Aigul Nurlanova.", {"Aigul Nurlanova"}),
    ("The detention of Nurzhan Altay, an activist, was condemned.", {"Nurzhan Altay"}),
    ("Blogger Yerlan Temirbek was detained. Temirbek denied the charge.", {"Yerlan Temirbek"}),
    ("Akmal Bahodirov of Mitti Voice and Zhanar Sekerbayeva of a feminist group spoke.",
     {"Akmal Bahodirov", "Zhanar Sekerbayeva"}),
])
def test_persons_in_unusual_positions(text: str, expected: set[str]) -> None:
    assert set(_persons(text)) == expected


# --- relatives named by a given name only, given-name short forms, things after a lead word

@pytest.mark.parametrize("text, relative, surface", [
    # the kin noun gives the gender; the possessor's surname is put in that form
    ("Farmer Rustam Kholov was jailed for ten days, and his wife Dilorom, who filmed the "
     "arrest, was fined.", "Dilorom Kholova", "Dilorom"),
    ("Journalist Aida Bekova was questioned; her son Timur was expelled from college.",
     "Timur Bekov", "Timur"),
    ("Police summoned Nurlan Saparov's daughter Aigerim twice.", "Aigerim Saparova", "Aigerim"),
    ("Blogger Meret Orazow fled abroad. His younger sister Jemal was barred from travel.",
     "Jemal Orazowa", "Jemal"),
    # "his" skips a woman named in between; a neutral kin noun takes the given name's gender
    ("Activist Marat Bekov and the lawyer Gulnara Ibraeva spoke. Police later beat his child "
     "Madina.", "Madina Bekova", "Madina"),
    # a Kyrgyz patronymic particle is the father's own, not a family surname
    ("Activist Azamat Kanybek uulu said his son Bakyt had been beaten.", "Bakyt", "Bakyt"),
    # nobody to take a surname from: the given name alone
    ("Her husband Sanjar was detained at the border, relatives said.", "Sanjar", "Sanjar"),
])
def test_relative_named_by_given_name_takes_the_family_surname(
        text: str, relative: str, surface: str) -> None:
    persons = _persons(text)
    assert persons.get(relative) == {surface}, persons


@pytest.mark.parametrize("text, expected", [
    # a full name after the kin noun is read as written
    ("Marat Bekov and his wife Aliya Nurova were detained.", {"Marat Bekov", "Aliya Nurova"}),
    # a place or an ordinary word after the kin noun is no name
    ("Marat Bekov said his brother Almaty police had called him.", {"Marat Bekov"}),
])
def test_kin_noun_before_a_full_name_or_a_non_name(text: str, expected: set[str]) -> None:
    assert set(_persons(text)) == expected


def test_given_name_alone_refers_to_the_one_person_of_that_name() -> None:
    text = ("Blogger Murad Ishanov was extradited. His brothers Batyr Ishanov and Kakajan "
            "Ishanov were questioned. In August Batyr was taken off a flight, and Kakajan lost "
            "his job. Rights groups said Ishanov's transfer was unlawful.")
    by_surface = {m.surface: m.canonical for m in find_person_mentions(text)}
    assert by_surface["Batyr"] == "Batyr Ishanov"
    assert by_surface["Kakajan"] == "Kakajan Ishanov"
    # a bare surname shared by brothers names the one the report is about, not the last named
    assert by_surface["Ishanov"] == "Murad Ishanov"


@pytest.mark.parametrize("text, word", [
    # two persons of that given name: the short form stays unresolved
    ("Batyr Ishanov and Batyr Amanov were fined. Batyr appealed.", "Batyr"),
    # a given name that is also a town, after a locative preposition
    ("UN expert Mary Lawlor wrote to the government. His relatives in Mary were summoned.",
     "Mary"),
])
def test_given_name_alone_left_unresolved_when_ambiguous(text: str, word: str) -> None:
    surfaces = {m.surface for m in find_person_mentions(text)}
    assert word not in surfaces


@pytest.mark.parametrize("text", [
    "Police checked phones near the Russian Bazaar and at the Altyn Asyr Bazaar.",
    "Traders of the Tolkuchka bazaar and the Dordoi Market were fined.",
    "The Kazakh Embassy replied; the Uzbek Independence celebrations went ahead.",
    "Journalist Accreditation was refused to foreign reporters.",
])
def test_markets_and_nouns_after_a_lead_word_are_not_persons(text: str) -> None:
    assert _persons(text) == {}


def test_lone_surname_after_a_title_or_role_is_still_a_person() -> None:
    assert set(_persons("Mr Clement and Prosecutor Rustamov spoke.")) == {"Clement", "Rustamov"}


def test_a_movement_named_after_the_country_is_no_person():
    text = ("Activists from Oyan Qazaqstan and Democratic Choice of Kazakhstan gathered in Republic Square. "
            "Aibek Nurov, head of the bureau, said the trial was unfair.")
    assert [p.canonical for p in find_person_mentions(text)] == ["Aibek Nurov"]


def test_less_common_given_names_of_the_region_make_persons_without_a_role_word():
    text = ("Nurseit Kairbekov and Aron Seitbek, along with Kenzhebek Tursynbai and Almat Zhaksylyk, remain in "
            "prison. Police detained Zhanbolat Ermek and Inga Sarsenbai, his wife.")
    assert {p.canonical for p in find_person_mentions(text)} == {
        "Nurseit Kairbekov", "Aron Seitbek", "Kenzhebek Tursynbai", "Almat Zhaksylyk", "Zhanbolat Ermek", "Inga Sarsenbai"}


@pytest.mark.parametrize("text,name", [
    ("On 2 June Protestant Kubatbek Sadyrkulov was fined in Osh.", "Kubatbek Sadyrkulov"),
    ("Police questioned Baptist Tolonbek Asanaliyev about the meeting.", "Tolonbek Asanaliyev"),
])
def test_a_believers_community_before_the_name_is_no_part_of_it(text: str, name: str) -> None:
    assert set(_persons(text)) == {name}


@pytest.mark.parametrize("text,names", [
    ("Former Member of Parliament Bakyt Toktobaev was detained on Monday.", {"Bakyt Toktobaev"}),
    ("The ex-deputy of Parliament Ermek Saparov was arrested for two months.", {"Ermek Saparov"}),
    # an organisation's own name after its word stays no person
    ("Radio Azattyk and the Soros Foundation Kyrgyzstan reported the arrest.", set()),
])
def test_a_person_named_after_an_organisation_word_is_a_person(text: str, names: set) -> None:
    assert set(_persons(text)) == names
