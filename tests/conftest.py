from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_SAMPLES = ROOT.parent / "shared" / "samples"
RAW = ROOT / "data" / "raw"


@pytest.fixture
def shared_samples() -> Path:
    if not SHARED_SAMPLES.is_dir():
        pytest.skip("../shared/samples is not present (only on the developers' machines)")
    return SHARED_SAMPLES


@pytest.fixture
def run_cli(capsys):
    """Run ``kehoach ARGS`` in-process; returns (exit code, stdout, stderr)."""
    from pipeline.cli import main

    def _run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run
