"""The key figures, counted a second time in plain SQL over the store's own tables.

The expected side below reads the demo store with the sqlite3 module only (no
nap_data.metrics, no nap_data.queries) and follows the counting rules as written
in nap_data/i18n/counting.toml:

1. per organisation and reporting year, the newest version whose review status is in
   scope counts; returned versions never count;
2. an activity counts once over the period, with the goal and focus of its latest
   report in the period; its budget is the sum of its yearly budgets (nulls ignored);
4. per organisation, indicator, value-year and sex, the value of the latest in-scope
   return reporting it wins; an organisation's total is its total row, else the sum of
   its sex rows; then sum / mean / ratio over the organisations;
5. signatories of year `to`: joined on or before 31 December, not left on or before it.

It is reconciled with `figures()` (through `load_figure_frames`) and with the CLI
`python -m nap_data figures --json` run as a real process.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import REPO

PERIODS = [(2021, 2021), (2021, 2025), (2023, 2026), (2024, 2024)]
CLI_PERIODS = [(2021, 2025), (2024, 2024)]
SCOPES = ["submitted", "approved"]
FOCUSES = ("national", "foreign", "both")
TOLERANCE = 1e-6

# Rule 1: the versions that count. `:scope` is 'submitted' (submitted or approved) or
# 'approved' (approved only); a returned version is never in scope.
IN_SCOPE = """
    (s.review_status = 'approved'
     OR (s.review_status = 'submitted' AND :scope = 'submitted'))
"""

CURRENT = f"""
current AS (
    SELECT id, organisation_id, year, version FROM (
        SELECT s.id, s.organisation_id, s.year, s.version,
               ROW_NUMBER() OVER (
                   PARTITION BY s.organisation_id, s.year ORDER BY s.version DESC
               ) AS rn
        FROM submission s
        WHERE {IN_SCOPE}
    ) WHERE rn = 1
)
"""

# Rule 2: the period's reports of the counting versions, one row per activity.
ACTIVITIES = f"""
WITH {CURRENT},
reports AS (
    SELECT r.activity_id, c.year, c.version, r.goal_number, r.focus, r.budget_eur
    FROM activity_report r
    JOIN current c ON c.id = r.submission_id
    JOIN activity a ON a.id = r.activity_id
    WHERE c.year BETWEEN :year_from AND :year_to
),
latest AS (
    SELECT activity_id, goal_number, focus, ROW_NUMBER() OVER (
        PARTITION BY activity_id ORDER BY year DESC, version DESC
    ) AS rn
    FROM reports
),
budgets AS (
    SELECT activity_id, SUM(budget_eur) AS budget_eur FROM reports GROUP BY activity_id
)
SELECT l.activity_id, l.goal_number, l.focus, b.budget_eur
FROM latest l JOIN budgets b ON b.activity_id = l.activity_id
WHERE l.rn = 1
"""

# Rule 4: per organisation, indicator, value-year and sex the latest return wins; an
# organisation's total is its total row, else the sum of its sex rows; then the
# indicator's own rule over the organisations.
INDICATORS = f"""
WITH {CURRENT},
ranked AS (
    SELECT c.organisation_id AS org, v.indicator_id AS ind, v.year, v.sex,
           v.value, v.numerator, v.denominator,
           ROW_NUMBER() OVER (
               PARTITION BY c.organisation_id, v.indicator_id, v.year, v.sex
               ORDER BY c.year DESC, c.version DESC
           ) AS rn
    FROM indicator_value v
    JOIN current c ON c.id = v.submission_id
    WHERE v.year BETWEEN :year_from AND :year_to
),
latest AS (SELECT * FROM ranked WHERE rn = 1 OR :every_value),
org_totals AS (
    SELECT org, ind, year, value, numerator, denominator
    FROM latest WHERE sex = 'total'
    UNION ALL
    SELECT org, ind, year, SUM(value), SUM(numerator), SUM(denominator)
    FROM latest l
    WHERE sex <> 'total' AND NOT EXISTS (
        SELECT 1 FROM latest t
        WHERE t.sex = 'total' AND t.org = l.org AND t.ind = l.ind AND t.year = l.year
    )
    GROUP BY org, ind, year
)
SELECT i.code, o.year,
       CASE i.aggregation
           WHEN 'sum' THEN SUM(o.value)
           WHEN 'mean' THEN AVG(o.value)
           WHEN 'ratio' THEN CASE WHEN SUM(o.denominator) > 0
                                  THEN 100.0 * SUM(o.numerator) / SUM(o.denominator) END
       END AS total
FROM org_totals o JOIN indicator i ON i.id = o.ind
GROUP BY i.code, o.year, i.aggregation
"""

# Rule 5: signatories of year `to` and those with a counting version for that year.
SIGNATORY = "o.joined_on <= :year_end AND (o.left_on IS NULL OR o.left_on > :year_end)"
SIGNATORIES = f"SELECT COUNT(*) FROM organisation o WHERE {SIGNATORY}"
RECEIVED = f"""
SELECT COUNT(*) FROM organisation o
WHERE {SIGNATORY} AND EXISTS (
    SELECT 1 FROM submission s
    WHERE s.organisation_id = o.id AND s.year = :year_to AND {IN_SCOPE}
)
"""

GOALS = "SELECT number FROM goal WHERE plan_id = (SELECT MIN(id) FROM plan) ORDER BY number"

# The naive counts the rules exist to avoid: one per yearly report, every restated value.
NAIVE_ACTIVITIES = f"""
WITH {CURRENT}
SELECT COUNT(*) FROM activity_report r JOIN current c ON c.id = r.submission_id
WHERE c.year BETWEEN :year_from AND :year_to
"""


def _params(year_from: int, year_to: int, scope: str) -> dict:
    return {
        "year_from": year_from,
        "year_to": year_to,
        "year_end": f"{year_to}-12-31",
        "scope": scope,
        "every_value": 0,  # 1 only for the naive count: every restated value counts too
    }


def sql_figures(db: Path, year_from: int, year_to: int, scope: str) -> dict:
    """The key figures of the period, from the tables alone."""
    p = _params(year_from, year_to, scope)
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        acts = conn.execute(ACTIVITIES, p).fetchall()
        goals = [g for (g,) in conn.execute(GOALS)]
        indicators: dict[str, dict[str, float | None]] = {}
        for code, year, total in conn.execute(INDICATORS, p):
            indicators.setdefault(code, {})[str(year)] = total
        signatories = conn.execute(SIGNATORIES, p).fetchone()[0]
        received = conn.execute(RECEIVED, p).fetchone()[0]

    def budget(rows) -> float:
        return sum(b for *_, b in rows if b is not None)

    focuses = {focus for _, _, focus, _ in acts}
    assert focuses <= set(FOCUSES), f"unexpected focus in the store: {focuses - set(FOCUSES)}"
    return {
        "from": year_from,
        "to": year_to,
        "scope": scope,
        "activities": len(acts),
        "budget_eur": budget(acts),
        "by_goal": {
            str(g): {
                "activities": sum(1 for a in acts if a[1] == g),
                "budget_eur": budget(a for a in acts if a[1] == g),
            }
            for g in goals
        },
        "by_focus": {f: sum(1 for a in acts if a[2] == f) for f in FOCUSES},
        "indicators": indicators,
        "signatories": signatories,
        "returns_received": received,
        "returns_expected": signatories,
    }


def assert_same(got: dict, want: dict) -> None:
    """`got` (the code) against `want` (the SQL), field by field, with clear messages."""
    for key in ("from", "to", "scope", "activities", "by_focus", "signatories",
                "returns_received", "returns_expected"):  # fmt: skip
        assert got[key] == want[key], key
    # Money to the cent: the code rounds to cents, the SQL sum is unrounded.
    assert got["budget_eur"] == pytest.approx(want["budget_eur"], abs=0.005), "budget_eur"
    assert set(got["by_goal"]) == set(want["by_goal"]), "goals"
    for goal, w in want["by_goal"].items():
        g = got["by_goal"][goal]
        assert g["activities"] == w["activities"], f"activities of goal {goal}"
        assert g["budget_eur"] == pytest.approx(w["budget_eur"], abs=0.005), f"budget {goal}"
    assert set(got["indicators"]) == set(want["indicators"]), "indicator codes"
    for code, years in want["indicators"].items():
        assert set(got["indicators"][code]) == set(years), f"years of {code}"
        for year, value in years.items():
            actual = got["indicators"][code][year]
            if value is None:
                assert actual is None, f"{code} {year}"
            else:
                assert actual == pytest.approx(value, abs=TOLERANCE), f"{code} {year}"


def cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NAP_DATABASE_URL": f"sqlite:///{db}"}
    return subprocess.run(
        [sys.executable, "-m", "nap_data", "figures", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def dutch_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize(("year_from", "year_to"), PERIODS)
def test_figures_match_sql(demo_db, demo_engine, year_from, year_to, scope):
    from nap_data.metrics.figures import figures
    from nap_data.queries import load_figure_frames

    want = sql_figures(demo_db, year_from, year_to, scope)
    assert want["activities"] > 0 and want["indicators"], "the demo data should have figures"
    got = figures(load_figure_frames(demo_engine, scope), year_from, year_to, scope)
    assert_same(got, want)


def _amend(db: Path) -> None:
    """Add the cases rule 1 and rule 5 turn on, to a private copy of the demo store.

    For one organisation with an approved 2024 return: a newer *submitted* version (other
    goals, focus and budgets, and a restated 2023 value) and a still newer *returned* one
    (which never counts). So the submitted scope must take the new version, the approved
    scope the old one. And one signatory leaves on 31 December 2024 (not a signatory of
    2024), another joins that day (one).
    """
    with closing(sqlite3.connect(db)) as conn, conn:
        sub_id, org_id = conn.execute(
            """
            SELECT s.id, s.organisation_id FROM submission s
            JOIN organisation o ON o.id = s.organisation_id
            WHERE s.year = 2024 AND s.review_status = 'approved'
              AND s.version = (SELECT MAX(version) FROM submission x
                               WHERE x.organisation_id = s.organisation_id AND x.year = 2024)
              AND EXISTS (SELECT 1 FROM activity_report r WHERE r.submission_id = s.id)
              AND EXISTS (SELECT 1 FROM indicator_value v
                          WHERE v.submission_id = s.id AND v.sex = 'total')
            ORDER BY o.code LIMIT 1
            """
        ).fetchone()
        for step, (status, factor) in enumerate((("submitted", 2.0), ("returned", 100.0)), 1):
            new = conn.execute(
                """
                INSERT INTO submission (organisation_id, year, version, created_at, created_by,
                    source, template_version, review_status, counts)
                SELECT organisation_id, year, version + :step, created_at, 'test', 'upload',
                    template_version, :status, counts
                FROM submission WHERE id = :id
                """,
                {"id": sub_id, "step": step, "status": status},
            ).lastrowid
            conn.execute(
                """
                INSERT INTO activity_report (submission_id, activity_id, reference, title,
                    description, goal_number, focus, status, start_date, end_date, budget_eur,
                    progress, target_groups, partners, results)
                SELECT :new, activity_id, reference, title, description, goal_number % 5 + 1,
                    CASE focus WHEN 'national' THEN 'foreign' ELSE 'national' END, status,
                    start_date, end_date, COALESCE(budget_eur, 1000) * :factor + 0.37,
                    progress, target_groups, partners, results
                FROM activity_report WHERE submission_id = :id
                """,
                {"new": new, "id": sub_id, "factor": factor},
            )
            conn.execute(
                """
                INSERT INTO indicator_value (submission_id, indicator_id, year, sex, value,
                    numerator, denominator, note)
                SELECT :new, indicator_id, year, sex, value * :factor + 1, numerator,
                    denominator, note
                FROM indicator_value WHERE submission_id = :id
                UNION ALL
                SELECT :new, indicator_id, 2023, sex, value * :factor + 3, numerator,
                    denominator, 'restated'
                FROM indicator_value WHERE submission_id = :id AND year = 2024
                """,
                {"new": new, "id": sub_id, "factor": factor},
            )
        signatories = conn.execute(
            "SELECT id FROM organisation WHERE id <> :org AND left_on IS NULL "
            "AND joined_on < '2024-01-01' ORDER BY code LIMIT 2",
            {"org": org_id},
        ).fetchall()
        conn.execute("UPDATE organisation SET left_on = '2024-12-31' WHERE id = ?", signatories[0])
        conn.execute(
            "UPDATE organisation SET joined_on = '2024-12-31' WHERE id = ?", signatories[1]
        )


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize(("year_from", "year_to"), [(2021, 2025), (2023, 2024), (2024, 2024)])
def test_amended_store_matches_sql(demo_db, demo_engine, year_from, year_to, scope):
    from nap_data.metrics.figures import figures
    from nap_data.queries import load_figure_frames

    before = sql_figures(demo_db, year_from, year_to, scope)
    _amend(demo_db)
    want = sql_figures(demo_db, year_from, year_to, scope)
    if scope == "submitted":  # the amendment bites where it should, and only there
        assert want["budget_eur"] != pytest.approx(before["budget_eur"], abs=0.005)
        assert want["indicators"] != before["indicators"]
    else:
        assert (want["budget_eur"], want["by_goal"]) == (before["budget_eur"], before["by_goal"])
    if year_to == 2024:
        assert want["signatories"] == before["signatories"] - 1
    got = figures(load_figure_frames(demo_engine, scope), year_from, year_to, scope)
    assert_same(got, want)


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize(("year_from", "year_to"), CLI_PERIODS)
def test_cli_json_matches_sql(demo_db, year_from, year_to, scope):
    args = ["--from", str(year_from), "--to", str(year_to), "--scope", scope, "--json"]
    result = cli(*args, db=demo_db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, "exactly one JSON object on stdout"
    assert_same(json.loads(lines[0]), sql_figures(demo_db, year_from, year_to, scope))


def test_sql_discriminates_on_the_demo_data(demo_db):
    """The reconciliation would catch double counting: on the demo data the naive counts
    (one activity per yearly report, restated values added up) differ from the rules."""
    p = _params(2021, 2025, "submitted")
    want = sql_figures(demo_db, 2021, 2025, "submitted")
    with closing(sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True)) as conn:
        naive_activities = conn.execute(NAIVE_ACTIVITIES, p).fetchone()[0]
        naive = conn.execute(INDICATORS, {**p, "every_value": 1}).fetchall()
    assert naive_activities > want["activities"]
    added_up = [
        (code, year)
        for code, year, total in naive
        if total is not None
        and total != pytest.approx(want["indicators"][code][str(year)], abs=TOLERANCE)
    ]
    assert added_up, "the demo data restates some indicator values"


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2030", "--to", "2031"],
        ["--from", "2025", "--to", "2021"],
        ["--from", "2021", "--to", "2025", "--scope", "everything"],
        ["--from", "2021"],
    ],
    ids=["outside-plan", "from-after-to", "bad-scope", "missing-to"],
)
def test_cli_bad_arguments(demo_db, args):
    result = cli(*args, db=demo_db)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.strip(), result.stderr


def test_cli_table_shows_dutch_activity_count(demo_db):
    result = cli("--from", "2021", "--to", "2025", db=demo_db)
    assert result.returncode == 0, result.stderr
    count = sql_figures(demo_db, 2021, 2025, "submitted")["activities"]
    line = rf"^Activiteiten\s+{re.escape(dutch_int(count))}\s*$"
    assert re.search(line, result.stdout, re.MULTILINE), result.stdout
