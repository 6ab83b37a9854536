"""references/problem-details.md: every error leaves the app as an RFC 9457 problem."""

from __future__ import annotations

import types
import warnings
from collections.abc import Callable

import pytest
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

# load_rule resolves rules/<name>.md, so the reference is reached with a relative name.
REFERENCE = "references/problem-details"
ORIGIN = "https://app.example.com"
PROBLEM_JSON = "application/problem+json"


@pytest.fixture
def example(load_rule: Callable[..., types.ModuleType]) -> types.ModuleType:
    module = load_rule(REFERENCE)

    @module.app.get("/boom")
    async def boom() -> dict[str, str]:
        raise RuntimeError("database password is hunter2")

    return module


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["status"] == status  # the body's status equals the HTTP status
    assert isinstance(body["type"], str) and isinstance(body["title"], str)
    return body


def test_unknown_route_is_a_problem_with_the_reason_phrase_as_title(example: types.ModuleType) -> None:
    with TestClient(example.app) as client:
        body = assert_problem(client.get("/nope"), 404)
    # The exact body shown in the reference.
    assert body == {"type": "about:blank", "title": "Not Found", "status": 404, "instance": "/nope"}


def test_method_not_allowed_keeps_the_allow_header(example: types.ModuleType) -> None:
    with TestClient(example.app) as client:
        response = client.get("/orders/widget")
    assert_problem(response, 405)
    assert response.headers["allow"] == "POST"


def test_http_exception_detail_becomes_problem_detail(example: types.ModuleType) -> None:
    with TestClient(example.app) as client:
        body = assert_problem(client.post("/orders/gadget", params={"quantity": 1}), 404)
    assert body["detail"] == "No product with SKU 'gadget'."
    assert body["instance"] == "/orders/gadget"


def test_domain_error_has_its_own_type_and_extension_members(example: types.ModuleType) -> None:
    with TestClient(example.app) as client:
        ok = client.post("/orders/widget", params={"quantity": 2})
        body = assert_problem(client.post("/orders/widget", params={"quantity": 5}), 409)
    assert ok.status_code == 200 and ok.json() == {"ordered": 2}
    assert body["type"] == "https://example.com/problems/out-of-stock"
    assert body["title"] == "Not enough stock"
    assert body["available"] == 3


def test_validation_errors_list_parameters_and_body_pointers(example: types.ModuleType) -> None:
    app = example.app

    @app.post("/batch")
    async def batch(items: list[dict[str, int]]) -> int:
        return len(items)

    with TestClient(app) as client:
        query = assert_problem(client.post("/orders/widget", params={"quantity": "many"}), 422)
        body = assert_problem(client.post("/batch", json=[{"a": 1}, {"b": "secret-value"}]), 422)
        broken = assert_problem(
            client.post("/batch", content=b"[{", headers={"content-type": "application/json"}), 422
        )
    assert query["errors"] == [
        {"detail": query["errors"][0]["detail"], "parameter": "quantity", "location": "query"}
    ]
    assert [e["pointer"] for e in body["errors"]] == ["#/1/b"]
    assert "pointer" not in broken["errors"][0]  # a JSON syntax error has no place in the document
    assert "secret-value" not in str(body)  # the rejected input is not echoed


def test_unhandled_error_is_a_500_problem_with_cors_headers(example: types.ModuleType) -> None:
    with TestClient(example.app) as client:
        response = client.get("/boom", headers={"Origin": ORIGIN})
    body = assert_problem(response, 500)
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "hunter2" not in response.text  # no internal details leak
    assert body["title"] == "Internal Server Error"


def test_exception_handler_alone_loses_cors_headers() -> None:
    """The claim behind the middleware: a handler for Exception runs outside CORSMiddleware."""
    app = FastAPI()

    async def handler(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"title": "Internal Server Error"}, status_code=500)

    app.add_exception_handler(Exception, handler)
    app.add_middleware(CORSMiddleware, allow_origins=[ORIGIN])

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom", headers={"Origin": ORIGIN})
    assert response.status_code == 500
    assert "access-control-allow-origin" not in response.headers


def test_error_layer_emits_no_warnings(example: types.ModuleType) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with TestClient(example.app) as client:
            client.get("/nope")
            client.post("/orders/widget", params={"quantity": "many"})
            client.get("/boom")
    assert [str(w.message) for w in caught] == []
