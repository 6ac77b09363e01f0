"""Write the checker dev set, evals/checker/pairs.jsonl: faithful renderings and wrong ones.

    python evals/checker/make.py

Three parts, in this order, one JSON object a line (the format `summarizer eval checker` reads):

- human: each English line of the MultiLing 2011 parallel file is a person's translation of its
  Arabic line, so it is a faithful rendering. A line of several sentences is split where both sides
  have the same number of sentences; lines of fewer than four English words (headings) are left
  out. Where the translator truly added or dropped a fact, `DIFFERENT` labels the pair unfaithful and
  says why.
- perturbed: copies of the faithful human and seeds renderings with one thing made wrong, of each
  kind a weak model gets wrong (`PERTURBATIONS`): a negation added or dropped, a refusal reversed, a
  number or date changed, a person, body, country or city swapped or added, the speaker swapped,
  "pause" made "ceasefire", "differing" made "shared", "without conditions" made "with conditions".
  Each copy is made only where the rendering has what the kind changes, and only if the change is
  real (a name swapped in is not named in the Arabic).
- seeds: seeds_pairs.jsonl, renderings of the seed pages written as a strong model would, and
  wrong ones written as a weak model errs.

Deterministic: the same inputs give the same file, which tests/test_checker_dev.py checks.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

from summarizer.lang.arabic import sentence_spans

HERE = Path(__file__).resolve().parent
PARALLEL = HERE / "multiling2011_parallel_ar_en.jsonl"
SEEDS = HERE / "seeds_pairs.jsonl"
OUT = HERE / "pairs.jsonl"
OUT_TO_ARABIC = HERE / "pairs_to_arabic.jsonl"
HELDOUT = HERE / "heldout.jsonl"
HELDOUT_TO_ARABIC = HERE / "heldout_to_arabic.jsonl"
MIN_WORDS = 4
ALIGNED = (0.5, 2.5)  # English/Arabic length of two sentences that render each other; else the line is one pair

# doc_id:line[:sentence] -> why the translation says more or less than its Arabic line.
DIFFERENT = {
    "M0000:1": "the Arabic dateline lost a digit (005/01/08), so the English 2005 is not in it",
    "M0005:3": "the Arabic dates it كانون الأول (December), the English January",
    "M0028:17:4": "the Arabic says the cells were no larger than (لا تعدى) 6' x 8', the English 'approximately'",
    "M0044:23": "the Arabic drops 'does not predetermine' (it says the process 'prevents an option')",
    "M0047:7": "the Arabic drops 'from 1990 baselines' and the Annex I clause",
    "M0048:5:2": "the Arabic drops the Climate Change Conference: the UN made the decision",
    "M0046:7:1": "the Arabic drops 'agreement': a roadmap 'for the work after 2012'",
}

_EN_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")


def english_sentences(text: str) -> list[str]:
    return [s.strip() for s in _EN_SENTENCE.split(text) if s.strip()]


def arabic_sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def human_pairs() -> list[dict]:
    pairs = []
    for line in PARALLEL.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        ar, en = arabic_sentences(row["ar"]), english_sentences(row["en"])
        split = len(ar) == len(en) > 1 and all(ALIGNED[0] <= len(e) / max(len(a), 1) <= ALIGNED[1]
                                                for a, e in zip(ar, en))
        for n, (a, e) in enumerate(zip(ar, en) if split else [(row["ar"].strip(), row["en"].strip())], 1):
            if len(e.split()) < MIN_WORDS:
                continue
            key = f"{row['doc_id']}:{row['line']}" + (f":{n}" if split else "")
            pair = {"id": key, "source": a, "rendering": e, "label": "faithful", "kind": "human translation"}
            if key in DIFFERENT:
                pair.update(label="unfaithful", why=DIFFERENT[key])
            pairs.append(pair)
    return pairs


def _pick(options: list[str], seed: str, rendering: str) -> str | None:
    """A replacement the faithful rendering does not name (nor, so, its source), chosen by a hash
    of the pair's id (deterministic)."""
    fresh = [o for o in options if not any(w.lower() in rendering.lower() for w in o.split())]
    return fresh[zlib.crc32(seed.encode()) % len(fresh)] if fresh else None


PEOPLE = ["Angela Merkel", "Vladimir Putin", "Hu Jintao", "Nicolas Sarkozy", "Kofi Annan", "Condoleezza Rice",
          "Gordon Brown", "Nelson Mandela", "Ban Ki-moon", "Hosni Mubarak", "Tony Blair", "George W. Bush"]
COUNTRIES = ["Iran", "Iraq", "Syria", "Lebanon", "France", "Germany", "China", "Russia", "Japan", "India",
             "Pakistan", "Turkey", "Brazil", "Canada", "Australia", "Egypt", "Jordan", "Qatar", "Kenya", "Italy"]
CITIES = ["London", "Paris", "Washington", "Tehran", "Baghdad", "Cairo", "Beirut", "Moscow", "Geneva", "Tokyo",
          "Berlin", "Doha", "Jakarta", "Bangkok", "Nairobi", "Istanbul"]
BODIES = {"United Nations": "NATO", "UN": "NATO", "U.N.": "NATO", "European Union": "African Union",
          "EU": "Arab League", "NATO": "United Nations", "Red Cross": "World Bank", "Senate": "Supreme Court",
          "IPCC": "World Health Organization", "World Bank": "Red Cross", "Arab League": "European Union",
          "Security Council": "General Assembly"}
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|al|bin|ibn))*\b")
_AUX = re.compile(r"\b(is|are|was|were|will|would|can|could|should|has|have|had|must|may|might|does|do|did)\b(?! not\b| no\b|n't)")
_NEGATION = re.compile(r"\b(?:not|never|no longer)\s|\bn't\b")
_REVERSE = {"rejected": "accepted", "rejects": "accepts", "reject": "accept", "refused to": "agreed to",
            "refuses to": "agrees to", "opposed": "supported", "opposes": "supports", "denied": "confirmed",
            "denies": "confirms", "ruled out": "proposed", "failed to": "managed to", "condemned": "praised"}
_MONTHS = "January February March April May June July August September October November December".split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_SAID = re.compile(r"(?<![\w-])([A-Z][a-z]+(?: [A-Z][a-z]+)*) (said|says|told|added|stressed|noted|urged|called|stated)\b|"
                   r"\b(said|says|added|told) ([A-Z][a-z]+(?:[ -][A-Z]?[a-z]+)*)\b")


def _country_in(text: str) -> str | None:
    return next((c for c in COUNTRIES if re.search(rf"\b{c}\b", text)), None)


def _city_in(text: str) -> str | None:
    return next((c for c in CITIES if re.search(rf"\b{c}\b", text)), None)


def perturb(pair: dict) -> list[dict]:
    """Wrong copies of one faithful pair, one per kind that applies."""
    en, source = pair["rendering"], pair["source"]
    seed = pair["id"]
    out: list[tuple[str, str, str]] = []  # kind, rendering, why

    def add(kind: str, text: str | None, why: str) -> None:
        if text and text != en:
            out.append((kind, text, why))

    if not _NEGATION.search(en) and (m := _AUX.search(en)):
        add("negation_added", en[:m.end()] + " not" + en[m.end():], f"'{m.group()} not' for '{m.group()}'")
    if m := _NEGATION.search(en):
        add("negation_dropped", en[:m.start()] + en[m.end():].lstrip() if m.group() != "n't" else en[:m.start()] + en[m.end():],
            f"drops '{m.group().strip()}'")
    for old, new in _REVERSE.items():
        if re.search(rf"\b{old}\b", en):
            add("refusal_reversed", re.sub(rf"\b{old}\b", new, en, count=1), f"'{new}' for '{old}'")
            break
    numbers = [m for m in re.finditer(r"\b\d[\d,.]*\b", en) if not 1900 <= int(re.sub(r"\D", "", m.group()) or 0) <= 2100]
    if numbers:
        m = numbers[0]
        digits = re.sub(r"\D", "", m.group())
        new = m.group().replace(digits[0], str((int(digits[0]) + 3) % 10 or 7), 1)
        add("number_changed", en[:m.start()] + new + en[m.end():], f"{new} for {m.group()}")
    if m := re.search(r"\b(19|20)(\d\d)\b", en):
        new = str(int(m.group()) + 1)
        add("date_changed", en[:m.start()] + new + en[m.end():], f"the year {new} for {m.group()}")
    elif m := re.search(rf"\b({'|'.join(_MONTHS)})\b", en):
        new = _MONTHS[(_MONTHS.index(m.group()) + 1) % 12]
        add("date_changed", en[:m.start()] + new + en[m.end():], f"{new} for {m.group()}")
    elif m := re.search(rf"\b({'|'.join(_DAYS)})\b", en):
        new = _DAYS[(_DAYS.index(m.group()) + 2) % 7]
        add("date_changed", en[:m.start()] + new + en[m.end():], f"{new} for {m.group()}")
    if (said := _SAID.search(en)) and (person := _pick(PEOPLE, seed, en)):
        name = said.group(1) or said.group(4)
        if name.split()[0] not in ("The", "He", "She", "It", "They", "We", "A", "An", "This"):
            start = said.start(1) if said.group(1) else said.start(4)
            add("person_swapped", en[:start] + person + en[start + len(name):], f"{person} for {name}")
            add("person_added", en[:start] + f"{name} and {person}" + en[start + len(name):], f"adds {person}")
    if (country := _country_in(en)) and (other := _pick(COUNTRIES, seed, en)):
        add("country_swapped", re.sub(rf"\b{country}\b", other, en, count=1), f"{other} for {country}")
        add("country_added", re.sub(rf"\b{country}\b", f"{country} and {other}", en, count=1), f"adds {other}")
    if (city := _city_in(en)) and (other := _pick(CITIES, seed, en)):
        add("city_swapped", re.sub(rf"\b{city}\b", other, en, count=1), f"{other} for {city}")
    for body, other in BODIES.items():
        if re.search(rf"(?<![\w.]){re.escape(body)}(?![\w])", en) and not re.search(rf"\b{re.escape(other)}\b", en):
            add("body_swapped", re.sub(rf"(?<![\w.]){re.escape(body)}(?![\w])", other, en, count=1), f"the {other} for the {body}")
            break
    if m := re.search(r"\b(?:(?:temporary|humanitarian) )*pause(s?)\b", en):  # "temporary ceasefire" would be faithful
        add("pause_to_ceasefire", en[:m.start()] + f"ceasefire{m[1]}" + en[m.end():], f"'ceasefire' for '{m.group()}'")
    if m := re.search(r"\b(differing|divergent|different|differ)\b", en):
        add("differing_to_shared", en[:m.start()] + ("share" if m.group() == "differ" else "shared") + en[m.end():],
            f"'shared' for '{m.group()}'")
    if m := re.search(r"\b(without (?:any )?(?:restrictions? or )?(?:pre)?conditions?|unconditional(?:ly)?)\b", en):
        add("conditions_added", en[:m.start()] + "with conditions" + en[m.end():], f"'with conditions' for '{m.group()}'")
    return [{"id": f"{seed}~{kind}", "source": source, "rendering": text, "label": "unfaithful", "kind": kind,
             "why": why, **({"speaker": pair["speaker"]} if pair.get("speaker") else {})}
            for kind, text, why in out]


ARABIC_PEOPLE = {"Angela Merkel": "أنجيلا ميركل", "Vladimir Putin": "فلاديمير بوتين", "Nicolas Sarkozy": "نيكولا ساركوزي",
                 "Kofi Annan": "كوفي عنان", "Condoleezza Rice": "كوندوليزا رايس", "Hosni Mubarak": "حسني مبارك",
                 "Nelson Mandela": "نيلسون مانديلا", "Hu Jintao": "هو جينتاو"}
ARABIC_COUNTRIES = {"Iran": "إيران", "Iraq": "العراق", "Syria": "سوريا", "France": "فرنسا", "Germany": "ألمانيا",
                    "China": "الصين", "Russia": "روسيا", "Japan": "اليابان", "India": "الهند", "Egypt": "مصر",
                    "Turkey": "تركيا", "Canada": "كندا", "Brazil": "البرازيل", "Kenya": "كينيا"}
ARABIC_CITIES = {"London": "لندن", "Paris": "باريس", "Tehran": "طهران", "Cairo": "القاهرة", "Moscow": "موسكو",
                 "Geneva": "جنيف", "Tokyo": "طوكيو", "Berlin": "برلين", "Beirut": "بيروت", "Baghdad": "بغداد"}
_PROCLITIC = "(?:و|ف|ب|ل)?(?:ال)?"
_ARABIC_NEGATOR = re.compile(r"(?<!\S)(?:لا|لم|لن|ليس|ليست|غير|عدم)(?!\S)(?!\s+(?:تزال|يزال|زال|سيما|بد)(?!\S))\s*")  # «لا تزال»: still
_ARABIC_VERB = re.compile(r"(?<!\S)(?=[يت][\u0621-\u064a]{3,}(?!\S))")  # an imperfect verb: «يمكن», «تريد»
_ARABIC_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]


def to_arabic(pair: dict) -> dict:
    """A human pair read the other way: the Arabic line is a person's rendering of the English one."""
    return {**pair, "id": f"ar:{pair['id']}", "source": pair["rendering"], "rendering": pair["source"]}


def perturb_arabic(pair: dict) -> list[dict]:
    """Wrong copies of one faithful Arabic rendering of English words, one per kind that applies."""
    ar, source, seed = pair["rendering"], pair["source"], pair["id"]
    out: list[tuple[str, str, str]] = []

    def swap(kind: str, table: dict[str, str], added: bool = False) -> None:
        here = next(((latin, arabic) for latin, arabic in table.items()
                     if re.search(rf"(?<![\u0621-\u064a]){_PROCLITIC}{arabic.removeprefix('ال')}(?![\u0621-\u064a])", ar)), None)
        other = _pick([latin for latin in table if not here or latin != here[0]], seed + kind, source)
        if here and other:
            old = here[1].removeprefix("ال")
            new = f"{old} و{table[other]}" if added else table[other].removeprefix("ال")
            at = re.search(rf"(?<![\u0621-\u064a]){_PROCLITIC}({old})(?![\u0621-\u064a])", ar).start(1)
            out.append((f"{kind}_{'added' if added else 'swapped'}", ar[:at] + new + ar[at + len(old):],
                        f"adds {other}" if added else f"{other} for {here[0]}"))

    if not _ARABIC_NEGATOR.search(ar) and (m := _ARABIC_VERB.search(ar)):
        out.append(("negation_added", ar[:m.start()] + "لا " + ar[m.start():], "«لا» before a verb"))
    if m := _ARABIC_NEGATOR.search(ar):
        out.append(("negation_dropped", ar[:m.start()] + ar[m.end():], f"drops «{m.group().strip()}»"))
    numbers = [m for m in re.finditer(r"\d[\d,.،]*", ar) if not 1900 <= int(re.sub(r"\D", "", m.group()) or 0) <= 2100]
    if numbers:
        m = numbers[0]
        digits = re.sub(r"\D", "", m.group())
        new = m.group().replace(digits[0], str((int(digits[0]) + 3) % 10 or 7), 1)
        out.append(("number_changed", ar[:m.start()] + new + ar[m.end():], f"{new} for {m.group()}"))
    if m := re.search(r"(19|20)\d\d", ar):
        out.append(("date_changed", ar[:m.start()] + str(int(m.group()) + 1) + ar[m.end():], f"the year {int(m.group()) + 1}"))
    elif m := re.search("|".join(_ARABIC_MONTHS), ar):
        new = _ARABIC_MONTHS[(_ARABIC_MONTHS.index(m.group()) + 1) % 12]
        out.append(("date_changed", ar[:m.start()] + new + ar[m.end():], f"{new} for {m.group()}"))
    if (said := _SAID.search(source)) and (person := _pick(list(ARABIC_PEOPLE), seed, source)):
        name = (said.group(1) or said.group(4)).split()[-1]
        from summarizer.checks.attribution import sentence_speaker  # the speaker as the Arabic writes him
        if (speaker := sentence_speaker(ar)) and name not in ("The", "He", "She", "It", "They", "We"):
            out.append(("person_swapped", ar.replace(speaker, ARABIC_PEOPLE[person], 1), f"{person} for {speaker}"))
    swap("country", ARABIC_COUNTRIES)
    swap("country", ARABIC_COUNTRIES, added=True)
    swap("city", ARABIC_CITIES)
    return [{"id": f"{seed}~{kind}", "source": source, "rendering": text, "label": "unfaithful", "kind": kind, "why": why}
            for kind, text, why in out if text != ar]


def build_to_arabic(pairs: list[dict] | None = None) -> list[dict]:
    """The Arabic direction: each human pair read the other way, and its wrong copies."""
    human = [to_arabic(p) for p in (human_pairs() if pairs is None else pairs)]
    return human + [q for p in human if p["label"] == "faithful" for q in perturb_arabic(p)]


def build_to_arabic_heldout() -> list[dict]:
    """The same from the held-out set's translator pairs (M001, M003), never used to build the
    Arabic direction's check."""
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines()]
    return build_to_arabic([r for r in rows if r.get("kind") in ("human translation", "translation differs")])


def seeds_pairs() -> list[dict]:
    if not SEEDS.exists():
        return []
    rows = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{"id": f"seeds:{n}", **({"kind": "strong writer"} if row["label"] == "faithful" else {}), **row}
            for n, row in enumerate(rows, 1)]


def build() -> list[dict]:
    human = human_pairs()
    seeds = seeds_pairs()
    faithful = [p for p in human + seeds if p["label"] == "faithful"]
    return human + [q for p in faithful for q in perturb(p)] + seeds


def main() -> None:
    for pairs, out in ((build(), OUT), (build_to_arabic(), OUT_TO_ARABIC), (build_to_arabic_heldout(), HELDOUT_TO_ARABIC)):
        out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
        _summary(pairs, out)


def _summary(pairs: list[dict], out: Path) -> None:
    kinds: dict[str, int] = {}
    for p in pairs:
        kinds[f"{p['label']}/{p.get('kind', '')}"] = kinds.get(f"{p['label']}/{p.get('kind', '')}", 0) + 1
    print(f"{len(pairs)} pairs -> {out.relative_to(HERE.parents[1])}")
    for kind, n in sorted(kinds.items()):
        print(f"  {n:4d}  {kind}")


if __name__ == "__main__":
    main()
