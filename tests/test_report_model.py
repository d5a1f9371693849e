"""The report's text and tables, before any file is written: its figures are `figures` for
the same period, scope and filters; it holds exactly the period's return versions; the quote
rule; sentences in both languages with the right plural; any plan's goals."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from sqlalchemy import select

from nap_data import metrics, queries
from nap_data.filters import Filters
from nap_data.framework import DEFAULT_FRAMEWORK
from nap_data.i18n import catalogue
from nap_data.models import Organisation, Submission
from nap_data.report import build_model
from nap_data.report.model import Bullets, Paragraph, Quote, Subheading, Table
from nap_data.report.quotes import candidates, chosen
from nap_data.report.words import count_of, say
from nap_data.services.setup import init_store
from nap_data.store import make_engine
from nap_data.vocab import DataScope

WHEN = dt.datetime(2026, 11, 30, 9, 30)


def _model(engine, f: Filters, lang: str = "nl", excluded=()):
    frames = queries.load_figure_frames(engine, f.scope)
    narratives = queries.load_narratives(engine, f.scope)
    report = build_model(frames, narratives, f, lang, excluded_quotes=excluded, generated_at=WHEN)
    return frames, report


def _table(report, key: str) -> Table:
    return next(t for t in report.tables() if t.key == key)


def _texts(report) -> list[str]:
    out = [report.title, report.subtitle, *report.meta]
    for section in report.sections:
        out.append(section.title)
        for block in section.blocks:
            if isinstance(block, Paragraph | Subheading):
                out.append(block.text)
            elif isinstance(block, Bullets):
                out.extend(block.items)
            elif isinstance(block, Table):
                out.extend([block.title, block.note, *(c.label for c in block.columns)])
                out.extend(str(v) for row in block.rows for v in row if isinstance(v, str))
            elif isinstance(block, Quote):
                out.extend([block.label, block.attribution])
            else:
                out.append(block.title)
    return out


@pytest.mark.parametrize("period", [(2021, 2027), (2022, 2023), (2024, 2024)])
@pytest.mark.parametrize("scope", ["submitted", "approved"])
def test_the_reports_figures_are_figures_for_the_same_period(demo_engine, period, scope):
    f = Filters(*period, scope=DataScope(scope))
    frames, report = _model(demo_engine, f)
    expected = metrics.figures(frames, *period, scope)
    assert report.figures == expected
    per_goal = _table(report, "per_goal")
    for row, (number, goal) in zip(per_goal.rows, expected["by_goal"].items(), strict=False):
        assert row[0] == frames.plan.goal_label(int(number), "nl")
        assert (row[1], row[2]) == (goal["activities"], goal["budget_eur"])
    total = per_goal.rows[-1]
    assert total[1:6] == (
        expected["activities"],
        expected["budget_eur"],
        *(expected["by_focus"][x] for x in ("national", "foreign", "both")),
    )
    key = _table(report, "key_figures").rows[0]
    assert (key[0], key[1], key[4], key[5]) == (
        expected["activities"],
        expected["budget_eur"],
        expected["signatories"],
        expected["returns_received"],
    )


@pytest.mark.parametrize(
    "choice",
    [
        {"goals": (2,)},
        {"goals": (1, 3), "focus": ("foreign", "both")},
        {"organisations": ("BZ", "DEF")},
        {"regions": ("western_africa",)},
        {"progress": ("met",)},
    ],
)
def test_with_filters_the_figures_are_the_dashboards(demo_engine, choice):
    f = Filters(2021, 2025, **choice)
    frames, report = _model(demo_engine, f)
    acts = metrics.activities_in_period(frames.reports, f)  # what the Goals page counts
    fig = report.figures
    assert fig["activities"] == acts.height
    assert fig["budget_eur"] == round(float(acts["budget_eur"].sum() or 0), 2)
    for number, goal in fig["by_goal"].items():
        mine = acts.filter(pl.col("goal") == int(number))
        assert goal["activities"] == mine.height
    goals = f.goals or frames.plan.goal_numbers
    assert [s.key for s in report.sections if s.key.startswith("goal_")] == [
        f"goal_{n}" for n in goals
    ]
    values = metrics.indicator_series(metrics.filter_values(frames.values, f), frames.indicators)
    totals = values.filter(pl.col("sex") == "total")
    expected = {
        (r["indicator_code"], str(r["year"])): r["value"] for r in totals.iter_rows(named=True)
    }
    got = {
        (code, year): v for code, years in fig["indicators"].items() for year, v in years.items()
    }
    assert got == expected
    status = _table(report, "indicator_status")
    chosen = frames.indicators.filter(pl.col("goal").is_in(list(goals)))
    assert sum(row[1] for row in status.rows) == chosen.height  # as the Indicators page


def _in_scope_versions(engine, years: tuple[int, int], scope: str) -> set[tuple[str, int, int]]:
    """Rule 1 written out again, straight on the store's rows."""
    statuses = {"approved"} if scope == "approved" else {"approved", "submitted"}
    with engine.connect() as conn:
        rows = conn.execute(
            select(Organisation.code, Submission.year, Submission.version, Submission.review_status)
            .join(Organisation, Organisation.id == Submission.organisation_id)
            .where(Submission.year.between(*years))
        ).all()
    newest: dict[tuple[str, int], int] = {}
    for code, year, version, status in rows:
        if status in statuses:
            newest[(code, year)] = max(version, newest.get((code, year), 0))
    return {(code, year, version) for (code, year), version in newest.items()}


@pytest.mark.parametrize("scope", ["submitted", "approved"])
def test_a_report_over_2022_2023_holds_exactly_the_returns_of_those_years(demo_engine, scope):
    f = Filters(2022, 2023, scope=DataScope(scope))
    _, report = _model(demo_engine, f)
    table = _table(report, "versions")
    years = [int(c.label) for c in table.columns[2:4]]
    assert years == [2022, 2023]
    listed = {
        (row[1], year, version)
        for row in table.rows
        for year, version in zip(years, row[2:4], strict=True)
        if version is not None
    }
    assert listed == _in_scope_versions(demo_engine, (2022, 2023), scope)
    assert len(listed) > 100  # the demo store has returns in both years


def test_quotes_follow_the_stated_rule_and_an_excluded_one_gives_way():
    narratives = pl.DataFrame(
        {
            "submission_id": [1, 2, 3, 4],
            "organisation_code": ["A", "B", "C", "D"],
            "organisation_name": ["Org A", "Org B", "Org C", "Org D"],
            "year": [2022, 2023, 2023, 2023],
            "goal": [1, 1, 1, 2],
            "highlights": ["kort", "een langere tekst", "de allerlangste tekst", "x"],
            "challenges": ["", "", "", ""],
            "lessons": ["les", "", "", ""],
        }
    )
    subs = pl.DataFrame(
        {
            "submission_id": [1, 2, 3, 4],
            "review_status": ["approved", "approved", "submitted", "approved"],
        }
    )
    cands = candidates(narratives, subs, [2022, 2023], [1, 2])
    # C is longest but not approved, so it is never a candidate.
    assert cands.filter(pl.col("kind") == "highlights")["organisation_code"].to_list() == [
        "B",
        "A",
        "D",
    ]
    picked = chosen(cands)
    assert picked.select("goal", "kind", "organisation_code").rows() == [
        (1, "highlights", "B"),
        (1, "lessons", "A"),
        (2, "highlights", "D"),
    ]
    again = chosen(cands, excluded=["2-1-highlights"])
    assert again.filter(pl.col("goal") == 1)["organisation_code"].to_list() == ["A", "A"]


def test_the_annex_names_the_excluded_quote_and_the_next_one_is_quoted(demo_engine):
    f = Filters(2022, 2023)
    _, before = _model(demo_engine, f)
    first = next(q for q in before.quotes() if q.key.endswith("-1-highlights"))
    _, after = _model(demo_engine, f, excluded=(first.key,))
    assert first.key not in {q.key for q in after.quotes()}
    replacement = next(
        q for q in after.quotes() if q.kind == "highlights" and q.key.split("-")[1] == "1"
    )
    assert replacement.key != first.key
    left_out = _table(after, "excluded_quotes")
    assert [row[-1] for row in left_out.rows] == [first.key]
    assert "excluded_quotes" not in {t.key for t in before.tables()}


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("nl", 1, "1 activiteit"),
        ("nl", 1025, "1.025 activiteiten"),
        ("nl", 0, "0 activiteiten"),
        ("en", 1, "1 activity"),
        ("en", 1025, "1,025 activities"),
    ],
)
def test_nouns_take_their_plural_and_the_languages_number_format(lang, n, expected):
    assert count_of("activity", n, lang) == expected


def test_a_verb_agrees_with_its_count_and_none_reads_as_a_sentence():
    args = {"period": "in 2023", "activities": "x", "budget": "y", "goals": "z"}
    one = say("report.summary.activities", 1, "nl", organisations="1 organisatie", **args)
    many = say("report.summary.activities", 2, "nl", organisations="2 organisaties", **args)
    assert "rapporteerde 1 organisatie" in one and "rapporteerden 2 organisaties" in many
    none = say("report.summary.activities", 0, "nl", organisations="", **args)
    assert none.startswith("In 2023 is geen activiteit")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_word_of_the_report_comes_from_the_catalogue(demo_engine, lang):
    _, report = _model(demo_engine, Filters(2021, 2027, goals=(1,), organisations=("BZ",)), lang)
    texts = _texts(report)
    keys = {k for k in catalogue() if k.startswith("report.")}
    leaked = [text for text in texts if text in keys or "report." in text]
    assert leaked == []
    other = "en" if lang == "nl" else "nl"
    _, translated = _model(demo_engine, Filters(2021, 2027), other)
    assert translated.sections[0].title != report.sections[0].title


def test_the_four_goal_plan_gets_four_goal_sections(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'four.db'}")
    init_store(
        engine, with_demo=True, framework_path=DEFAULT_FRAMEWORK.parent / "example_four_goals.toml"
    )
    f = Filters(2029, 2031)
    frames, report = _model(engine, f, "en")
    assert frames.plan.goal_numbers == (1, 2, 3, 4)
    assert [s.key for s in report.sections] == [
        "summary", "goal_1", "goal_2", "goal_3", "goal_4", "returns", "methods",
    ]  # fmt: skip
    per_goal = _table(report, "per_goal")
    assert len(per_goal.rows) == 5  # four goals and the total
    assert report.figures == metrics.figures(frames, 2029, 2031, "submitted")
    assert [c.label for c in _table(report, "versions").columns[2:5]] == ["2029", "2030", "2031"]
    engine.dispose()
