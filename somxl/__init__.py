"""somxl: SØM input workbooks, validation and result workbooks with live formulas.

The package is light to import: the heavy modules (numpy, pandas, openpyxl, XlsxWriter)
are imported by the stage modules that need them, so ``somxl --help`` starts fast.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
