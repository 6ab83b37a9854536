"""PB1xx asyncio conventions: flagged cases, clean near-misses."""

from __future__ import annotations

import textwrap

import pytest
from pbcheck.registry import load_all

from .helpers import codes, findings, flagged


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def message(source: str, code: str) -> str:
    [finding] = [f for f in findings(src(source)) if f.code == code]
    return finding.message


# -- PB101 gather-instead-of-task-group ---------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("async def f():\n    a, b = await asyncio.gather(x(), y())\n", 2),
        ("import asyncio as aio\nasync def f():\n    await aio.gather(x(), y())\n", 3),
        ("from asyncio import gather as g\nasync def f():\n    await g(x(), return_exceptions=False)\n", 3),
    ],
)
def test_gather_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB101") == [line]


@pytest.mark.parametrize(
    "source",
    [
        "async def f():\n    await asyncio.gather(x(), y(), return_exceptions=True)\n",
        "async def f():\n    await gather(x(), y())\n",  # unknown origin: not asyncio's
        "import trio\nasync def f():\n    await trio.gather(x())\n",
        "async def f():\n    await asyncio.gather(x())  # noqa: PB101\n",
    ],
)
def test_gather_near_misses(source: str) -> None:
    assert flagged(source, "PB101") == []


def test_bare_noqa_does_not_silence() -> None:
    assert flagged("async def f():\n    await asyncio.gather(x())  # noqa\n", "PB101") == [2]


# -- PB102 cancellation-swallowed ---------------------------------------------------------------

SWALLOWED = {
    "pass": """
        async def worker():
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                pass
        """,
    "bare except": """
        async def worker():
            try:
                await step()
            except:
                log.exception("step failed")
        """,
    "base exception returns": """
        async def fetch(client, url):
            try:
                return await client.get(url)
            except BaseException:
                return None
        """,
    "in a tuple": """
        async def fetch(client, url):
            try:
                return await client.get(url)
            except (ValueError, asyncio.CancelledError) as exc:
                log.warning("gave up: %r", exc)
        """,
    "aliased import": """
        from asyncio import CancelledError as Cancelled
        async def worker():
            try:
                await step()
            except Cancelled:
                log.info("stopping")
        """,
    "one branch falls through": """
        async def worker(strict):
            try:
                await step()
            except asyncio.CancelledError:
                if strict:
                    raise
                log.info("ignored")
        """,
    "continue in a loop": """
        async def consume(queue):
            while True:
                try:
                    await handle(await queue.get())
                except asyncio.CancelledError:
                    continue
        """,
    "break out of a loop": """
        async def consume(queue):
            while True:
                try:
                    await handle(await queue.get())
                except asyncio.CancelledError:
                    break
        """,
    "raise only inside a loop that may not run": """
        async def worker(hooks):
            try:
                await step()
            except asyncio.CancelledError:
                for hook in hooks:
                    raise
        """,
    "finally that returns": """
        async def worker():
            try:
                await step()
            except asyncio.CancelledError:
                try:
                    raise
                finally:
                    return None
        """,
    "suppress around the raise": """
        import contextlib
        async def worker():
            try:
                await step()
            except asyncio.CancelledError:
                with contextlib.suppress(Exception):
                    raise
        """,
    "async def nested in a sync def": """
        def build():
            async def worker():
                try:
                    await step()
                except asyncio.CancelledError:
                    pass
            return worker
        """,
    "except star": """
        async def worker():
            try:
                await step()
            except* asyncio.CancelledError:
                log.info("cancelled")
        """,
    "an earlier handler catching only Exception": """
        async def worker():
            try:
                await step()
            except Exception:
                raise
            except BaseException:
                log.info("stopped")
        """,
    "async for in the try body": """
        async def drain(stream):
            try:
                async for _ in stream:
                    pass
            except BaseException:
                return
        """,
    "async comprehension in the try body": """
        async def drain(stream):
            try:
                return [x async for x in stream]
            except BaseException:
                return []
        """,
    "awaiting a call is not awaiting a task": """
        async def worker():
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                pass
        """,
}


@pytest.mark.parametrize("source", SWALLOWED.values(), ids=SWALLOWED.keys())
def test_cancellation_swallowed_flagged(source: str) -> None:
    source = src(source)
    # The swallowing handler is the last `except` of each snippet.
    line = max(n for n, text in enumerate(source.splitlines(), 1) if text.strip().startswith("except"))
    assert flagged(source, "PB102") == [line]


def test_cancellation_swallowed_message_names_clause_and_function() -> None:
    text = message(SWALLOWED["in a tuple"], "PB102")
    assert "`except (ValueError, asyncio.CancelledError)`" in text
    assert "`async def fetch`" in text


PROPAGATED = {
    "clean up and re-raise": """
        async def worker(conn):
            try:
                await conn.execute("LISTEN jobs")
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                await conn.close()
                raise
        """,
    "except Exception does not catch CancelledError": """
        async def worker():
            try:
                await step()
            except Exception:
                log.exception("step failed")
        """,
    "sync def nested in async def": """
        async def worker():
            def parse(raw):
                try:
                    return json.loads(raw)
                except:
                    return None
            return parse(await read())
        """,
    "sync function": """
        def main():
            try:
                asyncio.run(serve())
            except BaseException:
                pass
        """,
    "uncancel marks a deliberate absorption": """
        async def worker():
            try:
                await step()
            except asyncio.CancelledError:
                asyncio.current_task().uncancel()
        """,
    "awaiting a task this code cancelled": """
        async def main():
            task = asyncio.create_task(cancel_me())
            await asyncio.sleep(1)
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                print("main(): cancel_me is cancelled now")
        """,
    "isinstance guard re-raises cancellation": """
        async def worker():
            try:
                await step()
            except BaseException as exc:
                if isinstance(exc, asyncio.CancelledError):
                    raise
                log.exception("step failed")
        """,
    "ordinary errors return, the rest re-raises": """
        async def worker():
            try:
                return await step()
            except BaseException as exc:
                if isinstance(exc, Exception):
                    return None
                raise
        """,
    "raising another exception still propagates": """
        async def fetch(client, url):
            try:
                return await client.get(url)
            except asyncio.CancelledError as exc:
                raise TimeoutError(url) from exc
        """,
    "every branch raises": """
        async def worker(strict):
            try:
                await step()
            except:
                if strict:
                    raise
                else:
                    raise RuntimeError("stopped")
        """,
    "nested try, then raise": """
        async def worker(conn):
            try:
                await step()
            except asyncio.CancelledError:
                try:
                    await conn.rollback()
                except Exception:
                    log.exception("rollback failed")
                raise
        """,
    "a loop with break, then raise": """
        async def worker(hooks):
            try:
                await step()
            except asyncio.CancelledError:
                for hook in hooks:
                    if hook():
                        break
                raise
        """,
    "an earlier handler takes the cancellation": """
        async def worker():
            try:
                await step()
            except asyncio.CancelledError:
                raise
            except BaseException:
                log.exception("step failed")
        """,
    "try body cannot suspend": """
        async def parse(body):
            try:
                return json.loads(body)
            except:
                return None
        """,
    "result of a finished task": """
        async def outcome(task):
            await asyncio.wait([task])
            try:
                return task.result()
            except asyncio.CancelledError:
                return "cancelled"
        """,
    "concurrent.futures CancelledError is an Exception": """
        from concurrent.futures import CancelledError
        async def wait(future):
            try:
                return await asyncio.wrap_future(future)
            except CancelledError:
                return None
        """,
    "noqa": """
        async def worker():
            try:
                await step()
            except asyncio.CancelledError:  # noqa: PB102
                pass
        """,
}


@pytest.mark.parametrize("source", PROPAGATED.values(), ids=PROPAGATED.keys())
def test_cancellation_propagated_near_misses(source: str) -> None:
    assert flagged(src(source), "PB102") == []


# -- PB103 blocking-call-in-async-function -------------------------------------------------------

BLOCKING = {
    "time.sleep": ("async def f():\n    time.sleep(1)\n", 2),
    "aliased module": ("import time as t\nasync def f():\n    t.sleep(1)\n", 3),
    "from import": ("from time import sleep\nasync def f():\n    sleep(1)\n", 3),
    "requests.get": ("import requests\nasync def f(url):\n    return requests.get(url, timeout=5)\n", 3),
    "requests.Session local": (
        "import requests\nasync def f(url):\n    s = requests.Session()\n    return s.get(url)\n", 4),
    "requests.Session module-level": (
        "import requests\nhttp = requests.Session()\nasync def f(url):\n    return http.post(url)\n", 4),
    "requests.Session attribute": (
        "import requests\nclass Api:\n    def __init__(self):\n        self.http = requests.Session()\n"
        "    async def ping(self):\n        return self.http.head('/')\n", 6),
    "requests.Session chained": ("async def f(url):\n    return requests.Session().get(url)\n", 2),
    "requests.Session in with": (
        "async def f(url):\n    with requests.Session() as s:\n        return s.request('GET', url)\n", 3),
    "urlopen": ("from urllib.request import urlopen\nasync def f(url):\n    return urlopen(url).read()\n", 3),
    "urllib.request.urlopen": ("import urllib.request\nasync def f(url):\n    urllib.request.urlopen(url)\n", 3),
    "subprocess.run": ("import subprocess\nasync def f():\n    subprocess.run(['ls'], check=True)\n", 3),
    "subprocess.check_output": ("async def f():\n    out = subprocess.check_output(['git', 'status'])\n", 2),
    "subprocess.Popen": ("from subprocess import Popen\nasync def f():\n    Popen(['sleep', '1'])\n", 3),
    "os.system": ("import os\nasync def f():\n    os.system('sync')\n", 3),
    "httpx.get": ("import httpx\nasync def f(url):\n    return httpx.get(url)\n", 3),
    "httpx.Client in with": (
        "import httpx\nasync def f(url):\n    with httpx.Client() as c:\n        return c.get(url)\n", 4),
    "httpx2.Client": (
        "import httpx2\nasync def f(url):\n    client = httpx2.Client()\n    return client.post(url)\n", 4),
    "input": ("async def f():\n    name = input('name? ')\n", 2),
    "in a route handler": (
        "@app.get('/slow')\nasync def slow():\n    time.sleep(2)\n    return {}\n", 3),
    "called, not passed, to to_thread": ("async def f():\n    await asyncio.to_thread(time.sleep(1))\n", 2),
}


@pytest.mark.parametrize(("source", "line"), BLOCKING.values(), ids=BLOCKING.keys())
def test_blocking_call_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB103") == [line]


@pytest.mark.parametrize(
    ("source", "call", "alternative"),
    [
        ("async def wait():\n    time.sleep(1)\n", "`time.sleep()`", "`await asyncio.sleep(...)`"),
        ("async def wait():\n    subprocess.run(['ls'])\n", "`subprocess.run()`", "asyncio.create_subprocess_exec"),
        ("async def wait():\n    os.system('ls')\n", "`os.system()`", "asyncio.create_subprocess_shell"),
        ("async def wait(u):\n    with httpx.Client() as c:\n        c.get(u)\n", "`c.get()`", "`httpx.AsyncClient`"),
        ("async def wait(u):\n    requests.get(u)\n", "`requests.get()`", "`httpx.AsyncClient`"),
    ],
)
def test_blocking_call_message_names_call_and_alternative(source: str, call: str, alternative: str) -> None:
    text = message(source, "PB103")
    assert call in text and alternative in text and "`async def wait`" in text


NON_BLOCKING = {
    "sync helper nested in async def": """
        async def poll():
            def backoff():
                time.sleep(1)
            await asyncio.to_thread(backoff)
        """,
    "passed by reference to to_thread": """
        async def pause():
            await asyncio.to_thread(time.sleep, 1)
        """,
    "passed by reference to run_in_executor": """
        async def fetch(url):
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(None, requests.get, url)
        """,
    "inside a lambda": """
        async def fetch(url):
            return await asyncio.to_thread(lambda: requests.get(url, timeout=5))
        """,
    "sync function": """
        def fetch(url):
            time.sleep(1)
            return requests.get(url, timeout=5)
        """,
    "async client": """
        async def fetch(url):
            async with httpx.AsyncClient() as client:
                return await client.get(url)
        """,
    "awaited method on an unknown client": """
        async def fetch(session, url):
            return await session.get(url)
        """,
    "unrelated attribute named requests": """
        class Tracker:
            async def lookup(self, key):
                return self.requests.get(key)
        """,
    "dict get": """
        async def lookup(cache, key):
            return cache.get(key)
        """,
    "sync client bound in another function": """
        def make():
            cache = httpx.Client()
            return cache
        async def lookup(cache, key):
            return cache.get(key)
        """,
    "asyncio subprocess": """
        async def run():
            proc = await asyncio.create_subprocess_exec("ls")
            await proc.wait()
        """,
    "input from another module": """
        from prompts import input
        async def ask():
            return input("name? ")
        """,
    "module level": """
        import time
        time.sleep(0)
        """,
    "noqa": """
        async def f():
            time.sleep(0.01)  # noqa: PB103
        """,
}


@pytest.mark.parametrize("source", NON_BLOCKING.values(), ids=NON_BLOCKING.keys())
def test_blocking_call_near_misses(source: str) -> None:
    assert flagged(src(source), "PB103") == []


# -- PB104 fire-and-forget-task ------------------------------------------------------------------

DROPPED = {
    "asyncio.create_task": ("async def f():\n    asyncio.create_task(job())\n", 2),
    "asyncio.ensure_future": ("async def f():\n    asyncio.ensure_future(job())\n", 2),
    "aliased create_task": ("from asyncio import create_task as spawn\nasync def f():\n    spawn(job())\n", 3),
    "loop.create_task": ("def f(loop):\n    loop.create_task(job())\n", 2),
    "get_running_loop().create_task": ("async def f():\n    asyncio.get_running_loop().create_task(job())\n", 2),
    "self._loop.create_task": ("class W:\n    def start(self):\n        self._loop.create_task(self.run())\n", 3),
    "name bound to the running loop": (
        "async def f():\n    lp = asyncio.get_running_loop()\n    lp.create_task(job())\n", 3),
    "only a done callback": (
        "async def f():\n    asyncio.create_task(job()).add_done_callback(report)\n", 2),
    "asyncio.create_task inside a TaskGroup block": (
        "async def f():\n    async with asyncio.TaskGroup() as tg:\n        asyncio.create_task(job())\n", 3),
}


@pytest.mark.parametrize(("source", "line"), DROPPED.values(), ids=DROPPED.keys())
def test_fire_and_forget_flagged(source: str, line: int) -> None:
    assert flagged(source, "PB104") == [line]


def test_fire_and_forget_advice_points_at_the_open_task_group() -> None:
    assert "`tg.create_task(...)`" in message(DROPPED["asyncio.create_task inside a TaskGroup block"][0], "PB104")
    assert "`asyncio.TaskGroup`" in message(DROPPED["asyncio.create_task"][0], "PB104")


KEPT = {
    "create_task inside a TaskGroup": """
        async def f():
            async with asyncio.TaskGroup() as tg:
                tg.create_task(job())
        """,
    "kept in a variable": """
        async def f():
            task = asyncio.create_task(job())
            await task
        """,
    "added to a set": """
        background = set()
        async def f():
            background.add(asyncio.create_task(job()))
        """,
    "the asyncio docs pattern": """
        background_tasks = set()
        async def f():
            task = asyncio.create_task(job())
            background_tasks.add(task)
            task.add_done_callback(background_tasks.discard)
        """,
    "awaited": """
        async def f():
            await asyncio.create_task(job())
        """,
    "returned": """
        def spawn():
            return asyncio.ensure_future(job())
        """,
    "task group passed as an argument": """
        async def spawn_workers(tg: asyncio.TaskGroup, n):
            for _ in range(n):
                tg.create_task(work())
        """,
    "task group held on self": """
        class Server:
            async def accept(self, conn):
                self._task_group.create_task(self.serve(conn))
        """,
    "noqa": """
        async def f():
            asyncio.create_task(job())  # noqa: PB104
        """,
}


@pytest.mark.parametrize("source", KEPT.values(), ids=KEPT.keys())
def test_fire_and_forget_near_misses(source: str) -> None:
    assert flagged(src(source), "PB104") == []


# -- PB105 yield-inside-cancel-scope ------------------------------------------------------------

YIELD_IN_SCOPE = {
    "timeout": """
        async def rows(conn):
            async with asyncio.timeout(10):
                async for row in conn.cursor("SELECT 1"):
                    yield row
        """,
    "TaskGroup": """
        async def merged(sources):
            async with asyncio.TaskGroup() as tg:
                for source in sources:
                    tg.create_task(source.start())
                yield tg
        """,
    "timeout_at": """
        async def ticks(deadline):
            async with asyncio.timeout_at(deadline):
                while True:
                    yield await next_tick()
        """,
    "aliased import": """
        from asyncio import timeout as deadline
        async def lines(reader):
            async with deadline(5):
                line = yield
        """,
    "inside another block inside the scope": """
        async def locked_items(lock, items):
            async with asyncio.timeout(5):
                async with lock:
                    for item in items:
                        yield item
        """,
}


@pytest.mark.parametrize("source", YIELD_IN_SCOPE.values(), ids=YIELD_IN_SCOPE.keys())
def test_yield_inside_cancel_scope_flagged(source: str) -> None:
    source = src(source)
    [line] = [n for n, text in enumerate(source.splitlines(), 1) if "yield" in text]
    assert flagged(source, "PB105") == [line]


def test_yield_inside_cancel_scope_message() -> None:
    text = message(YIELD_IN_SCOPE["timeout"], "PB105")
    assert "`async with asyncio.timeout(10)`" in text and "`rows`" in text


YIELD_OUTSIDE_SCOPE = {
    "asynccontextmanager": """
        from contextlib import asynccontextmanager
        @asynccontextmanager
        async def running_workers():
            async with asyncio.TaskGroup() as tg:
                tg.create_task(worker())
                yield tg
        """,
    "contextlib.asynccontextmanager attribute": """
        import contextlib
        @contextlib.asynccontextmanager
        async def bounded():
            async with asyncio.timeout(30):
                yield
        """,
    "FastAPI dependency": """
        from typing import Annotated
        from fastapi import Depends, FastAPI
        app = FastAPI()
        async def request_deadline():
            async with asyncio.timeout(10):
                yield
        @app.get("/")
        async def index(_: Annotated[None, Depends(request_deadline)]):
            return {}
        """,
    "lifespan": """
        from fastapi import FastAPI
        async def lifespan(app):
            async with asyncio.TaskGroup() as tg:
                tg.create_task(refresh_cache())
                yield
        app = FastAPI(lifespan=lifespan)
        """,
    "yield after the scope closed": """
        async def rows(conn):
            async with asyncio.timeout(10):
                batch = await conn.fetch("SELECT 1")
            for row in batch:
                yield row
        """,
    "not a cancel scope": """
        async def locked_items(lock, items):
            async with lock:
                for item in items:
                    yield item
        """,
    "sync generator nested in the scope": """
        async def f(items):
            async with asyncio.timeout(5):
                def gen():
                    yield from items
                return list(gen())
        """,
    "noqa": """
        async def rows(conn):
            async with asyncio.timeout(10):
                yield await conn.fetchrow("SELECT 1")  # noqa: PB105
        """,
}


@pytest.mark.parametrize("source", YIELD_OUTSIDE_SCOPE.values(), ids=YIELD_OUTSIDE_SCOPE.keys())
def test_yield_inside_cancel_scope_near_misses(source: str) -> None:
    assert flagged(src(source), "PB105") == []


# -- documentation examples ---------------------------------------------------------------------


@pytest.mark.parametrize("code", ["PB101", "PB102", "PB103", "PB104", "PB105"])
def test_doc_examples(code: str) -> None:
    check = load_all()[code]
    assert flagged(check.example, code), "the Example must be flagged"
    assert codes(check.use_instead) == [], "the Use instead block must be clean"
