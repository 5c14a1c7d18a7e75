"""The citizen's chat page in headless Debian Chromium, against the running product (Rasa too):
ask, click a quick reply, see an answer card with its source; 新对话 deletes the old conversation
on the server; large-text mode; the widget; and no error in the browser console along the way."""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.product import Product

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.usefixtures("no_console_errors")]


def _wait(driver: WebDriver, seconds: float = 60) -> WebDriverWait:
    return WebDriverWait(driver, seconds)


def _bot_count(driver: WebDriver) -> int:
    return len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot"))


def _open_and_send(browser: WebDriver, product: Product, text: str) -> int:
    """Open the chat, wait for its welcome, send `text`; the bot messages before the reply."""
    browser.get(product.url + "/")
    _wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".msg.bot")))
    before = _bot_count(browser)
    browser.find_element(By.ID, "message-input").send_keys(text)
    browser.find_element(By.ID, "send-button").click()
    return before


def test_ask_click_a_quick_reply_and_see_an_answer_card(browser: WebDriver, product: Product) -> None:
    browser.get(product.url + "/")
    _wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".msg.bot")))  # welcome
    before = _bot_count(browser)
    box = browser.find_element(By.ID, "message-input")
    box.send_keys("执照")
    browser.find_element(By.ID, "send-button").click()
    _wait(browser).until(lambda d: _bot_count(d) > before)
    replies = browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].find_elements(By.CSS_SELECTOR, ".quick-reply")
    assert replies, "the ambiguous question should offer its candidates as quick replies"
    title = replies[0].text
    replies[0].click()
    card = _wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".answer-card")))
    source = card.find_element(By.CSS_SELECTOR, ".source").text
    assert "来源" in source and title in source
    assert card.find_element(By.CSS_SELECTOR, ".rate-good").is_displayed()
    user_bubbles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".msg.user")]
    assert user_bubbles[-1] == title  # the button's title, not its payload


def test_answering_the_situation_buttons_ends_in_a_checklist_card_with_its_pdf(browser: WebDriver, product: Product) -> None:
    before = _open_and_send(browser, product, "帮我列个出生登记的材料清单")
    for _ in range(12):
        _wait(browser).until(lambda d, n=before: _bot_count(d) > n)
        if browser.find_elements(By.CSS_SELECTOR, ".checklist-card"):
            break
        before = _bot_count(browser)
        last = browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1]
        if boxes := last.find_elements(By.CSS_SELECTOR, ".tick-option input"):  # a tick list: one, 确定
            boxes[0].click()
            last.find_element(By.CSS_SELECTOR, ".tick-submit").click()
            continue
        replies = last.find_elements(By.CSS_SELECTOR, ".quick-reply")
        assert replies, "each situational question comes with its options as buttons"
        replies[0].click()
    card = _wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".checklist-card")))
    names = [e.text for e in card.find_elements(By.CSS_SELECTOR, ".material-name")]
    assert "出生医学证明" in names
    links = {a.text: a.get_attribute("href") for a in card.find_elements(By.CSS_SELECTOR, ".checklist-links a")}
    assert links["下载一次性告知单（PDF）"].endswith(".pdf")
    assert links["打开可打印清单"].startswith(product.url + "/checklist/")


def test_a_tick_list_takes_several_answers_at_once(browser: WebDriver, product: Product) -> None:
    """出生一件事's 以下情况有符合的吗: tick two boxes, 确定, and both count in the checklist."""
    before = _open_and_send(browser, product, "帮我列个出生一件事的材料清单")
    ticked = False
    for _ in range(16):
        _wait(browser).until(lambda d, n=before: _bot_count(d) > n)
        last = browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1]
        if last.find_elements(By.CSS_SELECTOR, ".checklist-card"):  # not an earlier test's card
            break
        before = _bot_count(browser)
        boxes = last.find_elements(By.CSS_SELECTOR, ".tick-option input")
        if boxes and not ticked:
            labels = [e.text for e in last.find_elements(By.CSS_SELECTOR, ".tick-option label")]
            assert not last.find_elements(By.CSS_SELECTOR, ".quick-reply")  # the boxes are the replies
            submit = last.find_element(By.CSS_SELECTOR, ".tick-submit")
            assert not submit.is_enabled()  # nothing ticked yet
            boxes[labels.index(next(t for t in labels if "非婚生" in t))].click()
            boxes[labels.index(next(t for t in labels if "民族" in t))].click()
            submit.click()
            ticked = True
            continue
        last.find_elements(By.CSS_SELECTOR, ".quick-reply, .tick-option input")[0].click()
        if boxes:  # a later tick list: one box, then 确定
            last.find_element(By.CSS_SELECTOR, ".tick-submit").click()
    assert ticked, "出生一件事 asks its uncommon situations as one tick list"
    user_bubbles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".msg.user")]
    assert any("非婚生" in b and "民族" in b for b in user_bubbles)
    card = browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].find_element(By.CSS_SELECTOR, ".checklist-card")
    names = " ".join(e.text for e in card.find_elements(By.CSS_SELECTOR, ".material-name"))
    assert "非婚生" in names and "民族" in names, names  # both ticks changed the list


def _say(browser: WebDriver, text: str) -> None:
    before = _bot_count(browser)
    browser.find_element(By.ID, "message-input").send_keys(text)
    browser.find_element(By.ID, "send-button").click()
    _wait(browser).until(lambda d: _bot_count(d) > before)


def test_the_page_chats_under_an_id_the_server_issued(browser: WebDriver, product: Product) -> None:
    """An id the page once made up itself (before ids were issued) is replaced by an issued one."""
    browser.get(product.url + "/")
    browser.execute_script("localStorage.setItem('banshi.sender', 'web-0123456789abcdef0123456789abcdef')")
    browser.get(product.url + "/")
    _wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".msg.bot")))
    _say(browser, "办护照要多少钱")
    sender = browser.execute_script("return localStorage.getItem('banshi.sender')")
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}", sender), sender
    assert not browser.find_elements(By.CSS_SELECTOR, ".msg.user.failed")
    assert "护照" in browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text


def _sender(browser: WebDriver) -> str | None:
    return browser.execute_script("return localStorage.getItem('banshi.sender')")


def _stored(product: Product, capability: str) -> dict[str, int]:
    """What the product's stores hold of one conversation: Rasa's events (what was said) and the
    answers given, read from the databases themselves."""
    conversation = capability.split(".")[0]
    counts = {}
    for database, table, column in (
        ("tracker.db", "events", "sender_id"),
        ("banshi.db", "bot_answers", "sender"),
    ):
        with closing(sqlite3.connect(product.folder / database)) as db:
            query = f"SELECT count(*) FROM {table} WHERE {column} = ?"
            counts[table] = db.execute(query, (conversation,)).fetchone()[0]
    return counts


def _start_a_conversation(browser: WebDriver, product: Product) -> str:
    """A fresh page (nothing kept from other tests) and one answered question: the issued id."""
    browser.get(product.url + "/")
    browser.execute_script("localStorage.clear(); sessionStorage.clear()")
    browser.get(product.url + "/")
    _wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".msg.bot")))
    _say(browser, "办护照要多少钱")
    old = _sender(browser)
    assert old and all(_stored(product, old).values()), _stored(product, old)  # something to delete
    return old


def _erased(browser: WebDriver) -> bool:
    """新对话's delete has gone through: the id is forgotten and none waits to be deleted."""
    return browser.execute_script(
        "return localStorage.getItem('banshi.sender') === null && localStorage.getItem('banshi.undeleted') === null"
    )


# The page's fetch, with every DELETE failing as if the network were down (a page load undoes it).
FAIL_DELETES = """
    window.realFetch = window.fetch;
    window.fetch = function (url, init) {
      if (init && init.method === 'DELETE') return Promise.reject(new TypeError('Failed to fetch'));
      return window.realFetch(url, init);
    };
"""
NOT_ERASED = "旧对话未能从服务器删除"


def _alerts(browser: WebDriver) -> list[str]:
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".msg.system:not(.info)")]


def test_new_conversation_deletes_the_old_one_on_the_server(browser: WebDriver, product: Product) -> None:
    old = _start_a_conversation(browser, product)
    button = browser.find_element(By.ID, "new-conversation")
    assert "删除" in button.get_attribute("title")  # the page says what 新对话 does
    button.click()
    _wait(browser, 30).until(_erased)
    assert _stored(product, old) == {"events": 0, "bot_answers": 0}
    assert not browser.find_elements(By.CSS_SELECTOR, ".msg.user") and not _alerts(browser)
    _say(browser, "办护照要多少钱")  # the next message opens a new conversation…
    new = _sender(browser)
    assert new and new != old and all(_stored(product, new).values())
    assert _stored(product, old) == {"events": 0, "bot_answers": 0}  # …and writes nothing into the old one


def test_a_failed_delete_is_said_and_tried_again(browser: WebDriver, product: Product) -> None:
    """The delete fails: the new conversation starts anyway, the page says so, and 重试 deletes it."""
    old = _start_a_conversation(browser, product)
    browser.execute_script(FAIL_DELETES)
    browser.find_element(By.ID, "new-conversation").click()
    _wait(browser, 30).until(lambda d: any(NOT_ERASED in text for text in _alerts(d)))
    assert all(_stored(product, old).values())
    _say(browser, "办护照要多少钱")
    assert _sender(browser) not in (None, old)
    browser.execute_script("window.fetch = window.realFetch")
    browser.find_element(By.CSS_SELECTOR, ".msg.system:not(.info) .retry-button").click()
    _wait(browser, 30).until(
        lambda d: d.execute_script("return localStorage.getItem('banshi.undeleted')") is None
    )
    assert _stored(product, old) == {"events": 0, "bot_answers": 0}
    assert not _alerts(browser)


def test_a_conversation_left_undeleted_is_deleted_on_the_next_visit(
    browser: WebDriver, product: Product
) -> None:
    old = _start_a_conversation(browser, product)
    browser.execute_script(FAIL_DELETES)
    browser.find_element(By.ID, "new-conversation").click()
    _wait(browser, 30).until(lambda d: any(NOT_ERASED in text for text in _alerts(d)))
    assert all(_stored(product, old).values())
    browser.get(product.url + "/")  # the citizen comes back later
    _wait(browser, 30).until(_erased)
    assert _stored(product, old) == {"events": 0, "bot_answers": 0}
    assert not _alerts(browser)


def test_upload_materials_in_the_chat_and_see_the_report_card(browser: WebDriver, product: Product, tmp_path: Path) -> None:
    from selenium.webdriver.support.ui import Select

    from tests.prereview import hostile

    browser.get(product.url + "/")
    _wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".msg.bot")))
    _say(browser, "个体工商户设立登记要什么材料")
    _say(browser, "材料预审")
    card = _wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".upload-card")))
    renamed = tmp_path / "身份证.jpg"
    renamed.write_bytes(hostile.renamed_executable())
    card.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(renamed))
    label = Select(card.find_element(By.CSS_SELECTOR, ".upload-files select"))
    assert "居民身份证" in [o.text for o in label.options]
    label.select_by_visible_text("居民身份证")
    card.find_element(By.CSS_SELECTOR, ".upload-submit").click()
    report = _wait(browser, 120).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".report-card")))
    assert "fail" in report.get_attribute("class")
    messages = [e.text for e in report.find_elements(By.CSS_SELECTOR, ".defect-message")]
    assert any("可执行程序" in m for m in messages)
    statuses = {e.find_element(By.CSS_SELECTOR, ".material-name").text: e.find_element(By.CSS_SELECTOR, ".material-status").text
                for e in report.find_elements(By.CSS_SELECTOR, ".report-materials li")}
    assert statuses["居民身份证"] == "不通过"
    delete = report.find_element(By.CSS_SELECTOR, ".report-delete")
    delete.click()
    _wait(browser).until(lambda d: delete.text == "已删除")


def test_large_text_mode_enlarges_the_text(browser: WebDriver, product: Product) -> None:
    browser.get(product.url + "/")
    toggle = _wait(browser).until(EC.element_to_be_clickable((By.ID, "large-text-toggle")))
    size = lambda: float(browser.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)"))  # noqa: E731
    normal = size()
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert size() >= 1.3 * normal
    toggle.click()


@pytest.fixture
def portal(product: Product, tmp_path: Path) -> Iterator[str]:
    """A government portal page on another origin, embedding the widget with its one line (and an
    icon of its own, or the browser's request for /favicon.ico would be a console error)."""
    page = (
        "<!doctype html><meta charset=utf-8><link rel=icon href='data:,'><h1>政务门户</h1>"
        f"<script src='{product.url}/static/widget.js' defer></script>"
    )
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()


def test_the_widget_embeds_the_chat_on_another_page(browser: WebDriver, product: Product, portal: str) -> None:
    browser.get(portal)
    host = _wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "banshi-chat-widget")))
    button = browser.execute_script("return arguments[0].shadowRoot.querySelector('button.bs-launcher')", host)
    button.click()
    frame = _wait(browser).until(lambda d: d.execute_script("return arguments[0].shadowRoot.querySelector('iframe')", host))
    assert frame.get_attribute("src") == f"{product.url}/?embed=1"
