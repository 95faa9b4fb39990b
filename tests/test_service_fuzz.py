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


_FIELDS = ["id", "date", "kind", "amount", "currency", "originator_name", "originator_country",
           "originator_bic", "beneficiary_name", "beneficiary_country", "beneficiary_bic",
           "intermediary_bic", "purpose", "exporter_name", "consignee_name",
           "consignee_country", "end_user_name", "destination_country", "hs_code",
           "goods_description", "value"]


def test_any_record_gets_a_result_never_an_exception():
    """Records with the known fields and arbitrary values: each gets a result (screened or
    ERROR with a message), never an exception; a record without id, date or (payment) party
    is never screened."""
    from hypothesis import given
    from hypothesis import strategies as st

    from screening.engine import Screener
    from screening.service.intake import screen_record

    screener = Screener.default(name_cache=0)
    value = st.one_of(st.none(), st.text(max_size=40), st.integers(), st.floats(),
                      st.booleans(), st.lists(st.text(max_size=3), max_size=2),
                      st.sampled_from(["2022-04-05", "VTB Bank", "VTBRRUMM", "RU", "payment",
                                       "export", "05.04.2022", " ", "8701"]))
    record = st.dictionaries(st.sampled_from(_FIELDS), value, max_size=8)

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(record)
    def check(raw):
        res = screen_record(screener, raw, 1, None)
        assert res.row == 1
        if res.decision.value == "ERROR":
            assert res.error
            return
        assert res.error is None
        # screened: the required fields were there and readable
        assert str(raw.get("id") or "").strip() and str(raw.get("date") or "").strip()
        if res.kind.value == "payment":
            assert any(str(raw.get(f) or "").strip() for f in (
                "originator_name", "beneficiary_name", "originator_bic", "beneficiary_bic",
                "intermediary_bic"))

    check()
