"""Running a child process without blocking the loop."""

import asyncio


async def git_head(repo: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        "git", "-C", repo, "rev-parse", "HEAD",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(stderr.decode().strip())
    return stdout.decode().strip()
