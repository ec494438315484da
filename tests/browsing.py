"""Waiting in a real browser, shared by the browser tests."""

from __future__ import annotations

from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.support.ui import WebDriverWait

# While a submitted form or a link loads the next page, Chromium may answer a lookup with
# "node does not belong to the document" or a stale element: those mean "not yet".
NOT_YET = (StaleElementReferenceException, NoSuchElementException, WebDriverException)


def wait(browser, condition, timeout: float = 15):
    return WebDriverWait(browser, timeout, ignored_exceptions=NOT_YET).until(condition)
