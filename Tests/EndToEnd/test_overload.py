"""Overload: idle and slow clients cannot starve a fresh request, the
connection cap answers 503 instead of falling over, and memory stays bounded.

The cap is ServerLimits.maxConnections (4096), which the binary does not let
an operator change, so the test opens more than 4096 sockets; it raises its
own soft limit on open files (which the child inherits) when that is needed.
Figures go to test-output/reliability/figures.txt.
"""
import pathlib
import resource
import selectors
import socket
import statistics
import threading
import time

import pytest

IDLE = 2_000
SLOW = 50
CAP = 4_096  # ServerLimits.maxConnections
PAST_CAP = 16
FIGURES = pathlib.Path(__file__).resolve().parents[2] / "test-output/reliability"


def connect(port):
    return socket.create_connection(("127.0.0.1", port), timeout=5)


def fresh_request(port):
    """GET /healthz on a new connection: (seconds until the whole answer arrived, answer)."""
    started = time.monotonic()
    with connect(port) as client:
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := client.recv(65536):
            reply += chunk
    return time.monotonic() - started, reply


def memory(pid, field):
    """A field of /proc/<pid>/status in KiB (VmHWM: peak resident set, VmRSS: now)."""
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


@pytest.fixture
def enough_files():
    """Raises this process's soft limit on open files (FrameAuth inherits it) for CAP + spare sockets."""
    needed = CAP + IDLE // 2 + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < needed:
        pytest.skip(f"the hard limit on open files is {hard}; this test needs {needed}")
    if soft != resource.RLIM_INFINITY and soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_idle_and_slow_clients_then_the_connection_cap(enough_files, frameauth):
    server = frameauth()
    pid = server.process.pid
    baseline_kib = memory(pid, "VmRSS")
    held = []
    try:
        # 2,000 connections that never send a byte, and slow clients trickling
        # a request head one byte at a time (well inside the 10 s head time-out).
        held += [connect(server.port) for _ in range(IDLE)]
        slow = [connect(server.port) for _ in range(SLOW)]
        held += slow
        stop = threading.Event()

        def trickle():
            head = b"GET / HTTP/1.1\r\nHost: slow\r\nX-Padding: " + b"a" * 200
            for byte in range(len(head)):
                if stop.is_set():
                    return
                for client in slow:
                    client.send(head[byte:byte + 1])
                time.sleep(0.05)

        trickler = threading.Thread(target=trickle)
        trickler.start()
        time.sleep(0.5)
        latencies = []
        for _ in range(30):
            seconds, reply = fresh_request(server.port)
            assert reply.startswith(b"HTTP/1.1 200"), reply[:100]
            latencies.append(seconds)
            time.sleep(0.05)
        stop.set()
        trickler.join()
        for client in slow:  # before their 10 s head time-out answers them 408
            client.close()
            held.remove(client)
        assert max(latencies) < 1.0, latencies

        # Up to the cap and past it: the connections past it are answered 503 and closed.
        held += [connect(server.port) for _ in range(CAP - len(held) + PAST_CAP)]
        refused = answered_503(held, wait=3)
        assert server.process.poll() is None, "frameauth died at the connection cap"
        assert PAST_CAP <= refused <= PAST_CAP + SLOW, refused
        peak_kib = memory(pid, "VmHWM")
    finally:
        for client in held:
            client.close()

    # Once they are gone, a fresh request is served again.
    deadline = time.monotonic() + 5
    while True:
        seconds, reply = fresh_request(server.port)
        if reply.startswith(b"HTTP/1.1 200") or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert reply.startswith(b"HTTP/1.1 200"), reply[:100]
    assert server.stop() == 0

    figures = (f"overload: {IDLE} idle + {SLOW} slow connections: fresh /healthz median "
               f"{statistics.median(latencies) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms over {len(latencies)}; "
               f"{CAP + PAST_CAP} connections opened, {refused} answered 503; "
               f"RSS at start {baseline_kib / 1024:.1f} MiB, peak (VmHWM) {peak_kib / 1024:.1f} MiB")
    print(figures)
    FIGURES.mkdir(parents=True, exist_ok=True)
    with (FIGURES / "figures.txt").open("a") as out:
        out.write(time.strftime("%Y-%m-%d %H:%M:%S ") + figures + "\n")
    assert peak_kib < 256 * 1024, f"peak RSS {peak_kib} KiB"


def answered_503(clients, wait):
    """How many of `clients` were sent a 503 within `wait` seconds; fails on any other answer."""
    selector = selectors.DefaultSelector()
    for client in clients:
        client.setblocking(False)
        selector.register(client, selectors.EVENT_READ)
    refused = 0
    deadline = time.monotonic() + wait
    while (left := deadline - time.monotonic()) > 0:
        for key, _ in selector.select(timeout=left):
            try:
                reply = key.fileobj.recv(65536)
            except ConnectionResetError:
                reply = b""
            selector.unregister(key.fileobj)
            if reply:
                assert reply.startswith(b"HTTP/1.1 503"), reply[:100]
                refused += 1
    selector.close()
    return refused
