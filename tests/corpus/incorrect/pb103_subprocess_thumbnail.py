import subprocess
from pathlib import Path


async def make_thumbnail(source: Path, target: Path) -> Path:
    subprocess.run(["convert", str(source), "-resize", "256x256", str(target)], check=True)
    return target
