"""The exceptions somxl raises. Validation problems are reported, not raised (see report.py);
an exception means the input cannot be used at all."""

from __future__ import annotations


class SomxlError(Exception):
    """Base of every error somxl raises on purpose. ``exit_code`` is what the CLI exits with."""

    exit_code = 2

    def __init__(self, message: str, *, en: str | None = None, report=None):
        # ``message`` is Danish (the default language); ``en`` the English text.
        super().__init__(message)
        self.en = en
        self.report = report

    def text(self, lang: str = "da") -> str:
        return self.en if lang == "en" and self.en else str(self.args[0])


class FileError(SomxlError):
    """A file cannot be read at all: missing, not a workbook, encrypted, unsafe, truncated."""


class InputError(SomxlError):
    """The content is readable but not usable: a case or catalogue with problems.

    ``report`` holds every problem found, so the user can fix them in one go."""


class OutputError(SomxlError):
    """An output cannot be written (it exists and --force was not given, or the folder is missing)."""
