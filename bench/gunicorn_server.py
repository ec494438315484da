"""A real server for the benchmarks: gunicorn on loopback, over the database ``env`` names,
answering before the first measurement."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def serve(env: dict, port: int, workers: int = 2, threads: int = 1) -> subprocess.Popen:
    """gunicorn with ``workers`` processes of ``threads`` threads each, once it answers."""
    command = [str(VENV_BIN / "gunicorn"), "shield.config.wsgi", "-w", str(workers)]
    if threads > 1:
        command += ["--threads", str(threads)]
    command += ["-b", f"127.0.0.1:{port}", "--timeout", "120"]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/list", timeout=5).read()
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")
