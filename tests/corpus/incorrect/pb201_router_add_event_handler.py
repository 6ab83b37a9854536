from fastapi import APIRouter, FastAPI

router = APIRouter(prefix="/catalogue")
CACHE: dict[str, list[str]] = {}


def warm_cache() -> None:
    CACHE["categories"] = ["tools", "garden"]


router.add_event_handler("startup", warm_cache)


@router.get("/categories")
async def categories() -> list[str]:
    return CACHE["categories"]


app = FastAPI()
app.include_router(router)
