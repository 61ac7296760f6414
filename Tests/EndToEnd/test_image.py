"""The container image, checked without a Docker engine: the Dockerfile lints
clean, its runtime stage provides every library the release binary loads,
and the binary is the image's health check."""
import os
import pathlib
import re
import shutil
import subprocess
import sys

from conftest import BINARY, ROOT

DOCKERFILE = ROOT / "Dockerfile"
# Loaded by the Swift runtime when it is linked dynamically; none may appear.
SWIFT_RUNTIME = re.compile(r"libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime")


def dockerfile_instructions():
    """Instructions as (keyword, arguments), continuation lines joined, comments dropped."""
    logical, pending = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        logical.append(pending + stripped)
        pending = ""
    return [tuple((line.split(None, 1) + [""])[:2]) for line in logical]


def runtime_stage_packages():
    """What the last stage installs with apt-get."""
    instructions = dockerfile_instructions()
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword.upper() == "FROM")
    packages = set()
    for keyword, arguments in instructions[last_from:]:
        if keyword.upper() != "RUN":
            continue
        for command in arguments.split("&&"):
            words = command.split()
            if words[:2] == ["apt-get", "install"]:
                packages.update(word for word in words[2:] if not word.startswith("-"))
    return packages


def essential_packages():
    """Debian's Essential packages, which every Debian image has, debian:bookworm-slim included."""
    listing = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${Essential}\n"],
                             check=True, capture_output=True, text=True).stdout
    return {name for name, essential in (line.split("\t") for line in listing.splitlines()) if essential == "yes"}


def dependency_closure(packages):
    """`packages` and everything apt installs with them without recommends (Depends, Pre-Depends)."""
    output = subprocess.run(["apt-cache", "depends", "--recurse", "--important", *sorted(packages)],
                            check=True, capture_output=True, text=True).stdout
    return {line.strip("<>").split(":")[0] for line in output.splitlines() if line and not line[0].isspace()}


def package_of(path):
    """The Debian package that ships `path`, looked up as ldd names it and as
    merged /usr and symlinks make it."""
    candidates = [path, os.path.realpath(path)]
    if path.startswith("/lib"):
        candidates.insert(1, "/usr" + path)
    for candidate in candidates:
        found = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if found.returncode == 0:
            return found.stdout.split(": ", 1)[0].split(", ")[0].split(":")[0]
    raise AssertionError(f"no Debian package ships {path}")


def loaded_libraries():
    """(name, path) of every shared library the binary loads, directly or not; the vDSO is the kernel's."""
    output = subprocess.run(["ldd", str(BINARY)], check=True, capture_output=True, text=True).stdout
    libraries = []
    for line in output.splitlines():
        match = re.match(r"\s*(\S+)(?: => (\S+))? \(0x", line)
        assert match, f"unexpected ldd line: {line}"
        name, path = match.group(1), match.group(2) or match.group(1)
        if not name.startswith("linux-vdso"):
            libraries.append((name, path))
    return libraries


def needed_libraries():
    """The libraries the binary itself names (DT_NEEDED), as opposed to their own dependencies."""
    output = subprocess.run(["readelf", "-d", str(BINARY)], check=True, capture_output=True, text=True).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[(.+)\]", output))


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint", path=str(pathlib.Path(sys.executable).parent)) or shutil.which("hadolint")
    assert hadolint, "hadolint is missing: scripts/install-deps --python installs it"
    result = subprocess.run([hadolint, "--no-color", "--failure-threshold", "style", str(DOCKERFILE)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_hadolint_ignore_follows_a_comment_saying_why():
    lines = DOCKERFILE.read_text().splitlines()
    for number, line in enumerate(lines):
        if "hadolint ignore=" in line:
            reason = lines[number - 1].strip() if number else ""
            assert reason.startswith("#") and "hadolint" not in reason and len(reason) > 10, \
                f"Dockerfile line {number + 1}: say why on the comment line just above the ignore"


def test_release_binary_carries_the_swift_runtime_inside():
    dynamic = [name for name, _ in loaded_libraries() if SWIFT_RUNTIME.search(name)]
    assert not dynamic, f"{BINARY} loads the Swift runtime dynamically: {dynamic}; build with --static-swift-stdlib"


def test_runtime_stage_provides_every_library_the_binary_loads():
    installed = runtime_stage_packages()
    assert {"libcurl4", "libssl3", "libhiredis0.14", "ca-certificates"} <= installed
    available = dependency_closure(installed | essential_packages())
    packages = {name: package_of(path) for name, path in loaded_libraries()}
    missing = {f"{name} ({package})" for name, package in packages.items() if package not in available}
    assert not missing, f"not in the runtime stage: {sorted(missing)}"


def test_libraries_the_binary_names_come_from_packages_installed_by_name():
    # Not merely pulled in by another package, which could stop depending on them.
    by_name = dependency_closure(essential_packages()) | runtime_stage_packages()
    # ldd names the loader by its path, DT_NEEDED by its file name.
    paths = {pathlib.PurePath(name).name: path for name, path in loaded_libraries()}
    packages = {name: package_of(paths[name]) for name in needed_libraries()}
    unnamed = {f"{name} ({package})" for name, package in packages.items() if package not in by_name}
    assert not unnamed, f"install these by name in the runtime stage: {sorted(unnamed)}"


def healthcheck(cwd, *args, **environment):
    """`frameauth --healthcheck` with only `environment` set, so the caller's FRAMEAUTH_* cannot leak in."""
    return subprocess.run([str(BINARY), "--healthcheck", *args], capture_output=True, text=True, timeout=15, cwd=cwd,
                          env={"PATH": os.environ.get("PATH", ""), "SWIFT_BACKTRACE": "enable=no", **environment})


def test_healthcheck_exits_zero_while_serving_and_one_once_stopped(frameauth, tmp_path):
    server = frameauth()
    serving = healthcheck(tmp_path, "--port", str(server.port))
    assert (serving.returncode, serving.stdout, serving.stderr) == (0, "", "")
    # As in the image: a wildcard host is checked over loopback.
    image_like = healthcheck(tmp_path, FRAMEAUTH_HOST="0.0.0.0", FRAMEAUTH_PORT=str(server.port), CLIENT_ID="e2e-client")
    assert image_like.returncode == 0, image_like.stderr
    assert server.stop() == 0

    stopped = healthcheck(tmp_path, "--port", str(server.port))
    assert stopped.returncode == 1
    assert stopped.stderr == (f"frameauth --healthcheck: unhealthy: http://127.0.0.1:{server.port}/healthz: "
                              "could not reach the server: Couldn't connect to server (curl error 7)\n")
