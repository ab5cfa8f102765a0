"""Reading a returned workbook: somxl.base.xlsxread against openpyxl and pandas, measured in one run.

A typical returned SØM workbook is generated with XlsxWriter (10 sheets, about 2,000 filled
cells, about 200 defined names, formulas with cached values), then read by:

1. somxl: open_workbook (safety gate included) + every defined-name range read
   (values, kinds and formulas in one pass);
2. openpyxl.load_workbook(data_only=True) (values only; formulas need a second load);
3. pandas.read_excel(sheet_name=None) with the openpyxl engine (values only, no names);
4. pandas.read_excel(sheet_name=None, engine="calamine").

Prints the median of several repeats per reader and the ratio somxl / pandas (target <= 0.5).
Run: python benchmarks/bench_read.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from pathlib import Path

SHEETS = 10
NAMES_PER_SHEET = 20  # 200 defined names in all
ROWS_PER_NAME = 10    # a name covers C{r}:C{r+9}: 200 cells per sheet, 2,000 in all


def make_workbook(path: Path) -> int:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    money = wb.add_format({"num_format": "#,##0", "bg_color": "#FFF2CC"})
    filled = 0
    for s in range(SHEETS):
        name = f"{s + 1} Ark æøå" if s else "1 Indsats"
        ws = wb.add_worksheet(name)
        ws.write("A1", f"Overskrift {s}")
        for n in range(NAMES_PER_SHEET):
            top = 3 + n * (ROWS_PER_NAME + 1)
            ws.write(top - 1, 1, f"Felt {n}")
            for r in range(ROWS_PER_NAME):
                row = top + r
                if r % 5 == 4:
                    ws.write_formula(row, 2, f"=C{row - 2}+C{row - 1}", money, 2 * row + 1)
                elif r % 7 == 6:
                    ws.write_string(row, 2, "1.234,50")
                else:
                    ws.write_number(row, 2, row * 10.5, money)
                filled += 1
            wb.define_name(f"S{s}_Felt{n}", f"='{name}'!$C${top + 1}:$C${top + ROWS_PER_NAME}")
    wb.close()
    return filled


def time_it(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    import openpyxl
    import pandas as pd

    from somxl.base.xlsxread import open_workbook

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "returned.xlsx"
        filled = make_workbook(path)

        def somxl_read() -> None:
            book = open_workbook(path)
            n = sum(1 for name in book.defined_names if book.read_name(name) is not None)
            assert n == SHEETS * NAMES_PER_SHEET

        def openpyxl_read() -> None:
            openpyxl.load_workbook(path, data_only=True)

        def pandas_openpyxl() -> None:
            pd.read_excel(path, sheet_name=None, header=None)

        def pandas_calamine() -> None:
            pd.read_excel(path, sheet_name=None, header=None, engine="calamine")

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results = {
                "somxl open_workbook + all names": time_it(somxl_read, args.repeat),
                "openpyxl load_workbook(data_only=True)": time_it(openpyxl_read, args.repeat),
                "pandas.read_excel (openpyxl)": time_it(pandas_openpyxl, args.repeat),
                "pandas.read_excel (calamine)": time_it(pandas_calamine, args.repeat),
            }
    print(f"workbook: {SHEETS} sheets, {filled} filled cells, {SHEETS * NAMES_PER_SHEET} defined names; "
          f"median of {args.repeat}")
    for label, seconds in results.items():
        print(f"  {label:<42} {seconds * 1000:8.1f} ms")
    ours = results["somxl open_workbook + all names"]
    print(f"  ratio somxl / pandas (openpyxl)            {ours / results['pandas.read_excel (openpyxl)']:8.2f}  (target <= 0.5)")
    print(f"  ratio somxl / pandas (calamine)            {ours / results['pandas.read_excel (calamine)']:8.2f}")


if __name__ == "__main__":
    main()
