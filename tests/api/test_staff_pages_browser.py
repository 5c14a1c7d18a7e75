"""The staff pages in headless Debian Chromium against the running product: log in, create a
user, disable them, read the audit log, log out — under the pages' CSP, with no console error."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.product import STAFF_PASSWORD, Product

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.usefixtures("no_console_errors")]


def _rows(browser: WebDriver, username: str) -> list[str]:
    return [r.text for r in browser.find_elements(By.CSS_SELECTOR, "tbody tr") if r.text.startswith(username + " ")]


def _row(browser: WebDriver, username: str) -> str:
    rows = _rows(browser, username)
    assert len(rows) == 1, rows
    return rows[0]


def test_an_administrator_manages_users_and_reads_the_audit_log(browser: WebDriver, product: Product) -> None:
    admin = product.staff_user("admin")
    browser.delete_all_cookies()
    browser.get(product.url + "/admin/users")
    WebDriverWait(browser, 30).until(EC.url_contains("/login?next=/admin/users"))
    browser.find_element(By.NAME, "username").send_keys(admin)
    browser.find_element(By.NAME, "password").send_keys(STAFF_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form.login button").click()
    WebDriverWait(browser, 30).until(EC.url_to_be(product.url + "/admin/users"))
    assert admin in _row(browser, admin) and "正常" in _row(browser, admin)
    session = browser.get_cookie("banshi_session")
    assert session is not None and session["httpOnly"] and session["sameSite"] == "Strict"

    new_user = browser.find_element(By.CSS_SELECTOR, "form[action='/admin/users']")
    new_user.find_element(By.NAME, "username").send_keys("zhang.wei")
    new_user.find_element(By.NAME, "display_name").send_keys("张伟")
    new_user.find_element(By.NAME, "password").send_keys("Another-Long-Pass-42")
    new_user.find_element(By.CSS_SELECTOR, "input[name='roles'][value='agent']").click()
    new_user.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    notice = WebDriverWait(browser, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice")))
    assert "已创建用户 zhang.wei" in notice.text
    assert "张伟" in _row(browser, "zhang.wei") and "agent" in _row(browser, "zhang.wei")

    row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "tbody tr") if r.text.startswith("zhang.wei "))
    row.find_element(By.CSS_SELECTOR, "button").click()  # 停用
    # The page reloads after the post: while it does, the table is empty or its rows go stale.
    WebDriverWait(browser, 30, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: any("已停用" in row for row in _rows(d, "zhang.wei")))
    assert "已停用" in _row(browser, "zhang.wei")

    browser.get(product.url + "/admin/audit?action=user.")
    entries = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert any("user.disable" in e and "user:zhang.wei" in e and admin in e for e in entries), entries
    assert any("user.create" in e and "user:zhang.wei" in e for e in entries), entries
    assert not any("login" in e for e in entries)  # the filter applies

    browser.find_element(By.CSS_SELECTOR, "header form button").click()  # 退出登录
    WebDriverWait(browser, 30).until(EC.url_contains("/login"))
    browser.get(product.url + "/admin")
    WebDriverWait(browser, 30).until(EC.url_contains("/login?next=/admin"))
