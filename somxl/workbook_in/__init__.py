"""Workbook in: a returned workbook read into a case with where every value came
from, validated with located issues; many files in spawn-safe worker processes."""
