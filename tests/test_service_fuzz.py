"""Property-based fuzzing of the API from its own OpenAPI schema (schemathesis): whatever
the generated request, no 500 and no traceback; answers match the documented schema."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis (test extra) missing")
pytest.importorskip("fastapi", reason="the service extra (fastapi) is not installed")

from hypothesis import HealthCheck, settings  # noqa: E402
from service_support import ADMIN_H, config  # noqa: E402

from screening.service.app import create_app  # noqa: E402

_APP = create_app(config(Path(tempfile.mkdtemp(prefix="screen-fuzz-")), max_records=20))
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_never_fails_with_500(case):
    response = case.call(headers=ADMIN_H)
    assert response.status_code < 500, (
        f"{case.method} {case.path}: {response.status_code} {response.text[:500]}")
    assert "Traceback" not in response.text
    case.validate_response(response, checks=[
        schemathesis.checks.not_a_server_error,
        schemathesis.checks.status_code_conformance,
        schemathesis.checks.content_type_conformance,
        schemathesis.checks.response_schema_conformance,
    ])
