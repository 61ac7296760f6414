"""Unit tests for bench/run's Python package (bench/frameauth_bench): its
parsers, fed text captured from the real programs (samples/), and its
target check. They start nothing and need no build."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def sample():
    """A captured sample's text, by file name (samples/README.md says how each was captured)."""
    return lambda name: (SAMPLES / name).read_text()
