"""The take-away deck: `python -m nap_data deck` writes the presentation's slides as PowerPoint
and PDF, opened here with python-pptx and read back page by page."""

from __future__ import annotations

import io
import os
import re

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from nap_data import cli, queries, slides
from nap_data.deck import layout
from nap_data.filters import Filters
from nap_data.store import make_engine


def _data(demo_db) -> slides.Data:
    """The slides' data from the store the command reads (NAP_DATABASE_URL, set by demo_db)."""
    engine = make_engine(os.environ["NAP_DATABASE_URL"])
    try:
        plan = queries.load_plan(engine)
        return slides.Data(
            plan,
            queries.load_activities(engine),
            queries.load_organisations(engine),
            queries.load_submissions(engine),
            queries.load_indicators(engine, plan.code),
            queries.load_indicator_values(engine),
            demo=True,
        )
    finally:
        engine.dispose()


@pytest.fixture
def pptx_deck(demo_db, tmp_path):
    out = tmp_path / "board.pptx"
    assert cli.main(["deck", "--year", "2025", "--lang", "en", "-o", str(out)]) == 0
    data = _data(demo_db)
    return Presentation(str(out)), slides.build_all(data, Filters(2021, 2025), "en")


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def test_the_powerpoint_has_the_presentations_slides_titles_pictures_and_notes(pptx_deck):
    prs, expected = pptx_deck
    assert len(prs.slides) == len(expected) == 9
    assert (prs.slide_width, prs.slide_height) == (12191695, 6858000)  # 16:9, 13.333 x 7.5 in
    for page, slide in zip(prs.slides, expected, strict=True):
        shapes = {s.name: s for s in page.shapes}
        assert shapes["Title"].text_frame.text == slide.title
        texts = _texts(page)
        for figure in slide.figures:  # the cards, as text boxes
            assert any(figure.label in t and figure.value in t for t in texts), figure
        assert shapes["Footer"].text_frame.text == slide.footer_text
        pictures = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        picture = pictures[0]
        width, _ = Image.open(io.BytesIO(picture.image.blob)).size
        # Full resolution: twice the chart's design size, over 200 pixels per inch on the page.
        assert width >= 2500 and width / picture.width.inches > 200
        assert picture._element.nvPicPr.cNvPr.get("descr") == slide.chart_title
        notes = page.notes_slide.notes_text_frame.text
        assert notes == slide.notes and "Counting rule" in notes


def test_speaker_notes_hold_the_numbers_behind_the_chart(pptx_deck):
    prs, expected = pptx_deck
    overview = expected[0]
    notes = prs.slides[0].notes_slide.notes_text_frame.text
    for goal in overview.numbers["by_goal"].values():
        assert f"{goal['activities']} activities" in notes
    assert "python -m nap_data figures --from 2025 --to 2025" in notes
    returns = prs.slides[len(expected) - 1].notes_slide.notes_text_frame.text
    missing = expected[-1].numbers["states"]["missing"]
    assert f"Not received yet: {missing}" in returns


def _pdf_pages(content: bytes) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is not a requirement: count the page objects themselves
        return len(re.findall(rb"/Type\s*/Page\b", content))
    return len(PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_has_one_page_per_slide_of_a_filtered_presentation(demo_db, tmp_path):
    out = tmp_path / "board.pdf"
    args = ["deck", "--year", "2025", "--goals", "2,3", "--focus", "foreign", "-o", str(out)]
    assert cli.main(args) == 0
    content = out.read_bytes()
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    plan = _data(demo_db).plan
    assert _pdf_pages(content) == len(slides.sequence(plan, (2, 3))) == 6
    assert len(re.findall(rb"/Type\s*/Page\b", content)) == 6
    size = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", content)
    assert size and round(float(size[1]) / 72, 2) == round(layout.WIDTH, 2)  # 13.33 in wide


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--goals", "9"], "--goals: unknown value(s) 9"),
        (["--focus", "abroad"], "--focus: unknown value(s) abroad"),
        (["--year", "2035"], "outside the plan period"),
        (["-o", "board.key"], "must end in .pptx or .pdf"),
    ],
)
def test_the_command_refuses_what_it_cannot_make(demo_db, tmp_path, capsys, args, message):
    out = tmp_path / "out"
    out.mkdir()
    base = {"--year": "2025", "-o": str(out / "board.pptx")}
    given = dict(zip(args[::2], args[1::2], strict=True))
    if "-o" in given:
        given["-o"] = str(out / given["-o"])
    argv = ["deck", *[x for kv in {**base, **given}.items() for x in kv]]
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err
    assert not list(out.iterdir())  # nothing written


def test_a_long_title_steps_down_until_it_fits_two_lines():
    from nap_data.deck.pdf import _title_size

    assert layout.title_pt("2025: 56 of 70 signatories reported") == layout.TITLE_PT
    long = "word " * 40
    assert layout.title_pt(long) < layout.TITLE_PT
    assert _title_size("short") == layout.TITLE_PT
    assert _title_size(long) < layout.TITLE_PT
