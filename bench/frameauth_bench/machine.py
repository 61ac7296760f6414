"""Preparing the machine before measuring: the tools bench/run needs (apt
installs the missing ones), the open-file limit 1000 connections need, and
the release build of the programs it runs."""
import os
import resource
import shutil
import subprocess

from .console import BenchError, log
from .settings import Paths

# Each command bench/run needs, and the Debian package that has it.
TOOLS = {"wrk": "wrk", "nginx": "nginx-light", "curl": "curl", "openssl": "openssl"}
REDIS_TOOLS = {"redis-server": "redis-server", "redis-cli": "redis-tools"}   # for bench/replicas.py
PRODUCTS = ("frameauth", "frameauth-bench-store", "frameauth-bench-exchange")
OPEN_FILES_WANTED = 65536
OPEN_FILES_NEEDED = 4096   # 1000 connections in wrk and in each server


def missing_packages(with_redis: bool) -> list[str]:
    tools = {**TOOLS, **(REDIS_TOOLS if with_redis else {})}
    return [package for command, package in tools.items() if shutil.which(command) is None]


def install_missing_tools(with_redis: bool) -> None:
    """apt-get install what is missing, with sudo when not root."""
    missing = missing_packages(with_redis)
    if not missing:
        return
    log(f"installing {' '.join(missing)}")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    for apt_command in (["update", "-q"], ["install", "-y", *missing]):
        if subprocess.run([*sudo, "apt-get", *apt_command]).returncode != 0:
            raise BenchError(f"apt-get {apt_command[0]} failed")


def raise_open_file_limit() -> None:
    """The servers, wrk included, inherit the limit set here; like the shell's
    `ulimit -n`, it sets the soft and hard limits both."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES_WANTED, OPEN_FILES_WANTED))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < OPEN_FILES_NEEDED:
        raise BenchError(f"open-file limit is {soft}; need at least {OPEN_FILES_NEEDED} for 1000 connections")


def build_products() -> None:
    """The same binary the image ships and the end-to-end suite runs, and the two bench programs."""
    log("building (release)")
    for product in PRODUCTS:
        build = ["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", product]
        if subprocess.run(build).returncode != 0:
            raise BenchError(f"swift build failed for {product}")


def reset_output(paths: Paths) -> None:
    shutil.rmtree(paths.out, ignore_errors=True)
    (paths.out / "nginx/tmp").mkdir(parents=True)
