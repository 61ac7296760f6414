"""A code exchange over TLS, made by FrameAuth's own HTTP client
(frameauth-bench-exchange) against a self-signed bench/provider.py, which
counts the connections it accepts: once with one client, as the server
runs (a new connection per POST, the TLS session resumed), once with a new
client per exchange (a full handshake each)."""
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..console import BenchError, log
from ..context import RunContext
from ..parsers import connections_count
from ..processes import free_port, wait_for_port
from ..runners import curl
from ..servers import start_provider
from ..settings import EXCHANGES

ROW = "{:<48} {:>6} us/exchange, {} connection(s)"


@dataclass(frozen=True)
class Exchanges:
    us_per_exchange: int
    connections: int   # the warm-up exchange's included


def tls_section(context: RunContext) -> list[str]:
    log(f"token endpoint over TLS: {EXCHANGES} exchanges, one client reused and a new one each")
    certificate, key = _make_certificate(context.paths.out)
    ports = context.ports
    port = free_port({ports.provider, ports.frameauth, ports.nginx})
    start_provider(context, "tls-provider", port, certificate, key)
    wait_for_port(port)
    reused = _exchanges(context, port, certificate, "reused")
    fresh = _exchanges(context, port, certificate, "fresh")
    context.processes.stop("tls-provider")
    return [
        f"token endpoint over TLS, FrameAuth's HTTP client, {EXCHANGES} code exchanges (+1 warm-up); "
        "frameauth-bench-exchange",
        ROW.format("one client, as the server runs: a new connection per POST, TLS session resumed",
                   reused.us_per_exchange, reused.connections),
        ROW.format("a new client each: new TCP + TLS handshake", fresh.us_per_exchange, fresh.connections),
    ]


def _make_certificate(out: Path) -> tuple[Path, Path]:
    certificate, key = out / "tls.crt", out / "tls.key"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                           "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                           "-keyout", key, "-out", certificate], stderr=subprocess.DEVNULL)
    if made.returncode != 0:
        raise BenchError("openssl could not make a certificate")
    return certificate, key


def _accepted_connections(port: int, certificate: Path) -> int:
    return connections_count(curl("--cacert", certificate, f"https://127.0.0.1:{port}/connections"))


def _exchanges(context: RunContext, port: int, certificate: Path, client: str) -> Exchanges:
    """`client` is "reused" or "fresh"; the count's own request is not counted."""
    before = _accepted_connections(port, certificate)
    timed = subprocess.run([context.paths.exchange_bench, f"https://127.0.0.1:{port}/oauth2/token", certificate,
                            str(EXCHANGES), client], stdout=subprocess.PIPE, text=True)
    if timed.returncode != 0:
        raise BenchError(f"frameauth-bench-exchange {client} failed against the TLS endpoint")
    after = _accepted_connections(port, certificate)
    return Exchanges(int(timed.stdout), after - before - 1)
