"""Error types that carry an exit code and a message telling the user how to fix the problem.

Modelled on OCRmyPDF's ``exceptions.py``: one handler at the CLI edge maps these to exit codes; in a
batch a failing file is recorded and the run goes on.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    bad_args = 1
    input_file = 2
    missing_dependency = 3
    ocr_failed = 4
    output_error = 5
    invalid_output = 6
    other_error = 15
    ctrl_c = 130


class KehoachError(Exception):
    """Base class: ``exit_code`` plus a message that says what to do."""

    exit_code = ExitCode.other_error

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if not hint else f"{message}\n  fix: {hint}")


class BadArgsError(KehoachError):
    exit_code = ExitCode.bad_args


class InputFileError(KehoachError):
    exit_code = ExitCode.input_file


class MissingDependencyError(KehoachError):
    exit_code = ExitCode.missing_dependency


class OcrError(KehoachError):
    exit_code = ExitCode.ocr_failed


class OutputError(KehoachError):
    exit_code = ExitCode.output_error


class InvalidOutputError(KehoachError):
    exit_code = ExitCode.invalid_output


_BY_CODE = {cls.exit_code: cls for cls in (BadArgsError, InputFileError, MissingDependencyError, OcrError,
                                          OutputError, InvalidOutputError)}


def error_for(code: int, message: str) -> KehoachError:
    """Rebuild a typed error from a worker's (exit code, message), e.g. to raise it in the parent."""
    return _BY_CODE.get(ExitCode(code), KehoachError)(message)
