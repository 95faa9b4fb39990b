"""Settings of one service process (passed to worker processes as JSON in an env var)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

from screening.screener_spec import ScreenerSpec
from screening.service.audit import DEFAULT_AUDIT_PATH

CONFIG_ENV = "SCREEN_SERVICE_CONFIG"
DEFAULT_MAX_RECORDS = 1000
DEFAULT_MAX_BODY_BYTES = 8 << 20
MAX_FIELD_CHARS = 1000
"""Longest value of one record field the API accepts (longer: that record is an ERROR)."""
SERVICE_NAME_CACHE = 100_000
"""Distinct party names whose list matches each process remembers (results are the same)."""


@dataclass(frozen=True)
class ServiceConfig:
    spec: ScreenerSpec = field(default_factory=lambda: ScreenerSpec(name_cache=SERVICE_NAME_CACHE))
    audit: str = DEFAULT_AUDIT_PATH
    """A SQLite file path, or a postgresql:// URL."""
    keys_file: str | None = None
    keys_env: str | None = None
    """The value of SCREEN_API_KEYS, if set."""
    no_auth: bool = False
    max_records: int = DEFAULT_MAX_RECORDS
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    reload_signal: str | None = None
    """With several worker processes: a file a reload touches so the others reload too."""
    fast_path: bool = True
    """Answer ordinary POST /v1/screen requests by `screening.service.fastpath` (False: all
    through FastAPI's routing; for comparisons)."""

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServiceConfig:
        d = json.loads(text)
        s = d.pop("spec")
        spec = ScreenerSpec(lists=tuple(s["lists"]), rules=tuple(s["rules"]),
                            builtin=s["builtin"], review=s["review"], block=s["block"],
                            list_thresholds=tuple(tuple(x) for x in s["list_thresholds"]),
                            name_cache=s["name_cache"], decisions=s.get("decisions"),
                            require_approval=s.get("require_approval", False))
        return cls(spec=spec, **d)

    @classmethod
    def from_env(cls) -> ServiceConfig:
        return cls.from_json(os.environ[CONFIG_ENV])
