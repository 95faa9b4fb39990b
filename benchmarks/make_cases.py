"""Generate the labelled name-matching case set in tests/cases/ (deterministic, seeded).

    python benchmarks/make_cases.py [--ofac DIR] [--out DIR] [--seed N]

Positives are realistic variants (typos, transliterations, Cyrillic, word order, initials,
legal forms, ...) of real names from the OFAC benchmark list (shared/data/ofac/bench) and of the
parties on the built-in 2022 lists. Negatives are names built from the name-part tables below
(many countries and scripts) plus hard negatives that share one name part with a listed party;
every negative is checked against every OFAC bench name and alias and the built-in names, and
dropped when it is equal or near-equal (token_sort_ratio >= 90 on unidecoded lowercase) or
shares both a given name and a surname with a listed person.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from random import Random

from rapidfuzz import fuzz, process
from unidecode import unidecode

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OFAC = ROOT.parent / "shared" / "data" / "ofac" / "bench"
DEFAULT_OUT = ROOT / "tests" / "cases"
SEED = 20220308

# ----------------------------------------------------------------------------------------------
# OFAC legacy CSV (minimal reader: sdn.csv + alt.csv, no header, `-0-` = empty)
# ----------------------------------------------------------------------------------------------


@dataclass
class ListedName:
    ent: str
    name: str
    kind: str  # person | organisation
    program: str
    title: str
    source: str  # sdn.csv or alt.csv#<alt_num>
    primary: bool


def _rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("latin-1").replace("\x1a", "")
    out = []
    for row in csv.reader(text.splitlines()):
        if row:
            out.append([("" if c.strip() == "-0-" else c.strip()) for c in row])
    return out


def read_ofac(folder: Path) -> list[ListedName]:
    """Every name and alias of persons and organisations (vessels and aircraft skipped)."""
    names: list[ListedName] = []
    meta: dict[str, tuple[str, str, str]] = {}
    for r in _rows(folder / "sdn.csv"):
        ent, name, typ, program, title = r[0], r[1], r[2], r[3], r[4]
        if typ in ("vessel", "aircraft"):
            continue
        kind = "person" if typ == "individual" else "organisation"
        meta[ent] = (kind, program, title)
        names.append(ListedName(ent, name, kind, program, title, "sdn.csv", True))
    for r in _rows(folder / "alt.csv"):
        ent, alt_num, _typ, name = r[0], r[1], r[2], r[3]
        if ent in meta and name:
            kind, program, title = meta[ent]
            names.append(ListedName(ent, name, kind, program, title, f"alt.csv#{alt_num}", False))
    return names


# ----------------------------------------------------------------------------------------------
# Built-in 2022 parties (facts: shared/facts/designations.md). `ofac` = ent_num in the bench
# file when the party is on it; otherwise the ref is builtin:<name>.
# ----------------------------------------------------------------------------------------------

BUILTIN_SRC = "builtin (shared/facts/designations.md)"

# (entity_ref, list_name, list_kind, kind, [(query, variation)])
BUILTIN_CASES: list[tuple[str, str, str, str, list[tuple[str, str]]]] = [
    ("builtin:Vladimir Vladimirovich Putin", "Vladimir Vladimirovich Putin", "person", "person", [
        ("Vladimir Putin", "missing_middle"), ("Putin Vladimir Vladimirovich", "word_order"),
        ("PUTIN, Vladimir", "word_order"), ("V. V. Putin", "initials"), ("V Putin", "initials"),
        ("Vladimir V. Putin", "initials"), ("Wladimir Putin", "translit"),
        ("Vladimir Vladimirovitch Poutine", "translit"),
        ("Путин Владимир Владимирович", "cyrillic"),
        ("Владимир Путин", "cyrillic"), ("Mr Vladimir Putin", "honorific"),
        ("Vladimir Puttin", "typo_insert"), ("Vladimir Ptin", "typo_delete"),
        ("Vladimit Putin", "typo_substitute"), ("Vladimri Putin", "typo_transpose"),
        ("vladimir  putin", "noise"), ("PUTIN VLADIMIR", "word_order"),
    ]),
    ("builtin:Viktor Gennadievich Khrenin", "Viktor Gennadievich Khrenin", "person", "person", [
        ("Viktor Khrenin", "missing_middle"), ("Victor Khrenin", "translit"),
        ("Viktar Khrenin", "translit"), ("Viktor Hrenin", "translit"),
        ("Хренин Виктор Геннадьевич", "cyrillic"), ("Віктар Хрэнін", "cyrillic"),
        ("KHRENIN, Viktor", "word_order"), ("V. G. Khrenin", "initials"),
        ("Gen. Viktor Khrenin", "honorific"), ("Viktor Khrenn", "typo_delete"),
        ("Viktor Gennadyevich Khrenin", "translit"),
    ]),
    ("ofac:9760", "LUKASHENKA, Alyaksandr Hryhoryavich", "person", "person", [
        ("Alexander Lukashenko", "translit"), ("Aleksandr Lukashenko", "translit"),
        ("Aliaksandr Lukashenka", "translit"), ("Alyaksandr Lukashenka", "missing_middle"),
        ("Лукашенко Александр Григорьевич", "cyrillic"), ("Аляксандр Лукашэнка", "cyrillic"),
        ("Александр Лукашенко", "cyrillic"), ("A. G. Lukashenko", "initials"),
        ("A. Lukashenka", "initials"), ("Lukashenka Alyaksandr", "word_order"),
        ("Mr. Alexander Lukashenko", "honorific"), ("Alexandr Lukashenko", "translit"),
        ("Alyaksandr Lukashenkka", "typo_insert"), ("Alyaksandr Lukashneka", "typo_transpose"),
        ("Alexander Grigoryevich Lukashenko", "translit"),
    ]),
    ("ofac:23343", "KADYROV, Ramzan Akhmatovich", "person", "person", [
        ("Ramzan Kadyrov", "missing_middle"), ("Ramsan Kadyrow", "translit"),
        ("Ramzan Achmatowitsch Kadyrow", "translit"), ("Кадыров Рамзан Ахматович", "cyrillic"),
        ("Рамзан Кадыров", "cyrillic"), ("R. A. Kadyrov", "initials"), ("R Kadyrov", "initials"),
        ("Kadyrov Ramzan", "word_order"), ("Ramzan Kadirov", "translit"),
        ("Ramzan Kadyorv", "typo_transpose"), ("Ramzan Akhmatovich Kadyrov", "word_order"),
    ]),
    ("ofac:31123", "KIRIYENKO, Sergei Vladilenovich", "person", "person", [
        ("Sergey Kiriyenko", "translit"), ("Sergei Kirienko", "translit"),
        ("Кириенко Сергей Владиленович", "cyrillic"), ("Сергей Кириенко", "cyrillic"),
        ("S. V. Kiriyenko", "initials"), ("Kiriyenko Sergei", "word_order"),
        ("Sergei Kiriyenko", "missing_middle"), ("Sergei Kiriynko", "typo_delete"),
    ]),
    ("ofac:16689", "GROMOV, Alexei Alexeyevich", "person", "person", [
        ("Alexey Gromov", "translit"), ("Aleksei Alekseevich Gromov", "translit"),
        ("Громов Алексей Алексеевич", "cyrillic"), ("Алексей Громов", "cyrillic"),
        ("A. A. Gromov", "initials"), ("Gromov Alexei", "word_order"),
        ("Alexei Gromov", "missing_middle"),
    ]),
    ("builtin:VTB Bank", "VTB Bank", "bank", "organisation", [
        ("VTB Bank PJSC", "legal_form"), ("PJSC VTB Bank", "legal_form"),
        ("VTB Bank (Public Joint Stock Company)", "legal_form"), ("Bank VTB", "word_order"),
        ("VTBBank", "joined_split"), ("Банк ВТБ (ПАО)", "cyrillic"), ("Банк ВТБ", "cyrillic"),
        ("VTB Bank OAO", "legal_form"), ("V.T.B. Bank", "noise"), ("vtb bank", "noise"),
        ("Bank VTB JSC", "legal_form"),
    ]),
    ("builtin:Bank Otkritie Financial Corporation", "Bank Otkritie Financial Corporation",
     "bank", "organisation", [
        ("Otkritie Bank", "word_order"), ("PJSC Bank Otkritie Financial Corporation",
                                           "legal_form"),
        ("Bank Otkrytie Financial Corporation", "translit"),
        ("Bank Otkritiye Financial Corporation", "translit"),
        ("Банк Открытие Финансовая Корпорация", "cyrillic"),
        ("Bank Otkritie Financial Corp.", "legal_form"),
        ("Bank Otkirtie Financial Corporation", "typo_transpose"),
        ("BANK OTKRITIE FINANCIAL CORPORATION PUBLIC JOINT STOCK COMPANY", "legal_form"),
    ]),
    ("builtin:Novikombank", "Novikombank", "bank", "organisation", [
        ("Novikom Bank", "joined_split"), ("JSC Novikombank", "legal_form"),
        ("AO Novikombank", "legal_form"), ("Новикомбанк", "cyrillic"),
        ("АО «Новикомбанк»", "cyrillic"), ("Novicombank", "translit"),
        ("Novikombank JSC", "legal_form"), ("Novikombannk", "typo_insert"),
        ("Nowikombank", "translit"), ("NOVIKOM-BANK", "joined_split"),
    ]),
    ("builtin:Promsvyazbank", "Promsvyazbank", "bank", "organisation", [
        ("Promsvyaz Bank", "joined_split"), ("PJSC Promsvyazbank", "legal_form"),
        ("Promsviazbank", "translit"), ("ПАО «Промсвязьбанк»", "cyrillic"),
        ("Промсвязьбанк", "cyrillic"), ("Promsvyazbank PAO", "legal_form"),
        ("Promsvyazbnak", "typo_transpose"), ("Promsvjazbank", "translit"),
        ("Public Joint Stock Company Promsvyazbank", "legal_form"),
    ]),
    ("ofac:16681", "BANK ROSSIYA", "organisation", "organisation", [
        ("Rossiya Bank", "word_order"), ("Bank Rossia", "translit"), ("Bank Rossija", "translit"),
        ("Банк Россия", "cyrillic"), ("JSC Bank Rossiya", "legal_form"),
        ("AB Rossiya", "legal_form"), ("Bank Rosiya", "typo_delete"),
        ("BankRossiya", "joined_split"), ("Bank 'Rossiya'", "noise"),
        ("Bank Rossiya OAO", "legal_form"),
    ]),
    ("builtin:Sovcombank", "Sovcombank", "bank", "organisation", [
        ("Sovkombank", "translit"), ("PJSC Sovcombank", "legal_form"),
        ("Совкомбанк", "cyrillic"), ("ПАО «Совкомбанк»", "cyrillic"),
        ("Sovcom Bank", "joined_split"), ("Sovcombank PJSC", "legal_form"),
        ("Sovcombakn", "typo_transpose"), ("Sovcomnbank", "typo_insert"),
    ]),
    ("builtin:VEB.RF", "VEB.RF", "bank", "organisation", [
        ("VEB RF", "noise"), ("VEBRF", "joined_split"), ("ВЭБ.РФ", "cyrillic"),
        ("veb.rf", "noise"), ("State Corporation VEB.RF", "legal_form"),
    ]),
    ("builtin:Vnesheconombank", "Vnesheconombank", "bank", "organisation", [
        ("Vnesheconom Bank", "joined_split"), ("Vneshekonombank", "translit"),
        ("Внешэкономбанк", "cyrillic"), ("Vnescheconombank", "translit"),
        ("Vnesheconombnak", "typo_transpose"),
    ]),
    ("builtin:Central Bank of the Russian Federation", "Central Bank of the Russian Federation",
     "government", "organisation", [
        ("Central Bank of Russian Federation", "noise"),
        ("Russian Federation Central Bank", "word_order"),
        ("The Central Bank of the Russian Federation", "noise"),
        ("Centrl Bank of the Russian Federation", "typo_delete"),
        ("CENTRAL BANK OF THE RUSSIAN FEDERATION (BANK OF RUSSIA)", "noise"),
    ]),
    ("builtin:Integral", "Integral", "organisation", "organisation", [
        ("JSC Integral", "legal_form"), ("OAO Integral", "legal_form"),
        ("PJSC Integral", "legal_form"), ("ОАО «Интеграл»", "cyrillic"),
        ("Интеграл", "cyrillic"), ("Integral OJSC", "legal_form"), ("INTEGRAL JSC", "legal_form"),
    ]),
    ("builtin:Ministry of Defence of the Republic of Belarus",
     "Ministry of Defence of the Republic of Belarus", "government", "organisation", [
        ("Ministry of Defense of the Republic of Belarus", "translit"),
        ("Belarus Ministry of Defence", "word_order"),
        ("Ministry of Defence of Belarus", "noise"),
        ("Ministry of Defence of the Republic of Belaru", "typo_delete"),
        ("Republic of Belarus Ministry of Defense", "word_order"),
    ]),
    ("builtin:State Authority for Military Industry of the Republic of Belarus",
     "State Authority for Military Industry of the Republic of Belarus", "government",
     "organisation", [
        ("State Authority for Military Industry of Belarus", "noise"),
        ("State Authority for Military Industries of the Republic of Belarus", "typo_insert"),
        ("Belarus State Authority for Military Industry", "word_order"),
        ("STATE AUTHORITY FOR MILITARY INDUSTRY OF THE REPUBLIC OF BELARUS", "noise"),
    ]),
]

# ----------------------------------------------------------------------------------------------
# Variation tables
# ----------------------------------------------------------------------------------------------

KEYBOARD = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij", "i": "uok",
    "o": "ipl", "p": "ol", "a": "qsz", "s": "adwx", "d": "sfe", "f": "dgr", "g": "fht", "h": "gjy",
    "j": "hku", "k": "jli", "l": "ko", "z": "xa", "x": "zcs", "c": "xvd", "v": "cbf", "b": "vng",
    "n": "bmh", "m": "nj",
}

# Groups of romanisations of the same name (whole words, lowercase).
TRANSLIT_GROUPS = [
    "vladimir wladimir", "aleksandr alexander alexandr aleksander alyaksandr aliaksandr",
    "sergei sergey sergiy serhiy", "yuri yury yuriy iurii", "dmitry dmitri dmitriy dmitrii",
    "alexei aleksei alexey aleksey", "andrei andrey andriy", "nikolai nikolay",
    "mikhail mihail michail", "yevgeny yevgeniy evgeny evgeniy evgenii", "vyacheslav viacheslav",
    "vasily vasiliy vasili", "arkady arkadiy arkadii", "gennady gennadiy gennadii",
    "anatoly anatoliy anatolii", "valery valeriy valerii", "grigory grigoriy grigorii",
    "georgy georgiy georgii", "igor ihor", "oleg oleh", "yelena elena", "tatiana tatyana",
    "natalia natalya nataliya", "yulia yuliya iuliia", "maxim maksim", "pyotr petr",
    "fyodor fedor", "ilya ilia", "artyom artem", "viktor victor", "konstantin constantin",
    "mohammed muhammad mohamed mohammad muhammed", "ahmed ahmad", "hussein husayn hussain husain",
    "hassan hasan", "yusuf youssef yousef", "abdel abdul", "abdullah abdallah", "omar umar",
    "osama usama", "khalid khaled", "mahmoud mahmud", "mustafa mostafa", "ibrahim ebrahim",
    "said saeed sayed", "qasim kassem qassem", "hamid hameed", "rashid rasheed",
    "mehdi mahdi", "yasin yassin yaseen", "hezbollah hizballah hizbullah", "qaida qaeda",
    "jihad jehad", "faisal faysal", "hamza hamzah", "yahya yehia", "musa moussa", "isa issa",
    "jose josé", "choe choi", "pak park", "ri rhee", "jong chong", "kyong kyung",
]
# Sub-word rules (regex on lowercase, replacement); applied once at one random place.
TRANSLIT_RULES = [
    (r"skiy\b", "sky"), (r"sky\b", "skiy"), (r"skii\b", "sky"), (r"iy\b", "y"),
    (r"yev", "ev"), (r"yenko\b", "enko"), (r"ks", "x"), (r"x", "ks"), (r"ya", "ia"), (r"yu", "iu"),
    (r"ia", "ya"), (r"iu", "yu"), (r"\bkh", "h"), (r"kh", "h"), (r"ou", "u"), (r"ee", "i"),
    (r"\bq", "k"), (r"ov\b", "ow"), (r"ev\b", "ew"), (r"ovich\b", "ovitch"), (r"evich\b", "evitch"),
    (r"ye", "e"), (r"yo", "e"), (r"dzh", "j"), (r"zh", "j"), (r"ts", "tz"),
]

LEGAL_FORMS = [
    # (abbreviation, long form)
    ("PJSC", "Public Joint Stock Company"), ("OJSC", "Open Joint Stock Company"),
    ("CJSC", "Closed Joint Stock Company"), ("JSC", "Joint Stock Company"),
    ("LLC", "Limited Liability Company"), ("OOO", "Obshchestvo s Ogranichennoy Otvetstvennostyu"),
    ("OAO", "Otkrytoe Aktsionernoe Obshchestvo"), ("ZAO", "Zakrytoe Aktsionernoe Obshchestvo"),
    ("AO", "Aktsionernoe Obshchestvo"), ("PAO", "Publichnoe Aktsionernoe Obshchestvo"),
    ("Ltd.", "Limited"), ("Co.", "Company"), ("Corp.", "Corporation"), ("Inc.", "Incorporated"),
    ("S.A.", "Sociedad Anonima"), ("GmbH", "Gesellschaft mit beschraenkter Haftung"),
    ("FZE", "Free Zone Establishment"), ("FZCO", "Free Zone Company"),
    ("PLC", "Public Limited Company"),
    ("S.A. de C.V.", "Sociedad Anonima de Capital Variable"), ("Ltda.", "Limitada"),
    ("S.R.L.", "Sociedad de Responsabilidad Limitada"),
]
NON_COMMERCIAL = re.compile(
    r"\b(BRIGADES?|FRONT|ARMY|MOVEMENT|PARTY|JIHAD|ISLAMI[CY]|ANSAR|FOUNDATION|COMMITTEE|"
    r"COUNCIL|MINISTRY|GOVERNMENT|DIRECTORATE|FORCES?|GUARDS?|BATTALION|MARTYRS?|"
    r"ORGANI[SZ]ATION|SOCIETY|CHARIT|RELIEF|WELFARE|REVOLUTIONARY|LIBERATION|JAMA|AL-|AL |"
    r"ISLAM|MOSQUE|MADRAS|STATE|NATIONAL|UNIVERSITY|INSTITUTE|AGENCY|ASSOCIATION|UNION|"
    r"SECURITY|INTELLIGENCE|POLICE|MILITIA|CARTEL|GANG|LASHKAR|HARAKAT|TEHRIK|ANSAR|FACTION)",
    re.I)
LEGAL_WORDS = {
    "pjsc", "ojsc", "cjsc", "jsc", "llc", "ooo", "oao", "zao", "ao", "pao", "ltd", "limited", "co",
    "company", "corp", "corporation", "inc", "incorporated", "sa", "s.a.", "gmbh", "fze", "fzco",
    "plc", "ltda", "limitada", "srl", "cv", "de", "llp", "lp", "ag", "bv", "nv", "sas", "sarl",
}

SPANISH_ACCENTS = {
    "jose": "José", "garcia": "García", "gonzalez": "González", "rodriguez": "Rodríguez",
    "martinez": "Martínez", "hernandez": "Hernández", "lopez": "López", "perez": "Pérez",
    "sanchez": "Sánchez", "ramirez": "Ramírez", "gomez": "Gómez", "diaz": "Díaz",
    "fernandez": "Fernández", "jimenez": "Jiménez", "alvarez": "Álvarez", "ramon": "Ramón",
    "jesus": "Jesús", "maria": "María", "angel": "Ángel", "andres": "Andrés", "ruben": "Rubén",
    "hector": "Héctor", "julian": "Julián", "ivan": "Iván", "oscar": "Óscar", "raul": "Raúl",
    "nicolas": "Nicolás", "tomas": "Tomás", "joaquin": "Joaquín", "sebastian": "Sebastián",
    "simon": "Simón", "beltran": "Beltrán", "leon": "León", "muñoz": "Muñoz", "munoz": "Muñoz",
    "nuñez": "Núñez", "nunez": "Núñez", "ordoñez": "Ordóñez", "ordonez": "Ordóñez",
    "avila": "Ávila", "benitez": "Benítez", "dominguez": "Domínguez", "vasquez": "Vásquez",
    "velasquez": "Velásquez", "rios": "Ríos", "gutierrez": "Gutiérrez", "suarez": "Suárez",
    "marquez": "Márquez", "chavez": "Chávez", "herrera": "Herrera", "mejia": "Mejía",
}

HONORIFICS_ARABIC = ["Sheikh", "Shaykh", "Haji", "Hajji", "Mullah", "Mawlawi", "Dr."]
HONORIFICS_GENERAL = ["Mr", "Mr.", "Dr", "Dr.", "Prof.", "H.E."]
ARABIC_HINT = re.compile(
    r"\b(al|el|abu|abd|abdul|bin|ibn|muhammad|mohammed|mohammad|ahmad|ahmed|ali|hassan|hussein|"
    r"abdullah|khalid|omar|umar|yusuf|ibrahim|mustafa|hamid|rashid|said|jamal|nasser|saleh|"
    r"mahmoud|abdel|haji|mullah|sheikh|mawlawi|akhtar|gul|khan|zadeh)\b", re.I)
MIDDLE_NAMES = {
    "slavic": ["Ivanovich", "Petrovich", "Sergeyevich", "Aleksandrovich", "Nikolayevich",
               "Vladimirovich", "Mikhailovich", "Viktorovich"],
    "arabic": ["Mohammed", "Ali", "Hassan", "Ahmed", "Abdullah", "Ibrahim"],
    "hispanic": ["Jose", "Luis", "Antonio", "Manuel", "Carlos", "Maria"],
    "other": ["John", "Michael", "James", "David", "Lee", "Anne"],
}
TITLE_WORDS = {
    "general", "gen", "colonel", "dr", "prof", "mr", "engineer", "haji", "hajji", "mullah",
    "mulla", "sheikh", "shaykh", "mawlawi", "maulawi", "maulvi", "qari", "hafiz", "doctor",
    "sayed", "sayyed", "sayyid", "seyed", "abu", "al",
}
HISPANIC_GIVEN = {
    "jose", "juan", "luis", "carlos", "jorge", "pedro", "miguel", "francisco", "antonio",
    "manuel", "jesus", "rafael", "fernando", "ramon", "oscar", "julio", "ricardo", "alberto",
    "diego", "alejandro", "mario", "eduardo", "hector", "victor", "javier", "sergio", "maria",
    "ana", "rosa", "martha", "gloria", "claudia", "sandra", "diana", "luz", "blanca", "nelson",
    "orlando", "gilberto", "hernando", "jhon", "wilson", "fabio", "gustavo", "alvaro",
}
HISPANIC_SURNAMES = ["Gomez", "Rodriguez", "Martinez", "Lopez", "Hernandez", "Castro", "Ramirez",
                     "Torres", "Vargas", "Morales", "Ortiz", "Restrepo", "Salazar", "Mejia"]
SLAVIC_PROGRAMS = ("UKRAINE", "RUSSIA", "BELARUS", "MAGNIT", "CYBER", "ELECTION", "CAATSA")
PATRONYMIC = re.compile(r"(ovich|evich|ovna|evna|ichna|ich)$", re.I)

# Latin -> Russian Cyrillic (for OFAC romanised Russian person names)
CYR_GIVEN = {
    "aleksandr": "Александр", "alexander": "Александр", "alexandr": "Александр",
    "aleksei": "Алексей", "alexei": "Алексей", "alexey": "Алексей", "aleksey": "Алексей",
    "sergei": "Сергей", "sergey": "Сергей", "yuri": "Юрий", "yury": "Юрий", "yuriy": "Юрий",
    "dmitry": "Дмитрий", "dmitri": "Дмитрий", "dmitriy": "Дмитрий", "andrei": "Андрей",
    "andrey": "Андрей", "nikolai": "Николай", "nikolay": "Николай", "mikhail": "Михаил",
    "michail": "Михаил", "yevgeny": "Евгений", "yevgeniy": "Евгений", "evgeny": "Евгений",
    "evgeni": "Евгений", "evgeniy": "Евгений", "vasily": "Василий", "vasiliy": "Василий",
    "arkady": "Аркадий", "arkadiy": "Аркадий", "gennady": "Геннадий", "gennadiy": "Геннадий",
    "anatoly": "Анатолий", "anatoliy": "Анатолий", "valery": "Валерий", "valeriy": "Валерий",
    "grigory": "Григорий", "grigoriy": "Григорий", "georgy": "Георгий", "georgiy": "Георгий",
    "yelena": "Елена", "elena": "Елена", "tatiana": "Татьяна", "tatyana": "Татьяна",
    "natalia": "Наталья", "natalya": "Наталья", "yulia": "Юлия", "yuliya": "Юлия",
    "maxim": "Максим", "maksim": "Максим", "pyotr": "Пётр", "petr": "Пётр", "fyodor": "Фёдор",
    "fedor": "Фёдор", "ilya": "Илья", "artyom": "Артём", "artem": "Артём", "viktor": "Виктор",
    "victor": "Виктор", "olga": "Ольга", "lyudmila": "Людмила", "ludmila": "Людмила",
    "eduard": "Эдуард", "emil": "Эмиль", "igor": "Игорь", "vitaly": "Виталий",
    "vitaliy": "Виталий", "yevgenievich": "Евгеньевич", "evgenievich": "Евгеньевич",
    "evgenevich": "Евгеньевич", "ilyich": "Ильич", "lvovich": "Львович", "lev": "Лев",
    "pavel": "Павел", "semyon": "Семён", "kirill": "Кирилл", "larisa": "Лариса",
    "alla": "Алла", "anna": "Анна", "inna": "Инна", "valentina": "Валентина",
    "svetlana": "Светлана", "irina": "Ирина", "marina": "Марина", "galina": "Галина",
    "vladimir": "Владимир", "vladislav": "Владислав", "vyacheslav": "Вячеслав",
    "konstantin": "Константин", "oleg": "Олег", "boris": "Борис", "ivan": "Иван",
    "roman": "Роман", "ruslan": "Руслан", "timur": "Тимур", "denis": "Денис", "igorevich":
    "Игоревич", "igorevna": "Игоревна",
}
CYR_MULTI = [("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш")]
CYR_SINGLE = dict(zip("abvgdezijklmnoprstufx", "абвгдезийклмнопрстуфкс", strict=False))
CYR_SINGLE["x"] = "кс"
VOWELS = set("aeiouy")


def latin_to_cyrillic(token: str) -> str | None:
    """Romanised Russian word -> Cyrillic, or None when the word has letters we can't map."""
    low = token.lower()
    if low in CYR_GIVEN:
        return CYR_GIVEN[low]
    if re.search(r"[^a-z]", low) or re.search(r"[cqw]", low.replace("ch", "").replace("shch", "")):
        return None
    if re.search(r"(?<![kzcs])h", low):
        return None
    out: list[str] = []
    i = 0
    n = len(low)
    while i < n:
        prev = low[i - 1] if i else ""
        rest = low[i:]
        if rest in ("skiy", "skii", "sky"):
            out.append("ский")
            break
        if rest in ("iy", "ii"):
            out.append("ий")
            break
        if rest == "yy":
            out.append("ый")
            break
        for lat, cyr in CYR_MULTI:
            if rest.startswith(lat):
                out.append(cyr)
                i += len(lat)
                break
        else:
            c = low[i]
            nxt = low[i + 1] if i + 1 < n else ""
            if c == "y" and nxt in ("a", "u", "e", "o"):
                soft = "ь" if prev and prev not in VOWELS else ""
                out.append(soft + {"a": "я", "u": "ю", "e": "е", "o": "ё"}[nxt])
                i += 2
                continue
            if c == "y":
                out.append("й" if (prev in VOWELS or not prev) else "ы")
            elif c == "i" and prev in ("a", "e", "o", "u") and (not nxt or nxt not in VOWELS):
                out.append("й")
            elif c == "e" and (not prev):
                out.append("э")
            else:
                out.append(CYR_SINGLE[c])
            i += 1
    word = "".join(out)
    return word[:1].upper() + word[1:]


# ----------------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------------

KEEP_UPPER = {w.upper() for w in LEGAL_WORDS if len(w) <= 4 and w not in ("co", "de", "sa")}


def title(s: str) -> str:
    def one(w: str) -> str:
        if w.upper().strip(".,()") in KEEP_UPPER or re.fullmatch(r"[A-Z]\.?", w):
            return w
        parts = re.split(r"(-)", w)
        return "".join(p[:1].upper() + p[1:].lower() for p in parts)
    return " ".join(one(w) for w in s.split())


def split_person(name: str) -> tuple[str, str]:
    """OFAC `SURNAME, Given Names` -> (given, surname)."""
    if "," in name:
        sur, given = name.split(",", 1)
        return given.strip(), sur.strip()
    parts = name.split()
    return " ".join(parts[:-1]), parts[-1]


def natural(name: str) -> str:
    given, sur = split_person(name)
    return f"{title(given)} {title(sur)}".strip()


def norm(s: str) -> str:
    s = unidecode(s).lower().replace("'", "")
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    return " ".join(s.split())


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


CLEAN_NAME = re.compile(r"^[A-Za-z][A-Za-z .,'&-]*$")


# ----------------------------------------------------------------------------------------------
# Positives
# ----------------------------------------------------------------------------------------------


@dataclass
class Pos:
    query: str
    kind: str
    variation: str
    list_name: str
    list_kind: str
    entity_ref: str
    source: str


def _typo(rng: Random, text: str, op: str) -> str | None:
    words = text.split()
    total = sum(len(w) for w in words)
    idx = [i for i, w in enumerate(words) if re.fullmatch(r"[A-Za-z]{5,}", w)
           and (len(w) >= 6 or total >= 12)]  # one edit in a name of normal length
    if not idx or total < 8:
        return None
    i = rng.choice(idx)
    w = words[i]
    p = rng.randrange(1, len(w) - 1)
    if op == "typo_insert":
        c = w[p].lower()
        ins = c if rng.random() < 0.5 else rng.choice(KEYBOARD.get(c, c))
        w2 = w[:p] + ins + w[p:]
    elif op == "typo_delete":
        w2 = w[:p] + w[p + 1:]
    elif op == "typo_substitute":
        c = w[p].lower()
        if c not in KEYBOARD:
            return None
        w2 = w[:p] + rng.choice(KEYBOARD[c]) + w[p + 1:]
    else:
        if w[p].lower() == w[p + 1].lower():
            return None
        w2 = w[:p] + w[p + 1] + w[p] + w[p + 2:]
    if w2.lower() == w.lower():
        return None
    words[i] = w2
    return " ".join(words)


_GROUP_OF: dict[str, list[str]] = {}
for _g in TRANSLIT_GROUPS:
    for _w in _g.split():
        _GROUP_OF[_w] = _g.split()


def _translit(rng: Random, text: str) -> str | None:
    words = text.split()
    cands = [i for i, w in enumerate(words) if w.lower() in _GROUP_OF]
    if cands and rng.random() < 0.7:
        i = rng.choice(cands)
        alts = [a for a in _GROUP_OF[words[i].lower()] if a != words[i].lower()]
        words[i] = title(rng.choice(alts))
        return " ".join(words)
    rules = list(TRANSLIT_RULES)
    rng.shuffle(rules)
    for pat, rep in rules:
        opts = [(i, m) for i, w in enumerate(words) if len(w) >= 4
                for m in re.finditer(pat, w.lower())]
        if opts:
            i, m = rng.choice(opts)
            w = words[i].lower()
            w2 = w[:m.start()] + rep + w[m.end():]
            words[i] = title(w2)
            return " ".join(words)
    return None


def _legal(rng: Random, text: str) -> str | None:
    words = text.split()
    low = [w.lower().strip(".,()") for w in words]
    abbrs = {a.lower().replace(".", "").strip(): (a, long) for a, long in LEGAL_FORMS}
    # remove / swap / spell out an existing legal form
    for i, w in enumerate(low):
        key = w.replace(".", "")
        if key in abbrs and key not in ("co", "sa"):
            a, long = abbrs[key]
            r = rng.random()
            rest = words[:i] + words[i + 1:]
            if r < 0.35 and len(rest) >= 1 and sum(len(x) for x in rest) >= 6:
                return " ".join(rest).rstrip(",")
            if r < 0.65:
                return " ".join(words[:i] + long.split() + words[i + 1:])
            other = rng.choice([x for x, _ in LEGAL_FORMS[:10] if x.lower() != key])
            return " ".join(words[:i] + [other] + words[i + 1:])
    joined = " ".join(low)
    for a, long in LEGAL_FORMS:
        if long.lower() in joined:
            pat = re.compile(re.escape(long), re.I)
            return pat.sub(a, text, count=1)
    form = rng.choice(["LLC", "JSC", "Ltd.", "Co.", "Company Limited", "PJSC", "OOO", "GmbH",
                       "S.A.", "Inc.", "FZE", "Corp."])
    return f"{form} {text}" if form in ("JSC", "PJSC", "OOO") and rng.random() < 0.5 \
        else f"{text} {form}"


def _joined_split(rng: Random, text: str, kind: str) -> str | None:
    words = text.split()
    low = text.lower()
    m = re.search(r"\b(al|el|abu|abd|abdul|bin|ibn)[- ]([a-z]{3,})", low)
    if m:
        sep = low[m.start(1) + len(m.group(1))]
        a, b = m.span()
        piece = text[a:b]
        new = piece.replace(sep, "", 1) if rng.random() < 0.6 else piece.replace(
            sep, " " if sep == "-" else "-", 1)
        new = new[:1].upper() + new[1:].lower()
        return text[:a] + new + text[b:]
    m = re.search(r"\b([a-z]{4,})(bank|neft|gaz|prom|stroy|trans|export|import|tech|invest|"
                  r"energo|servis|service|trade|group|holding|oil|shipping)\b", low)
    if m:
        a, b = m.span()
        return text[:a] + title(m.group(1)) + " " + title(m.group(2)) + text[b:]
    m = re.search(r"\babdul(rahman|rahim|aziz|karim|qadir|hamid|lah|salam|majid|razzaq|wahab)",
                  low)
    if m:
        a, b = m.span()
        return text[:a] + "Abdul " + title(m.group(1)) + text[b:]
    if kind == "organisation" and len(words) >= 2:
        short = [i for i in range(min(1, len(words) - 1))
                 if 2 <= len(words[i]) <= 4 and words[i].isupper() and words[i].isalpha()
                 and words[i].lower() not in LEGAL_WORDS]
        if short:
            i = short[0]
            return " ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2:])
    if len(words) >= 2 and "-" in text:
        return text.replace("-", "" if rng.random() < 0.5 else " ", 1)
    return None


def _initials(rng: Random, given: str, sur: str) -> str | None:
    gw = [w for w in given.replace("-", " ").split() if w[:1].isalpha()]
    if not gw or len(sur) < 4:
        return None
    r = rng.random()
    if r < 0.4:
        return " ".join(w[0].upper() + "." for w in gw) + " " + title(sur)
    if r < 0.6:
        return gw[0][0].upper() + " " + title(sur)
    if r < 0.8 and len(gw) >= 2:
        return title(gw[0]) + " " + " ".join(w[0].upper() + "." for w in gw[1:]) + " " + title(sur)
    return title(sur) + " " + " ".join(w[0].upper() + "." for w in gw)


def _noise(rng: Random, text: str) -> str:
    ops = ["upper", "lower", "punct", "spaces", "accent", "hyphen", "dots"]
    for _ in range(5):
        op = rng.choice(ops)
        if op == "upper":
            out = text.upper()
        elif op == "lower":
            out = text.lower()
        elif op == "punct":
            out = re.sub(r"[,.'()]", "", text)
        elif op == "spaces":
            ws = text.split()
            out = "  ".join(ws) + " " if len(ws) > 1 else " " + text + " "
        elif op == "accent":
            ws = text.split()
            hit = [i for i, w in enumerate(ws) if w.lower().strip(",") in SPANISH_ACCENTS]
            if not hit:
                continue
            i = rng.choice(hit)
            ws[i] = SPANISH_ACCENTS[ws[i].lower().strip(",")] + ("," if ws[i].endswith(",") else "")
            out = " ".join(ws)
        elif op == "hyphen":
            ws = text.split()
            if len(ws) < 3:
                continue
            i = rng.randrange(len(ws) - 1)
            out = " ".join(ws[:i] + [ws[i] + "-" + ws[i + 1]] + ws[i + 2:])
        else:
            out = re.sub(r"\b(LLC|JSC|LTD|PJSC|OOO|OAO|SA|CO)\b",
                          lambda m: ".".join(m.group(1)) + ".", text, flags=re.I)
            if out == text:
                out = text + "."
        if out != text:
            return out
    return text.upper()


def make_positives(rng: Random, names: list[ListedName], per_var: int) -> list[Pos]:
    out: list[Pos] = []
    for ref, list_name, list_kind, kind, qs in BUILTIN_CASES:
        src = "ofac-bench:sdn.csv+" + BUILTIN_SRC if ref.startswith("ofac:") else BUILTIN_SRC
        for q, var in qs:
            out.append(Pos(q, kind, var, list_name, list_kind, ref, src))

    def ok(n: ListedName) -> bool:
        if not CLEAN_NAME.match(n.name) or len(n.name) > 60:
            return False
        toks = n.name.replace(",", " ").split()
        return 2 <= len(toks) <= 7 and len(n.name.replace(" ", "")) >= 8

    owners: dict[str, set[str]] = defaultdict(set)  # normalised name (sorted words) -> ents
    for n in names:
        owners[" ".join(sorted(norm(n.name).split()))].add(n.ent)
    persons = [n for n in names if n.kind == "person" and ok(n) and "," in n.name]
    orgs = [n for n in names if n.kind == "organisation" and ok(n)]
    used: Counter[str] = Counter()

    def pick(pool: list[ListedName], var: str, fn, want: int, kind: str) -> None:
        order = list(range(len(pool)))
        rng.shuffle(order)
        got = 0
        for j in order:
            if got >= want:
                break
            n = pool[j]
            if used[n.ent] >= 2:
                continue
            q = fn(n)
            if not q or norm(q) == norm(n.name) and var not in ("noise", "word_order"):
                continue
            if q.strip() == n.name.strip():
                continue
            if owners.get(" ".join(sorted(norm(q).split())), {n.ent}) - {n.ent}:
                continue  # the query is another listed party's name: ambiguous, not a miss
            used[n.ent] += 1
            got += 1
            out.append(Pos(q, kind, var, n.name, kind, f"ofac:{n.ent}", f"ofac-bench:{n.source}"))

    half = per_var // 2
    for op in ("typo_insert", "typo_delete", "typo_substitute", "typo_transpose"):
        pick(persons, op, lambda n, op=op: _typo(rng, natural(n.name), op), half, "person")
        pick(orgs, op, lambda n, op=op: _typo(rng, title(n.name), op), per_var - half,
             "organisation")

    pick(persons, "translit", lambda n: _translit(rng, natural(n.name)), per_var - 10, "person")
    pick(orgs, "translit", lambda n: _translit(rng, title(n.name)), 10, "organisation")

    def cyr(n: ListedName) -> str | None:
        if not any(p in n.program for p in SLAVIC_PROGRAMS):
            return None
        given, sur = split_person(n.name)
        gw = given.split()
        if not gw or not any(PATRONYMIC.search(w) for w in gw):
            return None
        if re.search(r"(avich|avna|dz|ia|iu|ou\b|au\b|ski\b|hr|ii)", n.name.lower()):
            return None  # Belarusian or Ukrainian romanisation: not Russian Cyrillic
        parts = [latin_to_cyrillic(w) for w in gw + [sur]]
        if any(p is None for p in parts):
            return None
        g_c, s_c = parts[:-1], parts[-1]
        r = rng.random()
        if r < 0.5:
            return " ".join([s_c, *g_c])
        if r < 0.8:
            return " ".join([*g_c, s_c])
        return " ".join([g_c[0], s_c])
    pick(persons, "cyrillic", cyr, per_var, "person")

    def word_order(n: ListedName) -> str | None:
        given, sur = split_person(n.name)
        if n.kind == "person":
            r = rng.random()
            if r < 0.5:
                return f"{title(sur)} {title(given)}"
            if r < 0.75:
                return f"{sur.upper()}, {title(given)}"
            return f"{title(sur)}, {title(given)}"
        m = re.match(r"^(.+?) OF (THE )?(.+)$", n.name)
        if (m and len(m.group(3).split()) <= 2 and len(m.group(1).split()) <= 3
                and "," not in n.name
                and not re.search(r"\b(FOR|THE|AND|IN)\b", m.group(1))):
            return f"{title(m.group(3))} {title(m.group(1))}"
        return None
    pick(persons, "word_order", word_order, per_var - 12, "person")
    pick(orgs, "word_order", word_order, 12, "organisation")

    def missing_middle(n: ListedName) -> str | None:
        given, sur = split_person(n.name)
        gw = given.split()
        if len(gw) < 2 or len(sur) < 3 or "DPRK" in n.program or "-" in given:
            return None
        if gw[0].lower().strip(".") in TITLE_WORDS:
            return None
        return f"{title(gw[0])} {title(sur)}"
    pick(persons, "missing_middle", missing_middle, per_var, "person")

    def extra_middle(n: ListedName) -> str | None:
        given, sur = split_person(n.name)
        gw = given.split()
        if len(gw) != 1 or len(sur.split()) != 1 or len(sur) < 4:
            return None
        if any(p in n.program for p in SLAVIC_PROGRAMS):
            group = "slavic"
        elif ARABIC_HINT.search(n.name):
            group = "arabic"
        elif gw[0].lower() in HISPANIC_GIVEN:
            group = "hispanic"
        else:  # a middle initial
            return f"{title(gw[0])} {rng.choice('ABCDEHJKLMNRST')}. {title(sur)}"
        if group == "hispanic":
            second = rng.choice(HISPANIC_SURNAMES)
            if second.lower() == sur.lower():
                return None
            return f"{title(gw[0])} {title(sur)} {second}"  # second surname
        return f"{title(gw[0])} {rng.choice(MIDDLE_NAMES[group])} {title(sur)}"
    pick(persons, "extra_middle", extra_middle, per_var, "person")

    def initials(n: ListedName) -> str | None:
        given, sur = split_person(n.name)
        if len(sur.split()) > 1 or len(sur) < 5 or "DPRK" in n.program:
            return None
        if given.split()[0].lower().strip(".") in TITLE_WORDS:
            return None
        return _initials(rng, given, sur)
    pick(persons, "initials", initials, per_var, "person")

    pick(persons, "joined_split", lambda n: _joined_split(rng, natural(n.name), "person"),
         per_var // 2, "person")
    pick(orgs, "joined_split", lambda n: _joined_split(rng, title(n.name), "organisation"),
         per_var - per_var // 2, "organisation")

    pick([o for o in orgs if not NON_COMMERCIAL.search(o.name)], "legal_form",
         lambda n: _legal(rng, title(n.name)), per_var, "organisation")

    def honorific(n: ListedName) -> str | None:
        nat = natural(n.name)
        if re.search(r"\bgeneral\b", n.title, re.I):
            return rng.choice(["Gen.", "General", "Gen"]) + " " + nat
        if re.search(r"\bcolonel\b", n.title, re.I):
            return rng.choice(["Col.", "Colonel"]) + " " + nat
        if ARABIC_HINT.search(n.name):
            return rng.choice(HONORIFICS_ARABIC) + " " + nat
        return rng.choice(HONORIFICS_GENERAL) + " " + nat
    pick(persons, "honorific", honorific, per_var, "person")

    pick(persons, "noise", lambda n: _noise(rng, natural(n.name)), per_var // 2, "person")
    pick(orgs, "noise", lambda n: _noise(rng, title(n.name)), per_var - per_var // 2,
         "organisation")
    return out


# ----------------------------------------------------------------------------------------------
# Negatives: name-part tables
# ----------------------------------------------------------------------------------------------

# region: (given names, surnames, order) ; entries "latin|native" (native script optional)
PERSON_PARTS: dict[str, tuple[list[str], list[str], str]] = {
    "japan": (
        ["Hiroshi|浩", "Takashi|隆", "Yuki|由紀", "Kenji|健二", "Akiko|明子", "Haruto|陽翔",
         "Sakura|さくら", "Naoko|直子", "Daisuke|大輔", "Yumiko|由美子", "Shota|翔太", "Emi|恵美",
         "Kazuki|和樹", "Mai|舞", "Ryota|亮太", "Tomoko|智子", "Satoshi|聡", "Keiko|恵子",
         "Makoto|誠", "Aya|彩"],
        ["Sato|佐藤", "Suzuki|鈴木", "Takahashi|高橋", "Tanaka|田中", "Watanabe|渡辺", "Ito|伊藤",
         "Yamamoto|山本", "Nakamura|中村", "Kobayashi|小林", "Kato|加藤", "Yoshida|吉田",
         "Yamada|山田", "Sasaki|佐々木", "Matsumoto|松本", "Inoue|井上", "Kimura|木村",
         "Hayashi|林", "Shimizu|清水", "Mori|森", "Ikeda|池田"],
        "sur_first_native",
    ),
    "china": (
        ["Wei|伟", "Fang|芳", "Xiuying|秀英", "Na|娜", "Min|敏", "Jing|静", "Lei|磊", "Qiang|强",
         "Yang|洋", "Yan|艳", "Jie|杰", "Juan|娟", "Tao|涛", "Ming|明", "Chao|超", "Xiaoling|晓玲",
         "Haoran|浩然", "Zihan|子涵", "Yuxuan|宇轩", "Shuhui|淑惠"],
        ["Wang|王", "Li|李", "Zhang|张", "Liu|刘", "Chen|陈", "Yang|杨", "Huang|黄", "Zhao|赵",
         "Wu|吴", "Zhou|周", "Xu|徐", "Sun|孙", "Ma|马", "Zhu|朱", "Hu|胡", "Guo|郭", "He|何",
         "Gao|高", "Lin|林", "Luo|罗"],
        "sur_first_native",
    ),
    "korea": (
        ["Min-jun|민준", "Seo-yeon|서연", "Ji-hoon|지훈", "Ha-eun|하은", "Do-yun|도윤",
         "Su-bin|수빈", "Hyun-woo|현우", "Ji-woo|지우", "Ye-jin|예진", "Seung-ho|승호",
         "Eun-ji|은지", "Tae-yang|태양", "Da-eun|다은", "Jae-won|재원", "Yu-na|유나"],
        ["Kim|김", "Lee|이", "Park|박", "Choi|최", "Jung|정", "Kang|강", "Cho|조", "Yoon|윤",
         "Jang|장", "Lim|임", "Han|한", "Oh|오", "Seo|서", "Shin|신", "Kwon|권"],
        "sur_first_native",
    ),
    "india": (
        ["Aarav", "Priya", "Rahul", "Ananya", "Vikram", "Sneha", "Arjun", "Kavya", "Rohan",
         "Deepika", "Sanjay", "Pooja", "Amit", "Neha", "Suresh", "Lakshmi", "Karthik", "Meera",
         "Rajesh", "Divya", "Harpreet", "Venkatesh", "Anil", "Sunita"],
        ["Sharma", "Patel", "Singh", "Gupta", "Iyer", "Reddy", "Nair", "Mehta", "Joshi", "Rao",
         "Kulkarni", "Banerjee", "Chatterjee", "Desai", "Pillai", "Agarwal", "Menon", "Bhat",
         "Malhotra", "Kapoor", "Verma", "Srinivasan"],
        "given_first",
    ),
    "arabic": (
        ["Tariq|طارق", "Layla|ليلى", "Karim|كريم", "Nour|نور", "Samir|سمير", "Rania|رانيا",
         "Walid|وليد", "Hala|هالة", "Fadi|فادي", "Dina|دينا", "Ziad|زياد", "Salma|سلمى",
         "Bassam|بسام", "Lina|لينا", "Nabil|نبيل", "Maha|مها", "Rami|رامي", "Yasmin|ياسمين",
         "Adel|عادل", "Mona|منى"],
        ["Haddad|حداد", "Khoury|خوري", "Mansour|منصور", "Nasser|ناصر", "Saleh|صالح",
         "Darwish|درويش", "Barakat|بركات", "Azar|عازار", "Hamdan|حمدان", "Qasem|قاسم",
         "Sabbagh|صباغ", "Farouk|فاروق", "Zaki|زكي", "Suleiman|سليمان", "Othman|عثمان",
         "Jaber|جابر", "Najjar|نجار", "Aziz|عزيز"],
        "given_first_native",
    ),
    "russia": (
        ["Ivan|Иван", "*Olga|Ольга", "Pavel|Павел", "*Anna|Анна", "Mikhail|Михаил",
         "*Ekaterina|Екатерина", "Nikita|Никита", "*Daria|Дарья", "Kirill|Кирилл",
         "*Sofia|Софья", "Denis|Денис", "*Polina|Полина", "Anton|Антон", "*Vera|Вера",
         "Egor|Егор", "*Ksenia|Ксения", "Vladimir|Владимир", "Alexander|Александр",
         "Sergei|Сергей", "*Tatiana|Татьяна"],
        ["Sokolov|Соколов", "Lebedev|Лебедев", "Kozlov|Козлов", "Novikov|Новиков",
         "Morozov|Морозов", "Volkov|Волков", "Solovyov|Соловьёв", "Vasiliev|Васильев",
         "Zaitsev|Зайцев", "Pavlov|Павлов", "Semenov|Семёнов", "Golubev|Голубев",
         "Vinogradov|Виноградов", "Bogdanov|Богданов", "Vorobyov|Воробьёв", "Fedorov|Фёдоров",
         "Mikhailov|Михайлов", "Belyaev|Беляев", "Tarasov|Тарасов", "Belov|Белов"],
        "given_first_native",
    ),
    "ukraine": (
        ["Oleksandr|Олександр", "Oksana|Оксана", "Taras|Тарас", "Halyna|Галина",
         "Bohdan|Богдан", "Iryna|Ірина", "Mykhailo|Михайло", "Nataliia|Наталія",
         "Yaroslav|Ярослав", "Olena|Олена", "Vasyl|Василь", "Solomiia|Соломія",
         "Andrii|Андрій", "Kateryna|Катерина", "Ostap|Остап"],
        ["Shevchenko|Шевченко", "Bondarenko|Бондаренко", "Kovalenko|Коваленко",
         "Tkachenko|Ткаченко", "Kravchenko|Кравченко", "Oliinyk|Олійник", "Shevchuk|Шевчук",
         "Polishchuk|Поліщук", "Lysenko|Лисенко", "Marchenko|Марченко", "Rudenko|Руденко",
         "Savchenko|Савченко", "Moroz|Мороз", "Petrenko|Петренко", "Klymenko|Клименко"],
        "given_first_native",
    ),
    "belarus": (
        ["Andrei|Андрэй", "*Volha|Вольга", "Siarhei|Сяргей", "*Hanna|Ганна", "Uladzimir|Уладзімір",
         "*Tatsiana|Тацяна", "Pavel|Павел", "*Maryia|Марыя", "Yauhen|Яўген", "*Iryna|Ірына",
         "Mikhas|Міхась", "*Katsiaryna|Кацярына"],
        ["Kavaliou|Кавалёў", "Navumenka|Навуменка", "Bahdanovich|Багдановіч",
         "Karatkevich|Караткевіч", "Shuliak|Шуляк", "Hrytsevich|Грыцэвіч", "Zhuk|Жук",
         "Dubrouski|Дуброўскі", "Sakalou|Сакалоў", "Paulouski|Паўлоўскі", "Lahvinets|Лагвінец",
         "Martsinkevich|Марцінкевіч"],
        "given_first_native",
    ),
    "germany": (
        ["Lukas", "Anna", "Jonas", "Lea", "Felix", "Marie", "Maximilian", "Sophie", "Paul",
         "Hannah", "Jürgen", "Ursula", "Klaus", "Sabine", "Stefan", "Katrin", "Matthias", "Birgit",
         "Tobias", "Franziska"],
        ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
         "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Neumann",
         "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann"],
        "given_first",
    ),
    "france": (
        ["Jean", "Marie", "Pierre", "Camille", "Louis", "Chloé", "Antoine", "Manon", "Nicolas",
         "Élodie", "François", "Inès", "Mathieu", "Léa", "Guillaume", "Céline", "Julien",
         "Amélie", "Thibault", "Héloïse"],
        ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
         "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garnier", "Faure",
         "Rousseau", "Blanc", "Guérin", "Chevalier"],
        "given_first",
    ),
    "spain": (
        ["Alejandro", "Lucía", "Pablo", "Carmen", "Javier", "Marta", "Sergio", "Elena",
         "Álvaro", "Paula", "Diego", "Irene", "Adrián", "Nuria", "Raquel", "Iñigo", "Begoña",
         "Rocío"],
        ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez",
         "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz",
         "Álvarez", "Romero", "Navarro", "Torres", "Domínguez", "Vázquez", "Serrano",
         "Iglesias"],
        "hispanic",
    ),
    "portugal_brazil": (
        ["João", "Ana", "Pedro", "Beatriz", "Gabriel", "Mariana", "Lucas", "Larissa", "Rafael",
         "Fernanda", "Tiago", "Inês", "Gonçalo", "Leonor", "Thiago", "Camila", "Matheus",
         "Juliana"],
        ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Carvalho", "Almeida",
         "Ferreira", "Ribeiro", "Rodrigues", "Gomes", "Martins", "Araújo", "Barbosa", "Cardoso",
         "Teixeira", "Correia", "Monteiro", "Nascimento"],
        "given_first",
    ),
    "nigeria": (
        ["Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Emeka", "Folake", "Babatunde", "Chiamaka",
         "Ifeanyi", "Yetunde", "Obinna", "Funmilayo", "Tunde", "Amaka", "Kelechi", "Zainab",
         "Segun", "Nkechi", "Uchenna", "Bisi"],
        ["Okafor", "Adeyemi", "Okonkwo", "Eze", "Balogun", "Nwosu", "Adebayo", "Obi",
         "Ogunleye", "Chukwu", "Olawale", "Nnamdi", "Afolabi", "Ibe", "Oyelaran", "Ezeh",
         "Akinola", "Onyekachi", "Bello", "Adewale"],
        "given_first",
    ),
    "turkey": (
        ["Mehmet", "Ayşe", "Mustafa", "Fatma", "Emre", "Zeynep", "Burak", "Elif", "Murat",
         "Hülya", "Can", "Gül", "Serkan", "Özlem", "Oğuz", "Şule", "Kerem", "Derya", "Tolga",
         "İpek"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
         "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt",
         "Özkan", "Şimşek"],
        "given_first",
    ),
    "vietnam": (
        ["Anh", "Minh", "*Huong", "Thanh", "*Lan", "Duc", "*Linh", "Quang", "*Thu", "Tuan", "*Mai",
         "Hieu", "*Ngoc", "*Phuong", "Khoa", "*Trang", "Bao", "*Vy"],
        ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
         "Đỗ", "Hồ", "Ngô", "Dương", "Lý"],
        "vietnamese",
    ),
    "anglo": (
        ["James", "Emily", "Oliver", "Charlotte", "William", "Amelia", "Henry", "Olivia",
         "George", "Isla", "Thomas", "Grace", "Jack", "Ella", "Samuel", "Chloe", "Daniel",
         "Hannah", "Matthew", "Lucy"],
        ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
         "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
         "Hall", "Wood", "Jackson", "Clarke"],
        "given_first",
    ),
    "italy": (
        ["Giuseppe", "Giulia", "Marco", "Francesca", "Alessandro", "Chiara", "Luca", "Sara",
         "Matteo", "Valentina", "Lorenzo", "Elisa", "Davide", "Federica", "Stefano", "Silvia"],
        ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
         "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
         "Giordano", "Rizzo", "Lombardi", "Moretti"],
        "given_first",
    ),
    "indonesia": (
        ["Budi", "Siti", "Agus", "Dewi", "Eko", "Rina", "Hendra", "Putri", "Wahyu", "Indah",
         "Rizky", "Ayu", "Bambang", "Sri", "Fajar", "Nur"],
        ["Santoso", "Wijaya", "Saputra", "Hidayat", "Setiawan", "Kusuma", "Pratama", "Susanto",
         "Gunawan", "Halim", "Nugroho", "Wibowo", "Sutanto", "Purnomo", "Hartono", "Lestari"],
        "given_first",
    ),
}

KATAKANA = {
    "Sato": "サトウ", "Suzuki": "スズキ", "Takahashi": "タカハシ", "Tanaka": "タナカ",
    "Watanabe": "ワタナベ", "Ito": "イトウ", "Yamamoto": "ヤマモト", "Nakamura": "ナカムラ",
    "Kobayashi": "コバヤシ", "Kato": "カトウ", "Yoshida": "ヨシダ", "Yamada": "ヤマダ",
    "Hiroshi": "ヒロシ", "Takashi": "タカシ", "Yuki": "ユキ", "Kenji": "ケンジ", "Akiko": "アキコ",
    "Naoko": "ナオコ", "Daisuke": "ダイスケ", "Makoto": "マコト", "Keiko": "ケイコ",
}

ORG_PARTS: dict[str, tuple[list[str], list[str], list[str], str]] = {
    # region: (stems, activities, legal forms, pattern)
    "japan": (["Kobayashi", "Hokuriku", "Sanwa", "Daiichi", "Tokai", "Shinwa", "Marufuji",
               "Nishida", "Kansai", "Fujimori", "Asahi Kogyo", "Chuo"],
              ["Seiki", "Shoji", "Denki", "Kogyo", "Trading", "Logistics", "Precision",
               "Foods", "Textile", "Chemical"],
              ["Co., Ltd.", "K.K.", "Corporation", "Co. Ltd"], "stem_act_form"),
    "japan_native": (["山田", "北陸", "三和", "第一", "東海", "新和", "丸藤", "西田"],
                     ["製作所", "商事", "電機", "工業", "物流", "食品"],
                     ["株式会社", "有限会社"], "form_stem_act"),
    "china": (["Shenzhen Huaxin", "Ningbo Haitian", "Guangzhou Jinlong", "Suzhou Ruixiang",
               "Qingdao Hengtai", "Xiamen Baisheng", "Hangzhou Lianda", "Tianjin Yuanfeng",
               "Dongguan Meishi", "Wuxi Kaiyue"],
              ["Electronics", "Textile", "Machinery", "Import and Export", "Packaging",
               "Auto Parts", "Furniture", "Lighting"],
              ["Co., Ltd.", "Co. Ltd", "Limited"], "stem_act_form"),
    "china_native": (["深圳华信", "宁波海天", "广州金龙", "苏州瑞祥", "青岛恒泰"],
                     ["电子", "纺织", "机械", "包装"], ["有限公司", "股份有限公司"],
                     "stem_act_form_nospace"),
    "korea": (["Hanil", "Daesung", "Seoyoung", "Mirae", "Samjin", "Dongbang", "Haesung",
               "Kumho Precision"],
              ["Industrial", "Electronics", "Logistics", "Chemical", "Textile", "Foods"],
              ["Co., Ltd.", "Corp.", "Inc."], "stem_act_form"),
    "india": (["Sharma", "Shree Ganesh", "Balaji", "Mahalaxmi", "Sai Krishna", "Kaveri",
               "Om Sai", "Bharat", "Sunrise", "Vardhman"],
              ["Textiles", "Pharmaceuticals", "Exports", "Engineering Works", "Agro Foods",
               "Steel Traders", "Polymers", "Auto Components"],
              ["Pvt. Ltd.", "Private Limited", "LLP", "Ltd."], "stem_act_form"),
    "arabic": (["Al Noor", "Gulf Star", "Al Waha", "Bin Saeed", "Desert Rose", "Al Manara",
                "Crescent", "Blue Lagoon", "Al Fajr Horizon", "Oasis"],
               ["General Trading", "Building Materials", "Foodstuff Trading", "Contracting",
                "Logistics", "Marine Services", "Auto Spare Parts"],
               ["LLC", "L.L.C.", "FZE", "FZCO", "W.L.L."], "stem_act_form"),
    "russia": (["Severnaya Zvezda", "Uralsky Zavod Mebeli", "Volga-Agro", "Sibirskiy Les",
                "Baltiyskaya Logistika", "Kubanskiy Sakhar", "Tomskaya Keramika",
                "Permskiye Okna", "Yantarny Bereg", "Kaluzhskiy Khleb"],
               [""], ["OOO", "AO", "IP"], "form_stem"),
    "russia_native": (["Северная звезда", "Волга-Агро", "Сибирский лес", "Кубанский сахар",
                       "Томская керамика", "Пермские окна", "Янтарный берег",
                       "Калужский хлеб", "Уральский завод мебели", "Балтийская логистика"],
                      [""], ["ООО", "АО", "ИП"], "form_quoted"),
    "germany": (["Müller", "Schneider", "Rheinland", "Bayerische", "Nordsee", "Schwarzwald",
                 "Hansen & Söhne", "Alpen", "Weser", "Elbtal"],
                ["Maschinenbau", "Logistik", "Feinmechanik", "Lebensmittel", "Holzbau",
                 "Kunststofftechnik", "Elektrotechnik", "Spedition"],
                ["GmbH", "AG", "GmbH & Co. KG", "KG", "e.K."], "stem_act_form"),
    "france": (["Dupont", "Atlantique", "Provence", "Bretagne", "Lumière", "Montblanc",
                "Garonne", "Rhône-Alpes"],
               ["Emballages", "Transports", "Bâtiment", "Cosmétiques", "Distribution",
                "Vins et Spiritueux", "Informatique"],
               ["SAS", "SARL", "S.A.", "SA"], "stem_act_form"),
    "spain_latam": (["Transportes García", "Grupo Andino", "Comercial del Pacífico",
                     "Aceites Sevilla", "Industrias Monterrey", "Constructora Los Andes",
                     "Agrícola San Miguel", "Distribuidora Valencia"],
                    [""], ["S.A.", "S.L.", "S.A. de C.V.", "S.R.L.", "SpA"], "stem_form"),
    "portugal_brazil": (["Comercial Souza", "Agropecuária Boa Vista", "Metalúrgica Paulista",
                         "Transportadora Rio Verde", "Têxtil Minas", "Cerâmica Lisboa"],
                        [""], ["Ltda.", "S.A.", "Lda.", "EIRELI"], "stem_form"),
    "nigeria": (["Okafor", "Adeyemi", "Eko", "Niger Delta", "Lagos Bay", "Obi & Sons",
                 "Zenith Star", "Benue Valley"],
                ["Trading Company", "Agro Allied", "Oil Services", "Construction",
                 "Haulage", "Pharmaceuticals"],
                ["Limited", "Ltd", "Nigeria Limited", "Plc"], "stem_act_form"),
    "turkey": (["Yılmaz", "Anadolu", "Ege", "Marmara", "Kardeşler", "Özkan", "Akdeniz",
                "Kapadokya"],
               ["İnşaat", "Tekstil", "Gıda", "Lojistik", "Otomotiv", "Makine"],
               ["A.Ş.", "Ltd. Şti.", "San. ve Tic. A.Ş."], "stem_act_form"),
    "vietnam": (["Hoang Long", "Minh Phat", "Thanh Cong", "Phu Thai", "Viet Tien", "Sao Mai"],
                ["Trading", "Garment", "Seafood", "Construction", "Coffee Export"],
                ["Co., Ltd", "Joint Stock Company", "JSC"], "stem_act_form"),
    "anglo": (["Whitmore", "Redbridge", "Thames Valley", "Highland", "Northgate", "Ashford",
               "Kingsway", "Bluewater", "Pinecrest", "Harbourside"],
              ["Engineering", "Logistics", "Foods", "Consulting", "Plastics", "Freight",
               "Timber", "Medical Supplies"],
              ["Ltd", "Limited", "PLC", "Inc.", "LLC", "Corp."], "stem_act_form"),
}

REAL_BANKS = [  # real banks (not sanctioned) used as organisation negatives
    "Mizuho Bank, Ltd.", "MUFG Bank, Ltd.", "Sumitomo Mitsui Banking Corporation",
    "Bank of Kyoto, Ltd.", "Resona Bank", "Deutsche Bank AG", "Commerzbank AG", "BNP Paribas SA",
    "Société Générale", "Crédit Agricole CIB", "Banco Santander, S.A.", "BBVA", "Intesa Sanpaolo",
    "UniCredit S.p.A.", "ING Bank N.V.", "Rabobank", "HSBC Bank plc", "Barclays Bank PLC",
    "Lloyds Bank plc", "Standard Chartered Bank", "Citibank N.A.", "JPMorgan Chase Bank, N.A.",
    "Wells Fargo Bank", "Bank of America, N.A.", "Royal Bank of Canada", "Toronto-Dominion Bank",
    "Commonwealth Bank of Australia", "DBS Bank Ltd.", "OCBC Bank", "Bank of China Limited",
    "Industrial and Commercial Bank of China", "State Bank of India", "HDFC Bank Limited",
    "ICICI Bank Limited", "Emirates NBD Bank PJSC", "First Abu Dhabi Bank PJSC",
    "Qatar National Bank",
    "Banco do Brasil S.A.", "Itaú Unibanco S.A.", "Bancolombia S.A.", "Zenith Bank Plc",
    "Access Bank Plc", "Türkiye İş Bankası A.Ş.", "Akbank T.A.Ş.",
    "Raiffeisen Bank International AG",
    "Erste Group Bank AG", "KB Kookmin Bank", "Shinhan Bank", "Woori Bank", "Vietcombank",
    "PKO Bank Polski", "Nordea Bank Abp", "Danske Bank A/S", "UBS AG", "Julius Baer",
    "Bank of Ireland", "Standard Bank of South Africa", "Bank Mandiri", "Bank Central Asia",
    "Maybank", "Kasikornbank", "National Australia Bank", "Banorte", "Scotiabank",
]

HARD_ORG_TEMPLATES = [
    "{w} Software Ltd", "{w} Solutions GmbH", "{place} {w} Cooperative", "{w} Partners LLP",
    "{place} {w} Company Limited", "{w} Consulting Group", "{place} {w} Foods Inc.",
    "{w} Dental Clinic", "{w} Garden Supplies", "{w} Textile Mills", "{w} Logistics S.A.",
    "{place} {w} Association", "{w} Fitness Club", "{w} Media Inc.",
]
HARD_ORG_HEADS = {  # generic words that can head another company's name
    "Trading", "Integral", "International", "General", "Industrial", "Sovereign", "Capital",
    "Energy", "Steel", "Technologies", "Financial", "Development", "Commercial", "Maritime",
    "Engineering", "Services", "Construction", "Investment", "Holding", "Shipping", "Export",
}
HARD_BANK_TEMPLATES = ["Bank of {place}", "{place} Savings Bank", "{place} Cooperative Bank",
                       "{place} Commercial Bank", "First Bank of {place}"]
PLACES = [
    "Kyoto", "Osaka", "Nagoya", "Hamburg", "Lyon", "Porto", "Bristol", "Leeds", "Ottawa",
    "Adelaide", "Auckland", "Cebu", "Penang", "Chiang Mai", "Nairobi", "Accra", "Cordoba",
    "Valparaiso", "Bergen", "Turku", "Graz", "Gdansk", "Brno", "Ljubljana", "Tartu", "Kaunas",
    "Izmir", "Busan", "Sapporo", "Fukuoka", "Hokkaido", "Bavaria", "Tuscany", "Quebec",
]


def _pick_part(rng: Random, parts: list[str]) -> tuple[str, str]:
    p = rng.choice(parts)
    lat, _, nat = p.partition("|")
    return lat, nat


FEMININE = [("ский", "ская"), ("скі", "ская"), ("ski", "skaya"), ("ёў", "ёва"), ("оў", "ова"),
             ("iou", "iova"), ("ou", "ova"), ("ov", "ova"), ("ev", "eva"), ("yov", "yova"),
             ("ов", "ова"), ("ев", "ева"), ("ёв", "ёва"), ("in", "ina"), ("ин", "ина")]


def feminine(surname: str) -> str:
    """Russian/Belarusian female surname form (Sokolov -> Sokolova); others unchanged."""
    for m, f in FEMININE:
        if surname.endswith(m):
            return surname[: -len(m)] + f
    return surname


def person_negative(rng: Random, region: str) -> str:
    givens, surs, order = PERSON_PARTS[region]
    g, gn = _pick_part(rng, givens)
    s, sn = _pick_part(rng, surs)
    female = g.startswith("*")
    g, gn = g.lstrip("*"), gn.lstrip("*")
    if female and region in ("russia", "belarus"):
        s, sn = feminine(s), feminine(sn)
    r = rng.random()
    if order == "sur_first_native":
        if region == "japan" and r < 0.15 and s in KATAKANA and g in KATAKANA:
            return f"{KATAKANA[s]}・{KATAKANA[g]}" if rng.random() < 0.5 \
                else f"{KATAKANA[g]} {KATAKANA[s]}"
        if r < 0.4 and gn and sn:
            return f"{sn}{gn}" if region == "china" else f"{sn} {gn}" if region == "japan" \
                else f"{sn}{gn}"
        if r < 0.7:
            return f"{g} {s}"
        return f"{s.upper()} {g}" if rng.random() < 0.5 else f"{s} {g}"
    if order == "given_first_native":
        if r < 0.35 and gn and sn:
            if region in ("russia", "ukraine", "belarus") and rng.random() < 0.5:
                return f"{sn} {gn}"
            return f"{gn} {sn}"
        if r < 0.5:
            return f"{s.upper()}, {g}"
        return f"{g} {s}"
    if order == "hispanic":
        s2, _ = _pick_part(rng, surs)
        if s2 != s and r < 0.6:
            return f"{g} {s} {s2}"
        return f"{g} {s}"
    if order == "vietnamese":
        mid = rng.choice(["Thị", "Ngọc", "Thanh"] if female else ["Văn", "Đức", "Minh"])
        return f"{s} {mid} {g}"
    if r < 0.3:
        return f"{s}, {g}"
    return f"{g} {s}"


def org_negative(rng: Random, region: str) -> str:
    stems, acts, forms, pattern = ORG_PARTS[region]
    stem, act, form = rng.choice(stems), rng.choice(acts), rng.choice(forms)
    if pattern == "stem_act_form":
        return f"{stem} {act} {form}"
    if pattern == "form_stem_act":
        return f"{form}{stem}{act}"
    if pattern == "stem_act_form_nospace":
        return f"{stem}{act}{form}"
    if pattern == "form_stem":
        return f"{form} {stem}" if rng.random() < 0.6 else f"{stem} {form}"
    if pattern == "form_quoted":
        return f"{form} «{stem}»"
    return f"{stem} {form}"


def hard_person(rng: Random, persons: list[ListedName]) -> tuple[str, str] | None:
    n = rng.choice(persons)
    given, sur = split_person(n.name)
    gw = given.split()
    if not gw or not CLEAN_NAME.match(n.name) or len(gw[0]) < 3 \
            or gw[0].lower().strip(".") in TITLE_WORDS or len(sur) < 3:
        return None
    slavic = any(p in n.program for p in SLAVIC_PROGRAMS)
    region = "russia" if slavic else "arabic" if ARABIC_HINT.search(n.name) else rng.choice(
        ["anglo", "spain", "germany", "france", "italy"])
    givens, surs, _ = PERSON_PARTS[region]
    if rng.random() < 0.7:
        other_sur = _pick_part(rng, surs)[0]
        if other_sur.lower() == sur.lower():
            return None
        return f"{title(gw[0])} {other_sur}", f"shares given name {title(gw[0])} with ofac:{n.ent}"
    other_given = _pick_part(rng, givens)[0]
    if other_given.lower() == gw[0].lower() or len(sur.split()) > 1:
        return None
    return f"{other_given} {title(sur)}", f"shares surname {title(sur)} with ofac:{n.ent}"


def hard_org(rng: Random, orgs: list[ListedName]) -> tuple[str, str] | None:
    n = rng.choice(orgs)
    words = [w for w in title(n.name).replace(",", " ").split()
             if w in HARD_ORG_HEADS or w == "Bank"]
    if not words:
        return None
    w = rng.choice(words)
    tpl = rng.choice(HARD_BANK_TEMPLATES if w == "Bank" else HARD_ORG_TEMPLATES)
    return tpl.format(w=w, place=rng.choice(PLACES)), f"shares '{w}' with ofac:{n.ent}"


def skeleton(token: str) -> str:
    """Consonant skeleton for spotting romanisations of one name (Farouk/Farooq, Azar/Azhar)."""
    t = token.replace("ph", "f").replace("q", "k").replace("kh", "k").replace("ck", "k")
    t = t.replace("x", "ks")
    t = re.sub(r"[aeiouyhw]", "", t)
    return re.sub(r"(.)\1+", r"\1", t)


def same_name_part(a: str, b: str) -> bool:
    """Two name parts that are the same name in a different spelling (or equal)."""
    if a == b:
        return True
    if len(a) < 3 or len(b) < 3:
        return False
    return fuzz.ratio(a, b) >= 80 or (len(skeleton(a)) >= 2 and skeleton(a) == skeleton(b))


def strip_legal(name: str) -> str:
    return " ".join(t for t in name.split() if t not in LEGAL_WORDS)


class ListChecker:
    """Rejects candidates equal or near-equal to any listed name, or sharing given+surname."""

    def __init__(self, listed: list[str], persons: list[str]) -> None:
        self.names = sorted({norm(x) for x in listed if norm(x)} |
                            {strip_legal(norm(x)) for x in listed if strip_legal(norm(x))})
        self.persons = [sorted(set(norm(p).split())) for p in persons]
        self.tokens: dict[str, set[int]] = defaultdict(set)
        for i, toks in enumerate(self.persons):
            for t in toks:
                if len(t) >= 2:
                    self.tokens[t].add(i)

    def listed(self, cand: str, kind: str) -> str | None:
        q = norm(cand)
        if not q:
            return "empty"
        for variant in (q, strip_legal(q)):
            if not variant:
                continue
            hit = process.extractOne(variant, self.names, scorer=fuzz.token_sort_ratio,
                                     score_cutoff=90)
            if hit:
                return hit[0]
        if kind == "person":
            qt = q.split()
            for t in qt:
                for i in sorted(self.tokens.get(t, ())):
                    others = [x for x in self.persons[i] if x != t]
                    if any(same_name_part(a, b) for a in qt if a != t for b in others):
                        return "shares two name parts with a listed person"
        return None


def make_negatives(rng: Random, names: list[ListedName], builtin_names: list[str],
                   n_person: int, n_org: int, n_hard: int) -> tuple[list[dict], Counter[str]]:
    persons = [n for n in names if n.kind == "person"]
    orgs = [n for n in names if n.kind == "organisation"]
    person_names = [n.name for n in persons] + [
        bn for ref, bn, lk, k, _ in BUILTIN_CASES if k == "person"]
    checker = ListChecker([n.name for n in names] + builtin_names, person_names)
    out: list[dict] = []
    seen: set[str] = set()
    dropped: Counter[str] = Counter()

    def add(q: str, kind: str, cat: str, note: str) -> bool:
        key = norm(q) or q
        if key in seen:
            return False
        why = checker.listed(q, kind)
        if why:
            dropped[cat] += 1
            return False
        seen.add(key)
        out.append({"query": q, "kind": kind, "category": cat, "note": note})
        return True

    regions = list(PERSON_PARTS)
    per_region = n_person // len(regions)
    for region in regions:
        got = tries = 0
        while got < per_region and tries < per_region * 20:
            tries += 1
            got += add(person_negative(rng, region), "person", f"person_{region}",
                       "generated from name-part tables")
    org_regions = list(ORG_PARTS)
    per_org = n_org // len(org_regions)
    for region in org_regions:
        got = tries = 0
        while got < per_org and tries < per_org * 20:
            tries += 1
            cat = "org_" + region.replace("_native", "")
            got += add(org_negative(rng, region), "organisation", cat,
                       "generated from name-part tables")
    for b in REAL_BANKS:
        add(b, "organisation", "org_bank", "real bank, not on the lists")
    got = tries = 0
    while got < n_hard and tries < n_hard * 30:
        tries += 1
        r = hard_person(rng, persons)
        if r:
            got += add(r[0], "person", "hard_person", r[1])
    got = tries = 0
    while got < n_hard and tries < n_hard * 30:
        tries += 1
        r = hard_org(rng, orgs)
        if r:
            got += add(r[0], "organisation", "hard_org", r[1])
    for q, note in HARD_BUILTIN:
        add(q, "person" if note.startswith("p") else "organisation",
            "hard_person" if note.startswith("p") else "hard_org", note[2:])
    return out, dropped


HARD_BUILTIN = [  # near the built-in parties, but different parties ("p:" persons, "o:" orgs)
    ("Vladimir Sokolov", "p:shares Vladimir with Putin"),
    ("Vladimir Petrovich Morozov", "p:shares Vladimir with Putin"),
    ("Alexander Lukin", "p:shares Alexander with Lukashenko"),
    ("Aleksandr Kovalenko", "p:shares Aleksandr with Lukashenka"),
    ("Ramzan Aliyev", "p:shares Ramzan with Kadyrov"),
    ("Viktor Khramov", "p:shares Viktor with Khrenin"),
    ("Sergei Kirillov", "p:shares Sergei with Kiriyenko"),
    ("Alexei Gromyko", "p:shares Alexei with Gromov"),
    ("Алексей Громыко", "p:shares Алексей with Gromov"),
    ("Владимир Соколов", "p:shares Владимир with Putin"),
    ("Integral Software Ltd", "o:shares Integral with Integral"),
    ("Integral Systems GmbH", "o:shares Integral with Integral"),
    ("Sovereign Trading LLC", "o:generic word"),
    ("Bank of Kyoto", "o:shares Bank"),
    ("Rossiya Hotel Management", "o:shares Rossiya with Bank Rossiya"),
    ("Central Bank of Ireland", "o:shares Central Bank of"),
    ("Central Bank of Brazil", "o:shares Central Bank of"),
    ("Ministry of Defence of the United Kingdom", "o:shares Ministry of Defence"),
    ("Ministry of Defence of Japan", "o:shares Ministry of Defence"),
    ("State Authority for Roads of Finland", "o:shares State Authority for"),
    ("Belarus Potash Trading Study Group", "o:shares Belarus"),
    ("VTR Banking Software", "o:near VTB Bank"),
    ("Novik Commercial Bank", "o:near Novikombank"),
    ("Sovereign Commercial Bank", "o:near Sovcombank"),
]


# ----------------------------------------------------------------------------------------------


def installed_builtin_names() -> list[str]:
    """Every name on the built-in lists (lists/*.toml), when the package can load them."""
    try:
        sys.path.insert(0, str(ROOT))
        from screening.lists import builtin_lists
        return sorted(n.value for wl in builtin_lists() for e in wl.entities for n in e.names)
    except Exception as exc:  # noqa: BLE001 - the generator still works from BUILTIN_CASES
        print(f"note: built-in lists not loaded ({exc}); using BUILTIN_CASES names only",
              file=sys.stderr)
        return []


def write_csv(path: Path, rows: list[dict], cols: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r[c] for c in cols})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ofac", type=Path, default=DEFAULT_OFAC)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--per-variation", type=int, default=50)
    ap.add_argument("--person-negatives", type=int, default=2200)
    ap.add_argument("--org-negatives", type=int, default=850)
    ap.add_argument("--hard", type=int, default=220)
    a = ap.parse_args(argv)
    if not (a.ofac / "sdn.csv").exists():
        print(f"OFAC bench files not found in {a.ofac}", file=sys.stderr)
        return 2
    rng = Random(a.seed)
    names = read_ofac(a.ofac)
    pos = make_positives(rng, names, a.per_variation)
    builtin_names = [bn for _r, bn, _lk, _k, _q in BUILTIN_CASES] + installed_builtin_names()
    neg, dropped = make_negatives(Random(a.seed + 1), names, builtin_names,
                                  a.person_negatives, a.org_negatives, a.hard)
    a.out.mkdir(parents=True, exist_ok=True)
    write_csv(a.out / "positives.csv", [p.__dict__ for p in pos],
              ["query", "kind", "variation", "list_name", "list_kind", "entity_ref", "source"])
    write_csv(a.out / "negatives.csv", neg, ["query", "kind", "category", "note"])
    print(f"positives: {len(pos)}")
    for (v, k), c in sorted(Counter((p.variation, p.kind) for p in pos).items()):
        print(f"  {v:16s} {k:13s} {c}")
    print(f"negatives: {len(neg)} (dropped as listed/near-listed: {sum(dropped.values())})")
    for cat, c in sorted(Counter(n["category"] for n in neg).items()):
        print(f"  {cat:24s} {c}  (dropped {dropped.get(cat, 0)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
