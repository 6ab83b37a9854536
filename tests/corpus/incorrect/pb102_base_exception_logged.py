import logging

logger = logging.getLogger("sync")


async def sync_account(client, account_id: str) -> None:
    try:
        await client.post(f"/accounts/{account_id}/sync")
    except BaseException:
        logger.exception("sync of %s failed", account_id)
