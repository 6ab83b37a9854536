"""rules/fastapi-lifespan.md: lifespan state, settings, readiness checks, background tasks, no deprecated APIs."""

import json
import threading
import types
import warnings
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi import BackgroundTasks, FastAPI, Request
from fastapi.exceptions import FastAPIDeprecationWarning
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

RULE = "fastapi-lifespan"
ORDER = {"sku": "widget", "quantity": 2}


@dataclass
class Billing:
    """A real HTTP server standing in for the billing service."""

    url: str = ""
    health_status: int = 200
    hang: threading.Event | None = None  # when set, /health waits until the event is released
    invoices: list[dict] = field(default_factory=list)


@pytest.fixture
def billing() -> Iterator[Billing]:
    state = Billing()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if state.hang is not None:
                state.hang.wait(timeout=30)
            self.send_response(state.health_status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            state.invoices.append(json.loads(self.rfile.read(length)))
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        if state.hang is not None:
            state.hang.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def example(load_rule: Callable[..., types.ModuleType], db_url: str, billing: Billing) -> types.ModuleType:
    return load_rule(RULE, APP_DATABASE__URL=db_url, APP_BILLING_URL=billing.url)


def test_ready_when_every_dependency_answers(example: types.ModuleType) -> None:
    with TestClient(example.app) as client:
        response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "billing": "ok"}}


def test_not_ready_when_a_dependency_fails(example: types.ModuleType, billing: Billing) -> None:
    billing.health_status = 500
    with TestClient(example.app) as client:
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "billing": "fail"}


def test_not_ready_when_a_dependency_hangs(
    load_rule: Callable[..., types.ModuleType], sqlite_url: str, billing: Billing
) -> None:
    billing.hang = threading.Event()
    module = load_rule(RULE, APP_DATABASE__URL=sqlite_url, APP_BILLING_URL=billing.url, APP_HEALTH_TIMEOUT="0.2")
    with TestClient(module.app) as client:
        response = client.get("/health/ready")
    assert response.status_code == 503  # the timeout turned a hang into an answer
    assert response.json()["checks"] == {"database": "ok", "billing": "fail"}


def test_not_ready_when_the_database_is_unreachable(
    load_rule: Callable[..., types.ModuleType], tmp_path, billing: Billing
) -> None:
    missing = f"sqlite+aiosqlite:///{tmp_path / 'no-such-dir' / 'app.db'}"
    module = load_rule(RULE, APP_DATABASE__URL=missing, APP_BILLING_URL=billing.url)
    with TestClient(module.app) as client:
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "fail", "billing": "ok"}


def test_lifespan_state_is_on_request_state_not_app_state(example: types.ModuleType, db_url: str) -> None:
    app = example.app

    @app.get("/state")
    async def state(request: Request) -> dict[str, str | bool]:
        request.state.scratch = "per request"  # must not leak into the next request
        return {"engine_url": request.state.engine.url.render_as_string(hide_password=False),
                "on_app_state": hasattr(app.state, "engine")}

    @app.get("/scratch")
    async def scratch(request: Request) -> dict[str, bool]:
        return {"leaked": hasattr(request.state, "scratch")}

    with TestClient(app) as client:
        seen = client.get("/state").json()
        leaked = client.get("/scratch").json()
    assert seen == {"engine_url": db_url, "on_app_state": False}  # APP_DATABASE__URL reached the engine
    assert leaked == {"leaked": False}


def test_settings_use_prefix_nested_delimiter_and_hide_secrets(load_rule: Callable[..., types.ModuleType]) -> None:
    module = load_rule(RULE, APP_DATABASE__URL="postgresql+asyncpg://app:s3cret@db.internal/app")
    settings = module.Settings()
    assert settings.database.url.get_secret_value() == "postgresql+asyncpg://app:s3cret@db.internal/app"
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings.model_dump())


def test_background_task_runs_after_the_response(example: types.ModuleType, billing: Billing) -> None:
    invoices_at_response_start: list[int] = []

    def observe(app: ASGIApp) -> ASGIApp:
        async def wrapper(scope: Scope, receive: Receive, send: Send) -> None:
            async def observing_send(message: Message) -> None:
                if message["type"] == "http.response.start":
                    invoices_at_response_start.append(len(billing.invoices))
                await send(message)

            await app(scope, receive, observing_send)

        return wrapper

    with TestClient(observe(example.app)) as client:
        response = client.post("/orders", json=ORDER)
    assert response.status_code == 202 and response.json() == ORDER
    assert invoices_at_response_start == [0]
    assert billing.invoices == [ORDER]


def test_failing_background_task_skips_the_rest_after_a_2xx() -> None:
    ran: list[str] = []
    app = FastAPI()

    def fail() -> None:
        raise RuntimeError("invoice service down")

    @app.post("/orders")
    async def orders(tasks: BackgroundTasks) -> dict[str, bool]:
        tasks.add_task(fail)
        tasks.add_task(ran.append, "receipt e-mail")
        return {"accepted": True}

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/orders")
    assert response.status_code == 200
    assert ran == []


def test_on_event_is_deprecated_and_skipped_when_a_lifespan_is_set() -> None:
    calls: list[str] = []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        calls.append("lifespan")
        yield

    app = FastAPI(lifespan=lifespan)
    with pytest.warns(DeprecationWarning, match="on_event is deprecated"):

        @app.on_event("startup")
        async def startup() -> None:
            calls.append("on_event startup")

    with TestClient(app):
        pass
    assert calls == ["lifespan"]  # the startup handler was dropped without a word


def test_starlette_1_removed_startup_handlers() -> None:
    with pytest.raises(TypeError):
        Starlette(on_startup=[lambda: None])
    assert not hasattr(Starlette, "on_event")


def test_orjson_response_is_deprecated() -> None:
    from fastapi.responses import ORJSONResponse, UJSONResponse

    for response_class in (ORJSONResponse, UJSONResponse):
        assert "deprecated" in response_class.__deprecated__
        # The warning comes first; rendering then fails if orjson/ujson is not installed.
        with pytest.warns(FastAPIDeprecationWarning), suppress(AssertionError):
            response_class({"a": 1})


def test_correct_app_emits_no_warnings(example: types.ModuleType) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with TestClient(example.app) as client:
            client.get("/health/ready")
            client.post("/orders", json=ORDER)
    assert [f"{w.category.__name__}: {w.message}" for w in caught] == []
