"""Person-name recognition, roles and within-report coreference.

What belongs here: finding the natural persons a report names (rule-based, no model), telling
them apart from organisations, places and headline words, resolving the short forms a report
uses for a person (surname only, possessive, "Mr X", initials, the surname-first order of
monitoring lists, spelling slips) to one local person, and reading the roles the text gives
them. Cross-report linking lives in core.linking; it reuses the spelling folds defined here.

Recognition scores a capitalised 2-4 token sequence by cues:
  * a given name from data/given_names.txt (either end, for surname-first lists), or one formed
    with the Tajik and Uzbek "-jon" ("Farrukhjon"),
  * a Central Asian / Slavic surname ending (-ov, -eva, -enko, -uly, -bekov, ...),
  * a title ("Mr", "Ms") or a role word right before it (with a comma when it is singular: "the
    spokesperson, X"), a speech verb ("said X"), or an apposition with a role after it ("X, a
    lawyer") or with a noun only a person is ("X, a Kazakh citizen", "X, a pensioner"), a stated
    age ("X, 62,", "X (born 1985)") or a relative "who" after it, and for a two-word name, what is
    done only to people told right before or after it ("police detained X", "X was sentenced",
    "the trial of X", "the lawyer of X"), a role said of it ("X is an activist"), what only a
    person does or is given ("X died", "X was given five years")
    or a kin, counsel or home noun after its possessive ("X's lawyer", "X's flat"); a run
    listed with a full name the first reading found, one comma or "and" apart ("Aidos Serikov,
    X and Y were detained").
and rejects sequences holding an organisation word, a place, a month or weekday, or standing
in a photo credit ("(Name/Reuters)", "(c) 2016 Name"), and names of things called after people
("Saint Petersburg", "the Nelson Mandela Rules", "Kurban Ait", "the Magnitsky Act", a run
followed by a lower-case "avenue", "prize", "holidays" ...).  A single capitalised token is a
person only as the surname of a full name the report gives, or after a title ("Mr Yeleusinov",
"Prosecutor General Rustamov", "MEP X").  Words in capitals are acronyms or headings unless
they are a known given name or carry a surname ending ("SOBIROVA Nodira" in monitoring lists);
initials may be two letters ("Ye.A. Kravtsov", "Gulmira Zh. Tasbolatova") and make a person
on their own ("Zh. Mamay"), and the official Kyrgyz/Kazakh order "Kanybek uulu Azamat" is the
surname-first form of "Azamat Kanybek uulu".  Also read: names broken by the line wrap of
hard-wrapped text, the Russian official order with a patronymic ("Sattorov Otabek Tulkinovich",
in Latin or Cyrillic), surname-first items of lists by ending or by a known given name at the
end ("Kadyrkulova Aizat", "Seitkazy Marat"), Turkmen -ow/-owa, capitals before "UULU"/"KYZY"
(and the particle's other spellings, "uuly", "qyzy"), a surname's inner particles, one or two
("Lopez de la Fuente", "von der Heide": the surname is all after the given name, and the
particles do not count toward a name's four words),
given names coordinated with a full name ("the brothers Ulan and Marlen Kubatbekov"), and a
given name that also names a holiday ("Bayram Garajayev").  Not persons: a run right after the
lower-case head noun of a thing ("the newspaper Erkin Too", "the movement Erkindik Kanaty") or
after a bare "the" with such a head noun a few words after it ("the Marat Sayasat civil society
network"), and
a lone title-case word after a title in a title-case headline ("Court Jails Former Miner"), a
person honoured by a thing ("in honour of X", "a monument to X"), a run ending in a Turkic
place/party noun ("Erkin Too", "Alash Orda"), names inside a quoted work title after its head
noun, and a Russian adjective-noun title ("Uralskaya Nedelya"), a market or quarter ("the Russian
Bazaar"), a lone word after a nationality ("the Kazakh Embassy") or an English noun by its ending
after a role word.  Relatives named by a given name after a close kin noun ("his wife Dilnoza",
"Bekov's son Aziz", "her child Madina") are persons: they take the surname of the possessor (the
possessive, or the nearest earlier person of the pronoun's gender in the paragraph) in the form
of their gender -- the kin noun's, else the given name's from data/given_names.txt -- so Marat
Bekov's wife Dilnoza is "Dilnoza Bekova", Meret Orazow's sister Jemal "Jemal Orazowa"; no
surname after a Kyrgyz/Kazakh particle (uulu/kyzy is the father's own) or without a possessor.
A given name standing alone ("In August Batyr was ...") refers to the one person of the report
with that given name (none when two share it, when it is a surname there, or after "in"/"at": the
town of Mary), and a bare surname shared by relatives refers to a namesake named in the same
sentence, else to the one named in full most often, else the first named.  The bureaucratic order
"Ivanov A.A." / "Mamay Zh." is a surname with initials; inflected Cyrillic names ("Отабека
Сатторова") resolve to the nominative the report uses ("Отабек Сатторов").  A role attaches
to the noun phrase next to the name (or a role coordinated with it, or a plural role over a
list of names), never to a role word of another phrase earlier in the clause.

Roles (normalised vocabulary, ROLE_VOCAB values): journalist, lawyer, activist, human rights
defender, blogger, political prisoner, opposition politician, trade union leader, official,
president, police officer, judge, researcher, editor, businessman, interpreter, religious
believer, satirist, politician, prosecutor, investigator, doctor, teacher, student, poet,
writer, artist, ecologist.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii
from rapidfuzz.distance import DamerauLevenshtein

DATA_DIR = Path(__file__).resolve().parent / "data"

MENTION_KINDS = ("full", "surname", "possessive", "surname_first", "initial", "given", "pronoun")


@dataclass
class PersonMention:
    start: int
    end: int
    surface: str
    local_id: str
    canonical: str
    roles: list[str] = field(default_factory=list)
    kind: str = "full"


# ----------------------------------------------------------------------------- spelling folds

# Latin letters with diacritics that anyascii would flatten to a different sound.
_PRE_ASCII = str.maketrans({"ş": "sh", "Ş": "Sh", "ç": "ch", "Ç": "Ch", "ž": "zh", "Ž": "Zh",
                            "š": "sh", "Š": "Sh", "č": "ch", "Č": "Ch"})
# Order matters: longer clusters first; "ye"/"yo" before the blanket y -> i.
_FOLDS = (
    ("shch", "sh"), ("sch", "sh"), ("tch", "ch"),
    ("dzh", "j"), ("dj", "j"), ("zh", "j"),
    ("q", "k"), ("kh", "h"), ("gh", "g"), ("ck", "k"), ("x", "ks"), ("w", "v"), ("ph", "f"),
    ("yo", "e"), ("ye", "e"), ("yu", "iu"), ("ya", "ia"), ("y", "i"),
)


@lru_cache(maxsize=500_000)
def fold(token: str) -> str:
    """Transliteration-insensitive spelling of one name token (or a whole name, spaces kept).

    Unifies ye/e, yo/e, kh/h/q, zh/j, dzh/j, -iy/-y/-i, -ayev/-aev, double letters and Cyrillic
    input; keeps -ov/-ev apart (surname_core handles suffixes)."""
    s = anyascii(token.translate(_PRE_ASCII)).lower()
    s = re.sub(r"[’'`ʼ\".]", "", s).replace("-", "")
    for a, b in _FOLDS:
        s = s.replace(a, b)
    return re.sub(r"([a-z])\1+", r"\1", s)


_SURNAME_SUFFIXES = ("kizi", "ova", "eva", "ina", "uli", "ulu", "ogli", "ov", "ev", "in")


def surname_core(surname: str) -> str:
    """Folded surname without the Russian/Turkic suffix, so "Ayan" ~ "Ayanov", "Ospanova" ~
    "Ospanov" (the gender guard keeps the last pair apart)."""
    words = surname.split()
    if len(words) > 1 and words[-1].lower() in PARTICLES:
        words = words[:-1]  # "Kanybek kyzy" ~ "Kanybekova": the father's name is the core
    s = fold("".join(words))
    for suffix in _SURNAME_SUFFIXES:
        if s.endswith(suffix) and len(s) - len(suffix) >= 3:
            return s[: -len(suffix)]
    return s


@lru_cache(maxsize=1)
def _given_lexicon() -> dict[str, tuple[str, str]]:
    """fold(form) -> (fold(display form), gender m/f/u)."""
    table: dict[str, tuple[str, str]] = {}
    for line in (DATA_DIR / "given_names.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or line.startswith("#") or len(parts) < 2:
            continue
        gender, forms = parts[0], parts[1:]
        canon = fold(forms[0])
        for form in forms:
            key = fold(form)
            if key in table and table[key][1] != gender:
                table[key] = (table[key][0], "u")
            else:
                table.setdefault(key, (canon, gender))
    return table


# Tajik and Uzbek men's names built with the endearment "-jon" ("Salimjon", "Farrukhjon",
# "Azimdzhon"): a word so formed is a given name though the list lacks it
_JON_NAME = re.compile(r"^[A-Z][a-z]{2,}(?:jon|zhon)$")  # "-dzhon" ends in "zhon"


def given_info(token: str) -> tuple[str, str] | None:
    """(canonical fold, gender) of a known given name, else None."""
    found = _given_lexicon().get(fold(token))
    if found is None and _JON_NAME.match(token):
        return fold(token), "m"
    return found


def given_canon(token: str) -> str:
    """Canonical fold of a given name: lexicon variants (Max/Maks, Alexander/Aleksandr) unified."""
    info = given_info(token)
    return info[0] if info else fold(token)


_FEMININE_ENDINGS = ("ova", "eva", "yeva", "ina", "yna", "skaya", "tskaya", "kyzy", "kizi", "qizi",
                     "ovna", "evna", "aya", "owa", "ewa")
_MASCULINE_ENDINGS = ("ov", "ev", "yev", "in", "yn", "sky", "skiy", "skii", "ski", "uly", "uulu",
                      "ogly", "ugli", "ovich", "evich", "ow", "ew")


def surname_gender(surname: str) -> str | None:
    s = anyascii(surname).lower().replace(" ", "")
    if s.endswith(_FEMININE_ENDINGS):
        return "f"
    if s.endswith(_MASCULINE_ENDINGS):
        return "m"
    return None


def name_gender(given: str, surname: str) -> str | None:
    """'m', 'f' or None; the surname ending wins over the given name (foreign names)."""
    g = surname_gender(surname) if surname else None
    if g:
        return g
    info = given_info(given) if given else None
    return info[1] if info and info[1] in ("m", "f") else None


# ----------------------------------------------------------------------------- cue tables

_STRONG_SURNAME = re.compile(
    r"(?:ov|ova|ev|eva|yev|yeva|enko|ienko|chuk|skiy|sky|ski|skaya|tskaya|ovich|evich|uly|kyzy|"
    r"bekov|bekova|baev|bayev|baeva|bayeva|zhanov|zhanova|janov|yan|dze|shvili|iyev|iev|ieva|"
    r"ayev|ayeva|aev|aeva|uulu|ogly|ugli|qizi|zoda|zade|ova)$",
    re.IGNORECASE,
)
_WEAK_SURNAME = re.compile(r"(?:in|ina|yn|yna|ko|ich|bek|bai|bay|ali|iy|oi|off|mann|son|er)$",
                           re.IGNORECASE)
# Initials of Russian-transliterated given names are often two letters ("Ye. Zhovtis", "Zh.").
DIGRAPH_INITIALS = {"Ye", "Yu", "Ya", "Yo", "Zh", "Sh", "Ch", "Kh", "Ts", "Sch"}


def is_initial(word: str) -> bool:
    """"A", "A.", "Ye." -- an initial standing for a given name."""
    w = word.rstrip(".")
    return len(w) == 1 and w.isalpha() or w in DIGRAPH_INITIALS


PARTICLES = {"kyzy", "uulu", "uuly", "ogly", "uly", "qizi", "qyzy", "ugli", "kizi", "ogli", "oglu"}
_INNER_PARTICLES = {"von", "van", "der", "de", "la", "al", "bin", "ibn", "di", "da"}

TITLES = {"mr", "ms", "mrs", "miss", "dr", "prof", "professor", "sir", "madam", "mister"}

# Capitalised words that stand before a name but are not part of it (titles, roles in title case).
_ROLE_TITLES = {
    "president", "judge", "journalist", "lawyer", "activist", "blogger", "minister", "deputy",
    "senator", "governor", "mayor", "akim", "prosecutor", "general", "colonel", "major",
    "captain", "lieutenant", "sergeant", "officer", "investigator", "ecologist", "reporter",
    "editor", "chairman", "chairwoman", "chair", "director", "head", "leader", "ambassador",
    "commissioner", "ombudsman", "prime", "former", "ex", "acting", "opposition", "defender",
    "advocate", "attorney", "imam", "pastor", "father", "king", "queen", "rapporteur",
    "researcher", "humorist", "satirist", "poet", "writer", "artist", "photographer",
    "correspondent", "presenter", "businessman", "businesswoman", "oligarch", "elbasy",
    "spokesman", "spokeswoman", "spokesperson", "professor", "doctor", "student", "teacher",
    "citizen", "resident", "prisoner", "detainee", "defendant", "colleague", "mother",
    "father", "son", "daughter", "wife", "husband", "brother", "sister", "mp", "mep",
    "coordinator", "ombudswoman", "ombudsperson", "mufti", "chief", "secretary", "envoy", "rector",
    "bishop", "archbishop", "priest", "rabbi", "representative", "campaigner", "analyst", "expert",
    "economist", "politician", "lecturer", "historian", "chairperson", "commander", "undersecretary",
    # a believer's community before the name ("Protestant Aytbek Tynaliyev", "Baptist Yevgeny X");
    # not "Muslim" or "Christian", which are also given names
    "protestant", "baptist", "catholic", "pentecostal", "adventist", "lutheran", "evangelical",
    "methodist", "presbyterian",
}
_NATIONALITIES = {
    "kazakh", "kazakhstani", "kyrgyz", "kyrgyzstani", "uzbek", "tajik", "turkmen", "russian",
    "ukrainian", "belarusian", "french", "german", "british", "american", "polish", "swedish",
    "norwegian", "dutch", "italian", "spanish", "chinese", "karakalpak", "uighur", "uyghur",
    "european", "georgian", "armenian", "azerbaijani", "turkish", "afghan", "iranian", "latvian",
    "lithuanian", "estonian", "czech", "austrian", "swiss", "danish", "finnish", "canadian",
}
ORG_WORDS = {
    "party", "movement", "committee", "court", "ministry", "parliament", "bank", "agency",
    "office", "union", "coalition", "bureau", "foundation", "monitor", "watch", "forces", "day",
    "police", "council", "republic", "region", "oblast", "street", "square", "news", "tv",
    "radio", "media", "live", "week", "service", "services", "commission", "department",
    "association", "center", "centre", "institute", "university", "school", "group", "company",
    "corporation", "inc", "ltd", "llp", "fund", "organisation", "organization", "network",
    "alliance", "front", "assembly", "senate", "mazhilis", "majilis", "government",
    "administration", "prosecutor's", "office's", "procuracy", "prison", "colony", "camp",
    "hospital", "airport", "station", "avenue", "district", "city", "province", "state",
    "kingdom", "federation", "nations", "international", "partnership", "rights", "human",
    "times", "post", "journal", "gazette", "daily", "press", "channel", "magazine", "newspaper",
    "online", "info", "portal", "project", "programme", "program", "initiative", "platform",
    "law", "code", "act", "constitution", "declaration", "convention", "agreement", "treaty",
    "election", "elections", "referendum", "protest", "protests", "events", "revolution",
    "spring", "summer", "autumn", "winter", "holiday", "nowruz", "independence", "victory",
    "facebook", "telegram", "instagram", "twitter", "youtube", "whatsapp", "tiktok", "vk",
    "google", "apple", "microsoft", "reuters", "ap", "afp", "eurasianet", "azattyq", "ozodi",
    "ozodlik", "azattyk", "rferl", "interfax", "tass", "sputnik", "kazinform", "church",
    "mosque", "order", "guard", "army", "navy", "border", "security", "customs", "tax",
    "health", "affairs", "justice", "interior", "defence", "defense", "finance", "economy",
    "education", "culture", "information", "delegation", "embassy", "mission", "osce", "un",
    "eu", "usa", "team", "club", "federation", "society", "trust", "council's", "sea", "lake",
    "river", "mountains", "valley", "desert", "park", "market", "hall", "palace", "building",
    "tower", "plaza", "prize", "award", "museum", "theatre", "theater", "library", "academy",
    "college", "lyceum", "factory", "plant", "mine", "oil", "gas", "energy", "group's",
    "mittal", "arcelormittal", "forbes", "kz", "com", "org", "net", "info", "general",
    "choice", "initiative", "chamber", "board", "unit", "task", "force", "commissioner's",
    "ombudsman's", "monitor's", "tribunal", "judiciary", "legislature", "cabinet", "presidium",
    "secretariat", "directorate", "inspectorate", "akimat", "akimat's", "mahalla", "jamoat",
    "hukumat", "kenesh", "jogorku", "oliy", "majlis", "majlisi", "khalk", "maslikhat",
    # places, holidays, rules and prizes named after people ("Saint Petersburg", "Kurban Ait",
    # "the Nelson Mandela Rules", "Erkindik Boulevard")
    "saint", "st", "rules", "principles", "boulevard", "prospect", "prospekt", "lane",
    "highway", "embankment", "bridge", "stadium", "arena", "cathedral", "medal", "fellowship",
    "scholarship", "memorial", "festival", "ait", "bayram", "halk", "maslahaty", "kurultai",
    "clinic", "legal", "operation", "bureau's", "holding", "consortium",
    # markets and quarters of a town ("Altyn Asyr Bazaar", "Dordoi Market", "Mega Mall")
    "bazaar", "bazar", "bazaars", "mall", "supermarket", "microdistrict", "quarter",
}
# A lower-case head noun right after a name-like run makes it the name of a thing.
# head nouns of things named like people ("the newspaper Erkin Too", "Erkin Too newspaper")
_THING_HEADS = (
    r"holidays?|festival|prize|award|medal|act|law|laws|rules|list|sanctions|avenue|"
    r"street|square|boulevard|district|village|airport|stadium|university|foundation|fund|"
    r"museum|mosque|prospect|highway|bridge|park|station|metro|school|lyceum|party|movement|"
    r"parties|movements|groups?|organi[sz]ations?|compan(?:y|ies)|outlets?|channel|newspaper|"
    r"website|cent(?:er|re)|clinic|region|oblast|province|town|city|court|prison|colony|"
    r"residents|villagers|reservoir|deposit|oilfield|field|mine|plant|factory|bazaar|bazar|"
    r"market|mall|microdistrict|neighbou?rhood|quarter")
_THING_AFTER = re.compile(r"\s+(?:" + _THING_HEADS + r")\b")
# "the Aidar Tilek freedom of speech watchdog", "the Almaty-based Nurlan Erkin (Free Voice) rights
# group": a run after a bare "the" whose noun phrase ends, a few lower-case words later, in the
# head noun of an organisation is that organisation's name (a person after "the" has a role
# word before the name: "the journalist X"). The words between are modifiers, not a verb.
_THE_BEFORE = re.compile(r"\bthe\s+(?:[A-Z][\w-]*-based\s+)?$")
_ORG_HEAD_AFTER = re.compile(
    r"\s+(?:\([^()\n]{1,40}\)\s+)?(?:(?!(?:said|says|was|were|is|are|has|had|have|who|and|or|told|to|in|on|at|"
    r"for|by|with|from)\b)[a-z][\w-]*\s+){0,4}(?:" + _THING_HEADS +
    r"|watchdog|ngo|association|coalition|network|union|initiative|project)s?\b")
# Turkic common nouns that end the names of places, parties and media ("Erkin Too", "Ata
# Meken", "Alash Orda", "Ak Zhol", "Issyk Kol") and never end a person's name.
_THING_TAIL = {"too", "tau", "orda", "ordasy", "zhol", "jol", "kol", "köl", "suu", "arka",
               "meken", "jurt", "zhurt", "kanaty", "namys", "dala", "zhurek", "tash", "bulak",
               "ordo", "aul", "ayil", "aiyl", "dariya", "darya", "kent", "abad", "obod"}
# A work's title in quotes after its head noun: names inside it are not actors of the report.
_WORK_TITLE = re.compile(r"\b(?:book|novel|film|movie|documentary|song|poem|play|article|"
                         r"series|album|video|programme|program|show|essay|exhibition|column)"
                         r"\s+[\"“«][^\"”»\n]{0,80}$", re.IGNORECASE)
# Initials of countries and unions written like a person's ("U.S. Secretary", "U.N. Special
# Rapporteur"): never the initials of a given name and patronymic.
COUNTRY_INITIALS = {"U.S.", "U.K.", "U.N.", "E.U.", "U.S.A.", "U.A.E."}
# "Prosecutor General Rustamov": here "General" is part of the title, not an organisation.
_GENERAL_TITLES = {"prosecutor", "attorney", "secretary", "procurator", "consul", "major",
                   "lieutenant", "inspector", "director", "surgeon"}
_PLACE_WORDS = {
    "kazakhstan", "qazaqstan", "kazakstan", "qyrgyzstan", "ozbekiston", "uzbekiston", "tojikiston",
    "kyrgyzstan", "tajikistan", "uzbekistan", "turkmenistan", "russia", "ukraine",
    "belarus", "china", "afghanistan", "europe", "asia", "america", "germany", "france",
    "poland", "sweden", "norway", "lithuania", "latvia", "turkey", "georgia", "armenia",
    "azerbaijan", "mongolia", "iran", "almaty", "astana", "nur-sultan", "nursultan", "bishkek",
    "osh", "dushanbe", "khujand", "tashkent", "samarkand", "bukhara", "nukus", "andijan",
    "fergana", "namangan", "ashgabat", "turkmenabat", "dashoguz", "mary", "shymkent", "aktau",
    "aqtau", "atyrau", "uralsk", "oral", "aktobe", "aqtobe", "karaganda", "qaraghandy",
    "pavlodar", "semey", "kostanay", "kokshetau", "petropavl", "petropavlovsk", "taraz",
    "kyzylorda", "taldykorgan", "temirtau", "zhanaozen", "zhezkazgan", "ust-kamenogorsk",
    "oskemen", "ekibastuz", "turkestan", "mangystau", "karakalpakstan", "gorno-badakhshan",
    "badakhshan", "khorog", "kulob", "jalal-abad", "naryn", "talas", "karakol", "batken",
    "issyk-kul", "chui", "moscow", "kyiv", "kiev", "minsk", "strasbourg", "brussels", "geneva",
    "vienna", "warsaw", "berlin", "london", "paris", "washington", "new", "york", "stockholm",
    "helsinki", "prague", "istanbul", "ankara", "beijing", "xinjiang", "siberia", "caucasus",
    "central", "eastern", "western", "northern", "southern", "north", "south", "east", "west",
    "aral", "caspian", "zhetysu", "abai", "ulytau", "akmola", "almaty's",
}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
           "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Words that start sentences or headings; a capitalised one is never part of a name.
_COMMON_CAPS = {
    "a", "an", "the", "this", "that", "these", "those", "according", "following", "however",
    "after", "before", "during", "on", "in", "at", "by", "for", "from", "with", "without",
    "within", "amid", "among", "against", "between", "through", "today", "yesterday",
    "when", "while", "although", "though", "despite", "since", "until", "upon", "under", "over",
    "meanwhile", "later", "earlier", "also", "both", "some", "many", "several", "other",
    "others", "his", "her", "their", "its", "our", "we", "they", "he", "she", "it", "i", "you",
    "as", "if", "and", "or", "but", "not", "no", "yes", "all", "any", "each", "every", "one",
    "two", "three", "four", "five", "first", "second", "third", "last", "next", "mid", "late",
    "early", "then", "thus", "there", "here", "where", "what", "who", "whom", "whose", "which",
    "why", "how", "so", "such", "to", "of", "about", "into", "onto", "out", "up", "down",
    "update", "updates", "sources", "source", "photo", "video", "read", "more", "see", "share",
    "skip", "log", "quick", "search", "advanced", "reset", "subscribe", "home", "menu",
    "contact", "main", "content", "lastly", "finally", "moreover", "furthermore", "additionally",
    "similarly", "instead", "indeed", "still", "yet", "again", "now", "once", "only", "even",
    "reportedly", "allegedly", "notably", "overall", "likewise", "besides", "because", "unless",
    "whether", "whereas", "sir", "dear", "urgent", "action", "take", "please", "note", "read",
    "background", "introduction", "conclusion", "summary", "recommendations", "positive",
    "negative", "freedom", "freedoms", "expression", "association", "peaceful", "harassment",
    "detention", "detentions", "arrest", "arrests", "trial", "case", "cases", "activists",
    "journalists", "lawyers", "defenders", "prisoners", "citizens", "people", "persons",
    "women", "men", "children", "family", "relatives", "supporters", "members", "authorities",
    "officials", "protesters", "demonstrators", "residents", "workers", "shareholders",
    "mps", "meps", "hot", "topics", "new", "latest", "breaking", "exclusive", "opinion",
    "analysis", "interview", "statement", "statements", "report", "reports", "comment",
    "democratic", "democracy", "liberal", "national", "civil", "civic", "social", "public",
    "political", "criminal", "administrative", "supreme", "constitutional", "regional",
    "local", "federal", "special", "general", "prosecutor", "prosecutor-general", "genprok",
    "article", "articles", "paragraph", "part", "chapter", "section", "decree", "resolution",
    "in partnership", "kazakh", "said", "says", "told", "added", "noted", "stated",
}
# English gerunds and adverbs opening a sentence ("Jailing Bokaev ...", "Reportedly ...").
_ENGLISH_FORM = re.compile(r"^[a-z]{3,}(?:ing|ly)$")
_SPEECH_BEFORE = re.compile(r"(?:said|says|told|added|noted|stated|explained|according to|wrote)"
                            r"\s*,?\s*$", re.IGNORECASE)
# "X said", "X told RFE/RL": a quote's attribution after the name (lower case: a verb, not a title)
_SPEECH_AFTER = re.compile(r"\s*,?\s*(?:has\s+)?(?:said|says|told|added|noted|stated|explained|wrote|"
                           r"commented|stressed|recalled|argued)\b")
# what is done only to people, told of a name right after or before it ("X was sentenced",
# "police detained X"), and a stated age after it ("X, 62, was detained")
_PERSON_EVENT = (r"detained|arrested|sentenced|fined|convicted|jailed|imprisoned|beaten|summoned|"
                 r"questioned|interrogated|charged|acquitted|deported|abducted|tortured")
_DONE_TO_AFTER = re.compile(r"\s+(?:was|were|has\s+been|had\s+been)\s+(?:(?:later|also|then|again)\s+)?"
                            r"(?:" + _PERSON_EVENT + r")\b")
# what only a person does or is given, told right after the name
_PERSON_DID_AFTER = re.compile(r"\s+(?:died|fled|went\s+on\s+(?:a\s+)?hunger\s+strike|"
                               r"(?:was|were)\s+given\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,2}(?:years?|months?|days?|"
                               r"fine|sentence|term))\b")
_DONE_TO_BEFORE = re.compile(r"\b(?:" + _PERSON_EVENT + r"|beat)\s+$")
_AGE_AFTER = re.compile(r",\s*(?:aged\s+)?[1-9]\d,|\s*\((?:born|b\.)\s+(?:in\s+)?(?:19|20)\d\d\)|,\s+who\s")
# "By Anna Petrova" alone at the head of a line: an author's byline
_BYLINE_BEFORE = re.compile(r"(?:^|\n)[ \t]*[Bb]y[ \t]+$")

# role pattern -> normalised role; matched case-insensitively, longest first.
ROLE_VOCAB: dict[str, str] = {
    "human rights defenders?": "human rights defender",
    "human rights activists?": "human rights defender",
    "human rights advocates?": "human rights defender",
    "rights defenders?": "human rights defender",
    "human rights lawyers?": "lawyer",
    "human rights attorneys?": "lawyer",
    "editor[- ]in[- ]chief": "editor",
    "editors?": "editor",
    "journalists?": "journalist",
    "reporters?": "journalist",
    "correspondents?": "journalist",
    "photojournalists?": "journalist",
    "cameram[ae]n": "journalist",
    "camerawom[ae]n": "journalist",
    "lawyers?": "lawyer",
    "attorneys?": "lawyer",
    "advocates?": "lawyer",
    "civic activists?": "activist",
    "civil society activists?": "activist",
    "political activists?": "activist",
    "environmental activists?": "activist",
    "activists?": "activist",
    "ecologists?": "activist",
    "environmentalists?": "activist",
    "bloggers?": "blogger",
    "political prisoners?": "political prisoner",
    "prisoners? of conscience": "political prisoner",
    "opposition (?:leaders?|politicians?|figures?|members?)": "opposition politician",
    "government opponents?": "opposition politician",
    "opponents? of the government": "opposition politician",
    "trade union (?:leaders?|activists?|chairman|chairwoman|chair|heads?)": "trade union leader",
    "union leaders?": "trade union leader",
    "(?:former |ex-)?president": "president",
    "police officers?": "police officer",
    "policem[ae]n": "police officer",
    "police investigators?": "police officer",
    "judges?": "judge",
    "prosecutors?": "prosecutor",
    "investigators?": "investigator",
    "researchers?": "researcher",
    "businessm[ae]n": "businessman",
    "businesswom[ae]n": "businessman",
    "entrepreneurs?": "businessman",
    "interpreters?": "interpreter",
    "translators?": "interpreter",
    "officials?": "official",
    "(?:deputy )?akims?": "official",
    "(?:deputy )?ministers?": "official",
    "(?:deputy )?mayors?": "official",
    "governors?": "official",
    "ombudsm[ae]n": "official",
    "ambassadors?": "official",
    "(?:special )?rapporteurs?": "official",
    "spokes(?:man|men|woman|women|persons?)": "official",
    "press secretar(?:y|ies)": "official",
    "members? of the european parliament": "politician",
    "meps?": "politician",
    "psychiatrists?": "doctor",
    "schoolteachers?": "teacher",
    "politicians?": "politician",
    "party leaders?": "politician",
    "members? of parliament": "politician",
    "mps?": "politician",
    "satirists?": "satirist",
    "humorists?": "satirist",
    "comedians?": "satirist",
    "poets?": "poet",
    "writers?": "writer",
    "authors?": "writer",
    "artists?": "artist",
    "musicians?": "artist",
    "singers?": "artist",
    "doctors?": "doctor",
    "teachers?": "teacher",
    "students?": "student",
    "imams?": "religious believer",
    "believers?": "religious believer",
}
# the role words as one alternation, longest first (shared by the patterns below and _ROLE_APPOSED)
_ROLES_ALT = "|".join(sorted(ROLE_VOCAB, key=len, reverse=True))
_ROLE_RE = re.compile(r"\b(" + _ROLES_ALT + r")\b", re.IGNORECASE)
_ROLE_JUST_BEFORE = re.compile(r"\b(?-i:" + _ROLES_ALT + r") $")
# a role word right before, in any case ("President Thomas Kent", "journalist Thomas Kent")
_ROLE_WORD_BEFORE = re.compile(r"\b(?:" + _ROLES_ALT + r") $", re.IGNORECASE)
_ROLE_LOOKUP = [(re.compile(r"^(?:" + p + r")$", re.IGNORECASE), r) for p, r in
                sorted(ROLE_VOCAB.items(), key=lambda kv: len(kv[0]), reverse=True)]

RELATION_WORDS = ("mother", "father", "son", "daughter", "wife", "husband", "brother", "sister",
                  "relative", "uncle", "aunt", "nephew", "niece", "cousin", "friend",
                  "colleague", "grandmother", "grandfather", "grandson", "granddaughter",
                  "partner", "lawyer", "fiancee", "fiance")


def normalise_role(phrase: str) -> str | None:
    for pattern, role in _ROLE_LOOKUP:
        if pattern.match(phrase.strip()):
            return role
    return None


# ----------------------------------------------------------------------------- tokenising

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’ʼ\-](?=[^\W\d_]))*")
_POSSESSIVE = re.compile(r"^(.*[^\W\d_])['’ʼ]s$")


@dataclass
class _Tok:
    start: int
    end: int
    text: str          # without a possessive 's; an ALL-CAPS word title-cased
    possessive: bool
    initial: bool      # "R." style initial
    shout: bool = False  # written in capitals ("ABDURAKHMANOV Dilmurod", headings)


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        poss = _POSSESSIVE.match(word)
        possessive = bool(poss)
        if poss:
            word = poss.group(1)
        elif end < len(text) and text[end] in "'’" and word.endswith("s") and \
                (end + 1 >= len(text) or not text[end + 1].isalpha()):
            possessive = True  # plural possessive "Bokaevs'" is rare; keep the word as is
        initial = (len(word) == 1 and word.isupper() or word in DIGRAPH_INITIALS) and \
            text[end:end + 1] == "."
        shout = len(word) >= 3 and word.isupper()
        if shout:
            word = word.lower() if word.lower() in PARTICLES else \
                "-".join(w.capitalize() for w in word.split("-"))
        out.append(_Tok(start, start + len(word), word, possessive, initial, shout))
    return out


def _is_cap(tok: _Tok) -> bool:
    w = tok.text
    if tok.initial:
        return True
    if (tok.shout or w.isupper()) and w.lower() in _ROLE_TITLES:
        return True  # "MEP", "MP" before a name
    if tok.shout:
        # capitals are acronyms and headings, except a known given name or a surname by its
        # ending (monitoring lists write "SOBIROVA Nodira")
        return given_info(w) is not None or _strong_surname(w)
    if not w[0].isupper() or len(w) < 2:
        return False
    letters = [c for c in w if c.isalpha()]
    # ALL-CAPS acronyms (DVK, KIBHR) are organisations, not names.
    return not all(c.isupper() for c in letters)


def _lower_words(text: str) -> set[str]:
    return {m.group() for m in _WORD.finditer(text) if m.group().islower()}


# small words a headline in title case leaves in lower case
_HEADLINE_SMALL = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "from", "by", "with", "as", "over"}


def _headline_only_words(text: str) -> set[str]:
    """Words (lower-cased) that extend a name in a title-case line past what the body calls the
    person ("Veteran Journalist Soltan X Denied Exit from Turkmenistan": the body writes "Soltan X"
    and never capitalises "Denied" or "Exit"): in a headline every word is capitalised, so those
    are ordinary words. A name the body never repeats ("Court Frees Former Mayor Tashbolotov")
    keeps all its words."""
    titled_lines, body = [], set()
    for line in text.splitlines():
        words = _WORD.findall(line)
        big = [w for w in words if w.lower() not in _HEADLINE_SMALL]
        capital = [w for w in big if w[0].isupper() and not w.isupper()]
        if len(big) >= 4 and len(capital) >= 0.8 * len(big) and not line.rstrip().endswith("."):
            titled_lines.append(words)
        else:
            body.update(capital)
    out = set()
    for words in titled_lines:
        after_name = False
        for w in words:
            if not w[0].isupper() or w.isupper():
                after_name = False
            elif w in body:
                # a name's own word, not a title or a role before one ("Prosecutor General X Y")
                after_name = _word_class(w, set()) is None
            elif after_name:
                out.add(w.lower())
    return out


def _particle_names(text: str, toks: list[_Tok]) -> set[int]:
    """Words in capitals before a Kyrgyz/Kazakh particle ("TALANT ESENGUL UULU" in a heading)
    are the name it belongs to, though neither is a known name."""
    out: set[int] = set()
    for i, tok in enumerate(toks):
        if tok.shout and tok.text.lower() in PARTICLES:
            j = i - 1
            while j >= 0 and i - j <= 2 and toks[j].shout and \
                    toks[j].text.lower() not in _COMMON_CAPS and _gap_ok(text, toks[j], toks[j + 1]):
                out.add(j)
                j -= 1
    return out


def _particles_to_cap(text: str, toks: list[_Tok], i: int) -> bool:
    """The inner particle at `i` starts a run of at most two ("de la", "von der") that a
    capitalised word ends, one space apart."""
    for j in range(i + 1, min(i + 3, len(toks))):
        if not _gap_ok(text, toks[j - 1], toks[j]):
            return False
        if _is_cap(toks[j]):
            return True
        if toks[j].text.lower() not in _INNER_PARTICLES:
            return False
    return False


def _sequences(text: str, toks: list[_Tok]) -> list[list[_Tok]]:
    """Runs of capitalised tokens separated by one space (particles may join)."""
    seqs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    named = _particle_names(text, toks)
    for i, tok in enumerate(toks):
        joins = bool(cur) and _gap_ok(text, cur[-1], tok)
        if _is_cap(tok) or i in named or (joins and tok.text.lower() in PARTICLES) or \
                (joins and tok.text.lower() in _INNER_PARTICLES and _particles_to_cap(text, toks, i)):
            if cur and (not joins or cur[-1].possessive):
                seqs.append(cur)
                cur = []
            if not cur and not _is_cap(tok):
                continue
            cur.append(tok)
        else:
            if cur:
                seqs.append(cur)
            cur = []
    if cur:
        seqs.append(cur)
    return seqs


# Bounds that keep recognition linear in the text whatever its shape (tests/test_linear_time.py):
# no step looks further back than these, however long a sentence or line runs.
_LOOK_BACK = 60           # a photo credit's mark before a name
_LINE_WINDOW = 300        # each side of a name, when asking whether its line is a headline
_MAX_NAME = 200           # longest name candidate (4 tokens) a window must still reach
_SENTENCE_REACH = 2000    # how far back a namesake is looked for in the same sentence
_MAX_NAMESAKES = 64       # persons sharing one surname that a new one is compared with

# Hard-wrapped text (PDF and e-mail extractions) breaks lines inside names: a long line, or
# one of running prose, that ends in the first word of a name was wrapped, not ended; list
# items and headings are short and written in capitalised words.
_WRAPPED_LINE = 50


def _gap_ok(text: str, a: _Tok, b: _Tok) -> bool:
    gap = text[a.end:b.start]
    if a.possessive:
        gap = gap[2:] if gap[:2] in ("'s", "’s", "ʼs") else gap
    if a.initial:
        if gap.startswith(".") and gap[1:] in ("\n", " \n"):
            return _wrapped_at(text, a.end + 1)
        return gap in (". ", ".")
    if gap in ("\n", " \n"):
        return _wrapped_at(text, a.end)
    return gap == " "


def _wrapped_at(text: str, line_end: int) -> bool:
    """The line ending at `line_end` is a wrapped line of prose."""
    line_start = text.rfind("\n", 0, line_end) + 1
    if line_end - line_start >= _WRAPPED_LINE:
        return True
    words = text[line_start:line_end].split()
    return sum(w.islower() for w in words) >= 3


# ----------------------------------------------------------------------------- candidates

@dataclass
class _Cand:
    toks: list[_Tok]
    given: str
    surname: str
    kind: str
    start: int
    end: int
    possessive: bool
    title: bool = False
    initials: str = ""   # "Ye.A." as written, for a person known only by initials


def _strong_surname(word: str) -> bool:
    if len(word) < 4:
        return False
    if _STRONG_SURNAME.search(anyascii(word)):
        return True
    # an inflected Russian surname ("Ахметовой", "Сатторову") by its nominative
    return bool(_CYRILLIC.search(word)) and any(
        _STRONG_SURNAME.search(anyascii(n)) for n in _ru_nominatives(word, _RU_SURNAME_CASES[:30]))


def _given_known(word: str) -> bool:
    """A known given name, or (in Cyrillic) an inflected form of one ("Гульнару", "Отабека")."""
    if given_info(word):
        return True
    return bool(_CYRILLIC.search(word)) and any(
        given_info(n) for n in _ru_nominatives(word, _RU_GIVEN_CASES))


# Russian role nouns and titles in any case ("Адвокат Ахметовой", "Журналистку ...") open a
# sentence before a name, like their English counterparts in _ROLE_TITLES.
_RU_ROLE = re.compile(
    r"(?:адвокат|журналист|активист|блогер|блоггер|правозащит|судь|прокурор|следовател|депутат|"
    r"президент|министр|аким|председател|директор|редактор|гражданин|гражданк|задержанн|"
    r"осужденн|осуждённ|подсудим|обвиняем|свидетел|корреспондент|репортер|репортёр|"
    r"оппозиционер|политик|поэт|писател|художни|студент|учител|врач|имам|господин|госпож|"
    r"г-н|г-жа)[а-яё]{0,4}|(?:сестр[аыуе]|сестрой|брат[аеу]?|мать|матери|отец|отца|сын[аеу]?|"
    r"дочь|дочери|жен[аыуе]|женой|муж[аеу]?)", re.IGNORECASE)


def _word_class(word: str, lower_words: set[str]) -> str | None:
    lw = word.lower()
    if lw in _MONTHS or lw in _WEEKDAYS:
        return "sep"
    if lw in ORG_WORDS:
        return "org"
    known_given = given_info(word) is not None
    if lw in _PLACE_WORDS and not known_given:
        return "place"
    if lw in TITLES:
        return "title"
    if lw in _ROLE_TITLES or lw in _NATIONALITIES or (_RU_ROLE.fullmatch(lw) and not known_given):
        return "lead"
    if lw in _COMMON_CAPS:
        return "common"
    if not known_given and (lw in lower_words or (_ENGLISH_FORM.search(lw) and not (
            lw.endswith("uly") and len(lw) >= 7))):
        # the text uses it as an ordinary word elsewhere, or it is inflected; the Kazakh
        # "-uly" of "Kydyrbayuly" is not the English "-ly"
        return "common"
    return None


def _split_parts(seq: list[_Tok], lower_words: set[str]) -> list[tuple[list[_Tok], bool]]:
    """Split a capitalised run at non-name words; reject parts touching org words.

    Returns (tokens, preceded_by_title) parts."""
    parts: list[tuple[list[_Tok], bool]] = []
    cur: list[_Tok] = []
    title = False
    org = False
    prev = ""
    for i, tok in enumerate(seq):
        cls = None if tok.initial else _word_class(tok.text, lower_words)
        if tok.text.lower() == "general" and prev in _GENERAL_TITLES and not tok.possessive:
            cls = "lead"
        if cls == "org" and given_info(tok.text) and i + 1 < len(seq) and \
                _strong_surname(seq[i + 1].text):
            cls = None  # "Bayram Garajayev": a given name that also names a holiday or a thing
        if cls == "common" and len(cur) == 1 and given_info(cur[0].text) and tok.text.lower() in lower_words \
                and tok.text[1:].islower() and (i + 1 == len(seq) or seq[i + 1].initial is False):
            cls = None  # "Gulnoza Said": a surname that is also a word the text uses in lower case
        prev = tok.text.lower()
        if cls in ("org",):
            org = True
            cur = []
            continue
        if cls is None and org and given_info(tok.text) and i + 1 < len(seq) and \
                _strong_surname(seq[i + 1].text):
            org = False  # "Member of Parliament Kanat Isaev": a person named after the org word
        if cls is None or tok.text.lower() in PARTICLES or tok.text.lower() in _INNER_PARTICLES:
            if org:
                continue  # words after an org word belong to the org's name
            cur.append(tok)
            continue
        if cur:
            parts.append((cur, title))
        cur = []
        title = cls in ("title", "lead")
        org = False
    if cur and not org:
        parts.append((cur, title))
    return parts


def _in_credit(text: str, start: int, end: int) -> bool:
    """Photo credits: "(Name/Reuters)", "© 2016 Name", "Photo: Name"."""
    if re.match(r"\s*/\s*[A-Z]", text[end:end + 4]):
        return True
    # the credit mark stands right before the name: a bounded look-back keeps this linear
    line_start = text.rfind("\n", max(0, start - _LOOK_BACK), start) + 1
    before = text[max(line_start, start - _LOOK_BACK):start]
    return bool(re.search(r"(?:©|\(c\)|photo:|photo by|credit:)\s*(?:\d{4}\s*)?$", before,
                          re.IGNORECASE))


def _in_quoted_title(text: str, start: int, end: int) -> bool:
    return text[start - 1:start] in "“«\"" and text[end:end + 1] in "”»\"" if start else False


def _role_before(text: str, start: int) -> bool:
    window = text[max(0, start - 45):start]
    m = None
    for m in _ROLE_RE.finditer(window):
        pass
    if m is None:
        return False
    between = window[m.end():]
    return bool(re.fullmatch(r"[\s,]*(?:[A-Z][\w’'-]*\s+){0,2}", between)) and "." not in between


# "the arrest of X", "the trial of X": an event noun of a person's case right before the name;
# "the lawyer of X", "supporters of X": those only a person has
_CASE_OF_BEFORE = re.compile(r"\b(?:arrest|detention|trial|sentencing|conviction|release|abduction|"
                             r"deportation|extradition|case|murder|killing|beating|supporters|family|relatives|"
                             + "|".join(RELATION_WORDS) + r")\s+of\s+$", re.IGNORECASE)
# what a person has, after the possessive of a name ("X's lawyer", "X's wife", "X's flat"): an
# organisation has no relatives, counsel or home
_OWNED_AFTER = re.compile(r"(?:['’]s)?\s+(?:" + "|".join(RELATION_WORDS) + r"|lawyer|attorney|defence|defense|relatives?|"
                                r"family|parents?|children|colleagues?|home|house|flat|apartment|passport)\b")


def _role_after(text: str, end: int) -> bool:
    window = text[end:end + 70]
    m = re.match(r"\s*(?:\(\d+\))?,\s*(?:(?:a|an|the)\s+)?(?:[\w’'-]+\s+){0,5}?", window)
    if not m:
        return False
    rest = window[m.start():]
    clause = re.split(r"[.;:()]", rest)[0]
    return bool(_ROLE_RE.search(clause)) and clause.lstrip().startswith(",")


# ", the UN special rapporteur", ", a lawyer": the role opens the apposition (two words at most
# before it), where _role_after also accepts one later in the clause
_ROLE_APPOSED = re.compile(
    r",\s*(?:a|an|the)\s+(?:[\w’'/-]+\s+){0,2}?(?:" + _ROLES_ALT + r")\b",
    re.IGNORECASE)
# nouns only a person is, in apposition after a name ("X, a Kazakh citizen", "X, a pensioner")
_PERSON_APPOSED = re.compile(
    r",\s*(?:a|an)\s+(?:[\w’'/-]+\s+){0,2}?(?:citizen|national|native|resident|pensioner|villager|"
    r"mother|father|widow|man|woman)\b")
# a role said of the name ("X is an activist from Osh", "X was a lawyer")
_ROLE_PREDICATED = re.compile(r"\s+(?:is|was)\s+(?:a|an)\s+(?:[\w’'/-]+\s+){0,2}?(?:" + _ROLES_ALT + r")\b",
                              re.IGNORECASE)
# a singular role noun and a comma right before a name ("the spokesperson, Jen Brennard")
_ROLE_COMMA_BEFORE = re.compile(r"\b(?-i:(" + _ROLES_ALT + r")),\s$")
_PATRONYMIC_WORD = re.compile(r"(?:ovich|evich|ovna|evna|ichna)$", re.IGNORECASE)
# A capitalised run right after the lower-case head noun of a thing is that thing's name.
_NAMED_THING_BEFORE = re.compile(
    r"\b(?:newspaper|outlet|channel|website|site|portal|agency|magazine|weekly|daily|paper|"
    r"party|movement|bloc|faction|company|corporation|firm|group|foundation|organi[sz]ation|"
    r"association|network|station|publication|programme|program|show|project|initiative|"
    r"platform|fund|brand|operation|festival|holiday|hashtag|named after|named for|"
    # a person honoured by a street, school or prize is not an actor of the report
    r"in hono(?:u)?r of|monument to|statue of)\s+$")


def _is_patronymic(word: str) -> bool:
    return len(word) >= 6 and bool(_PATRONYMIC_WORD.search(anyascii(word)))


_ADJECTIVE_FIRST = re.compile(r"(?:aya|aja|iy|yy|yi|oye|oe|ny)$", re.IGNORECASE)


def _surname_first(first: str, last: str, in_list: bool) -> bool:
    """Is a two-word name written surname first ("Kadyrkulova Aizat", "Seitkazy Marat")?"""
    if given_info(first):
        return False
    if given_info(last) and _strong_surname(first):
        return True
    if not in_list:
        return False
    if _ADJECTIVE_FIRST.search(anyascii(first)) and not _WEAK_SURNAME.search(anyascii(last)):
        return False  # a Russian adjective before a noun names a newspaper ("Uralskaya Nedelya")
    # in a list of names: a surname ending before a word without one, or a word that is no
    # known given name before one that is
    return (_strong_surname(first) and not _strong_surname(last) and
            not _WEAK_SURNAME.search(anyascii(last))) or bool(given_info(last))


def _in_list(text: str, start: int, end: int) -> bool:
    """The name stands alone as an item of a list ("...: A B, C D and E F.")."""
    before = text[max(0, start - 6):start].rstrip(" ")
    after = text[end:end + 8].lstrip(" ")
    opens = not before or before[-1] in ":,;(\n" or before.endswith((" and", " or"))
    closes = not after or after[0] in ",;.)\n" or after.startswith(("and ", "or "))
    # the first item after a verb ("fined X Y, Z W and ...") opens the list itself
    leads = bool(re.match(r"(?:,|;|and) ?[A-Z]", after))
    return (opens and closes) or leads


def _headline_line(text: str, pos: int) -> bool:
    """The line at `pos` is written in title case ("Court Jails Former Miner Who ...")."""
    # a headline is short; a line longer than the window is prose, judged on the window
    line_start = text.rfind("\n", max(0, pos - _LINE_WINDOW), pos) + 1
    line_end = text.find("\n", pos, pos + _LINE_WINDOW)
    line = text[max(line_start, pos - _LINE_WINDOW):line_end if line_end >= 0 else pos + _LINE_WINDOW]
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", line) if len(w) >= 4]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


# English abstract and place nouns by their ending: a lone capitalised one is no surname.
_ENGLISH_NOUN = re.compile(r"[a-z](?:tion|sion|ment|ness|ity|ship|ism|ance|ence|hood|dom|ery|"
                           r"ory|ium|ure)$")


def _thing_after_lead(text: str, tok: _Tok) -> bool:
    """"the Russian Bazaar", "Kazakh Embassy", "Uzbek Independence": one capitalised word after
    a nationality adjective, or an English noun by its ending after any lead word, names a
    thing; a person after a lead word carries a surname ending or a known given name."""
    word = tok.text
    if _strong_surname(word) or given_info(word):
        return False
    prev = re.search(r"([^\W\d_]+)\.?\s+$", text[max(0, tok.start - 30):tok.start])
    lead = prev.group(1).lower() if prev else ""
    if lead in TITLES:
        return False  # "Mr Clement"
    return lead in _NATIONALITIES or bool(_ENGLISH_NOUN.search(word.lower()))


def _score_part(text: str, part: list[_Tok], title: bool, listed: bool = False) -> _Cand | None:
    """A candidate person of a capitalised run, or None. `listed`: the run is listed with a
    person the first reading found ("X, Y and Z were detained"), which counts as a role would."""
    toks = list(part)
    # Names of more than four tokens are headline runs: keep a given name and what follows
    # (inner particles not counted: "Carlos Martinez de la Serna").
    if sum(t.text.lower() not in _INNER_PARTICLES for t in toks) > 4:
        for i, t in enumerate(toks[:-1]):
            if given_info(t.text) and not toks[i + 1].initial:
                toks = toks[i:i + 2]
                break
        else:
            return None
    # Russian official order "Sattorov Otabek Tulkinovich": a trailing patronymic says the
    # surname comes first
    patronymic = len(toks) >= 3 and not toks[-1].initial and _is_patronymic(toks[-1].text)
    body = toks[:-1] if patronymic else toks
    # "Observer Gulmira Zh. Tasbolatova", "Witnesses E. Omarov", "Defendant Sattorov Otabek
    # Tulkinovich": a capitalised word that is neither a given name nor a surname, before a
    # name, opens the sentence
    # (not before a father's name and its particle: "Ziyagul Bolot kyzy" has a given name second
    # by the form itself, whatever the first is)
    while len(body) >= 3 and not body[0].initial and not _given_known(body[0].text) and \
            not _strong_surname(body[0].text) and \
            not (len(body) == 3 and body[2].text.lower() in PARTICLES) and \
            not all(t.initial for t in body[1:]) and (
                body[1].initial or _given_known(body[1].text) or
                (patronymic and _strong_surname(body[1].text))):
        body = body[1:]
    # "In Block C. Aidos Bekov": an initial before a given name ends the sentence before it
    while len(body) >= 3 and body[0].initial and not body[1].initial and \
            given_info(body[1].text):
        body = body[1:]
    toks = body + toks[-1:] if patronymic else body
    start, end = toks[0].start, toks[-1].end
    possessive = toks[-1].possessive
    if _in_credit(text, start, end) or (_in_quoted_title(text, start, end) and not patronymic):
        return None  # a quoted title, unless the official form of a name is being quoted
    if not possessive and _THING_AFTER.match(text, end):
        return None
    if not possessive and _THE_BEFORE.search(text, max(0, start - 40), start) and _ORG_HEAD_AFTER.match(text, end):
        return None  # "the Aidar Tilek freedom of speech watchdog"
    # ("Erkin Too" is a newspaper, "Yangi Kent" a town; "journalist Thomas Kent", "human rights
    # defender Gulyaim Aiyl", "President Thomas Kent": a role or title right before makes a person)
    if len(toks) >= 2 and toks[-1].text.lower() in _THING_TAIL and \
            not _ROLE_WORD_BEFORE.search(text[max(0, start - 40):start]):
        return None
    if _WORK_TITLE.search(text, max(0, start - 100), start):
        return None  # 'the film "Letters to Aigul Nurlanova"'
    if _NAMED_THING_BEFORE.search(text, max(0, start - 40), start):
        return None  # "the newspaper Erkin Too", "the movement Erkindik Kanaty"
    caps = [t for t in body if t.text.lower() not in PARTICLES and
            t.text.lower() not in _INNER_PARTICLES]
    if not caps:
        return None  # a particle cut off from its name ("... UULU" after a split)
    if len(caps) == 1:
        if title and not _strong_surname(caps[0].text) and _headline_line(text, start):
            return None  # "Court Jails Former Miner": title case, not a title
        if title and _thing_after_lead(text, caps[0]):
            return None
        surname = " ".join(x.text for x in toks)
        return _Cand(toks, "", surname, "possessive" if possessive else "surname", start, end,
                     possessive, title)
    if any(t.possessive for t in toks[:-1]):
        return None
    first, last = caps[0], caps[-1]
    trailing_particle = body[-1].text.lower() in PARTICLES
    surname_toks = body[body.index(last):] if trailing_particle else [last]
    if any(t.text.lower() in _INNER_PARTICLES for t in body[1:]) and not trailing_particle and body[0] is first:
        # "Carlos Martinez de la Serna", "Ursula von der Leyen": the surname is all after the
        # given name, the particles and a first surname before them included
        surname_toks = body[1:]
    surname = " ".join(t.text for t in surname_toks)
    given = first.text
    kind = "full"
    initials = ""
    if first.initial:
        kind = "initial"
        given = first.text
        initials = "".join(f"{t.text}." for t in toks if t.initial)
        if initials in COUNTRY_INITIALS:
            return None  # "the U.S. Congress-funded broadcaster": a country's initials, no person's
    elif last.initial and all(t.initial for t in caps[1:]):
        # Russian bureaucratic order "Ivanov A.A.", "Mamay Zh.": surname, then initials
        kind, given, surname = "initial", caps[1].text, first.text
        initials = "".join(f"{t.text}." for t in caps[1:])
        if initials in COUNTRY_INITIALS:
            return None  # "Another U.S.-based group": no surname and initials
    elif len(body) == 3 and body[1].text.lower() in PARTICLES:
        # official Kyrgyz/Kazakh order "Kanybek uulu Azamat": father's name, particle, given
        kind, given, surname = "surname_first", last.text, f"{first.text} {body[1].text}"
        trailing_particle = True
    elif len(caps) == 2 and not trailing_particle and (
            patronymic or _surname_first(first.text, last.text, _in_list(text, start, end))):
        kind, given, surname = "surname_first", last.text, first.text
    score = 0.0
    if _given_known(given) and not first.initial:
        score += 2
    if _strong_surname(surname.split()[0]) or trailing_particle:
        score += 2
    elif _WEAK_SURNAME.search(anyascii(surname)):
        score += 1
    if first.initial:
        # "Zh. Mamay": initials written before a capitalised word are a person's
        score += 2 if all(t.initial for t in caps[:-1]) and not last.initial else 0.5
    elif kind == "initial":
        # after a word, one plain letter may close a sentence ("Plan B.", "Block C."); two
        # initials or a digraph one ("A.A.", "Zh.") only stand for given names
        strong = len(caps) >= 3 or caps[1].text in DIGRAPH_INITIALS
        score += 2 if strong else (1 if _strong_surname(surname) else 0)
    if patronymic:
        score += 1
    if title:
        score += 2
    comma_role = _ROLE_COMMA_BEFORE.search(text[max(0, start - 40):start])
    if _ROLE_JUST_BEFORE.search(text[max(0, start - 40):start]) or \
            (comma_role and not comma_role.group(1).lower().endswith("s")):
        # "activist Olesya Khalabuzar": a lower-case role noun right before ("the ministry's
        # spokesperson, Jen Brennard": or with a comma, when it is one person's)
        score += 2
    elif _role_before(text, start) or _SPEECH_BEFORE.search(text[max(0, start - 30):start]) or \
            _SPEECH_AFTER.match(text, end):
        score += 1
    if _BYLINE_BEFORE.search(text[max(0, start - 12):start]) and re.match(r"[ \t]*(?:\n|$)", text[end:end + 40]):
        score += 2
    if _AGE_AFTER.match(text, end):
        # "Zharylkap Tore, 62, was detained", "X (born 1985)": a stated age; "X, who ...": the
        # relative pronoun of a person
        score += 2
    elif len(caps) == 2 and not any(t.shout or t.initial for t in caps) and (
            _DONE_TO_AFTER.match(text, end) or _PERSON_DID_AFTER.match(text, end) or
            _DONE_TO_BEFORE.search(text[max(0, start - 20):start]) or
            _CASE_OF_BEFORE.search(text[max(0, start - 20):start]) or
            (possessive and _OWNED_AFTER.match(text, end))):
        # "police detained Zharylkap Tore", "Zharylkap Tore was sentenced", "the trial of Zharylkap
        # Tore", "Zharylkap Tore's lawyer"
        score += 2
    if _ROLE_APPOSED.match(text, end) or _PERSON_APPOSED.match(text, end) or _ROLE_PREDICATED.match(text, end):
        # "Maina Kiai, the UN special rapporteur", "Ersin Kaltay, a Kazakhstan citizen": a role,
        # or a noun only a person is, in apposition right after
        score += 2
    elif _role_after(text, end):
        score += 1
    if any(len(t.text) < 2 and not t.initial for t in caps):
        return None
    if listed:
        score += 2
    if score < 2:
        return None
    return _Cand(toks, given, surname, kind, start, end, possessive, title, initials)


_GENDER_SWAP = {"m": (("ova", "ov"), ("eva", "ev"), ("ina", "in"), ("owa", "ow"), ("ewa", "ew")),
                "f": (("ov", "ova"), ("ev", "eva"), ("in", "ina"), ("ow", "owa"), ("ew", "ewa"))}


def _surname_for(surname: str, gender: str) -> str | None:
    """The surname in the form a person of `gender` bears ("Kubatbekova" for a sister of the
    Kubatbekovs); None when the form cannot be derived."""
    have = surname_gender(surname)
    if not have or gender not in ("m", "f") or have == gender:
        return surname
    for a, b in _GENDER_SWAP[gender]:
        if surname.endswith(a):
            return surname[: -len(a)] + b
    return None


class _Spans:
    """Is a position inside any of these (start, end) spans? In log time, so that rules that ask
    it for every candidate stay linear (a scan of all spans per candidate did not)."""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.max_end, top = [], -1
        for _, b in spans:
            top = max(top, b)
            self.max_end.append(top)

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.max_end[i] > pos


_COORDINATED = re.compile(r"(?:^|(?<=[^\w’'.-]))([^\W\d_][\w’'-]*)(?:, | and | & )$")


def _coordinated_givens(text: str, toks: list[_Tok], cands: list[_Cand]) -> list[_Cand]:
    """"the brothers Ulan and Marlen Kubatbekov", "Aida, Madina and Timur Bekov": a lone given
    name joined by "and" or a comma to a full name shares its surname."""
    spans = _Spans((c.start, c.end) for c in cands if c.kind not in ("surname", "possessive"))
    out: list[_Cand] = []
    for c in cands:
        if c.kind != "full" or c.toks[0].initial:
            continue
        pos = c.start
        while True:
            m = _COORDINATED.search(text, max(0, pos - 40), pos)
            if not m:
                break
            word, start = m.group(1), m.start(1)
            info = given_info(word)
            if not info or not word[0].isupper() or start in spans:
                break
            before = text[max(0, start - 30):start]
            prev = re.search(r"([^\W\d_][\w’'-]*) $", before)
            if prev and prev.group(1)[0].isupper() and \
                    prev.group(1).lower() not in _COMMON_CAPS | _ROLE_TITLES | TITLES:
                break  # "Sadyr Japarov and ...": the word ends another name
            surname = _surname_for(c.surname, info[1])
            if surname is None:
                break
            tok = _Tok(start, m.end(1), word, False, False)
            out.append(_Cand([tok], word, surname, "full", start, m.end(1), False))
            pos = start
    return out


# Close kin share the family surname in Central Asian and Russian naming ("Marat Bekov ...
# his wife Dilnoza" is Dilnoza Bekova); wider kin and associates (cousin, lawyer) do not.
_KIN_GENDER: dict[str, str | None] = {
    "wife": "f", "widow": "f", "mother": "f", "daughter": "f", "sister": "f", "stepdaughter": "f",
    "husband": "m", "father": "m", "son": "m", "brother": "m", "stepson": "m", "child": None}
_KIN_GIVEN = re.compile(
    r"\b(?:([Hh]is|[Hh]er|[Tt]heir)|([^\W\d_][\w’'-]*?)['’]s)\s+(?:(?:elder|older|younger|eldest|"
    r"youngest|little|late|adult|teenage|\d+-year-old)\s+)?(" + "|".join(_KIN_GENDER) +
    r")\s*,?\s+(?=[^\W\d_])")
# "his relatives in Mary": a given name after a locative preposition is a place there.
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|from|to|near|into|via|outside)\s+$", re.IGNORECASE)


def _lone_word(c: _Cand) -> bool:
    """A candidate made of one capitalised word the run split off (no given name read)."""
    return c.kind in ("surname", "possessive") and len(c.toks) == 1 and not c.title


def _possessor(text: str, m: re.Match, named: "_ByStart") -> _Cand | None:
    """The person whose relative a kin phrase names: the possessive right before ("Bekov's
    wife"), or for his/her the nearest earlier person of that gender in the paragraph."""
    if m.group(2):
        return next((c for c in named.between(m.start(2) - 200, m.end(2))
                     if c.possessive and c.end == m.end(2)), None)
    # a paragraph break further back than the 400-character reach changes nothing
    para = text.rfind("\n\n", max(0, m.start() - 402), m.start())
    want = {"his": "m", "her": "f"}.get(m.group(1).lower())
    for c in sorted(named.between(m.start() - 400 - _MAX_NAME, m.start()), key=lambda c: -c.start):
        if c.end > m.start() or c.start < para or m.start() - c.end > 400:
            continue
        gender = name_gender(c.given, c.surname)
        if want is None or gender in (None, want):
            return c
    return None


class _ByStart:
    """Candidates by start offset, to take those of a window without scanning them all."""

    def __init__(self, cands):
        self.cands = sorted(cands, key=lambda c: c.start)
        self.starts = [c.start for c in self.cands]

    def between(self, lo: int, hi: int) -> list:
        return self.cands[bisect.bisect_left(self.starts, lo):bisect.bisect_right(self.starts, hi)]


def _kin_givens(text: str, toks: list[_Tok], cands: list[_Cand]) -> list[_Cand]:
    """"his wife Dilnoza", "Bekov's son Aziz": a lone capitalised word after a close kin noun is
    that relative's given name; the family surname comes from the possessor, in the form of
    the relative's gender (the kin noun's, else the given name's). Without a possessor the
    person is known by the given name alone."""
    lower_words = _lower_words(text)
    fulls = [c for c in cands if c.kind in ("full", "surname_first", "initial")]
    by_surname = {fold(c.surname): c for c in fulls}
    named = _ByStart(fulls + [c for c in cands if c.kind in ("surname", "possessive") and
                              fold(c.surname) in by_surname])
    lone = {c.start: c for c in cands if _lone_word(c)}
    taken = _Spans((c.start, c.end) for c in cands if not _lone_word(c))
    out: list[_Cand] = []
    for m in _KIN_GIVEN.finditer(text):
        c = lone.get(m.end())
        if c is None or c.start in taken:
            continue
        word = c.toks[0].text
        info = given_info(word)
        if _word_class(word, lower_words) is not None or len(word) < 3 or \
                (not info and _strong_surname(word)) or fold(word) in by_surname:
            continue  # an ordinary word, a place, or the family surname itself
        gender = _KIN_GENDER[m.group(3).lower()] or (
            info[1] if info and info[1] in ("m", "f") else None)
        owner = _possessor(text, m, named)
        surname = ""
        if owner is not None and owner.surname.split()[-1].lower() not in PARTICLES:
            owner = by_surname.get(fold(owner.surname), owner)
            if gender or not surname_gender(owner.surname):
                surname = _surname_for(owner.surname, gender or "") or ""
        out.append(_Cand(c.toks, word, surname, "given", c.start, c.end, c.possessive))
    return out


class _Namings:
    """Namings of persons with one given name, by start: for each prefix, how many persons
    (given, surname) it holds and the naming a dict over it would keep (the last in list order)."""

    def __init__(self):
        self.starts, self.persons, self.last = [], [], []
        self._keys, self._best = set(), (-1, None)

    def add(self, n, order: int) -> None:
        self._keys.add((given_canon(n.given), fold(n.surname)))
        if order > self._best[0]:
            self._best = (order, n)
        self.starts.append(n.start)
        self.persons.append(len(self._keys))
        self.last.append(self._best[1])


def _given_short_forms(text: str, cands: list[_Cand]) -> list[_Cand]:
    """"In August Batyr was taken off a flight": after a report has named one person with a
    given name, that given name standing alone refers to them. Skipped when two persons of
    the report share the given name, when it is also a surname there, or when it stands
    after a locative preposition (given names that are also towns: Mary)."""
    named = [c for c in cands if c.kind in ("full", "surname_first", "given") and c.given
             and not c.toks[0].initial]
    surnames = {fold(c.surname) for c in cands if c.kind in ("full", "surname_first")}
    by_given: dict = defaultdict(_Namings)
    by_given_form: dict = defaultdict(_Namings)
    for order, n in sorted(enumerate(named), key=lambda x: x[1].start):
        canon = given_canon(n.given)
        by_given[canon].add(n, order)
        by_given_form[(canon, fold(n.given))].add(n, order)
    out: list[_Cand] = []
    for c in cands:
        if not _lone_word(c):
            continue
        word = c.toks[0].text
        if fold(word) in surnames or word.lower() in _PLACE_WORDS or \
                _LOCATIVE_BEFORE.search(text, max(0, c.start - 12), c.start):
            continue
        canon = given_canon(word)
        # the persons named before with this given name: exactly one, and the last naming of them
        entries = by_given[canon] if given_info(word) else by_given_form[(canon, fold(word))]
        i = bisect.bisect_left(entries.starts, c.start) - 1
        if i < 0 or entries.persons[i] != 1:
            continue
        owner = entries.last[i]
        out.append(_Cand(c.toks, owner.given, owner.surname, "given", c.start, c.end,
                         c.possessive))
    return out


# ----------------------------------------------------------------------------- coreference

@dataclass
class _Person:
    given: str
    surname: str
    forms: Counter = field(default_factory=Counter)
    first_pos: int = 0
    local_id: str = ""
    roles: set[str] = field(default_factory=set)

    @property
    def gender(self) -> str | None:
        return name_gender(self.given, self.surname)


def _given_compatible(a: str, b: str) -> bool:
    """Same given name, a transliteration variant, an initial of it, or a spelling slip."""
    if not a or not b:
        return True
    if is_initial(a) or is_initial(b):
        fa, fb = fold(a), fold(b)
        return fa.startswith(fb) or fb.startswith(fa)
    ca, cb = given_canon(a), given_canon(b)
    if ca == cb:
        return True
    if given_info(a) and given_info(b):
        return False  # two distinct known names: different people
    fa, fb = fold(a), fold(b)
    return min(len(fa), len(fb)) >= 4 and (
        DamerauLevenshtein.distance(fa, fb) <= 1 or
        (sorted(fa) == sorted(fb) and fa[0] == fb[0]) or
        (DamerauLevenshtein.distance(fa, fb) <= 2 and min(len(fa), len(fb)) >= 6))


def _genders_clash(a: _Person, b: _Person) -> bool:
    ga, gb = a.gender, b.gender
    return bool(ga and gb and ga != gb)


def _find_relations(text: str, cands: list[tuple[_Cand, _Person]]) -> set[frozenset[int]]:
    """Pairs of persons the text states are relatives/associates ("X is the mother of Y")."""
    rel_re = "|".join(RELATION_WORDS)
    pairs: set[frozenset[int]] = set()
    for (ca, pa), (cb, pb) in zip(cands, cands[1:]):
        if pa is pb:
            continue
        between = text[ca.end:cb.start]
        if len(between) > 60 or "\n" in between:
            continue
        if re.search(r"\b(?:is|was|are|were)\s+(?:the|a|an|his|her)\s+(?:\w+\s+)?(?:" + rel_re +
                     r")s?\s+of\b", between) or \
                (ca.possessive and re.match(r"\s*(?:" + rel_re + r")s?\b", between)) or \
                re.search(r"\b(?:his|her)\s+(?:\w+\s+)?(?:" + rel_re + r")s?,?\s*$", between):
            pairs.add(frozenset((id(pa), id(pb))))
    return pairs


# Russian case endings (genitive, dative, accusative, instrumental, prepositional) and the
# nominative they come from, for names in Cyrillic text: "Отабека Сатторова" is Отабек
# Сатторов when the report also names him in the nominative.
_RU_GIVEN_CASES = (("ой", "а"), ("ей", "я"), ("ы", "а"), ("и", "а"), ("и", "я"), ("у", "а"),
                   ("ю", "я"), ("е", "а"), ("е", "я"), ("е", ""), ("я", "й"), ("ю", "й"),
                   ("ем", "й"), ("ем", ""), ("ом", ""), ("а", ""), ("у", ""))
_RU_SURNAME_CASES = tuple((stem + case, stem + nom) for stem in ("ов", "ев", "ёв", "ин", "ын")
                          for case, nom in (("а", ""), ("у", ""), ("ым", ""), ("е", ""),
                                            ("ой", "а"), ("у", "а"))) + (
    ("ого", "ий"), ("ому", "ий"), ("им", "ий"), ("ом", "ий"), ("ой", "ая"), ("ую", "ая"),
    ("а", ""), ("у", ""), ("ом", ""), ("е", ""))
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _ru_nominatives(word: str, table: tuple[tuple[str, str], ...]) -> list[str]:
    low = word.lower()
    return [word[: len(word) - len(case)] + nom for case, nom in table
            if low.endswith(case) and len(word) - len(case) >= 2]


def _to_nominative(cands: list[_Cand]) -> None:
    """Rewrite inflected Cyrillic names to a nominative form the report itself uses."""
    fulls = [c for c in cands if c.kind in ("full", "surname_first")]
    nominal = {(c.given.lower(), c.surname.lower()): (c.given, c.surname) for c in fulls}
    surnames = {c.surname.lower(): c.surname for c in fulls}
    for c in cands:
        if not _CYRILLIC.search(c.surname):
            continue
        if c.kind in ("full", "surname_first"):
            for g in [c.given] + _ru_nominatives(c.given, _RU_GIVEN_CASES):
                hit = next((nominal[(g.lower(), s.lower())] for s in
                            [c.surname] + _ru_nominatives(c.surname, _RU_SURNAME_CASES)
                            if (g.lower(), s.lower()) in nominal and
                            (g, s) != (c.given, c.surname)), None)
                if hit:
                    c.given, c.surname = hit
                    break
        elif c.kind in ("surname", "possessive") and c.surname.lower() not in surnames:
            hit = next((surnames[s.lower()] for s in _ru_nominatives(c.surname, _RU_SURNAME_CASES)
                        if s.lower() in surnames), None)
            if hit:
                c.surname = hit


def _resolve(text: str, cands: list[_Cand]) -> list[tuple[_Cand, _Person]]:
    _to_nominative(cands)
    fulls = [c for c in cands if c.kind in ("full", "surname_first")]
    persons: list[_Person] = []
    by_key: dict[tuple[str, str], _Person] = {}
    assigned: list[tuple[_Cand, _Person]] = []
    for c in sorted(fulls, key=lambda c: c.start):
        key = (given_canon(c.given), fold(c.surname))
        p = by_key.get(key)
        if p is None:
            p = _Person(c.given, c.surname, first_pos=c.start)
            by_key[key] = p
            persons.append(p)
        p.forms[f"{c.given} {c.surname}"] += 1
        assigned.append((c, p))
    relations = _find_relations(text, sorted(assigned, key=lambda x: x[0].start))
    persons = _merge_slips(persons, assigned, relations)
    # initials, then short forms, resolved against the full names
    out: list[tuple[_Cand, _Person]] = [(c, p) for c, p in assigned]
    seen_at: dict[int, list[int]] = defaultdict(list)  # person id -> starts of its mentions so far
    for c, p in out:
        bisect.insort(seen_at[id(p)], c.start)
    by_surname: dict[str, list[_Person]] = defaultdict(list)
    for p in persons:
        by_surname[fold(p.surname)].append(p)
    for c in sorted(cands, key=lambda c: c.start):
        if c.kind in ("full", "surname_first"):
            continue
        pool = by_surname.get(fold(c.surname), [])
        if c.kind in ("initial", "given"):
            pool = [p for p in pool if _given_compatible(c.given, p.given) and
                    (c.kind != "given" or p.given)]
        target = _pick(pool, c.start, seen_at, text)
        if target is None:
            if c.kind == "initial":
                target = _Person(c.given, c.surname, first_pos=c.start)
                target.forms[f"{c.initials or c.given + '.'} {c.surname}"] += 1
            elif c.kind == "given":
                target = _Person(c.given, c.surname, first_pos=c.start)
                target.forms[f"{c.given} {c.surname}".strip()] += 1
            elif c.title and c.kind in ("surname", "possessive"):
                target = _Person("", c.surname, first_pos=c.start)
                target.forms[c.surname] += 1
            else:
                continue
            persons.append(target)
            by_surname[fold(c.surname)].append(target)
        out.append((c, target))
        bisect.insort(seen_at[id(target)], c.start)
    return out


def _pick(pool: list[_Person], pos: int, seen_at: dict[int, list[int]],
          text: str = "") -> _Person | None:
    if not pool:
        return None
    if len(pool) == 1:
        return pool[0]
    # A surname shared by relatives: one of them named in the same sentence is meant ("Aziz
    # Bekov said Bekov was ..."); otherwise the family member the report is about -- the
    # one it names in full most often, then the first it named -- not the relative
    # mentioned last.
    # (a sentence is looked into for at most _SENTENCE_REACH characters back: linear time)
    lo = max(0, pos - _SENTENCE_REACH)
    sentence = max(text.rfind(". ", lo, pos), text.rfind("\n", lo, pos), lo - 1) if text else -1
    latest = None
    for p in pool:
        starts = seen_at.get(id(p), [])
        i = bisect.bisect_left(starts, pos) - 1
        if i >= 0 and starts[i] > sentence and (latest is None or starts[i] > latest[0]):
            latest = (starts[i], p)
    if latest:
        return latest[1]
    return min(pool, key=lambda p: (-sum(p.forms.values()), p.first_pos))


def _merge_slips(persons: list[_Person], assigned: list[tuple[_Cand, _Person]],
                 relations: set[frozenset[int]]) -> list[_Person]:
    """Same surname and compatible given names -> one person, unless the text sets them apart."""
    alias: dict[int, _Person] = {}
    kept: list[_Person] = []
    # Index of the kept persons by what can make two alike (the same folded surname; the same
    # given name with the same surname core, or one surname a prefix of the other), so that
    # each person is compared with those few, not with every person of the report.
    by_fold: dict[str, list[int]] = defaultdict(list)
    by_core: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_prefix: dict[tuple[str, str], list[int]] = defaultdict(list)  # (given, any prefix of surname)
    by_whole: dict[tuple[str, str], list[int]] = defaultdict(list)   # (given, whole surname)
    for p in persons:
        target = None
        gp, fp_ = given_canon(p.given), fold(p.surname)
        near = set(by_fold.get(fp_, ())) | set(by_core.get((gp, surname_core(p.surname)), ()))
        if len(fp_) >= 2:
            near |= set(by_prefix.get((gp, fp_), ()))
            for k in range(len(fp_) + 1):
                near |= set(by_whole.get((gp, fp_[:k]), ()))
        # (a surname shared by more than _MAX_NAMESAKES persons is compared with the first ones)
        for q in (kept[i] for i in sorted(near)[:_MAX_NAMESAKES]):
            same_given = given_canon(q.given) == given_canon(p.given)
            fp_, fq = fold(p.surname), fold(q.surname)
            # a cut-off surname ("Elena Se...") is the same person as the full one
            truncated = same_given and len(fp_) >= 2 and (fq.startswith(fp_) or fp_.startswith(fq))
            if fq != fp_ and not truncated and not (
                    surname_core(q.surname) == surname_core(p.surname) and same_given):
                continue
            if _genders_clash(p, q) or frozenset((id(p), id(q))) in relations:
                continue
            if _given_compatible(p.given, q.given):
                target = q
                break
        if target is None:
            index = len(kept)
            kept.append(p)
            fq = fold(p.surname)
            by_fold[fq].append(index)
            by_core[(gp, surname_core(p.surname))].append(index)
            by_whole[(gp, fq)].append(index)
            for k in range(2, len(fq) + 1):
                by_prefix[(gp, fq[:k])].append(index)
        else:
            target.forms.update(p.forms)
            alias[id(p)] = target
    for i, (c, p) in enumerate(assigned):
        if id(p) in alias:
            assigned[i] = (c, alias[id(p)])
    return kept


# ----------------------------------------------------------------------------- roles

# Between a role word and the name it qualifies: nothing, a title or an initial ("activist
# Mr", "lawyer Ye."), or -- for a plural role -- the earlier names of a coordinated list
# ("journalists Aida Bekova and Marat Omarov").
_NAME_WORD = r"(?:[A-Z][\w’'.-]*\s+)"
_ROLE_TO_NAME = re.compile(r"[\s,]*" + _NAME_WORD + r"{0,2}")
_PLURAL_ROLE_TO_NAME = re.compile(r"\s+(?:" + _NAME_WORD + r"{1,4}?[A-Z][\w’'.-]*"
                                  r"(?:\s*,\s*(?:and\s+)?|\s+and\s+))+")
# Two roles of one person are coordinated ("journalist and human rights defender X",
# "opposition politician, blogger X"); a role word further back that is joined to the
# near one by anything else belongs to another phrase ("insulting a public official was
# opened against blogger X", "journalist Aida Bekova and activist X").
_ROLE_COORD = re.compile(r"\s*(?:,|and|&|/)?\s*(?:(?:former|ex-|prominent|independent|"
                         r"well-known|veteran|local|civic|young|renowned|freelance)\s+)?")


# a relative's noun before "of" (RELATION_WORDS but those that are roles of their own: "the lawyer of X")
_KIN_OF = re.compile(r"(?:[\w-]+\s+){0,2}?(?:%s)\s+(?=of\b)" % "|".join(
    w for w in (*RELATION_WORDS, "widow") if w not in ("friend", "colleague", "partner", "lawyer")), re.I)


_DOCTOR_TITLE = re.compile(r"\bDr\.?\s*$")


def _roles_near(text: str, start: int, end: int) -> set[str]:
    roles: set[str] = set()
    # only the 60 characters before count, so the sentence start is looked for there alone
    sent_start = max(text.rfind(". ", max(0, start - 62), start), text.rfind("\n", max(0, start - 61), start)) + 1
    before = text[max(sent_start, start - 60):start]
    matches = list(_ROLE_RE.finditer(before))
    if matches:
        m = matches[-1]
        between = before[m.end():]
        plural = m.group().lower().endswith(("s", "men", "women"))
        if _ROLE_TO_NAME.fullmatch(between) or (plural and _PLURAL_ROLE_TO_NAME.fullmatch(between)):
            role = normalise_role(m.group())
            if role:
                roles.add(role)
            if len(matches) >= 2 and _ROLE_COORD.fullmatch(before[matches[-2].end():m.start()]):
                role = normalise_role(matches[-2].group())
                if role:
                    roles.add(role)
    if _DOCTOR_TITLE.search(text, max(0, start - 5), start):
        roles.add("doctor")  # "Dr Hursanay X ... The doctor has been transferred": the title is her role
    after = text[end:end + 90]
    clause = re.split(r"[.;:()\n]|\bwho\b|\bwas\b|\bhas\b|\bhad\b", after)[0]
    app = re.match(r"\s*,\s*(?:(?:a|an|the)\s+)?(.*)", clause)
    if app:
        # ("X, the son of the first president of Y": a role in an "of" phrase is the other
        # person's, up to an "and" that goes on with X's own: "a member of the party and activist";
        # after a relative's noun all of it is: "the son of the first and only president")
        told = app.group(1)[:60]
        told = "" if _KIN_OF.match(told) else re.sub(r"\bof\b.*?(?=\band\b|$)", "", told)
        for m in _ROLE_RE.finditer(told):
            role = normalise_role(m.group())
            if role:
                roles.add(role)
    # "X is a well-known political activist and journalist": the predicate's first nouns
    pred = re.match(r"\s+(?:is|was)\s+(?:a|an|the)\s+((?:[\w-]+\s+){0,3}[\w-]+"
                    r"(?:\s+and\s+(?:[\w-]+\s+){0,1}[\w-]+)?)", after)
    if pred:
        for m in _ROLE_RE.finditer(pred.group(1)):
            role = normalise_role(m.group())
            if role:
                roles.add(role)
    return roles


# ----------------------------------------------------------------------------- entry point

def _canonical(p: _Person) -> str:
    forms = sorted(p.forms.items(), key=lambda kv: (-len(kv[0].split()), -kv[1],
                                                     kv[0].count("."), kv[0]))
    return forms[0][0] if forms else p.surname


_LIST_JOINS = (", ", " and ", ", and ")
_PREPOSITION_BEFORE = re.compile(r"\b(?:of|from|at|in|for|by|with|to|on|the)\s+$", re.IGNORECASE)


def _listed_with_persons(text: str, cands: list[_Cand], rejected: list[tuple[list[_Tok], bool]]) -> list[_Cand]:
    """Runs the first reading left out that are listed with a person it found, one comma or
    "and" apart ("Aidos Serikov, Zharylkap Sagut and Tolkyn Zhan were detained"): read again
    as listed, once from the left and once from the right, so a list's names join in a chain
    from the one person known (each run is read at most twice)."""
    # (only full names: a lone capitalised word is a person only once a full name backs it)
    ends = {c.end for c in cands if c.kind in ("full", "surname_first", "initial")}
    starts = {c.start for c in cands if c.kind in ("full", "surname_first", "initial")}
    found: list[_Cand] = []
    for order in (rejected, rejected[::-1]):
        for part, title in order:
            start, end = part[0].start, part[-1].end
            if start in starts:
                continue
            before = any(start - len(j) in ends and text.startswith(j, start - len(j)) for j in _LIST_JOINS)
            # (not a thing named after a preposition: "X of Mitti Voice and Y" lists X and Y)
            after = any(end + len(j) in starts and text.startswith(j, end) for j in _LIST_JOINS) and \
                not _PREPOSITION_BEFORE.search(text, max(0, start - 8), start)
            if not (before or after):
                continue
            cand = _score_part(text, part, title, listed=True)
            if cand is not None:
                found.append(cand)
                ends.add(cand.end)
                starts.add(cand.start)
    return found


def find_person_mentions(text: str, units=None) -> list[PersonMention]:
    """Every occurrence of a natural person's name, resolved to one local person per report.

    `units` is accepted for the pipeline contract; sentence boundaries are read from the text."""
    toks = _tokens(text)
    lower_words = _lower_words(text) | _headline_only_words(text)
    cands: list[_Cand] = []
    rejected: list[tuple[list[_Tok], bool]] = []
    for seq in _sequences(text, toks):
        for part, title in _split_parts(seq, lower_words):
            cand = _score_part(text, part, title)
            if cand is not None:
                cands.append(cand)
            elif 2 <= len(part) <= 3:
                rejected.append((part, title))
    cands += _listed_with_persons(text, cands, rejected)
    for rule in (_coordinated_givens, _kin_givens):
        found = rule(text, toks, cands)
        if found:
            starts = {c.start for c in found}
            cands = [c for c in cands if c.start not in starts] + found
    short = _given_short_forms(text, cands)
    if short:
        starts = {c.start for c in short}
        cands = [c for c in cands if c.start not in starts] + short
    resolved = _resolve(text, cands)
    resolved.sort(key=lambda cp: cp[0].start)
    order: dict[int, str] = {}
    for c, p in resolved:
        if id(p) not in order:
            order[id(p)] = f"p{len(order) + 1}"
            p.local_id = order[id(p)]
        p.roles |= _roles_near(text, c.start, c.end)
    out = []
    for c, p in resolved:
        kind = c.kind
        if kind in ("surname", "possessive") and c.possessive:
            kind = "possessive"
        out.append(PersonMention(c.start, c.end, text[c.start:c.end], p.local_id,
                                 _canonical(p), sorted(p.roles), kind))
    return out


def person_relations(text: str, mentions: list[PersonMention]) -> list[tuple[str, str, str]]:
    """(relation, local_id_a, local_id_b) for "A is the mother of B" / "A's brother B"."""
    rel_re = "|".join(RELATION_WORDS)
    out: list[tuple[str, str, str]] = []
    for a, b in zip(mentions, mentions[1:]):
        if a.local_id == b.local_id:
            continue
        between = text[a.end:b.start]
        if len(between) > 60 or "\n" in between:
            continue
        m = re.search(r"\b(?:is|was)\s+(?:the|a|an|his|her)\s+(?:\w+\s+)?(" + rel_re +
                      r")s?\s+of\b", between) or \
            (re.match(r"\s*(" + rel_re + r")s?\b", between) if a.kind == "possessive" else None)
        if m:
            out.append((m.group(1).lower(), a.local_id, b.local_id))
    return out


def split_name(name: str) -> tuple[str, str]:
    """(given, surname) of a display name; surname-first input is turned round."""
    toks = name.replace(".", ". ").split()
    if not toks:
        return "", ""
    if len(toks) == 1:
        return "", toks[0]
    if toks[-1].lower() in PARTICLES and len(toks) >= 3:
        return toks[0], " ".join(toks[-2:])
    if len(toks) == 3 and toks[1].lower() in PARTICLES:
        return toks[2], " ".join(toks[:2])  # official order "Kanybek uulu Azamat"
    first, last = toks[0], toks[-1]
    if given_info(last) and not given_info(first) and _strong_surname(first) and len(toks) == 2:
        return last, first
    return first, last
