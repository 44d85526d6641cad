"""The requirement register (features/requirements.yaml): structure and coverage of the seeds."""

from __future__ import annotations

import csv
import keyword
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
REGISTER = REPO / "features" / "requirements.yaml"
SRV_CATALOGUE = REPO / "harness" / "data" / "srv_catalogue.csv"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

BASELINES = {"s1sr_v10", "s1sr_v11", "mp202_tactical", "mp202_enduring"}
AXES = {"s1sr", "mp202"}
DEVICE_TYPES = {"ESME", "GSME", "CHF", "GPF", "PPMID", "IHD", "HCALCS", "CAD"}
COHORTS = {"IOC", "MOC_MDS", "MOC_Secure", "FOC", "any"}
LIFECYCLES = {"migration", "commissioning", "operation"}
CERTAINTIES = {"certain", "uncertain"}
SCOPES = {"in", "out"}
REQUIRED = {
    "id", "tag", "title", "source", "baselines", "changes", "device_types", "cohorts", "srvs",
    "lifecycle", "rule", "outcome_certainty", "assumptions", "scope", "scenarios_hint",
}  # fmt: skip
OPTIONAL = {
    "additional_sources", "by_baseline", "allowed_outcomes", "time_dependent",
    "history_dependent", "parameters", "examples", "related", "scope_reason",
}  # fmt: skip
SOURCE_KEYS = {"seed", "section", "quote_ref"}
SEED_FILE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
S1SR_CLAUSE_ID = re.compile(r"^S1SR-18\.\d+(\([a-z]+\)(-\([a-z]+\))?)?$")
ASSUMPTION_ID = re.compile(r"^A-[A-Z0-9]+(-[A-Z0-9]+)*$")
# Rules, besides the seed tables, that the seeds state and the register must carry.
NAMED_RULES = (
    "SEC-A2.13",
    "MP202-TACTICAL-DIFF-FW",
    "MP202-TACTICAL-WRONG-INSTALLATION",
    "MP202-CPL-DUAL-ROWS",
    "MP202-PRENOTIFY-SMETS-VERSION",
    "MP202-SMI-FOLLOWS-CH",
    "MP202-BR7",
    "TMAD-GAS-72H",
    "TMAD-IGT-CERT-REMOVED",
)
# A seed table row: drafting reference(s), a tab, then the description (possibly empty).
TABLE_ROW = re.compile(r"^(?P<refs>(?:18\.\d|Annex\s)[^\t\n]*)\t", re.MULTILINE)
CLAUSE = re.compile(r"18\.(?P<n>\d+)\s*(?:\((?P<a>[a-z]+)\)(?:\s*[–-]\s*\((?P<b>[a-z]+)\))?)?")
MP202_TABLE_ROW = re.compile(r"^(SMETS1|SMETS2\+) (SMETS1|SMETS2\+) (SMETS1|SMETS2\+)\s*$", re.M)
TMAD_WINDOW = re.compile(r"window of (\d+) hours to (\d+) hours")


@cache
def _register() -> dict[str, Any]:
    with REGISTER.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    assert isinstance(loaded, dict), f"{REGISTER}: top level must be a mapping"
    return loaded


def _entries() -> list[dict[str, Any]]:
    return list(_register()["requirements"])


def _by_id() -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for entry in _entries()}


def _derive_tag(requirement_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", requirement_id.lower()).strip("_")


def _sources(entry: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry["source"], *entry.get("additional_sources", [])]


def _seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts absent: {SEEDS} (the coverage checks need them)")
    return SEEDS


def _table_references(text: str) -> Iterator[str]:
    """Register ids for every drafting reference in the seed's tables."""
    for row in TABLE_ROW.finditer(text):
        refs = row.group("refs")
        if refs.startswith("Annex"):
            for letter in re.findall(r"[A-Z]", refs[len("Annex") :]):
                yield f"S1SR-ANNEX-{letter}"
            continue
        for clause in CLAUSE.finditer(refs):
            ident = f"S1SR-18.{clause['n']}"
            if clause["a"]:
                ident += f"({clause['a']})"
            if clause["b"]:
                ident += f"-({clause['b']})"
            yield ident


def _seed_references() -> dict[str, set[str]]:
    """Map each register id the seed tables name to the seed files that name it."""
    named: dict[str, set[str]] = {}
    for seed in sorted(_seeds().glob("*.txt")):
        for ident in _table_references(seed.read_text(encoding="utf-8")):
            named.setdefault(ident, set()).add(seed.name)
    return named


def _free_text(entry: dict[str, Any]) -> Iterator[str]:
    for key in ("title", "changes", "rule", "scope_reason", "time_dependent", "history_dependent"):
        if isinstance(entry.get(key), str):
            yield entry[key]
    yield from entry.get("allowed_outcomes", [])
    yield from entry.get("scenarios_hint", [])
    yield from (str(v) for v in entry.get("by_baseline", {}).values())


def test_top_level_has_version_baselines_assumptions_and_requirements() -> None:
    """The register is version 1 and has exactly its four top-level keys."""
    assert _register()["version"] == 1
    assert set(_register()) == {"version", "baselines", "assumptions", "requirements"}
    assert _entries(), "the register lists no requirements"


def test_baseline_definitions_are_the_four_allowed_labels() -> None:
    """The register defines exactly the four baselines, each on a known axis with a source."""
    defined = _register()["baselines"]
    assert {b["id"] for b in defined} == BASELINES
    problems = [
        f"{b['id']}: {field} missing or invalid"
        for b in defined
        for field, ok in (
            ("axis", b.get("axis") in AXES and b["id"].startswith(str(b.get("axis")))),
            ("summary", bool(b.get("summary"))),
            ("effective", bool(b.get("effective"))),
            ("source", SEED_FILE.match(str(b.get("source", {}).get("seed", ""))) is not None),
        )
        if not ok
    ]
    assert problems == []


def test_every_entry_has_the_required_fields_and_no_unknown_ones() -> None:
    """Each requirement has every required field, and nothing outside the documented schema."""
    problems = []
    for number, entry in enumerate(_entries()):
        name = entry.get("id", f"entry #{number}")
        missing = REQUIRED - set(entry)
        unknown = set(entry) - REQUIRED - OPTIONAL
        if missing:
            problems.append(f"{name}: missing {sorted(missing)}")
        if unknown:
            problems.append(f"{name}: unknown fields {sorted(unknown)}")
        for key in ("title", "changes", "rule"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                problems.append(f"{name}: '{key}' must be non-empty text (got {entry.get(key)!r})")
        for key in ("time_dependent", "history_dependent"):
            if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
                problems.append(f"{name}: '{key}' must be non-empty text when present")
    assert problems == []


def test_ids_and_tags_are_unique() -> None:
    """No two requirements share an id or a tag."""
    ids = [entry["id"] for entry in _entries()]
    tags = [entry["tag"] for entry in _entries()]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    assert sorted({t for t in tags if tags.count(t) > 1}) == []


def test_tags_are_identifiers_derived_from_ids() -> None:
    """Each tag is a Python identifier (usable as a pytest marker) formed from its id."""
    problems = [
        f"{e['id']}: tag {e['tag']!r}, expected {_derive_tag(e['id'])!r}"
        for e in _entries()
        if e["tag"] != _derive_tag(e["id"]) or not e["tag"].isidentifier()
        or keyword.iskeyword(e["tag"])
    ]  # fmt: skip
    assert problems == []


def test_s1sr_clause_ids_keep_the_drafting_form() -> None:
    """S1SR clause ids read S1SR-18.N(x), or S1SR-18.N(x)-(y) for a range row."""
    bad = [
        e["id"]
        for e in _entries()
        if e["id"].startswith("S1SR-18") and not S1SR_CLAUSE_ID.match(e["id"])
    ]
    assert bad == []


def test_baselines_come_from_the_allowed_set() -> None:
    """Every entry names at least one allowed baseline; by_baseline keys are among them."""
    problems = []
    for entry in _entries():
        named = set(entry["baselines"])
        if not named or not named <= BASELINES:
            problems.append(
                f"{entry['id']}: baselines {sorted(named)} not within {sorted(BASELINES)}"
            )
        extra = set(entry.get("by_baseline", {})) - named
        if extra:
            problems.append(
                f"{entry['id']}: by_baseline names {sorted(extra)} not in its baselines"
            )
    assert problems == []


def test_device_types_cohorts_and_lifecycle_use_the_vocabulary() -> None:
    """Device types, cohorts and lifecycle come from the documented vocabularies."""
    problems = []
    for entry in _entries():
        if not set(entry["device_types"]) <= DEVICE_TYPES:
            problems.append(f"{entry['id']}: device_types {entry['device_types']}")
        if entry["scope"] == "in" and not entry["device_types"]:
            problems.append(f"{entry['id']}: an in-scope entry needs device types")
        cohorts = entry["cohorts"]
        if not cohorts or not set(cohorts) <= COHORTS or ("any" in cohorts and len(cohorts) > 1):
            problems.append(f"{entry['id']}: cohorts {cohorts}")
        if entry["lifecycle"] not in LIFECYCLES:
            problems.append(f"{entry['id']}: lifecycle {entry['lifecycle']!r}")
    assert problems == []


def test_srvs_exist_in_the_catalogue() -> None:
    """Every SRV an entry names is one of the 129 in the harness's SRV catalogue."""
    with SRV_CATALOGUE.open(encoding="utf-8", newline="") as handle:
        known = {row["srv"] for row in csv.DictReader(handle)}
    problems = [
        f"{e['id']}: unknown SRV {srv!r}"
        for e in _entries()
        for srv in e["srvs"]
        if not isinstance(srv, str) or srv not in known
    ]
    assert problems == []
    assert all(e["srvs"] for e in _entries() if e["scope"] == "in")


def test_sources_cite_seed_file_section_and_reference_only() -> None:
    """Each source names a seed file, a section and a short drafting reference, not a quotation."""
    problems = []
    for entry in _entries():
        for source in _sources(entry):
            if set(source) != SOURCE_KEYS:
                problems.append(f"{entry['id']}: source keys {sorted(source)}")
                continue
            if not SEED_FILE.match(str(source["seed"])):
                problems.append(f"{entry['id']}: seed {source['seed']!r} is not a seed file name")
            elif SEEDS.is_dir() and not (SEEDS / source["seed"]).is_file():
                problems.append(f"{entry['id']}: seed {source['seed']} not found in {SEEDS}")
            if not str(source["section"]).strip():
                problems.append(f"{entry['id']}: empty section")
            if not str(source["quote_ref"]).strip() or len(str(source["quote_ref"])) > 100:
                problems.append(f"{entry['id']}: quote_ref must be a short reference")
    assert problems == []


def test_assumptions_are_defined_once_and_references_resolve() -> None:
    """Referenced assumptions exist; each lists exactly the requirements that cite it."""
    defined = _register()["assumptions"]
    ids = [a["id"] for a in defined]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    citing: dict[str, set[str]] = {i: set() for i in ids}
    problems = []
    for entry in _entries():
        for ref in entry["assumptions"]:
            if ref not in citing:
                problems.append(f"{entry['id']}: unknown assumption {ref}")
            else:
                citing[ref].add(entry["id"])
    for assumption in defined:
        name = assumption["id"]
        if not ASSUMPTION_ID.match(name):
            problems.append(f"{name}: id must look like A-WORD-WORD")
        if not str(assumption.get("statement", "")).strip():
            problems.append(f"{name}: empty statement")
        if not str(assumption.get("reasoning", "")).strip():
            problems.append(f"{name}: empty reasoning")
        if set(assumption.get("affects") or []) != citing[name]:
            problems.append(
                f"{name}: affects {assumption.get('affects')} but cited by {citing[name]}"
            )
        if not citing[name]:
            problems.append(f"{name}: no requirement cites it")
    assert problems == []


def test_out_of_scope_entries_give_a_reason() -> None:
    """Scope is in or out; out needs a scope_reason, in has none."""
    problems = []
    for entry in _entries():
        reason = str(entry.get("scope_reason", "")).strip()
        if entry["scope"] not in SCOPES:
            problems.append(f"{entry['id']}: scope {entry['scope']!r}")
        elif entry["scope"] == "out" and not reason:
            problems.append(f"{entry['id']}: out of scope without a reason")
        elif entry["scope"] == "in" and "scope_reason" in entry:
            problems.append(f"{entry['id']}: in scope but gives a scope_reason")
    assert problems == []


def test_uncertain_entries_list_their_allowed_outcomes() -> None:
    """An uncertain outcome lists at least two allowed outcomes; a certain one lists none."""
    problems = []
    for entry in _entries():
        outcomes = entry.get("allowed_outcomes", [])
        if entry["outcome_certainty"] not in CERTAINTIES:
            problems.append(f"{entry['id']}: outcome_certainty {entry['outcome_certainty']!r}")
        elif entry["outcome_certainty"] == "uncertain" and len(outcomes) < 2:
            problems.append(f"{entry['id']}: uncertain but allowed_outcomes is {outcomes}")
        elif entry["outcome_certainty"] == "certain" and outcomes:
            problems.append(f"{entry['id']}: certain but lists allowed_outcomes")
    assert problems == []


def test_related_ids_exist_and_hints_number_one_to_four() -> None:
    """Related ids name register entries; each entry has one to four scenario hints."""
    known = set(_by_id())
    problems = [
        f"{e['id']}: related {ref} unknown" for e in _entries() for ref in e.get("related", [])
        if ref not in known or ref == e["id"]
    ]  # fmt: skip
    problems += [
        f"{e['id']}: {len(e['scenarios_hint'])} scenario hints"
        for e in _entries()
        if not 1 <= len(e["scenarios_hint"]) <= 4
    ]
    assert problems == []


def test_every_clause_in_the_seed_tables_has_an_entry() -> None:
    """Each drafting reference in the seed tables (clauses and annexes) has a register entry."""
    named = _seed_references()
    assert named, f"no drafting references found in {SEEDS}"
    assert sorted(set(named) - set(_by_id())) == []


def test_every_s1sr_entry_is_named_by_a_seed_table() -> None:
    """The register invents no S1SR clause: each S1SR entry appears in a seed table."""
    named = _seed_references()
    invented = sorted(i for i in _by_id() if i.startswith("S1SR-") and i not in named)
    assert invented == []


def test_entries_cite_every_seed_that_names_their_clause() -> None:
    """A clause named in several seeds cites each of them among its sources."""
    by_id = _by_id()
    problems = []
    for ident, seeds in sorted(_seed_references().items()):
        cited = {source["seed"] for source in _sources(by_id.get(ident, {"source": {}}))}
        if not seeds <= cited:
            problems.append(f"{ident}: named in {sorted(seeds)}, cites {sorted(cited)}")
    assert problems == []


def test_named_rules_outside_the_tables_are_registered() -> None:
    """The MP202, SEC A2.13 and TMAD rules the seeds state each have an entry."""
    assert sorted(set(NAMED_RULES) - set(_by_id())) == []


def test_smi_follows_hub_examples_match_the_mp202_table() -> None:
    """The four rows of the MP202 versioning table are the examples of MP202-SMI-FOLLOWS-CH."""
    seed = next(_seeds().glob("004_*.txt"))
    rows = {tuple(m) for m in MP202_TABLE_ROW.findall(seed.read_text(encoding="utf-8"))}
    assert len(rows) == 4, f"{seed.name}: expected the 4-row versioning table, found {rows}"
    examples = _by_id()["MP202-SMI-FOLLOWS-CH"]["examples"]
    assert {(e["prenotified"], e["comms_hub"], e["resulting"]) for e in examples} == rows


def test_tmad_window_matches_the_designation_letter() -> None:
    """TMAD-GAS-72H carries the old and new check windows stated in seed 002."""
    seed = next(_seeds().glob("002_*.txt"))
    found = TMAD_WINDOW.search(" ".join(seed.read_text(encoding="utf-8").split()))
    assert found, f"{seed.name}: the check window sentence was not found"
    window = _by_id()["TMAD-GAS-72H"]["parameters"]["window_hours"]
    assert (window["s1sr_v10"], window["s1sr_v11"]) == (int(found[1]), int(found[2]))


def test_register_text_copies_no_seed_sentence() -> None:
    """No run of seven words from a seed appears in the register's own wording."""

    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"[a-z0-9+£/]+", text.lower())
        return {tuple(words[i : i + 7]) for i in range(len(words) - 6)}

    seed_shingles: set[tuple[str, ...]] = set()
    for seed in _seeds().glob("*.txt"):
        seed_shingles |= shingles(seed.read_text(encoding="utf-8"))
    texts = [(e["id"], t) for e in _entries() for t in _free_text(e)]
    texts += [(a["id"], f"{a['statement']} {a['reasoning']}") for a in _register()["assumptions"]]
    copied = [
        f"{name}: '{' '.join(sorted(shingles(text) & seed_shingles)[0])}'"
        for name, text in texts
        if shingles(text) & seed_shingles
    ]
    assert copied == []


def test_documentation_lists_every_requirement() -> None:
    """docs/requirements.md names every requirement id of the register in its table."""
    docs = (REPO / "docs" / "requirements.md").read_text(encoding="utf-8")
    assert sorted(i for i in _by_id() if f"| `{i}` |" not in docs) == []
