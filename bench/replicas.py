#!/usr/bin/env python3
"""bench/replicas.py: what sharing the store in Redis costs (issue #15).

Usage: bench/replicas.py [--quick]        (see bench/README.md)

Starts Debian's redis-server with the settings docs/SCALING.md recommends
(AOF, `appendfsync always`), bench/provider.py as Frame.io, and the release
frameauth five times: one replica on the journal, and three replicas on Redis
behind nginx (round robin, no stickiness) with the first of them also reached
directly. One user signs in through each store. Then:

1. The token API (`/api/users/bench-user/token`) under wrk, one connection
   (the latency of one call) and 64 connections (throughput), against nginx
   answering the same body itself, the journal replica and one Redis replica
   directly, and both stores behind nginx. Runs alternate (A B C D E A B ...)
   and the table gives the median of the runs.
2. Issue #18's rows for one replica on Redis, beside the journal's: CPU per
   token call at 64 connections (the replica's own, and redis-server's), and
   p99 at 1,000 connections against nginx's. #18's targets are for the
   in-process store and are shown for reference: on Redis every call is a
   round trip to another process.
3. A sign-in's cost as Redis fills: frameauth-bench-store signs in 100,000
   users into an empty Redis database, then into a journal, and times windows
   of 100 at 1, 1,000 and the last; Redis's `used_memory` gives bytes per user.
4. A replica starting on that full Redis: time to the first 200 on /readyz
   and RSS then, the first start (which counts every value by key, since
   frameauth-bench-store registers no key) and three more (which skip that).

Output and logs go to bench/out/replicas/. Every process it starts is stopped
by its pid at the end.
"""
import base64
import os
import pathlib
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

# Run as a script from bench/, so bench/ is on sys.path and bench/run's package imports.
from frameauth_bench.parsers import parse_store_windows, parse_wrk_output, state_parameter
from frameauth_bench.processes import cpu_ticks, rss_kib, terminate

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "bench/out/replicas"
BIN = ROOT / ".build/release/frameauth"
STORE_BIN = ROOT / ".build/release/frameauth-bench-store"
QUICK = "--quick" in sys.argv[1:]

TOKEN_PATH = "/api/users/bench-user/token"
API_KEY = "frameauth-bench-api-key-0123456789"
DURATION = "2s" if QUICK else "10s"        # per wrk run
RUNS = 1 if QUICK else 3                  # runs per target and load, alternated
LOADS = [(1, 1), (2, 64)]                 # wrk threads, connections
STORE_USERS = 2_000 if QUICK else 100_000
STORE_WINDOW = 100
TARGET_STORE_RATIO = 2                    # sign-in ~100,000 costs <= 2 x sign-in ~1 (window medians)


class Processes:
    """Everything this script starts, stopped by pid at the end (TERM, then KILL)."""

    def __init__(self):
        self.started = []

    def start(self, name, argv, env=None):
        process = subprocess.Popen(argv, env=env, stdout=(OUT / f"{name}.out.log").open("wb"),
                                   stderr=(OUT / f"{name}.err.log").open("wb"))
        self.started.append(process)
        return process

    def stop_all(self):
        for process in reversed(self.started):
            if process.poll() is None:
                terminate(process)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, process, headers=None, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"bench/replicas.py: {process.args[0]} exited; see {OUT}")
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=2) as reply:
                return reply.read()
        except OSError:
            time.sleep(0.05)
    sys.exit(f"bench/replicas.py: {url} did not answer within {seconds} s")


def redis_cli(port, *command):
    return subprocess.run(["redis-cli", "-p", str(port), *command], check=True, capture_output=True,
                          text=True).stdout.strip()


def used_memory(port):
    return int(re.search(r"^used_memory:(\d+)", redis_cli(port, "INFO", "memory"), re.M).group(1))


def sign_in(base):
    """/login for the binding cookie and `state`, then /callback with both (the stand-in takes any code)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(), NoRedirects())
    with opener.open(base + "/login") as login:
        state = state_parameter(login.headers["Location"])
    if not state:
        sys.exit(f"bench/replicas.py: {base}/login's Location has no state")
    with opener.open(f"{base}/callback?code=bench-code&state={state}") as callback:
        if callback.status != 303:
            sys.exit(f"bench/replicas.py: {base}/callback answered {callback.status}, not 303")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def http_error_302(self, request, reply, code, message, headers):
        return reply

    http_error_303 = http_error_302


def nginx_conf(ports, token_body):
    """nginx answering the token body itself, and proxying to each store's replicas."""
    user = "user root root;" if os.geteuid() == 0 else ""
    upstreams = "".join(
        f"    upstream {name} {{ {' '.join(f'server 127.0.0.1:{p};' for p in replicas)} keepalive 64; }}\n"
        for name, replicas in ports["upstreams"].items())
    proxies = "".join(
        f"    server {{ listen 127.0.0.1:{ports['nginx'][name]}; location / {{ proxy_pass http://{name}; "
        "proxy_http_version 1.1; proxy_set_header Connection \"\"; } }\n"
        for name in ports["upstreams"])
    body = token_body.replace("'", "\\'")
    return f"""daemon off;
{user}
worker_processes 2;
pid {OUT}/nginx.pid;
error_log {OUT}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    keepalive_requests 1000000;
    server_tokens off;
    client_body_temp_path {OUT}/nginx-tmp; proxy_temp_path {OUT}/nginx-tmp;
    fastcgi_temp_path {OUT}/nginx-tmp; uwsgi_temp_path {OUT}/nginx-tmp; scgi_temp_path {OUT}/nginx-tmp;
{upstreams}    server {{ listen 127.0.0.1:{ports['nginx']['static']};
        location = {TOKEN_PATH} {{ default_type application/json; add_header Cache-Control no-store always;
            return 200 '{body}'; }} }}
{proxies}}}
"""


def cpu_seconds(pid):
    """utime + stime of a process, in seconds."""
    return cpu_ticks([pid]) / os.sysconf("SC_CLK_TCK")


def wrk(url, threads, connections):
    """One wrk run: (req/s, p50 us, p99 us, errors, requests)."""
    output = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{DURATION}", "--latency",
                             "-H", f"Authorization: Bearer {API_KEY}", url],
                            check=True, capture_output=True, text=True).stdout
    result = parse_wrk_output(output)
    return result.requests_per_second, result.p50_us, result.p99_us, result.errors, result.requests


def store_windows(*arguments):
    """frameauth-bench-store's windows of sign-ins (StoreWindow: first sign-in, median us, p90 us, ...)."""
    output = subprocess.run([str(STORE_BIN), *arguments], check=True, capture_output=True, text=True).stdout
    return parse_store_windows(output)


def main():
    for tool in ("wrk", "nginx", "redis-server", "redis-cli"):
        if not shutil.which(tool):
            sys.exit(f"bench/replicas.py: {tool} is missing (apt-get install wrk nginx-light redis-server)")
    subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "frameauth"], check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "frameauth-bench-store"],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "nginx-tmp").mkdir(parents=True)
    processes = Processes()
    try:
        run(processes)
    finally:
        processes.stop_all()


def run(processes):
    redis_port = free_port()
    (OUT / "redis").mkdir()
    processes.start("redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port),
                               "--dir", str(OUT / "redis"), "--save", "", "--appendonly", "yes",
                               "--appendfsync", "always"])
    provider_port = free_port()
    provider = processes.start("provider", [sys.executable, str(ROOT / "bench/provider.py"), str(provider_port)])
    wait_for(f"http://127.0.0.1:{provider_port}/v2/me", provider)
    deadline = time.monotonic() + 10
    while subprocess.run(["redis-cli", "-p", str(redis_port), "PING"], capture_output=True, text=True).stdout.strip() != "PONG":
        if time.monotonic() > deadline:
            sys.exit(f"bench/replicas.py: redis-server did not answer; see {OUT}/redis.err.log")
        time.sleep(0.05)
    redis_version = redis_cli(redis_port, "INFO", "server").split("redis_version:")[1].split()[0]

    provider_url = f"http://127.0.0.1:{provider_port}"
    # The legacy platform: bench/provider.py gives no id_token, and the token API reads the same either way.
    common = {"PATH": os.environ["PATH"], "SWIFT_BACKTRACE": "enable=no", "FRAMEAUTH_PROVIDER": "frameio-legacy",
              "CLIENT_ID": "frameauth-bench-client",
              "FRAMEAUTH_API_KEY": API_KEY, "FRAMEAUTH_AUTHORIZE_URL": provider_url + "/oauth2/auth",
              "FRAMEAUTH_TOKEN_URL": provider_url + "/oauth2/token", "FRAMEAUTH_USERINFO_URL": provider_url + "/v2/me"}
    shared = {"FRAMEAUTH_STORE_URL": f"redis://127.0.0.1:{redis_port}/0",
              "FRAMEAUTH_ENCRYPTION_KEY": base64.b64encode(secrets.token_bytes(32)).decode()}
    replicas = {"journal": [free_port()], "redis": [free_port() for _ in range(3)]}
    first_replica = {}
    for store, ports in replicas.items():
        for index, port in enumerate(ports):
            data_dir = OUT / f"data-{store}-{index}"
            env = {**common, **(shared if store == "redis" else {}), "FRAMEAUTH_DATA_DIR": str(data_dir)}
            process = processes.start(f"frameauth-{store}-{index}", replica_command(port), env)
            wait_for(f"http://127.0.0.1:{port}/readyz", process)
            first_replica.setdefault(store, process)
        sign_in(f"http://127.0.0.1:{ports[0]}")
    journal_replica = first_replica["journal"]

    # The journal replica answers with the body nginx will send back.
    token_body = wait_for(f"http://127.0.0.1:{replicas['journal'][0]}{TOKEN_PATH}", journal_replica,
                          {"Authorization": f"Bearer {API_KEY}"}).decode()
    ports = {"upstreams": {"journal_upstream": replicas["journal"], "redis_upstream": replicas["redis"]},
             "nginx": {"static": free_port(), "journal_upstream": free_port(), "redis_upstream": free_port()}}
    (OUT / "nginx.conf").write_text(nginx_conf(ports, token_body))
    nginx = processes.start("nginx", ["nginx", "-p", str(OUT), "-e", str(OUT / "nginx-error.log"),
                                      "-c", str(OUT / "nginx.conf")])
    targets = {
        "nginx answering itself": ports["nginx"]["static"],
        "1 replica, journal": replicas["journal"][0],
        "1 replica, Redis": replicas["redis"][0],
        "nginx -> 1 replica, journal": ports["nginx"]["journal_upstream"],
        "nginx -> 3 replicas, Redis": ports["nginx"]["redis_upstream"],
    }
    for port in targets.values():
        wait_for(f"http://127.0.0.1:{port}{TOKEN_PATH}", nginx, {"Authorization": f"Bearer {API_KEY}"})

    print(f"FrameAuth on Redis: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip()}, "
          f"wrk runs of {DURATION} x {RUNS} per target and load, alternated")
    print(f"machine: {os.cpu_count()} cores; load average at start {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"redis-server {redis_version} (appendfsync always)")
    print()
    token_api(targets)
    print()
    redis_server = processes.started[0]
    issue_18_rows({"nginx answering itself": (ports["nginx"]["static"], None),
                   "1 replica, journal": (replicas["journal"][0], first_replica["journal"]),
                   "1 replica, Redis": (replicas["redis"][0], first_replica["redis"])}, redis_server)
    print()
    store_dir = sign_in_cost(redis_port)
    print()
    startup_on_full_redis(processes, common, redis_port, store_dir)


def token_api(targets):
    results = {(name, load): [] for name in targets for load in LOADS}
    for _ in range(RUNS):
        for load in LOADS:
            for name, port in targets.items():
                results[name, load].append(wrk(f"http://127.0.0.1:{port}{TOKEN_PATH}", *load))
    print(f"token API, GET {TOKEN_PATH}       conns        req/s      p50 us      p99 us  errors  req/s vs nginx")
    medians = {}
    for (name, load), runs in results.items():
        rps, p50, p99 = (statistics.median(run[i] for run in runs) for i in range(3))
        medians[name, load] = (rps, p50, p99)
        nginx_rps = statistics.median(run[0] for run in results["nginx answering itself", load])
        ratio = "-" if name.startswith("nginx answering") else f"{rps / nginx_rps:.2f}x"
        print(f"{name:<38} {load[1]:>5} {rps:>12.0f} {p50:>11.0f} {p99:>11.0f} {sum(r[3] for r in runs):>7}  {ratio:>14}")
    alone = (1, 1)
    extra = medians["1 replica, Redis", alone][1] - medians["1 replica, journal", alone][1]
    print(f"extra latency Redis adds per call (p50, one connection, direct): {extra:.0f} us")
    busy = (2, 64)
    print(f"3 replicas on Redis behind nginx vs 1 on the journal behind nginx, req/s at 64 conns: "
          f"{medians['nginx -> 3 replicas, Redis', busy][0] / medians['nginx -> 1 replica, journal', busy][0]:.2f}x")


def replica_command(port):
    return [str(BIN), "--host", "127.0.0.1", "--port", str(port), "--public-dir", str(ROOT / "Public")]


def issue_18_rows(targets, redis_server):
    """CPU per call at 64 connections and p99 at 1,000, for #18's targets (journal) and the same on Redis."""
    runs = {(name, load): [] for name in targets for load in ((2, 64), (2, 1000))}
    for _ in range(RUNS):
        for load in ((2, 64), (2, 1000)):
            for name, (port, process) in targets.items():
                before = (cpu_seconds(process.pid) if process else 0, cpu_seconds(redis_server.pid))
                result = wrk(f"http://127.0.0.1:{port}{TOKEN_PATH}", *load)
                after = (cpu_seconds(process.pid) if process else 0, cpu_seconds(redis_server.pid))
                runs[name, load].append((*result, *((a - b) * 1e6 / result[4] for a, b in zip(after, before))))
    print("issue #18's rows, GET " + TOKEN_PATH + " (targets are the in-process store's; on Redis, for reference)")
    print(f"{'':<22} {'req/s @64':>10} {'vs nginx':>9} {'CPU us/call':>12} {'redis-server us/call':>21} "
          f"{'p99 @1000':>10} {'vs nginx':>9} {'errors':>7}")
    median = {key: [statistics.median(run[i] for run in results) for i in range(7)] for key, results in runs.items()}
    for name in targets:
        rps, _, _, _, _, cpu, redis_cpu = median[name, (2, 64)]
        p99 = median[name, (2, 1000)][2]
        errors = sum(run[3] for load in ((2, 64), (2, 1000)) for run in runs[name, load])
        if name.startswith("nginx"):
            print(f"{name:<22} {rps:>10.0f} {'-':>9} {'-':>12} {'-':>21} {p99 / 1000:>8.2f}ms {'-':>9} {errors:>7}")
            nginx_rps, nginx_p99 = rps, p99
            continue
        redis_column = f"{redis_cpu:.1f}" if "Redis" in name else "-"
        print(f"{name:<22} {rps:>10.0f} {rps / nginx_rps:>8.2f}x {cpu:>12.1f} {redis_column:>21} "
              f"{p99 / 1000:>8.2f}ms {p99 / nginx_p99:>8.2f}x {errors:>7}")
    print("targets (in-process store): req/s >= 0.75x nginx and CPU <= 18 us/call at 64 conns; p99 <= 2x nginx at 1000 conns")


def startup_on_full_redis(processes, common, redis_port, store_dir):
    """A replica started on the Redis frameauth-bench-store filled: to the first 200 on /readyz, and RSS then."""
    key = (store_dir / "encryption.key").read_text().strip()
    env = {**common, "FRAMEAUTH_STORE_URL": f"redis://127.0.0.1:{redis_port}/0", "FRAMEAUTH_ENCRYPTION_KEY": key,
           "FRAMEAUTH_DATA_DIR": str(OUT / "data-startup")}
    keys = int(redis_cli(redis_port, "DBSIZE"))
    print(f"a replica starting on Redis with {STORE_USERS} users ({keys} keys): start to first 200 on /readyz")
    for index in range(4):
        port = free_port()
        started = time.monotonic()
        replica = processes.start(f"frameauth-startup-{index}", replica_command(port), env)
        wait_for(f"http://127.0.0.1:{port}/readyz", replica, seconds=60)
        elapsed = (time.monotonic() - started) * 1000
        rss = rss_kib(replica.pid)
        replica.send_signal(signal.SIGTERM)
        replica.wait(timeout=10)
        what = "first start, counting every value by key (no key registered yet)" if index == 0 else \
            f"start {index + 1}, the check skipped (only this key registered)"
        print(f"  {what}: {elapsed:.0f} ms, RSS then {rss / 1024:.1f} MiB")


def sign_in_cost(redis_port):
    redis_cli(redis_port, "SELECT", "0")
    redis_cli(redis_port, "FLUSHALL")
    before = used_memory(redis_port)
    store_dir = OUT / "store-redis"
    redis_windows = store_windows("--redis", f"redis://127.0.0.1:{redis_port}/0", str(store_dir),
                                  str(STORE_USERS), str(STORE_WINDOW))
    per_user = (used_memory(redis_port) - before) / STORE_USERS
    journal_windows = store_windows(str(OUT / "store-journal"), str(STORE_USERS), str(STORE_WINDOW))
    print(f"a sign-in's cost as the store fills: {STORE_USERS} users signed in by frameauth-bench-store")
    print("sign-ins            Redis median us   p90 us   journal median us   p90 us")
    for redis, journal in zip(redis_windows, journal_windows):
        start = redis.first_sign_in
        print(f"{f'{start}-{start + STORE_WINDOW - 1}':<18} {redis.median_us:>17.0f} {redis.p90_us:>8.0f}"
              f" {journal.median_us:>19.0f} {journal.p90_us:>8.0f}")
    ratio = redis_windows[-1].median_us / redis_windows[0].median_us
    verdict = "PASS" if ratio <= TARGET_STORE_RATIO else "MISS"
    print(f"Redis, last window vs first: {ratio:.2f}x {verdict} (target <= {TARGET_STORE_RATIO}x); "
          f"Redis memory per user: {per_user:.0f} bytes")
    if verdict == "MISS":
        sys.exit(1)
    return store_dir


if __name__ == "__main__":
    # SystemExit, so main's finally stops what was started: bench/run stops
    # this script with SIGTERM, which would otherwise leave all of it running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main()
