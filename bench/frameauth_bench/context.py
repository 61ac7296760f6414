"""What every section is handed: the options, the paths, the processes
started so far, the scorecard and the ports the servers listen on."""
from dataclasses import dataclass

from .processes import Processes, free_port
from .settings import Paths, Settings
from .targets import Scorecard


@dataclass(frozen=True)
class Ports:
    """The stand-in token endpoint's, frameauth's and nginx's ports on 127.0.0.1."""

    provider: int
    frameauth: int
    nginx: int

    @classmethod
    def pick(cls) -> "Ports":
        provider = free_port()
        frameauth = free_port({provider})
        return cls(provider, frameauth, free_port({provider, frameauth}))

    @property
    def provider_url(self) -> str:
        return f"http://127.0.0.1:{self.provider}"

    @property
    def frameauth_url(self) -> str:
        return f"http://127.0.0.1:{self.frameauth}"

    @property
    def nginx_url(self) -> str:
        return f"http://127.0.0.1:{self.nginx}"


@dataclass(frozen=True)
class RunContext:
    settings: Settings
    paths: Paths
    processes: Processes
    scorecard: Scorecard
    ports: Ports
