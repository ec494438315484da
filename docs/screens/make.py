"""Screenshots of the main pages over the demo data, in English and Norwegian, at 1400 and 390 px.

Loads the demo into a temporary database, serves it (``shield demo``) on a loopback port,
and saves, from headless Chromium, the visible part of each page as a small palette PNG
beside this script: ``<page>-<lang>-<width>.png``.

Usage: python docs/screens/make.py [--out DIR] [--url http://127.0.0.1:8000]
(with --url, an already running demo is used instead).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
WIDTHS = {1400: 900, 390: 844}  # width: height of the screen
LANGS = ("en", "nb")
LOGIN = ("secretariat", "secretariat-demo")  # a demo login (shield.demo.loader.DEMO_LOGINS)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_demo(work: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{work / 'demo.sqlite3'}",
        SHIELD_JOBS_DIR=str(work / "jobs"),
        SHIELD_EVIDENCE_DIR=str(work / "evidence"),
        SECRET_KEY="screens-" + "k" * 50,
        DEBUG="",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    server = subprocess.Popen(
        [str(BIN / "shield"), "demo", "--host", "127.0.0.1", "--port", str(port)],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            return server, url
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the demo did not start")


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--hide-scrollbars", "--window-size=1400,900"):  # fmt: skip
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def settle(driver: webdriver.Chrome) -> None:
    """Wait for the page and for any map on it to have drawn its land and its records."""
    wait = WebDriverWait(driver, 20)
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
    wait.until(
        lambda d: d.execute_script(
            "return [...document.querySelectorAll('.map')].every("
            "m => m.dataset.ready === '1' && (m.dataset.land === '1' || !window.L))"
        )
    )
    time.sleep(0.6)  # Leaflet's fade-in


def save(driver: webdriver.Chrome, path: Path) -> None:
    png = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    png.quantize(colors=96, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def notified_request(url: str) -> str:
    with urllib.request.urlopen(url + "/api/listing/requests?status=notified", timeout=30) as r:
        rows = json.loads(r.read())
    rows = rows.get("items", rows) if isinstance(rows, dict) else rows
    return rows[0]["ref"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(HERE))
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server, url = (None, args.url.rstrip("/")) if args.url else serve_demo(Path(tmp))
        driver = browser()
        try:
            pages = {
                "home-public": "/",
                "map": "/map/",
                "property": "/property/AZE-00001/",
            }
            signed_in = {"home": "/", "request": f"/requests/{notified_request(url)}/"}
            for lang in LANGS:
                driver.delete_all_cookies()
                driver.get(url + "/")
                Select(driver.find_element(By.ID, "language")).select_by_value(lang)
                WebDriverWait(driver, 20).until(
                    lambda d, lang=lang: (
                        d.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
                    )
                )
                shoot(driver, url, pages, lang, out)
                driver.get(url + "/login/")
                driver.find_element(By.NAME, "username").send_keys(LOGIN[0])
                driver.find_element(By.NAME, "password").send_keys(LOGIN[1])
                driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
                WebDriverWait(driver, 20).until(lambda d: "/login/" not in d.current_url)
                shoot(driver, url, signed_in, lang, out)
        finally:
            driver.quit()
            if server is not None:
                server.terminate()
                server.wait(30)
    return 0


def shoot(driver, url: str, pages: dict[str, str], lang: str, out: Path) -> None:
    for width, height in WIDTHS.items():
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 700},
        )
        for name, path in pages.items():
            driver.get(url + path)
            settle(driver)
            target = out / f"{name}-{lang}-{width}.png"
            save(driver, target)
            print(target.name, target.stat().st_size, "bytes")


if __name__ == "__main__":
    sys.exit(main())
