"""Workbooks out: every workbook somxl writes (the input template, the result
workbook and its sheets, the annotated copy), through one door (xlsxout)."""
