"""Write the adversarial briefs of the seeds case: wrong briefs the harness must score low.

    python evals/adversarial/make.py

Each is a brief in the JSON shape of `summarizer brief --format json`, built from the honest
gold-records brief (the case's gold records merged, English) and the case's key facts, so its
citations all resolve: only what the sentences *say* is wrong. Deterministic; the output is
committed in seeds/ beside this file and scored by tests/test_adversarial.py, which also
checks that they are up to date with the gold and the code.
"""

from __future__ import annotations

from pathlib import Path

from summarizer.eval.suites import discover, load_documents, select
from summarizer.eval.systems import run_system
from summarizer.checks.evidence import body_sentences
from summarizer.models import Brief, Claim

HERE = Path(__file__).resolve().parent / "seeds"
ROOT = HERE.parents[2]
CASE = "amman-2023-11-04"

# Every key fact stated the other way round, each cited to the fact's own gold passage.
REVERSED = {
    "kf04": ("The Arab ministers accepted continuing the war and did not ask for a ceasefire in Gaza.", None),
    "kf05": ("Blinken said the US supports an immediate ceasefire in Gaza now, to end the attacks of 7 October.", "Antony Blinken"),
    "kf06": ("The US refused any humanitarian pause in Gaza.", None),
    "kf07": ("Netanyahu accepted the humanitarian pause idea.", None),
    "kf08": ("Blinken said Israel need not take any possible measure to minimise civilian casualties.", "Antony Blinken"),
    "kf10": ("The ministers agreed to support the displacement of Palestinians from their land.", None),
    "kf12": ("Shoukry said Israel's killing of civilians is legitimate self-defence.", "Sameh Shoukry"),
    "kf13": ("Blinken said the US will not use its influence to deter new fronts in the conflict.", "Antony Blinken"),
    "kf14": ("The talks in Amman showed no divergence: Arab and US positions were identical.", None),
    "kf16": ("Blinken said the United States abandoned the two-state solution.", "Antony Blinken"),
    "kf17": ("Blinken said the US does not back Israel's right to self-defence.", "Antony Blinken"),
    "kf18": ("Blinken said the hostages are not a concern of the United States.", "Antony Blinken"),
}

SALAD = [
    "Blinken Amman ministers ceasefire immediate unconditional Arab Safadi Shoukry regroup October pause humanitarian.",
    "Netanyahu pause Israel rejected displacement Palestinians international law civilians convergence aid Gaza.",
    "Fronts influence deter Blinken two-state peace process self-defence hostages divergent positions Amman future.",
    "Saudi Qatar UAE PLO Sheikh Jordan Egypt November Saturday meeting agreement premature casualties measures.",
]


def honest():
    """The gold-records brief in English, the case's documents, and the case. Source paths are
    written relative to the repository, so the files are the same in every clone."""
    (case,) = select(discover(), ["seeds"], [CASE])
    documents = load_documents(case)
    brief = run_system("pipeline-gold-records", case, documents, lang="en").brief
    sources = [s.model_copy(update={"path": Path(s.path).resolve().relative_to(ROOT).as_posix()}) for s in brief.sources]
    return brief.model_copy(update={"sources": sources}), documents, case


def main(out: Path = HERE) -> None:
    brief, documents, case = honest()
    facts = {f.id: f for f in case.gold.key_facts}

    def write(name: str, made: Brief) -> None:
        (out / f"{name}.json").write_text(made.model_dump_json(indent=2) + "\n", encoding="utf-8")

    reversed_claims = [Claim(text=text, citations=facts[fid].evidence[:1], section="position" if party else "key_point",
                             party=party) for fid, (text, party) in REVERSED.items() if fid in facts]
    write("reversed", brief.model_copy(update={"claims": reversed_claims, "conflicts": [],
                                                "headline": reversed_claims[0].model_copy(update={"section": "event"})}))

    parties = list(dict.fromkeys(c.party for c in brief.claims if c.party))
    rotate = {p: parties[(i + 1) % len(parties)] for i, p in enumerate(parties)}
    write("misattributed", brief.model_copy(update={
        "claims": [c.model_copy(update={"party": rotate[c.party]}) if c.party else c for c in brief.claims]}))

    used = {c.start for claim in brief.claims for c in claim.citations}
    filler = [s for d in documents if d.doc_id in {x.doc_id for x in brief.sources if x.used}
              for s in body_sentences(d) if s.start not in used][:40]
    write("padded", brief.model_copy(update={
        "claims": brief.claims + [Claim(text=s.quote, citations=[s]) for s in filler]}))

    cited = [e for f in facts.values() for e in f.evidence[:1]]
    write("salad", brief.model_copy(update={
        "claims": [Claim(text=t, citations=cited[i::len(SALAD)]) for i, t in enumerate(SALAD)], "conflicts": []}))

    everything = [s for d in documents for s in body_sentences(d)]
    write("dump", brief.model_copy(update={
        "claims": [Claim(text=s.quote, citations=[s]) for s in everything], "excluded": [], "conflicts": []}))
    write("honest", brief)


if __name__ == "__main__":
    main()
