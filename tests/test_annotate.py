"""--annotate: a new workbook from the case as read, a Validering sheet linking each issue to its
cell, comments on those cells, and user texts starting with '=' kept as text."""

from __future__ import annotations

import zipfile

from readback import edit, fill, sample
from somxl.workbooks_out.annotate import write_annotated
from somxl.workbook_in.validate import validate_file
from somxl.base.xlsxread import open_workbook


def test_annotated_workbook_lists_links_and_comments(tmp_path):
    case = sample()
    case["intervention"]["name"] = "=IKKE EN FORMEL"
    layout = fill(tmp_path / "filled.xlsx", case)
    src = edit(tmp_path / "filled.xlsx", tmp_path / "returned.xlsx", layout, {
        "costs[1].amount": "1.234", "consequences[0].kind": "måske"})
    v = validate_file(src)
    out = write_annotated(v, tmp_path / "annotated.xlsx", inputs=(src,))
    book = open_workbook(out)
    assert book.sheet_names[-1] == "Validering"
    rows = book.cells("Validering")
    table = [[rows[(r, c)].value if (r, c) in rows else None for c in range(1, 5)] for r in range(4, 7)]
    assert table == [["Fejl", "R002", "3 Omkostninger", "G24"], ["Fejl", "R016", "5 Konsekvenser", "E18"],
                     [None, None, None, None]]
    # the file's name heads the list, not the folder the economist checked it in
    assert rows[(1, 1)].value == "returned.xlsx: 2 fejl, 0 advarsler"
    with zipfile.ZipFile(out) as z:
        sheet_xml = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        validering = z.read(sorted(sheet_xml, key=lambda n: int(n[19:-4]))[-1]).decode()
        comments = " ".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/comments"))
    assert "location=\"'3 Omkostninger'!G24\"" in validering
    assert "R002" in comments and "R016" in comments
    name = [c for c in book.cells("1 Indsats").values() if c.value == "=IKKE EN FORMEL"]
    assert len(name) == 1 and name[0].formula is None
    # the annotated copy is a workbook of the current template again; a value that could not be
    # read is shown as the sender wrote it, so the same errors come back at the same cells
    again = validate_file(out)
    assert [(i.sheet, i.cell, i.code, i.value) for i in again.report.errors] == [
        ("3 Omkostninger", "G24", "R002", "1.234"), ("5 Konsekvenser", "E18", "R016", "måske")]
