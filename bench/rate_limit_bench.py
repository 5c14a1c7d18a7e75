"""Rate-limit benchmark (`make bench`): a flooding client gets 429, other conversations keep their speed.

Starts the product once as a user runs it (`banshi serve`: the API and the Rasa server it
supervises, SQLite, the sample knowledge base; the trained model is reused from
var/test-rasa/models when current) with the rate limits ON, at the values config.yml gives
(api.rate_limits; printed with the results). The only change to the configuration is
api.trusted_proxies = [127.0.0.1]: every request comes from this machine, so the bench plays a
reverse proxy and gives each simulated client its own address in X-Forwarded-For — the limiter
counts per address exactly as it does behind a real proxy.

Two kinds of clients, at once:

* well-behaved citizens: 8 concurrent conversations, paced as in chat_bench.py — each citizen
  sends the next message about a second after the reply (0.5–1.5 s). A citizen is one address
  and one conversation (opened by POST /api/v1/chat/conversations) of chat_bench.py's ten-turn
  script; then the next citizen takes the slot. Ten turns at that pace fit in the limits'
  bursts (a bucket starts full: 12 turns per conversation, 30 per address by default), so a
  citizen, quick as it is, is never refused. The latency of each turn through POST /api/v1/chat
  is measured (a turn that fails, e.g. 503 when Rasa does not answer in time, counts with the
  time it took).
* one flooding client: one address, one conversation, 4 keep-alive connections sending POST
  /api/v1/chat at --flood-rate a second (200 by default; 0: as fast as the server answers). It runs
  in its own process, with a bare HTTP/1.1 client (pre-built request bytes), so that its own
  CPU takes as little as possible of the machine the server runs on.

The citizens' load runs without a break while the flood is switched on and off every 10 s
(A: without it, the baseline; B: under flood), so that the machine's other work and any drift
(the tracker store growing) weigh on both alike. A turn counts for A or B when it started at
least 0.25 s after the switch and ended before the next one; the turns across a switch are
left out. The flood starts, before the measurement, with the flooder's allowed burst (the
bucket's capacity) spent: what is measured is a flood being refused. The run stops once both
A and B have --turns turns (300; p50/p95 over all of them), or after 3 minutes.

Targets, checked at the end (exit 1 when one is missed): p95 under flood ≤ 1.10 × the baseline's
p95; the flooder got 429s, each with Retry-After and the JSON error {"error": "rate_limited",
"message": "您发送得太快了，请稍等…"}; the citizens got no 429 (their other errors are shown). The CPU
each part used (API, Rasa, citizens, flooder, the rest of the machine) is shown for A and B:
when other processes used more than 30 % of a core, the latencies are those of a busy machine
and the run is inconclusive (exit 1 too). About 4 minutes on 2 cores.

    .venv/bin/python bench/rate_limit_bench.py [--turns 300] [--flood-rate 200] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `bench`, `tests` when run as a script

import httpx
import psutil

from banshi.config import RateLimitConfig, load_settings
from bench.chat_bench import SCRIPT
from bench.stats import percentile
from tests.product import Product

# The bounded flood the target is checked under: 200 requests a second from one address, 400
# times what api.rate_limits lets a client send. An unbounded flood from this same 2-core machine
# (~4,600 requests a second) measures the machine, not the limiter: answering that many 429s
# takes most of a core and starves Rasa (p95 ×31, see the README); floods of that size belong to
# the reverse proxy in front (nginx limit_req / limit_conn).
FLOOD_RATE = 200.0
TARGET_RATIO = 1.10
CONCURRENT = 8  # well-behaved conversations at a time
THINK_S = 1.0  # a citizen's pause before the next message (uniform between half and 1.5 times this)
PROXY = "127.0.0.1"  # the bench's own address, trusted as a reverse proxy
FLOOD_CONNECTIONS = 4
FLOOD_REFUSED_BEFORE_MEASURING = 50  # past the address's burst: the flood is being refused
WINDOW_S = 10.0  # the flood is on, then off, for this long
SETTLE_S = 0.25  # turns started this soon after a switch count for neither
MAX_MEASURING_S = 180.0
BUSY_MACHINE = 30.0  # % of a core used by other processes above which the latencies are not judged
RATE_LIMITED = "您发送得太快了，请稍等"


def _address(n: int, flooder: bool = False) -> str:
    """The n-th client's address, in RFC 2544's benchmarking network: citizens 198.18.x.y, flooders 198.19.x.y."""
    return f"198.{19 if flooder else 18}.{n // 250 % 250}.{n % 250 + 1}"


# The well-behaved citizens (in this process) -----------------------------------------------------


@dataclass
class Turn:
    start: float
    end: float

    @property
    def ms(self) -> float:
        return (self.end - self.start) * 1000


class Citizens:
    """CONCURRENT conversations at a time, each a new citizen with a new address; every answered
    turn's times, and what the citizens were answered."""

    def __init__(self, chat_url: str) -> None:
        self.url = chat_url
        self.issued = 0
        self.turns: list[Turn] = []
        self.statuses: Counter[int] = Counter()
        self.errors: list[str] = []
        self.stopping = False

    async def converse(self, client: httpx.AsyncClient, think: float) -> None:
        """One citizen: opens a conversation from a new address, then the script's turns."""
        self.issued += 1
        headers = {"X-Forwarded-For": _address(self.issued)}
        opened = await client.post(self.url + "/conversations", headers=headers)
        self.statuses[opened.status_code] += 1
        if opened.status_code != 201:
            self.errors.append(f"open {opened.status_code} {opened.text[:200]}")
            return
        sender = opened.json()["sender"]
        for message in SCRIPT:
            if self.stopping:
                return
            start = time.perf_counter()
            response = await client.post(
                self.url, json={"sender": sender, "message": message}, headers=headers
            )
            end = time.perf_counter()
            self.statuses[response.status_code] += 1
            if response.status_code != 429:
                self.turns.append(Turn(start, end))
            if response.status_code != 200:
                self.errors.append(f"chat {response.status_code} {response.text[:200]}")
            if think:
                await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))

    async def run(self, think: float = THINK_S) -> None:
        """Until `stopping`: CONCURRENT slots, each one citizen after another (starts staggered)."""

        async def slot(client: httpx.AsyncClient) -> None:
            await asyncio.sleep(random.uniform(0, think))
            while not self.stopping:
                await self.converse(client, think)

        async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=CONCURRENT)) as client:
            await asyncio.gather(*[slot(client) for _ in range(CONCURRENT)])

    async def warm_up(self) -> None:
        async with httpx.AsyncClient(timeout=60) as client:
            await self.converse(client, 0.0)
        self.turns.clear()


# The flooder (its own process) ----------------------------------------------------------------------


def _request(host: str, port: int, sender: str, address: str) -> bytes:
    body = json.dumps({"sender": sender, "message": "你好"}, ensure_ascii=False).encode()
    head = (
        f"POST /api/v1/chat HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        f"X-Forwarded-For: {address}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 response with a Content-Length (what uvicorn sends for JSON responses)."""
    lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    headers = {
        k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)
    }
    if "content-length" not in headers:
        raise ConnectionError(f"no Content-Length in {lines[0]!r}")
    return int(lines[0].split()[1]), headers, await reader.readexactly(int(headers["content-length"]))


@dataclass
class FloodControl:
    """Shared with the flooder's process: on/off, the end, and 'the burst is spent'."""

    on: Event
    stop: Event
    refused: Event


async def _flood(host: str, port: int, request: bytes, rate: float, control: FloodControl) -> dict[str, Any]:
    """FLOOD_CONNECTIONS keep-alive connections sending `request` back to back while `on`, until
    `stop`; `rate` > 0: at most that many requests a second in all. A connection is opened each
    time the flood resumes (the server closes idle ones)."""
    statuses: Counter[int] = Counter()
    bodies_429: Counter[str] = Counter()
    without_retry_after = 0
    interval = FLOOD_CONNECTIONS / rate if rate > 0 else 0.0

    async def flood(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal without_retry_after
        due = time.perf_counter()
        while control.on.is_set() and not control.stop.is_set():
            if interval:
                due += interval
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
            writer.write(request)
            status, headers, body = await _response(reader)
            statuses[status] += 1
            if status == 429:
                bodies_429[body.decode("utf-8", errors="replace")] += 1
                without_retry_after += "retry-after" not in headers
                if statuses[429] == FLOOD_REFUSED_BEFORE_MEASURING:
                    control.refused.set()
            if headers.get("connection", "").lower() == "close":
                return

    async def connection() -> None:
        while not control.stop.is_set():
            if not control.on.is_set():
                await asyncio.sleep(0.01)
                continue
            reader, writer = await asyncio.open_connection(host, port)
            try:
                await flood(reader, writer)
            except (ConnectionError, asyncio.IncompleteReadError) as exc:
                statuses[0] += 1  # 0: the connection failed
                print(f"flood connection: {exc!r}", file=sys.stderr)
            finally:
                writer.close()

    await asyncio.gather(*[connection() for _ in range(FLOOD_CONNECTIONS)])
    return {
        "sent": sum(statuses.values()),
        "statuses": dict(statuses),
        "bodies_429": dict(bodies_429),
        "without_retry_after": without_retry_after,
    }


def _flood_process(
    host: str, port: int, request: bytes, rate: float, control: FloodControl, results: Any
) -> None:
    results.put(asyncio.run(_flood(host, port, request, rate, control)))


class Flooder:
    """One flooding client (its own address and conversation) in its own process."""

    def __init__(self, chat_url: str, host: str, port: int, rate: float) -> None:
        self.address = _address(0, flooder=True)
        opened = httpx.post(
            chat_url + "/conversations", headers={"X-Forwarded-For": self.address}, timeout=30
        )
        request = _request(host, port, opened.raise_for_status().json()["sender"], self.address)
        context = multiprocessing.get_context("spawn")
        self.control = FloodControl(context.Event(), context.Event(), context.Event())
        self.results = context.Queue()
        self.process = context.Process(
            target=_flood_process, args=(host, port, request, rate, self.control, self.results), daemon=True
        )
        self.process.start()
        self.on_seconds = 0.0
        self._since = 0.0

    def on(self) -> None:
        self.control.on.set()
        self._since = time.perf_counter()

    def off(self) -> None:
        self.control.on.clear()
        self.on_seconds += time.perf_counter() - self._since

    def spend_burst(self) -> None:
        """Floods until the flooder is refused: its allowed burst is spent before anything is measured."""
        self.on()
        refused = self.control.refused.wait(120)
        self.off()
        if not refused:
            raise RuntimeError(
                f"the flooder got fewer than {FLOOD_REFUSED_BEFORE_MEASURING} 429s in 2 minutes"
            )

    def finish(self) -> dict[str, Any]:
        self.control.stop.set()
        result: dict[str, Any] = self.results.get(timeout=60)
        self.process.join(30)
        return result


# What the CPU was used for --------------------------------------------------------------------------


def _cpu_s(process: psutil.Process) -> float:
    try:
        times = process.cpu_times()
    except psutil.Error:
        return 0.0
    return times.user + times.system


def _machine_busy_s() -> float:
    t = psutil.cpu_times()
    return (
        t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0) + getattr(t, "steal", 0)
    )


class CpuMeter:
    """CPU time used in a window, in % of one core: the API, the Rasa server (the API's child),
    this process (the citizens), the flooder, and the rest of the machine — other processes and
    the kernel (the loopback network among others)."""

    def __init__(self, api_pid: int, flooder_pid: int) -> None:
        self.api = psutil.Process(api_pid)
        self.me = psutil.Process()
        self.flooder = psutil.Process(flooder_pid)
        self.started = self._snapshot()

    def _snapshot(self) -> dict[str, float]:
        return {
            "api": _cpu_s(self.api),
            "rasa": sum(_cpu_s(child) for child in self.api.children(recursive=True)),
            "citizens": _cpu_s(self.me),
            "flooder": _cpu_s(self.flooder),
            "machine": _machine_busy_s(),
        }

    def lap(self, seconds: float) -> dict[str, float]:
        """The CPU used since the last lap, `seconds` ago, in % of one core."""
        now = self._snapshot()
        used = {k: 100 * (v - self.started[k]) / seconds for k, v in now.items()}
        self.started = now
        machine = used.pop("machine")
        used["rest of machine"] = max(0.0, machine - sum(used.values()))
        return used


# The run ------------------------------------------------------------------------------------------


@dataclass
class Window:
    kind: str  # "A": no flood, "B": under flood
    start: float
    end: float
    cpu: dict[str, float]


def _kind_of(turn: Turn, windows: list[Window]) -> str | None:
    """The kind of the window the turn lies in (after its settling time), else None."""
    for w in windows:
        if w.start + SETTLE_S <= turn.start and turn.end <= w.end:
            return w.kind
    return None


async def _measure(citizens: Citizens, flooder: Flooder, meter: CpuMeter, turns: int) -> list[Window]:
    """The citizens' load without a break, the flood on and off by turns, until both kinds have
    `turns` turns (and as many windows) or MAX_MEASURING_S."""
    load = asyncio.create_task(citizens.run())
    windows: list[Window] = []
    started = time.perf_counter()
    meter.lap(1.0)
    try:
        while True:
            kind = "B" if len(windows) % 2 else "A"
            start = time.perf_counter()
            if kind == "B":
                flooder.on()
            await asyncio.sleep(WINDOW_S)
            if kind == "B":
                flooder.off()
            end = time.perf_counter()
            windows.append(Window(kind, start, end, meter.lap(end - start)))
            counts = Counter(_kind_of(t, windows) for t in citizens.turns)
            enough = counts["A"] >= turns and counts["B"] >= turns
            if kind == "B" and (enough or end - started > MAX_MEASURING_S):
                return windows
            print(
                f"{end - started:5.0f} s: {counts['A']} turns without flood, {counts['B']} under flood",
                file=sys.stderr,
            )
    finally:
        citizens.stopping = True
        await load


def _bad_429s(bodies: Counter[str]) -> list[str]:
    """The 429 bodies that are not the JSON error with the Chinese message asking to wait."""
    bad = []
    for body in bodies:
        try:
            parsed = json.loads(body)
        except ValueError:
            bad.append(body[:200])
            continue
        message = parsed.get("message", "")
        if parsed.get("error") != "rate_limited" or RATE_LIMITED not in message or "12345" not in message:
            bad.append(body[:200])
    return bad


def _summary(ms: list[float]) -> dict[str, float]:
    if not ms:
        return {"turns": 0, "p50_ms": float("nan"), "p95_ms": float("nan"), "max_ms": float("nan")}
    return {"turns": len(ms), "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95), "max_ms": max(ms)}


def _mean_cpu(windows: list[Window]) -> dict[str, float]:
    """Each part's CPU over the windows, weighted by their durations."""
    total = sum(w.end - w.start for w in windows)
    return {k: sum(w.cpu[k] * (w.end - w.start) for w in windows) / total for k in windows[0].cpu}


def run(turns: int, flood_rate: float) -> dict[str, Any]:
    limits: RateLimitConfig = load_settings().api.rate_limits
    with tempfile.TemporaryDirectory() as tmp:
        product = Product(Path(tmp))
        for key in RateLimitConfig.model_fields:  # Product turns the limits off for the tests: back on
            product.env.pop(f"BANSHI_API__RATE_LIMITS__{key.upper()}", None)
        product.env["BANSHI_API__TRUSTED_PROXIES"] = json.dumps([PROXY])
        print("starting the product (trains the Rasa model first if none is current) …", file=sys.stderr)
        product.start()
        try:
            chat = f"{product.url}/api/v1/chat"
            citizens = Citizens(chat)
            asyncio.run(citizens.warm_up())
            flooder = Flooder(chat, "127.0.0.1", product.port, flood_rate)
            try:
                flooder.spend_burst()
                assert product.process is not None and flooder.process.pid is not None
                meter = CpuMeter(product.process.pid, flooder.process.pid)
                windows = asyncio.run(_measure(citizens, flooder, meter, turns))
            finally:
                flood = flooder.finish()
        finally:
            product.stop()
    kinds = [_kind_of(t, windows) for t in citizens.turns]
    baseline = _summary([t.ms for t, k in zip(citizens.turns, kinds, strict=True) if k == "A"])
    flooded = _summary([t.ms for t, k in zip(citizens.turns, kinds, strict=True) if k == "B"])
    bodies = Counter(flood["bodies_429"])
    refused = flood["statuses"].get(429, 0)
    ratio = flooded["p95_ms"] / baseline["p95_ms"]
    bad_bodies = _bad_429s(bodies)
    citizens_refused = citizens.statuses[429]
    citizens_errors = sum(n for status, n in citizens.statuses.items() if status not in (200, 201, 429))
    cpu = {kind: _mean_cpu([w for w in windows if w.kind == kind]) for kind in "AB"}
    busy = max(c["rest of machine"] for c in cpu.values())
    checks = {
        "quiet_machine": busy <= BUSY_MACHINE,
        "p95_ratio": ratio <= TARGET_RATIO,
        "flooder_refused": refused > 0 and not bad_bodies and flood["without_retry_after"] == 0,
        "citizens_not_refused": citizens_refused == 0,
    }
    return {
        "limits": limits.model_dump(),
        "trusted_proxies": [PROXY],
        "concurrent": CONCURRENT,
        "think_s": THINK_S,
        "windows": len(windows),
        "window_s": WINDOW_S,
        "baseline": baseline,
        "under_flood": flooded,
        "turns_left_out": kinds.count(None),
        "p95_ratio": ratio,
        "cpu_percent": cpu,
        "cores": psutil.cpu_count(),
        "other_processes_cpu_percent": busy,
        "flood": {
            "connections": FLOOD_CONNECTIONS,
            "rate_limit_per_s": flood_rate or None,
            "sent": flood["sent"],
            "per_s": flood["sent"] / flooder.on_seconds,
            "refused_429": refused,
            "not_429": flood["sent"] - refused,
            "statuses": {str(k): v for k, v in sorted(flood["statuses"].items())},
            "bad_429_bodies": bad_bodies,
            "without_retry_after": flood["without_retry_after"],
            "sample_429": next(iter(bodies), ""),
        },
        "citizens": {
            "statuses": {str(k): v for k, v in sorted(citizens.statuses.items())},
            "refused_429": citizens_refused,
            "other_errors": citizens_errors,
            "errors": citizens.errors[:5],
        },
        "target_p95_ratio": TARGET_RATIO,
        "checks": checks,
        "passed": all(checks.values()),
    }


def _print(r: dict[str, Any]) -> None:
    limits, f, c, checks = r["limits"], r["flood"], r["citizens"], r["checks"]
    print(
        f"rate limits: chat {limits['chat_per_ip_per_minute']}/min per address, "
        f"{limits['chat_per_conversation_per_minute']}/min per conversation; "
        f"{limits['conversations_per_ip_per_hour']} conversations/h per address; trusted proxy "
        f"{', '.join(r['trusted_proxies'])} (its X-Forwarded-For gives each client its own address)"
    )
    print(
        f"{r['concurrent']} paced conversations (~{r['think_s']:.0f} s between turns) throughout; "
        f"the flood on and off every {r['window_s']:.0f} s, {r['windows']} windows"
    )
    print(f"{'citizens turns':<26} {'turns':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, key in (("baseline (A)", "baseline"), ("under flood (B)", "under_flood")):
        s = r[key]
        print(f"{name:<26} {s['turns']:>6} {s['p50_ms']:>8.1f} {s['p95_ms']:>8.1f} {s['max_ms']:>8.1f}")
    p50_ratio = r["under_flood"]["p50_ms"] / r["baseline"]["p50_ms"]
    print(f"{'ratio B/A':<26} {'':>6} {p50_ratio:>8.2f} {r['p95_ratio']:>8.2f}")
    print(f"({r['turns_left_out']} turns across a switch left out)")
    pace = f"paced at ≤ {f['rate_limit_per_s']:.0f}/s" if f["rate_limit_per_s"] else "as fast as answered"
    print(
        f"flood: {f['connections']} connections {pace}: {f['sent']} requests ({f['per_s']:.0f}/s while on), "
        f"{f['refused_429']} answered 429, {f['not_429']} not (statuses {f['statuses']})"
    )
    print(f"a 429's body: {f['sample_429']}")
    for kind, name in (("A", "baseline"), ("B", "under flood")):
        parts = ", ".join(f"{k} {v:.0f}" for k, v in r["cpu_percent"][kind].items())
        print(f"CPU {name}, % of one core ({r['cores']} cores): {parts}")
    if not checks["quiet_machine"]:
        print(
            f"INCONCLUSIVE: other processes used {r['other_processes_cpu_percent']:.0f} % of a core "
            f"(more than {BUSY_MACHINE:.0f} %): the latencies are a busy machine's; run again on a quiet one"
        )
    verdict = "PASS" if checks["p95_ratio"] else "FAIL"
    print(
        f"{verdict}: p95 under flood {r['p95_ratio']:.2f} × the baseline's (target ≤ {r['target_p95_ratio']:.2f})"
    )
    verdict = "PASS" if checks["flooder_refused"] else "FAIL"
    problems = f"; bad bodies: {f['bad_429_bodies']}" if f["bad_429_bodies"] else ""
    if f["without_retry_after"]:
        problems += f"; {f['without_retry_after']} without Retry-After"
    print(
        f"{verdict}: the flooder was refused {f['refused_429']} times (429, the message asking to wait){problems}"
    )
    verdict = "PASS" if checks["citizens_not_refused"] else "FAIL"
    print(f"{verdict}: the well-behaved citizens got {c['refused_429']} × 429")
    if c["other_errors"]:
        print(f"(and {c['other_errors']} other errors, their turns counted with their times: {c['errors']})")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--turns", type=int, default=300, help="citizens' turns to measure, with and without flood"
    )
    parser.add_argument(
        "--flood-rate",
        type=float,
        default=FLOOD_RATE,
        help=f"the flooder's requests a second (default {FLOOD_RATE:.0f}; 0: as fast as answered)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.turns, args.flood_rate)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _print(result)
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
