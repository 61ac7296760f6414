"""Crash consistency: `kill -9` at random moments loses nothing that was acknowledged.

Threads sign people in (over HTTP, against the Authlib stand-in), ask for
their tokens (every call refreshes and rotates: the skew is longer than an
access token lives) and delete some of them, while the test kills FrameAuth
with SIGKILL at a random moment, starts it again on the same data_dir (and so
the same encryption key), and checks after each restart:

- it starts: no refusal over a damaged journal (a torn tail is trimmed and
  logged, which is allowed), and no half-written snapshot is left behind;
- every sign-in that got its 303 and was not deleted since is listed by
  GET /api/users, and its token call answers 200, or 409 only when the
  stand-in really revoked the refresh token FrameAuth holds: a refresh was
  out at the kill, the stand-in rotated, and FrameAuth never saved (so never
  handed out) the new pair. Once FrameAuth has handed out an access token
  from a rotation, the new refresh token must work;
- every user whose DELETE got 204 stays gone.

kill -9 ends the process, not the machine: the page cache survives, so this
proves the write ordering (saved before acknowledged, torn tails dropped,
snapshots renamed into place), not fdatasync itself.

CRASH_ROUNDS (20 by default) sets the number of kills; CRASH_SEED replays a run.
"""
import http.client
import json
import os
import pathlib
import random
import stat
import threading
import time

from authorization_server import IdentityProvider
from deployment import Deployment
from http_sign_in import request, sign_in

ROUNDS = int(os.environ.get("CRASH_ROUNDS", "20"))
SEED = int(os.environ.get("CRASH_SEED", str(random.randrange(1 << 32))))
FIGURES = pathlib.Path(__file__).resolve().parents[2] / "test-output/reliability"
ACCESS_TOKEN_LIFETIME = 30
SKEW = 60  # longer than a token lives: every token call refreshes and rotates
TORN_TAIL = "bytes of an append cut short"


class Ledger:
    """What FrameAuth acknowledged, per user, as the clients saw it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.live = set()       # sign-in got its 303; not deleted
        self.deleted = set()    # DELETE got 204
        self.uncertain = set()  # a sign-in or a DELETE was cut off by the kill: either outcome is right
        self.ended = set()      # 409, checked to be the stand-in's doing
        self.handed_out = {}    # user id → access tokens FrameAuth answered with
        self.cut_off_token_calls = set()  # users whose token call the kill cut off in this round
        self.violations = []
        self.counts = {"sign-ins": 0, "token calls": 0, "deletes": 0, "lost rotations": 0, "torn tails": 0}

    def count(self, name):
        with self.lock:
            self.counts[name] += 1

    def pick_live(self, rng):
        with self.lock:
            return rng.choice(sorted(self.live)) if self.live else None

    def violation(self, text):
        with self.lock:
            self.violations.append(text)


def judge_ended(idp, ledger, user_id):
    """A session FrameAuth ended: right only when the stand-in refused a
    refresh token because a rotation was lost (its newest pair came from a
    refresh whose access token FrameAuth never handed out: a kill cut it off
    between the stand-in's answer and the write). Call with the lock held."""
    issued = [t for t in idp.tokens if t.user_id == user_id]
    latest = issued[-1]
    if latest.grant_type == "refresh_token" and latest.access_token not in ledger.handed_out.get(user_id, set()):
        ledger.counts["lost rotations"] += 1
    else:
        ledger.violations.append(
            f"{user_id}: ended although the stand-in's latest pair ({latest.grant_type}) was handed out or is the sign-in's")
    ledger.live.discard(user_id)
    ledger.ended.add(user_id)


def check_token(app, idp, ledger, user_id):
    """Asks for the user's token and judges the answer; False if the request was cut off."""
    try:
        reply = request(f"{app.base}/api/users/{user_id}/token", headers={"Authorization": f"Bearer {app.api_key}"})
    except (OSError, http.client.HTTPException):  # cut off by the kill
        with ledger.lock:
            ledger.cut_off_token_calls.add(user_id)
        return False
    body = json.loads(reply.body or b"null")
    with ledger.lock:
        if user_id not in ledger.live:
            return True  # deleted meanwhile by another thread, or ended
        if reply.status == 200:
            ledger.handed_out.setdefault(user_id, set()).add(body["access_token"])
            ledger.counts["token calls"] += 1
        elif reply.status == 409:
            judge_ended(idp, ledger, user_id)
        else:
            ledger.violations.append(f"{user_id}: token call answered {reply.status} {body}")
    return True


def signer(app, idp, ledger, rng, stop, serial):
    while not stop.is_set():
        n = next(serial)
        user = idp.add_user(f"u-{n}", f"u{n}@example.com", f"User {n}", f"pw-{n}")
        try:
            reply = sign_in(app.base, user)
        except Exception:  # cut off by the kill, somewhere in the four requests
            with ledger.lock:
                ledger.uncertain.add(user.id)
            continue
        with ledger.lock:
            if reply.status == 303:
                ledger.live.add(user.id)
                ledger.counts["sign-ins"] += 1
            else:
                ledger.violations.append(f"{user.id}: callback answered {reply.status}")


def refresher(app, idp, ledger, rng, stop):
    while not stop.is_set():
        user_id = ledger.pick_live(rng)
        if user_id is None:
            time.sleep(0.01)
        else:
            check_token(app, idp, ledger, user_id)


def deleter(app, idp, ledger, rng, stop):
    while not stop.is_set():
        time.sleep(rng.uniform(0.02, 0.1))
        with ledger.lock:
            candidates = sorted(ledger.live)
            if not candidates:
                continue
            user_id = rng.choice(candidates)
            ledger.live.discard(user_id)
            ledger.uncertain.add(user_id)  # until the 204 arrives
        try:
            reply = request(f"{app.base}/api/users/{user_id}", "DELETE", headers={"Authorization": f"Bearer {app.api_key}"})
        except (OSError, http.client.HTTPException):
            continue
        with ledger.lock:
            if reply.status == 204:
                ledger.uncertain.discard(user_id)
                ledger.deleted.add(user_id)
                ledger.counts["deletes"] += 1
            else:
                ledger.violations.append(f"{user_id}: DELETE answered {reply.status}")


def check_after_restart(app, idp, ledger, rng, everyone):
    """The invariants; token calls for a sample (for everyone when `everyone`)."""
    status, listing = app.api("/api/users")
    assert status == 200, listing
    listed = {entry["id"] for entry in listing["users"]}
    with ledger.lock:
        # A token call the kill cut off may have ended the session before its
        # 409 could arrive; that is judged as if the 409 had been seen.
        for user_id in ledger.live - listed - ledger.uncertain:
            if user_id in ledger.cut_off_token_calls:
                judge_ended(idp, ledger, user_id)
        ledger.cut_off_token_calls.clear()
        missing = ledger.live - listed
        resurrected = ledger.deleted & listed
        live = sorted(ledger.live)
    assert not missing, f"acknowledged sign-ins missing after the restart: {sorted(missing)} (seed {SEED})"
    assert not resurrected, f"deleted users back after the restart: {sorted(resurrected)} (seed {SEED})"
    for user_id in live if everyone else rng.sample(live, min(8, len(live))):
        assert check_token(app, idp, ledger, user_id)
    for user_id in rng.sample(sorted(ledger.deleted), min(4, len(ledger.deleted))):
        status, _ = app.api(f"/api/users/{user_id}/token")
        assert status == 404, f"deleted user {user_id}: token call answered {status} (seed {SEED})"
    # Start-up rewrote the journal as a snapshot: nothing half-written is left,
    # and the files are the owner's only.
    names = sorted(p.name for p in app.data_dir.iterdir())
    assert "sessions.journal.tmp" not in names, names
    for path in app.data_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path, oct(path.stat().st_mode))


def test_acknowledged_sessions_survive_kill_9_at_random_moments(frameauth, tmp_path):
    print(f"crash consistency: seed {SEED}, {ROUNDS} rounds (CRASH_SEED={SEED} replays it)")
    rng = random.Random(SEED)
    idp = IdentityProvider(access_token_lifetime=ACCESS_TOKEN_LIFETIME).start()
    ledger = Ledger()
    serial = iter(range(1 << 30))
    started = time.monotonic()
    try:
        app = Deployment(frameauth, idp, tmp_path / "data", confidential=False,
                         env={"FRAMEAUTH_REFRESH_SKEW_SECONDS": str(SKEW)})
        for round_number in range(ROUNDS):
            stop = threading.Event()
            workers = [threading.Thread(target=signer, args=(app, idp, ledger, random.Random(rng.random()), stop, serial))
                       for _ in range(2)]
            workers += [threading.Thread(target=refresher, args=(app, idp, ledger, random.Random(rng.random()), stop))
                        for _ in range(2)]
            workers.append(threading.Thread(target=deleter, args=(app, idp, ledger, random.Random(rng.random()), stop)))
            for worker in workers:
                worker.start()
            time.sleep(rng.uniform(0.1, 1.0))
            app.server.process.kill()  # SIGKILL, mid-whatever
            stop.set()
            for worker in workers:
                worker.join(timeout=30)
            app.server.process.wait()
            app.start()
            if TORN_TAIL in app.server.error_log:
                ledger.count("torn tails")
            check_after_restart(app, idp, ledger, rng, everyone=round_number == ROUNDS - 1)
            assert not ledger.violations, f"round {round_number}, seed {SEED}: {ledger.violations}"
        assert app.server.stop() == 0
    finally:
        idp.stop()
    elapsed = time.monotonic() - started
    figures = (f"crash consistency: seed {SEED}, {ROUNDS} kill -9 rounds in {elapsed:.1f} s; "
               + ", ".join(f"{value} {name}" for name, value in ledger.counts.items())
               + f"; {len(ledger.live)} users live at the end, all checked; {len(ledger.uncertain)} cut off mid-request")
    print(figures)
    FIGURES.mkdir(parents=True, exist_ok=True)
    with (FIGURES / "figures.txt").open("a") as out:
        out.write(time.strftime("%Y-%m-%d %H:%M:%S ") + figures + "\n")
    assert ledger.counts["sign-ins"] >= ROUNDS, "too few sign-ins to prove anything"
