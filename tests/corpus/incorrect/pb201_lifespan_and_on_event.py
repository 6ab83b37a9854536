from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.ready = True
    yield


app = FastAPI(lifespan=lifespan)


@app.on_event("startup")  # never runs: the app has a lifespan
async def load_feature_flags() -> None:
    app.state.flags = {"new_checkout": True}
