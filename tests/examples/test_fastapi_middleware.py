"""rules/fastapi-middleware.md: the last middleware added is the outermost; pure ASGI keeps context and streams."""

import asyncio
import logging
import types
from collections.abc import AsyncIterator, Callable
from contextvars import ContextVar

import pytest
from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.types import ASGIApp, Message, Receive, Scope, Send

RULE = "fastapi-middleware"
ORIGIN = "https://app.example.com"
EVIL = "https://evil.example"
PREFLIGHT = {"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}


@pytest.fixture
def example(load_rule: Callable[..., types.ModuleType]) -> types.ModuleType:
    return load_rule(RULE, CORS_ORIGINS=ORIGIN)


def access_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "app.access"]


def test_stack_order_outermost_first(example: types.ModuleType) -> None:
    # user_middleware lists the stack from the outside in.
    assert [m.cls for m in example.app.user_middleware] == [
        CORSMiddleware,
        example.RequestIDMiddleware,
        example.TimingMiddleware,
        example.AccessLogMiddleware,
    ]


def test_outermost_cors_answers_preflight_before_inner_middleware_runs(
    example: types.ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="app.access")
    with TestClient(example.app) as client:
        preflight = client.options("/ping", headers=PREFLIGHT)
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    # CORS is outermost: RequestID, Timing and AccessLog never saw the preflight.
    assert "x-request-id" not in preflight.headers
    assert "server-timing" not in preflight.headers
    assert access_lines(caplog) == []


def test_request_id_is_set_before_the_inner_middleware_and_the_endpoint_run(
    example: types.ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="app.access")
    with TestClient(example.app) as client:
        response = client.get("/ping", headers={"Origin": ORIGIN})
    rid = response.headers["x-request-id"]
    assert response.json() == {"request_id": rid}  # the endpoint sees the ContextVar
    assert access_lines(caplog) == [f"GET /ping 200 request_id={rid}"]  # so does the inner log middleware
    assert response.headers["server-timing"].startswith("app;dur=")
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert set(response.headers["access-control-expose-headers"].split(", ")) == {"X-Request-ID", "Server-Timing"}


def test_incoming_request_id_is_reused_only_when_well_formed(example: types.ModuleType) -> None:
    with TestClient(example.app) as client:
        kept = client.get("/ping", headers={"X-Request-ID": "abc-123"})
        forged = client.get("/ping", headers={"X-Request-ID": "x\nERROR forged line"})
    assert kept.headers["x-request-id"] == "abc-123"
    assert forged.headers["x-request-id"] != "x\nERROR forged line"
    assert len(forged.headers["x-request-id"]) == 32


def test_unlisted_origin_gets_no_cors_headers(example: types.ModuleType) -> None:
    with TestClient(example.app) as client:
        response = client.get("/ping", headers={"Origin": EVIL})
        preflight = client.options("/ping", headers={**PREFLIGHT, "Origin": EVIL})
    assert "access-control-allow-origin" not in response.headers
    assert preflight.status_code == 400


def test_error_status_is_logged_by_the_access_log(example: types.ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="app.access")
    with TestClient(example.app) as client:
        missing = client.get("/missing")
    assert missing.status_code == 404
    assert access_lines(caplog) == [f"GET /missing 404 request_id={missing.headers['x-request-id']}"]


def test_wildcard_origin_with_credentials_trusts_every_site() -> None:
    """The Incorrect configuration: Starlette echoes any Origin and allows credentials."""
    app = FastAPI()
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)

    @app.get("/me")
    async def me() -> dict[str, str]:
        return {"user": "alice"}

    with TestClient(app) as client:
        response = client.get("/me", headers={"Origin": EVIL})
    assert response.headers["access-control-allow-origin"] == EVIL
    assert response.headers["access-control-allow-credentials"] == "true"


def test_streaming_response_passes_through_as_a_stream(example: types.ModuleType) -> None:
    @example.app.get("/stream")
    async def stream() -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            for part in (b"one\n", b"two\n", b"three\n"):
                yield part

        return StreamingResponse(chunks(), media_type="text/plain")

    messages = asyncio.run(call_asgi(example.app, "/stream"))
    bodies = [m["body"] for m in messages if m["type"] == "http.response.body" and m.get("body")]
    assert bodies == [b"one\n", b"two\n", b"three\n"]  # not buffered into one message
    start = next(m for m in messages if m["type"] == "http.response.start")
    assert {k.decode() for k, _ in start["headers"]} >= {"x-request-id", "server-timing"}


async def call_asgi(app: ASGIApp, path: str) -> list[Message]:
    """Drive one HTTP request through the ASGI app and keep every message it sends."""
    sent: list[Message] = []
    request_sent = False

    async def receive() -> Message:
        nonlocal request_sent
        if not request_sent:
            request_sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects during the test
        raise AssertionError("unreachable")

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": [],
        "client": ("127.0.0.1", 1234), "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    return sent


probe: ContextVar[str] = ContextVar("probe", default="unset")


def contextvar_seen_after_endpoint(middleware: type) -> str:
    seen: dict[str, str] = {}
    app = FastAPI()

    @app.get("/")
    async def endpoint() -> dict[str, str]:
        probe.set("set by endpoint")
        return {}

    app.add_middleware(middleware, seen=seen)
    with TestClient(app) as client:
        client.get("/")
    return seen["after"]


class PureRecorder:
    def __init__(self, app: ASGIApp, seen: dict[str, str]) -> None:
        self.app = app
        self.seen = seen

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)
        if scope["type"] == "http":
            self.seen["after"] = probe.get()


class BaseRecorder(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, seen: dict[str, str]) -> None:
        super().__init__(app)
        self.seen = seen

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        self.seen["after"] = probe.get()
        self.seen["has_body"] = str(hasattr(response, "body"))
        return response


def test_pure_asgi_middleware_sees_the_endpoints_contextvar_changes() -> None:
    assert contextvar_seen_after_endpoint(PureRecorder) == "set by endpoint"


def test_base_http_middleware_does_not_see_them() -> None:
    assert contextvar_seen_after_endpoint(BaseRecorder) == "unset"


def test_base_http_middleware_gets_a_response_without_body() -> None:
    seen: dict[str, str] = {}
    app = FastAPI()

    @app.get("/")
    async def endpoint() -> dict[str, str]:
        return {}

    app.add_middleware(BaseRecorder, seen=seen)
    with TestClient(app) as client:
        client.get("/")
    assert seen["has_body"] == "False"


def test_adding_middleware_after_startup_fails(example: types.ModuleType) -> None:
    with TestClient(example.app) as client:
        client.get("/ping")
        with pytest.raises(RuntimeError):
            example.app.add_middleware(example.TimingMiddleware)


class NamedRecorder:
    def __init__(self, app: ASGIApp, name: str, order: list[str]) -> None:
        self.app = app
        self.name = name
        self.order = order

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.order.append(self.name)
        await self.app(scope, receive, send)


def test_add_middleware_and_middleware_list_run_in_opposite_orders() -> None:
    added: list[str] = []
    by_add = FastAPI()
    by_add.add_middleware(NamedRecorder, name="first added", order=added)
    by_add.add_middleware(NamedRecorder, name="last added", order=added)

    listed: list[str] = []
    by_list = FastAPI(
        middleware=[
            Middleware(NamedRecorder, name="first listed", order=listed),
            Middleware(NamedRecorder, name="last listed", order=listed),
        ]
    )
    for app in (by_add, by_list):
        with TestClient(app) as client:
            client.get("/")
    assert added == ["last added", "first added"]  # the last added is the outermost
    assert listed == ["first listed", "last listed"]  # the first listed is the outermost
