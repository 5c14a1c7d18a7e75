"""Chat benchmark (`make bench`): turn latency through POST /api/v1/chat, next to bare Rasa.

Starts the product as a user runs it (`banshi serve`: the API and the Rasa server it
supervises, SQLite, the sample knowledge base; the trained model is reused from
var/test-rasa/models when current) and measures, in the same run:

* product, one conversation at a time: turns sent one after another (a realistic mix of ten —
  questions about items, follow-ups that use the context, an ambiguous question, small talk),
  a new conversation every ten turns, p50/p95;
* product, 10 concurrent conversations, paced: each citizen sends the next message about a
  second after the reply (much faster than anyone types): p50/p95 — the target is checked here;
* product, 10 concurrent conversations saturating the machine (closed loop, no pause): p50/p95
  and throughput (turns/s) — the capacity of one 2-core machine;
* bare Rasa: its own REST webhook (/webhooks/rest/webhook) with "/greet" — an intent payload
  (Rasa still runs its NLU pipeline on it; the regex message handler at the end of the graph
  sets the intent) answered with a fixed response — under the same three loads.

The overhead of the product over bare Rasa is the difference of the two. The target of the
issue — p95 ≤ 150 ms with 10 concurrent conversations — is checked on the paced load; exit 1
when missed.

    .venv/bin/python bench/chat_bench.py [--turns 300] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `bench`, `tests` when run as a script

import httpx

from bench.stats import percentile
from tests.product import Product

TARGET_P95_MS = 150.0
CONCURRENT = 10
# Seconds a citizen takes before the next message (uniform between half and one and a half
# times this): far quicker than anyone types, so 10 conversations send ~10 messages a second.
THINK_S = 1.0
# One conversation's turns, cycled: what citizens send, in order, including follow-ups.
PACED = f"product, {CONCURRENT} paced"
SCRIPT = [
    "你好",
    "身份证丢了补办要带什么材料",
    "那要多久？",
    "在哪办？",
    "要钱吗",
    "办护照要多少钱",
    "能网上办吗",
    "执照",
    "开理发店要办哪些手续",
    "谢谢",
]

async def _new_sender(client: httpx.AsyncClient, url: str) -> str:
    """The product issues conversation ids (POST /api/v1/chat/conversations); bare Rasa takes any."""
    if url.endswith("/api/v1/chat"):
        return (await client.post(url + "/conversations")).raise_for_status().json()["sender"]
    return f"bench-{uuid.uuid4().hex[:12]}"


async def _conversation(
    client: httpx.AsyncClient, url: str, body: Callable[[str, int], dict], turns: int, think: float = 0.0
) -> list[float]:
    """`turns` turns from one client, a new conversation (sender) every len(SCRIPT) turns: a
    citizen's conversation is about ten turns, and Rasa reads and writes the whole tracker on
    every turn, so one endless conversation would measure an unrealistic tracker."""
    times = []
    sender = ""
    for i in range(turns):
        if i % len(SCRIPT) == 0:
            sender = await _new_sender(client, url)
        start = time.perf_counter()
        response = await client.post(url, json=body(sender, i))
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code} {response.text[:200]}")
        if think:
            await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))
    return times


async def _load(
    url: str, body: Callable[[str, int], dict], conversations: int, turns: int, think: float = 0.0
) -> dict[str, float]:
    limits = httpx.Limits(max_connections=conversations)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        await _conversation(client, url, body, 5)  # warm-up
        start = time.perf_counter()
        per = await asyncio.gather(*[_conversation(client, url, body, turns, think) for _ in range(conversations)])
        elapsed = time.perf_counter() - start
    ms = [t * 1000 for times in per for t in times]
    return {
        "turns": len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "max_ms": max(ms),
        "turns_per_s": len(ms) / elapsed,
    }


def _product_body(sender: str, i: int) -> dict:
    return {"sender": sender, "message": SCRIPT[i % len(SCRIPT)]}


def _bare_body(sender: str, i: int) -> dict:
    return {"sender": sender, "message": "/greet"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=300, help="turns per measurement with one conversation")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        product = Product(Path(tmp))
        print("starting the product (trains the Rasa model first if none is current) …", file=sys.stderr)
        product.start()
        try:
            chat = f"{product.url}/api/v1/chat"
            rasa = f"http://127.0.0.1:{product.env['BANSHI_BOT__PORT']}/webhooks/rest/webhook"
            per_conv = max(1, args.turns // CONCURRENT)
            rows = {
                "product, 1 conversation": asyncio.run(_load(chat, _product_body, 1, args.turns)),
                "bare Rasa, 1 conversation": asyncio.run(_load(rasa, _bare_body, 1, args.turns)),
                PACED: asyncio.run(_load(chat, _product_body, CONCURRENT, per_conv, THINK_S)),
                f"bare Rasa, {CONCURRENT} paced": asyncio.run(_load(rasa, _bare_body, CONCURRENT, per_conv, THINK_S)),
                f"product, {CONCURRENT} saturating": asyncio.run(_load(chat, _product_body, CONCURRENT, per_conv)),
                f"bare Rasa, {CONCURRENT} saturating": asyncio.run(_load(rasa, _bare_body, CONCURRENT, per_conv)),
            }
        finally:
            product.stop()
    loaded = rows[PACED]
    passed = loaded["p95_ms"] <= TARGET_P95_MS
    if args.json:
        print(json.dumps({"rows": rows, "target_p95_ms": TARGET_P95_MS, "passed": passed}, indent=2))
    else:
        print(f"{'load':<28} {'turns':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'turns/s':>8}")
        for name, r in rows.items():
            print(
                f"{name:<28} {r['turns']:>6} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
                f"{r['max_ms']:>8.1f} {r['turns_per_s']:>8.1f}"
            )
        one, bare = rows["product, 1 conversation"], rows["bare Rasa, 1 conversation"]
        print(f"overhead over bare Rasa, 1 conversation: p50 +{one['p50_ms'] - bare['p50_ms']:.1f} ms")
        verdict = "PASS" if passed else "FAIL"
        print(
            f"{verdict}: p95 with {CONCURRENT} concurrent conversations (a message every ~{THINK_S:.0f} s each) "
            f"{loaded['p95_ms']:.1f} ms (target ≤ {TARGET_P95_MS:.0f} ms)"
        )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
