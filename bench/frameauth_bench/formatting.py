"""How the table writes its figures."""


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


def latency_text(us: float) -> str:
    """A latency in the unit that suits it: 521us, 4.86ms, 1.20s."""
    if us >= 1e6:
        return f"{us / 1e6:.2f}s"
    if us >= 1e3:
        return f"{us / 1e3:.2f}ms"
    return f"{us:.0f}us"
