"""Several FrameAuth replicas of one app on one Redis, behind Debian's nginx
as a round-robin load balancer without stickiness (CONTRACT §8): Debian's
redis-server with its append-only file synced on every write, and the
release binary three times.
"""
import base64
import os
import secrets
import subprocess
import time
import urllib.error
import urllib.request

import redis

from deployment import REFRESH_SKEW, _call, free_port


class RedisServer:
    """redis-server on a loopback port with `appendfsync always`, its files
    in `directory`; `kill()` is SIGKILL, `start()` starts it again on the
    same port and files."""

    def __init__(self, directory):
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.directory),
             "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--logfile", "redis.log"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = self.client()
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("redis-server did not start: " + (self.directory / "redis.log").read_text())
                time.sleep(0.05)

    def kill(self):
        self.process.kill()
        self.process.wait()

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def sealed_values(self):
        """Every sealed value FrameAuth keeps: users' records, browser
        sessions and sign-ins in progress, by key name."""
        client = self.client()
        values = {}
        for key in client.keys("frameauth:*"):
            if key.startswith(b"frameauth:user:"):
                values[key] = client.hget(key, "record")
            elif key.startswith((b"frameauth:session:", b"frameauth:pending:")):
                values[key] = client.get(key)
        return {key: value for key, value in values.items() if value is not None}

    def everything(self):
        """Every key and every value, whatever its type, as bytes: what someone
        who can read Redis (or its dump, or a replica of it) could read."""
        client = self.client()
        found = b""
        for key in client.keys("*"):
            kind = client.type(key)
            if kind == b"hash":
                values = [k + v for k, v in client.hgetall(key).items()]
            elif kind == b"set":
                values = list(client.smembers(key))
            elif kind == b"list":
                values = client.lrange(key, 0, -1)
            elif kind == b"zset":
                values = client.zrange(key, 0, -1)
            else:
                values = [client.get(key) or b""]
            found += key + b"".join(values)
        return found

    def files(self):
        """The bytes of every file Redis wrote (the append-only files), its log aside."""
        return b"".join(path.read_bytes() for path in self.directory.rglob("*")
                        if path.is_file() and path.name != "redis.log")


class LoadBalancer:
    """nginx in the foreground on loopback `port`, passing every request to
    the next of `ports` in turn, as an operator's would."""

    def __init__(self, directory, port, ports):
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = port
        self.base = f"http://127.0.0.1:{self.port}"
        servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;" for port in ports)
        # As root, nginx's workers switch to `user`; root keeps them able to use this folder.
        user = "user root;" if os.geteuid() == 0 else ""
        (directory / "nginx.conf").write_text(f"""
{user}
worker_processes 1;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log;
events {{ worker_connections 512; }}
http {{
    access_log {directory}/access.log;
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    upstream frameauth {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{self.port};
        location / {{
            proxy_pass http://frameauth;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_next_upstream error timeout;
        }}
    }}
}}
""")
        self.process = subprocess.Popen(
            ["nginx", "-p", str(directory), "-c", str(directory / "nginx.conf"), "-e", str(directory / "error.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2).read()
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("nginx did not start: " + (directory / "error.log").read_text())
                time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Replicas:
    """`count` FrameAuth replicas registered as one confidential app at `idp`,
    sharing `redis` and one encryption key, behind a LoadBalancer whose
    address is the app's redirect URI."""

    def __init__(self, frameauth, idp, redis_server, directory, count=3):
        self.api_key = secrets.token_urlsafe(32)
        self.ports = [free_port() for _ in range(count)]
        self.redis = redis_server
        self.balancer_port = free_port()
        base = f"http://127.0.0.1:{self.balancer_port}"
        self.client = idp.add_client(base + "/callback", confidential=True)
        self.env = {
            **idp.frameauth_settings(),
            "CLIENT_ID": self.client.client_id,
            "CLIENT_SECRET": self.client.client_secret,
            "REDIRECT_URI": base + "/callback",
            "FRAMEAUTH_API_KEY": self.api_key,
            "FRAMEAUTH_REFRESH_SKEW_SECONDS": str(REFRESH_SKEW),
            "FRAMEAUTH_ENCRYPTION_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "FRAMEAUTH_STORE_URL": redis_server.url,
            # nginx is the client FrameAuth sees; the browser is the one it forwards.
            "FRAMEAUTH_TRUSTED_PROXIES": "127.0.0.1",
        }
        self._frameauth = frameauth
        self.directory = directory
        # Each replica's settings on top of `env`; None removes one.
        self.overrides = [{} for _ in range(count)]
        self.servers = [self._start(index) for index in range(count)]
        self.balancer = LoadBalancer(directory / "nginx", self.balancer_port, self.ports)
        self.base = self.balancer.base

    def _start(self, index):
        data_dir = self.directory / f"replica-{index + 1}"
        env = {name: value for name, value in {**self.env, **self.overrides[index]}.items() if value is not None}
        return self._frameauth("--data-dir", str(data_dir), env=env, port=self.ports[index])

    def restart(self, index, **settings):
        """SIGTERM one replica (which must exit 0) and start it again on its
        port with `settings` changed (None removes one), as a rolling
        deploy does."""
        assert self.servers[index].stop() == 0
        self.overrides[index].update(settings)
        self.servers[index] = self._start(index)

    def kill_and_restart(self, index, before_restart=lambda: None):
        """SIGKILL one replica at whatever moment this is, call
        `before_restart`, then start it again with the same settings."""
        self.servers[index].process.kill()
        self.servers[index].process.wait()
        before_restart()
        self.servers[index] = self._start(index)

    def api(self, index, path, method="GET"):
        """The integrator API on one replica, directly: (status, JSON body)."""
        return _call(urllib.request.Request(self.servers[index].base + path, method=method,
                                            headers={"Authorization": f"Bearer {self.api_key}"}))

    def ready(self, index):
        try:
            with urllib.request.urlopen(self.servers[index].base + "/readyz", timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def stop(self):
        self.balancer.stop()
