"""schemathesis over the whole OpenAPI schema, against the app in process (ASGI): no request it
generates, valid or not, may get a server error (5xx); documented responses must match their
schemas and status codes. Examples per operation are bounded so the run stays short."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (dev extra)")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from teller.app import create_app  # noqa: E402
from teller.store import Store  # noqa: E402
from test_store_fixtures import protest_analysis, talks_analysis, undated_analysis  # noqa: E402

# An open store: the app then leaves it open when schemathesis's client ends the app's lifespan.
_store = Store("sqlite://")
for _a in (talks_analysis(), protest_analysis(), undated_analysis()):
    _store.save(_a)
app = create_app(_store, api_token="schemathesis-token", stats_ttl=0)

schema = schemathesis.openapi.from_asgi("/openapi.json", app)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schema.exclude(method="POST").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_reads_never_fail_on_the_server(case):
    case.call_and_validate(checks=CHECKS)


@schema.include(method="POST").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_writes_without_the_token_are_refused_never_crash(case):
    """Without the token every write is refused before analysis (so no spaCy model is loaded)."""
    case.call_and_validate(checks=CHECKS)
