"""`minka serve`: the whole bilingual site, rebuilt when a record is saved."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

from conftest import MINKA


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(check, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_shows_both_languages_and_reloads_a_saved_record(make_project):
    root = make_project()
    port = _free_port()
    server = subprocess.Popen([*MINKA, "--config", str(root / "mkdocs.yml"), "serve",
                               "--port", str(port)], cwd=root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(lambda: "Demo practice" in _get(f"{base}/en/practices/demo/"))
        assert "Práctica de demostración" in _get(f"{base}/es/practices/demo/")
        case = root / "cases" / "demo.yaml"
        case.write_text(case.read_text(encoding="utf-8").replace(
            "Demo practice", "Renamed practice"), encoding="utf-8")
        assert _wait_for(lambda: "Renamed practice" in _get(f"{base}/en/practices/demo/"))
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
        print(output)
