from fastapi import APIRouter
from fastapi.responses import UJSONResponse

router = APIRouter()


@router.get("/events", response_class=UJSONResponse)
async def events() -> UJSONResponse:
    return UJSONResponse([{"id": 1, "kind": "login"}])
