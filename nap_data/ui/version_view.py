"""One stored return version on screen: what it says, and what changed against the version
before it. Shared by the reviewers' queue and a signatory's own returns."""

from __future__ import annotations

import polars as pl
import streamlit as st

from nap_data.countries import country_name
from nap_data.formatting import format_date, format_eur_exact, format_number
from nap_data.i18n import t
from nap_data.labels import md
from nap_data.services import access, review
from nap_data.services.version_diff import ActivityDiff, VersionDiff, version_diff
from nap_data.ui import loaders, tables, widgets

_KEPT = 20  # versions whose content and diff a session keeps (they never change)


def _kept(kind: str, submission_id: int, actor, make):
    # A stored version's content never changes, so one read per session is enough; the
    # actor is part of the key because what it may read depends on who asks.
    store = st.session_state.setdefault("_version_views", {})
    key = (kind, loaders.version()[0], submission_id, actor)
    if key not in store:
        while len(store) >= _KEPT:
            store.pop(next(iter(store)))
        store[key] = make()
    return store[key]


def heading(page, row: dict) -> str:
    """ "ORG005 · Name · 2025 · version 3 · Submitted (current)", escaped for Markdown."""
    state = page.t(f"return_state.{row['review_status']}")
    if row.get("current") is False:
        state = page.t("review.superseded_state", state=state)
    return page.t(
        "review.version_heading",
        code=md(row["organisation_code"]),
        organisation=md(row["organisation_name"]),
        year=row["year"],
        version=row["version"],
        state=state,
    )


def show(page, row: dict, key: str) -> None:
    """The version's changes against the previous one, then its activities, indicator
    values and narratives, each in a tab."""
    sid, actor = row["submission_id"], page.actor
    try:
        content = _kept(
            "content", sid, actor, lambda: review.version_content(loaders.engine(), actor, sid)
        )
        diff = _kept("diff", sid, actor, lambda: version_diff(loaders.engine(), actor, sid))
    except access.Denied as exc:
        st.error(exc.message(page.lang), icon=":material/lock:")
        return
    changes, activities, values, texts = st.tabs(
        [
            page.t("review.tab_changes"),
            page.t("review.tab_activities", n=len(content.activities)),
            page.t("review.tab_indicators", n=len(content.indicators)),
            page.t("review.tab_narratives", n=len(content.narratives)),
        ]
    )
    with changes:
        show_diff(page, diff, key)
    caption = page.t(
        "review.version_caption",
        code=row["organisation_code"],
        year=row["year"],
        version=row["version"],
    )
    with activities:
        _activities(page, content.activities, f"{key}_activities", caption)
    with values:
        _indicators(page, content.indicators, f"{key}_values", caption)
    with texts:
        _narratives(page, content.narratives)


def show_diff(page, diff: VersionDiff, key: str) -> None:
    if diff.previous_version is None:  # all of it is new: the other tabs show it
        st.info(page.t("review.first_version"))
        return
    st.markdown(page.t("review.compared_with", version=diff.previous_version))
    if diff.is_empty:
        st.info(page.t("review.no_changes"))
        return
    activity_changes(page, diff.activities, key)
    if diff.indicators:
        st.markdown(f"**{page.t('review.indicator_changes', n=len(diff.indicators))}**")
        st.html(widgets.NO_TOOLBAR_EXPORT)
        st.dataframe(_value_changes(page, diff), hide_index=True, key=f"{key}_value_changes")
    for change in diff.narratives:
        with st.expander(
            page.t(
                "review.narrative_changed",
                goal=md(page.goal_name(change.goal_number)),
                field=page.t(f"narrative.{change.field}"),
            )
        ):
            st.markdown(f"**{page.t('review.old')}**")
            st.text(change.old or "—")
            st.markdown(f"**{page.t('review.new')}**")
            st.text(change.new or "—")


def activity_changes(page, diff: ActivityDiff, key: str) -> None:
    """Added and removed activities by title; changed ones field by field, old -> new."""
    counts = page.t(
        "review.activity_counts",
        added=len(diff.added),
        removed=len(diff.removed),
        changed=len(diff.changed),
        unchanged=diff.unchanged,
    )
    st.markdown(counts)
    for label, rows in (("review.added", diff.added), ("review.removed", diff.removed)):
        if rows:
            titles = "; ".join(md(row.title) for row in rows)
            st.markdown(f"**{page.t(label)}:** {titles}")
    if diff.changed:
        changed_table(page, diff, key)


def changed_table(page, diff: ActivityDiff, key: str) -> None:
    """One row per changed field of each changed activity: title, field, old, new."""
    table = pl.DataFrame(
        [
            {
                "activity": change.title,
                "field": page.t(f"review.field.{f.field}"),
                "old": shown_value(page, f.field, f.old),
                "new": shown_value(page, f.field, f.new),
            }
            for change in diff.changed
            for f in change.fields
        ],
        schema=dict.fromkeys(("activity", "field", "old", "new"), pl.String),
    )
    st.html(widgets.NO_TOOLBAR_EXPORT)  # its CSV would skip neutralisation and the check
    st.dataframe(
        table,
        hide_index=True,
        key=f"{key}_changed",
        column_config={
            "activity": page.t("col.title"),
            "field": page.t("col.field"),
            "old": page.t("col.old"),
            "new": page.t("col.new"),
        },
    )


def shown_value(page, field: str, value: object) -> str:
    """A field's value as the reader knows it (words, names, the language's formats)."""
    lang = page.lang
    if value is None or value == "" or value == ():
        return "—"
    if field in ("focus", "status", "progress"):
        return t(f"{field}.{value}", lang)
    if field == "goal_number":
        return page.goal_name(value)
    if field == "countries":
        return "; ".join(country_name(code, lang) for code in value)
    if field == "target_groups":
        return "; ".join(t(f"target_group.{g}", lang) for g in value)
    if field == "budget_eur":
        return format_eur_exact(float(value), lang)
    if field in ("start_date", "end_date"):
        return format_date(value, lang)
    if isinstance(value, float):
        return format_number(value, lang, 2)
    return str(value)


def _value_changes(page, diff: VersionDiff) -> pl.DataFrame:
    def value(row) -> str:
        return "—" if row is None else format_number(row.value, page.lang, 2)

    rows = [
        {
            page.t("col.indicator"): c.indicator,
            page.t("col.year"): str(c.year),
            page.t("col.sex"): t(f"sex.{c.sex}", page.lang),
            page.t("col.old"): value(c.old),
            page.t("col.new"): value(c.new),
            page.t("col.note"): (c.new or c.old).note,
        }
        for c in diff.indicators
    ]
    return pl.DataFrame(rows)


def _activities(page, rows, key: str, caption: str) -> None:
    if not rows:
        st.caption(page.t("review.no_activities"))
        return
    frame = pl.DataFrame(
        [
            {
                "reference": a.reference, "title": a.title, "goal": a.goal_number,
                "focus": a.focus, "countries": list(a.countries), "status": a.status,
                "progress": a.progress, "start_date": a.start_date, "end_date": a.end_date,
                "budget_eur": a.budget_eur, "target_groups": ";".join(a.target_groups),
            }
            for a in rows
        ],
        schema_overrides={"countries": pl.List(pl.String)},
    )  # fmt: skip
    columns = {
        "reference": "col.reference", "title": "col.title", "goal": "col.goal",
        "focus": "col.focus", "countries": "col.countries", "status": "col.status",
        "progress": "col.progress", "start_date": "col.start_date",
        "end_date": "col.end_date", "budget_eur": "col.budget",
    }  # fmt: skip
    tables.table(frame, columns, page.lang, key=key, goals=page.all_goals, caption=caption)


def _indicators(page, rows, key: str, caption: str) -> None:
    if not rows:
        st.caption(page.t("review.no_indicators"))
        return
    frame = pl.DataFrame(
        [
            {
                "indicator": v.indicator_code, "year": v.year, "sex": v.sex,
                "value": v.value, "numerator": v.numerator, "denominator": v.denominator,
                "note": v.note,
            }
            for v in rows
        ]
    )  # fmt: skip
    columns = {
        "indicator": "col.indicator", "year": "col.year", "sex": "col.sex",
        "value": "col.value", "numerator": "col.numerator",
        "denominator": "col.denominator", "note": "col.note",
    }  # fmt: skip
    tables.table(frame, columns, page.lang, key=key, caption=caption)


def _narratives(page, rows) -> None:
    if not rows:
        st.caption(page.t("review.no_narratives"))
        return
    for n in rows:
        st.markdown(f"**{md(page.goal_name(n.goal_number))}**")
        for field in ("highlights", "challenges", "lessons"):
            text = getattr(n, field)
            if text:
                st.markdown(f"*{page.t(f'narrative.{field}')}*")
                st.text(text)
