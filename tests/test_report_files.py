"""The report's files, opened back by their own libraries: the Word document by python-docx,
the workbook by openpyxl, the PDF by pypdf, the HTML by an HTML parser (and by WeasyPrint
with every fetch refused). A return's narrative with Markdown, HTML and a formula in it is
quoted, and comes out as its plain characters in every format."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from html.parser import HTMLParser

import docx
import openpyxl
import pypdf
import pytest
from sqlalchemy import select

from nap_data.filters import Filters
from nap_data.models import AuditEvent, Narrative, Organisation, Submission
from nap_data.report.build import build_report
from nap_data.report.words import cell_text
from nap_data.services import Actor
from nap_data.services.access import Denied
from nap_data.store import make_engine, write_session
from tests.conftest import REPO

# Long enough to be the longest highlight of goal 1 (the quote rule), and everything a
# renderer might take for markup: a formula, Markdown, HTML, an image, a directive, LaTeX.
PAYLOAD = (
    '=HYPERLINK("http://127.0.0.1:9/x","klik") **vet** _schuin_ [link](http://127.0.0.1:9/) '
    "<img src=http://127.0.0.1:9/x.png> <script>alert(1)</script> <b>dik</b> &amp; "
    ":material/home: $x^2$ # kop\n- punt een\n- punt twee "
    + "Samenwerking met vrouwenorganisaties. "
    * 8
).strip()
ADMIN = Actor("tester@example.org", "policy_officer")


def _plant_payload(engine) -> str:
    """Put PAYLOAD in an approved 2023 return's goal 1 highlights; returns its organisation."""
    with write_session(engine) as session:
        row = session.execute(
            select(Narrative, Organisation.name)
            .join(Submission, Submission.id == Narrative.submission_id)
            .join(Organisation, Organisation.id == Submission.organisation_id)
            .where(
                Submission.year == 2023,
                Submission.review_status == "approved",
                Narrative.goal_number == 1,
            )
            .order_by(Submission.id.desc())
        ).first()
        narrative, name = row
        narrative.highlights = PAYLOAD
        return name


@pytest.fixture(scope="module")
def built(demo_template, tmp_path_factory):
    """One store, the payload planted, and the report over 2022-2023 in both languages."""
    folder = tmp_path_factory.mktemp("report")
    path = folder / "nap.db"
    shutil.copyfile(demo_template, path)
    engine = make_engine(f"sqlite:///{path}")
    organisation = _plant_payload(engine)
    steps = []
    out = {
        lang: build_report(
            engine,
            ADMIN,
            2022,
            2023,
            lang=lang,
            out_dir=folder / lang,
            progress=lambda fraction, text: steps.append((fraction, text)),
        )
        for lang in ("nl", "en")
    }
    yield {"files": out, "engine": engine, "organisation": organisation, "steps": steps}
    engine.dispose()


def _heading_texts(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_word_document_has_real_headings_tables_pictures_and_a_contents_field(built, lang):
    files = built["files"][lang]
    report = files.report
    document = docx.Document(files.docx)
    assert _heading_texts(document, "Title") == [report.title]
    assert _heading_texts(document, "Heading 1") == [s.title for s in report.sections]
    assert len(_heading_texts(document, "Heading 2")) >= 2 * (len(report.sections) - 3)
    xml = document.element.xml
    assert 'TOC \\o "1-2"' in xml and "SEQ Table" in xml and "SEQ Figure" in xml
    settings = [child.tag.split("}")[1] for child in document.settings.element]
    assert settings.index("updateFields") < settings.index("compat")  # the schema's order
    styles = document.styles.element.xml
    assert f'w:lang w:val="{"nl-NL" if lang == "nl" else "en-GB"}"' in styles
    assert len(document.tables) == len(report.tables())
    assert len(document.inline_shapes) == len(report.charts())
    label = "Tabel" if lang == "nl" else "Table"
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert f"{label} 1. {report.tables()[0].title}" in captions
    for shape in document.inline_shapes:
        assert abs(shape.width.cm - 16.0) < 0.01
    first = document.part.related_parts[
        document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    ]
    width, dpi = _png_width_and_dpi(first.blob)
    assert width >= 1890 and dpi == 300  # 300 dpi at 16 cm


def _png_width_and_dpi(png: bytes) -> tuple[int, int]:
    width = struct.unpack(">I", png[16:20])[0]
    at = png.index(b"pHYs")
    per_metre = struct.unpack(">I", png[at + 4 : at + 8])[0]
    return width, round(per_metre * 0.0254)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_word_tables_equal_the_workbooks_sheets(built, lang):
    files = built["files"][lang]
    document = docx.Document(files.docx)
    workbook = openpyxl.load_workbook(files.xlsx)
    sheets = [ws for ws in workbook.worksheets[1:-1]]  # contents first, quotes last
    assert len(sheets) == len(files.report.tables()) == len(document.tables)
    for table, grid, sheet in zip(files.report.tables(), document.tables, sheets, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        assert [c.label for c in table.columns] == list(rows[0])
        assert [cell.text for cell in grid.rows[0].cells] == list(rows[0])
        for word_row, sheet_row in zip(grid.rows[1:], rows[1:], strict=True):
            written = [
                cell_text(_from_sheet(v, c.kind), c.kind, lang)
                for v, c in zip(sheet_row, table.columns, strict=True)
            ]
            assert [cell.text for cell in word_row.cells] == written
        for column_index, column in enumerate(table.columns):
            values = [r[column_index] for r in rows[1:] if r[column_index] is not None]
            if column.kind in ("int", "eur", "number", "percent", "year"):
                assert all(isinstance(v, int | float) for v in values), (table.key, column)


def _from_sheet(value, kind: str):
    if kind == "date" and value is not None:
        return value.date()
    return value


def test_no_cell_of_the_workbook_is_a_formula_and_the_quote_is_text(built):
    workbook = openpyxl.load_workbook(built["files"]["nl"].xlsx)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row), sheet.title
    quotes = list(workbook.worksheets[-1].iter_rows(values_only=True))
    texts = [row[4] for row in quotes[1:]]
    assert "'" + PAYLOAD in texts  # neutralised: shown as text, never run


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs, self.tags, self.quote_texts, self._in_quote = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "poster", "action"):
                self.refs.append(value)
        if tag == "p" and ("class", "text") in attrs:
            self._in_quote = True
            self.quote_texts.append("")

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_quote = False

    def handle_data(self, data):
        if self._in_quote:
            self.quote_texts[-1] += data


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_html_is_self_contained_and_opens_offline(built, lang):
    files = built["files"][lang]
    page = files.html.read_text(encoding="utf-8")
    refs = _Refs()
    refs.feed(page)
    assert refs.refs and all(r.startswith(("data:image/svg+xml;base64,", "#")) for r in refs.refs)
    assert not {"link", "script", "iframe", "object", "embed"} & set(refs.tags)
    assert "@import" not in page  # (the quoted payload names addresses, as text only)
    assert all(u.startswith("data:") for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", page))
    import weasyprint  # a browser that may fetch nothing at all still draws every chart
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class Offline(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                raise FatalURLFetchingError(url)
            return super().fetch(url, headers)

    document = weasyprint.HTML(string=page, url_fetcher=Offline()).render()
    assert len(document.pages) > len(files.report.sections)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_pdf_has_a_page_per_section_numbers_and_bookmarks(built, lang):
    files = built["files"][lang]
    reader = pypdf.PdfReader(files.pdf)
    pages = [p.extract_text() for p in reader.pages]
    sections = files.report.sections
    assert len(pages) >= len(sections) + 2  # title page, contents, then the sections
    assert files.report.title.split()[0] in pages[0]
    word = "Pagina" if lang == "nl" else "Page"
    for number, text in enumerate(pages[1:], start=2):
        assert f"{word} {number} " in text, number
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline == [s.title for s in sections]
    starts = [_page_starting_with(pages, s.title) for s in sections]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def _page_starting_with(pages: list[str], title: str) -> int:
    flat = " ".join(title.split())
    for index, text in enumerate(pages):
        if " ".join(text.split()).startswith(flat):
            return index
    raise AssertionError(f"no page starts with {title!r}")


def test_a_narrative_with_markup_and_a_formula_is_plain_text_in_every_format(built):
    files, organisation = built["files"]["nl"], built["organisation"]
    quote = next(q for q in files.report.quotes() if q.text == PAYLOAD)
    assert organisation in quote.attribution
    document = docx.Document(files.docx)
    assert PAYLOAD in [p.text for p in document.paragraphs]
    refs = _Refs()
    refs.feed(files.html.read_text(encoding="utf-8"))
    assert PAYLOAD in refs.quote_texts
    assert "script" not in refs.tags and "b" not in refs.tags
    assert not [r for r in refs.refs if "127.0.0.1" in r]
    # Lines wrap anywhere in a PDF (inside an address too), so compare without white space.
    pdf_text = "".join("".join(p.extract_text() for p in pypdf.PdfReader(files.pdf).pages).split())
    for piece in (
        "<script>alert(1)</script>",
        "**vet**",
        "[link](http://127.0.0.1:9/)",
        "$x^2$",
        '=HYPERLINK("http://127.0.0.1:9/x","klik")',
    ):
        assert "".join(piece.split()) in pdf_text


def test_every_chart_is_written_as_svg_and_png_and_zipped(built):
    files = built["files"]["nl"]
    names = {p.name for p in files.charts}
    assert len(names) == 2 * len(files.report.charts())
    with zipfile.ZipFile(files.charts_zip) as archive:
        assert set(archive.namelist()) == names
        for name in archive.namelist():
            data = archive.read(name)
            assert data.startswith(b"\x89PNG" if name.endswith(".png") else b"<svg")


def test_the_build_is_recorded_with_each_files_sha256_and_reports_progress(built):
    import hashlib

    files = built["files"]["nl"]
    with built["engine"].connect() as conn:
        events = conn.execute(
            select(AuditEvent.actor, AuditEvent.detail).where(AuditEvent.action == "report_made")
        ).all()
    assert len(events) == 2 and events[0].actor == ADMIN.name
    detail = events[0].detail
    assert detail["period"] == "2022-2023" and detail["lang"] == "nl"
    for path in files.documents:
        assert detail["files"][path.name] == hashlib.sha256(path.read_bytes()).hexdigest()
    fractions = [f for f, _text in built["steps"]]
    assert fractions[0] < 0.1 and fractions.count(1.0) == 2
    assert any("PDF" in text for _f, text in built["steps"])


def test_a_viewer_may_not_make_the_report_and_the_refusal_is_recorded(demo_engine, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(Denied):
        build_report(demo_engine, Actor("viewer@example.org", "viewer"), 2022, 2023, out_dir=out)
    assert not out.exists()
    with demo_engine.connect() as conn:
        refused = (
            conn.execute(select(AuditEvent.detail).where(AuditEvent.action == "access_denied"))
            .scalars()
            .all()
        )
    assert {"attempted": "reports"}.items() <= refused[-1].items()


def _cli(*args: str, env_db) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "NAP_DATABASE_URL": f"sqlite:///{env_db}"}
    return subprocess.run(
        [sys.executable, "-m", "nap_data", "report", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_command_writes_the_files_and_refuses_what_the_plan_does_not_have(demo_db, tmp_path):
    done = _cli(
        "--from",
        "2023",
        "--to",
        "2023",
        "--goal",
        "2",
        "--lang",
        "en",
        "-o",
        str(tmp_path),
        env_db=demo_db,
    )
    assert done.returncode == 0, done.stderr[-800:]
    written = [line for line in done.stdout.splitlines() if line.strip()]
    suffixes = {p.rsplit(".", 1)[-1] for p in written}
    assert {"docx", "pdf", "html", "xlsx", "zip", "svg", "png"} <= suffixes
    assert "[100%]" in done.stderr
    document = docx.Document(next(p for p in written if p.endswith(".docx")))
    headings = _heading_texts(document, "Heading 1")
    assert headings[1] == "Strategic goal 2: Prevention" and len(headings) == 4
    outside = _cli("--from", "2019", "--to", "2023", "-o", str(tmp_path / "x"), env_db=demo_db)
    assert outside.returncode == 2 and "2019" in outside.stderr
    unknown = _cli(
        "--from", "2023", "--to", "2023", "--goal", "9", "-o", str(tmp_path / "y"), env_db=demo_db
    )
    assert unknown.returncode == 2 and "--goal 9" in unknown.stderr


def test_filters_are_the_dashboards_and_reach_the_files(demo_engine, tmp_path):
    f = Filters(2023, 2023, goals=(3,))
    files = build_report(demo_engine, ADMIN, 2023, 2023, filters=f, out_dir=tmp_path)
    workbook = openpyxl.load_workbook(files.xlsx)
    per_goal = list(workbook.worksheets[2].iter_rows(values_only=True))
    assert [row[0] for row in per_goal[1:]] == ["3. Bescherming", "Totaal"]
    assert per_goal[1][1] == files.report.figures["activities"] == per_goal[2][1]
    assert io.BytesIO(files.pdf.read_bytes()).getvalue().startswith(b"%PDF")
