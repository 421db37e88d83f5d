"""The official Python SDK (openai-chatkit) doing the work of crates/chatkit/benches/protocol.rs.

    target/benchvenv/bin/python bench/sdk_protocol.py            # 5 runs of ~2 s per benchmark
    target/benchvenv/bin/python bench/sdk_protocol.py --runs 7 --seconds 3 --json out.json

Two benchmarks, named as the criterion ones they mirror:

* encode/list_view_100_rows_event: a ThreadItemDoneEvent holding a WidgetItem whose widget is a 100-row
  ListView built with the SDK's typed widget classes, serialised into the SSE frame the SDK's server writes
  (ChatKitServer._serialize plus the `data: ` / blank-line framing of _process_streaming).
* process/threads_create_memory_store: `await server.process(body, context)` for a threads.create request on a
  ChatKitServer with a dict-based in-memory Store, plus consuming the whole SSE stream. `respond` streams one
  assistant message "Here are your tasks." as the Rust bench's `sink.assistant_text` does:
  item added, content_part.added, one text_delta, content_part.done, item done.

Two extra rows, not in the Rust bench, explain the figures: the same widget event holding a DynamicWidgetRoot
(what the SDK's recommended WidgetTemplate.build returns), and threads.create on a server whose `process` reuses
one request TypeAdapter instead of building one per call as the SDK does.

Each benchmark: a warm-up, then --runs runs of about --seconds each; every operation is timed on its own with
time.perf_counter_ns. Reported: the median and p90 of all per-operation times, ops/s (the median over runs of
ops / run time), and the spread of the per-run medians. One asyncio event loop serves the whole process benchmark.

If criterion's results are present (target/criterion, from `cargo bench -p chatkit --bench protocol`), the Rust
frame's size and medians are read from them and a comparison table is printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import sys
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from chatkit.actions import ActionConfig
from chatkit.server import ChatKitServer, NonStreamingResult, StreamingResult
from chatkit.store import NotFoundError, Store
from chatkit.types import (
    AssistantMessageContent,
    AssistantMessageContentPartAdded,
    AssistantMessageContentPartDone,
    AssistantMessageContentPartTextDelta,
    AssistantMessageItem,
    Attachment,
    ChatKitReq,
    Page,
    ThreadItem,
    ThreadItemAddedEvent,
    ThreadItemDoneEvent,
    ThreadItemUpdatedEvent,
    ThreadMetadata,
    ThreadStreamEvent,
    UserMessageItem,
    WidgetItem,
    is_streaming_req,
)
from pydantic import TypeAdapter

# The typed widget classes are marked deprecated in favour of WidgetTemplate; they are still the typed API.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from chatkit.widgets import Badge, Button, DynamicWidgetRoot, ListView, ListViewItem, Row, Text

ROOT = Path(__file__).resolve().parent.parent
CRITERION = ROOT / "target" / "criterion"
ENCODE = "encode/list_view_100_rows_event"
PROCESS = "process/threads_create_memory_store"


# ---------------------------------------------------------------------------------------------------------------
# (a) the widget event


def task_list(rows: int) -> ListView:
    """The Rust bench's `task_list`: per row a Done button, a title, a priority badge and a Delete button."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        items = [
            ListViewItem(
                id=f"task_{n}_item",
                children=[
                    Row(
                        gap=2,
                        children=[
                            Button(
                                id=f"task_{n}_complete_button",
                                label="Done",
                                variant="outline",
                                onClickAction=ActionConfig(type="complete_task", payload={"number": n}),
                            ),
                            Text(id=f"task_{n}_title_text", value=f"Task number {n}: buy oat milk"),
                            Badge(id=f"task_{n}_priority_badge", label="high", color="danger"),
                            Button(
                                id=f"task_{n}_delete_button",
                                label="Delete",
                                color="danger",
                                onClickAction=ActionConfig(type="delete_task", payload={"number": n}),
                            ),
                        ],
                    )
                ],
            )
            for n in range(1, rows + 1)
        ]
        return ListView(id="task_list_view", status={"text": "My tasks"}, children=items)


def widget_event(widget: Any) -> ThreadItemDoneEvent:
    return ThreadItemDoneEvent(
        item=WidgetItem(
            id="msg_0a1b2c3d",
            thread_id="thr_0a1b2c3d",
            # Aware UTC, as the Rust item's: pydantic then writes the same `...Z` timestamp.
            created_at=datetime.now(timezone.utc),  # noqa: UP017 (datetime.UTC needs Python 3.11)
            widget=widget,
            copy_text="100 tasks",
        )
    )


def sse_frame(event: ThreadStreamEvent) -> bytes:
    """ChatKitServer._serialize and the framing of ChatKitServer._process_streaming, inlined."""
    body = event.model_dump_json(by_alias=True, exclude_none=True, context={"exclude_metadata": True})
    return b"data: " + body.encode("utf-8") + b"\n\n"


# ---------------------------------------------------------------------------------------------------------------
# (b) threads.create through ChatKitServer.process


class DictStore(Store[Any]):
    """A minimal in-memory Store: dicts and lists, objects kept as given (no copies, no serialisation)."""

    def __init__(self) -> None:
        self.threads: dict[str, ThreadMetadata] = {}
        self.items: dict[str, list[ThreadItem]] = {}
        self.attachments: dict[str, Attachment] = {}

    async def load_thread(self, thread_id: str, context: Any) -> ThreadMetadata:
        try:
            return self.threads[thread_id]
        except KeyError:
            raise NotFoundError(f"Thread {thread_id} not found") from None

    async def save_thread(self, thread: ThreadMetadata, context: Any) -> None:
        self.threads[thread.id] = thread
        self.items.setdefault(thread.id, [])

    async def load_thread_items(
        self, thread_id: str, after: str | None, limit: int, order: str, context: Any
    ) -> Page[ThreadItem]:
        items = self.items.get(thread_id, [])
        if order == "desc":
            items = items[::-1]
        start = 0
        if after is not None:
            start = next((i + 1 for i, item in enumerate(items) if item.id == after), len(items))
        page = items[start : start + limit]
        has_more = start + limit < len(items)
        return Page(data=page, has_more=has_more, after=page[-1].id if has_more and page else None)

    async def save_attachment(self, attachment: Attachment, context: Any) -> None:
        self.attachments[attachment.id] = attachment

    async def load_attachment(self, attachment_id: str, context: Any) -> Attachment:
        try:
            return self.attachments[attachment_id]
        except KeyError:
            raise NotFoundError(f"Attachment {attachment_id} not found") from None

    async def delete_attachment(self, attachment_id: str, context: Any) -> None:
        self.attachments.pop(attachment_id, None)

    async def load_threads(self, limit: int, after: str | None, order: str, context: Any) -> Page[ThreadMetadata]:
        threads = sorted(self.threads.values(), key=lambda t: t.created_at, reverse=order == "desc")
        start = 0
        if after is not None:
            start = next((i + 1 for i, t in enumerate(threads) if t.id == after), len(threads))
        page = threads[start : start + limit]
        has_more = start + limit < len(threads)
        return Page(data=page, has_more=has_more, after=page[-1].id if has_more and page else None)

    async def add_thread_item(self, thread_id: str, item: ThreadItem, context: Any) -> None:
        self.items.setdefault(thread_id, []).append(item)

    async def save_item(self, thread_id: str, item: ThreadItem, context: Any) -> None:
        items = self.items.setdefault(thread_id, [])
        for i, existing in enumerate(items):
            if existing.id == item.id:
                items[i] = item
                return
        items.append(item)

    async def load_item(self, thread_id: str, item_id: str, context: Any) -> ThreadItem:
        for item in self.items.get(thread_id, []):
            if item.id == item_id:
                return item
        raise NotFoundError(f"Item {item_id} not found in thread {thread_id}")

    async def delete_thread(self, thread_id: str, context: Any) -> None:
        self.threads.pop(thread_id, None)
        self.items.pop(thread_id, None)

    async def delete_thread_item(self, thread_id: str, item_id: str, context: Any) -> None:
        self.items[thread_id] = [item for item in self.items.get(thread_id, []) if item.id != item_id]


class ReplyServer(ChatKitServer[Any]):
    """Answers every message with one streamed assistant message, event for event as the Rust bench's server."""

    async def respond(
        self, thread: ThreadMetadata, input_user_message: UserMessageItem | None, context: Any
    ) -> AsyncIterator[ThreadStreamEvent]:
        text = "Here are your tasks."
        item = AssistantMessageItem(
            id=self.store.generate_item_id("message", thread, context),
            thread_id=thread.id,
            created_at=datetime.now(),
            content=[],
        )
        yield ThreadItemAddedEvent(item=item)
        yield ThreadItemUpdatedEvent(
            item_id=item.id,
            update=AssistantMessageContentPartAdded(content_index=0, content=AssistantMessageContent(text="")),
        )
        yield ThreadItemUpdatedEvent(
            item_id=item.id, update=AssistantMessageContentPartTextDelta(content_index=0, delta=text)
        )
        content = AssistantMessageContent(text=text)
        yield ThreadItemUpdatedEvent(
            item_id=item.id, update=AssistantMessageContentPartDone(content_index=0, content=content)
        )
        yield ThreadItemDoneEvent(item=item.model_copy(update={"content": [content]}))


REQUEST_ADAPTER = TypeAdapter(ChatKitReq)


class CachedAdapterServer(ReplyServer):
    """ChatKitServer.process as written in the SDK, but with the request TypeAdapter built once.

    The SDK builds `TypeAdapter[ChatKitReq](ChatKitReq)` inside every `process` call, and pydantic regenerates the
    whole request schema each time; this variant shows what the rest of the request costs.
    """

    async def process(self, request: str | bytes | bytearray, context: Any) -> StreamingResult | NonStreamingResult:
        parsed_request = REQUEST_ADAPTER.validate_json(request)
        if is_streaming_req(parsed_request):
            return StreamingResult(self._process_streaming(parsed_request, context))
        return NonStreamingResult(await self._process_non_streaming(parsed_request, context))


THREADS_CREATE = json.dumps(
    {
        "type": "threads.create",
        "params": {
            "input": {
                "content": [{"type": "input_text", "text": "show my tasks"}],
                "attachments": [],
                "inference_options": {},
            }
        },
    }
).encode()


async def threads_create(server: ChatKitServer[Any]) -> list[bytes]:
    result = await server.process(THREADS_CREATE, None)
    assert isinstance(result, StreamingResult)
    return [frame async for frame in result]


# ---------------------------------------------------------------------------------------------------------------
# Timing


def percentile(sorted_values: list[int], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def summarise(name: str, runs: list[tuple[list[int], int]]) -> dict[str, Any]:
    """runs: per run, the per-operation times (ns) and the run's wall time (ns)."""
    pooled = sorted(t for samples, _ in runs for t in samples)
    return {
        "name": name,
        "runs": len(runs),
        "ops": len(pooled),
        "median_ns": percentile(pooled, 0.5),
        "p90_ns": percentile(pooled, 0.9),
        "ops_per_s": statistics.median(len(samples) / (wall / 1e9) for samples, wall in runs),
        "run_medians_ns": [statistics.median(samples) for samples, _ in runs],
    }


def bench_sync(name: str, op: Callable[[], object], warmup_s: float, runs: int, seconds: float) -> dict[str, Any]:
    clock = time.perf_counter_ns
    end = clock() + int(warmup_s * 1e9)
    while clock() < end:
        op()
    results = []
    for _ in range(runs):
        samples: list[int] = []
        start = clock()
        end = start + int(seconds * 1e9)
        now = start
        while now < end:
            t0 = clock()
            op()
            now = clock()
            samples.append(now - t0)
        results.append((samples, now - start))
    return summarise(name, results)


async def bench_async(
    name: str, op: Callable[[], Awaitable[object]], warmup_s: float, runs: int, seconds: float
) -> dict[str, Any]:
    clock = time.perf_counter_ns
    end = clock() + int(warmup_s * 1e9)
    while clock() < end:
        await op()
    results = []
    for _ in range(runs):
        samples: list[int] = []
        start = clock()
        end = start + int(seconds * 1e9)
        now = start
        while now < end:
            t0 = clock()
            await op()
            now = clock()
            samples.append(now - t0)
        results.append((samples, now - start))
    return summarise(name, results)


# ---------------------------------------------------------------------------------------------------------------
# Criterion's results, for the comparison


def criterion_result(name: str) -> dict[str, Any] | None:
    # A grouped benchmark lives in group/function/; a plain one named "a/b" in a_b/.
    directory = CRITERION / name / "new"
    if not directory.is_dir():
        directory = CRITERION / name.replace("/", "_") / "new"
    try:
        estimates = json.loads((directory / "estimates.json").read_text())
        benchmark = json.loads((directory / "benchmark.json").read_text())
    except (OSError, ValueError):
        return None
    throughput = benchmark.get("throughput") or {}
    return {
        "median_ns": estimates["median"]["point_estimate"],
        "median_ci_ns": (
            estimates["median"]["confidence_interval"]["lower_bound"],
            estimates["median"]["confidence_interval"]["upper_bound"],
        ),
        "bytes": throughput.get("Bytes"),
    }


def fmt_ns(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"


def print_rust_table() -> None:
    print("### chatkit (Rust, criterion: median and its 95% confidence interval)")
    print()
    print("| benchmark | median | 95% CI | ops/s (1 / median) |")
    print("| --- | ---: | --- | ---: |")
    for name in (ENCODE, PROCESS):
        r = criterion_result(name)
        if r is None:
            print(f"| {name} | (no result in {CRITERION}) | | |")
            continue
        lo, hi = r["median_ci_ns"]
        print(f"| {name} | {fmt_ns(r['median_ns'])} | {fmt_ns(lo)} – {fmt_ns(hi)} | {1e9 / r['median_ns']:,.0f} |")


# ---------------------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per benchmark (default 5)")
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one run in seconds (default 2)")
    parser.add_argument("--warmup", type=float, default=1.0, help="warm-up in seconds (default 1)")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument("--rust-table", action="store_true", help="only print criterion's results, as a table")
    args = parser.parse_args()

    if args.rust_table:
        print_rust_table()
        return

    versions = {pkg: metadata.version(pkg) for pkg in ("openai-chatkit", "pydantic", "pydantic-core")}
    print(
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        + ", ".join(f"{pkg} {v}" for pkg, v in versions.items())
    )

    # (a) Build once, check the frame, then time the encoding alone.
    event = widget_event(task_list(100))
    frame = sse_frame(event)
    assert frame.startswith(b'data: {"type":"thread.item.done","item":{"id":"msg_0a1b2c3d"') and frame.endswith(
        b"}\n\n"
    ), frame[:120]
    assert frame.count(b'"type":"ListViewItem"') == 100
    rust_encode = criterion_result(ENCODE)
    rust_bytes = rust_encode and rust_encode["bytes"]
    line = f"SSE frame: SDK {len(frame)} bytes"
    if rust_bytes:
        line += f", Rust {rust_bytes} bytes ({(len(frame) - rust_bytes) / rust_bytes:+.2%})"
    else:
        line += " (no criterion result for the Rust frame yet)"
    print(line)

    # The same widget as the SDK's recommended WidgetTemplate path produces it: a DynamicWidgetRoot.
    dynamic_event = widget_event(DynamicWidgetRoot.model_validate(json.loads(frame[6:])["item"]["widget"]))
    assert len(sse_frame(dynamic_event)) == len(frame), (len(sse_frame(dynamic_event)), len(frame))

    # (b) One request, checked: the frames the Rust bench's stream carries, in the same order.
    expected = ["thread.created", "thread.item.done", "stream_options", "thread.item.added"]
    expected += ["thread.item.updated"] * 3 + ["thread.item.done"]
    for server_class in (ReplyServer, CachedAdapterServer):
        frames = asyncio.run(threads_create(server_class(DictStore())))
        kinds = [json.loads(f[6:])["type"] for f in frames]
        assert kinds == expected, kinds
    print(f"threads.create stream: {len(frames)} frames, {sum(map(len, frames))} bytes")
    print()

    results = [bench_sync(ENCODE, lambda: sse_frame(event), args.warmup, args.runs, args.seconds)]
    results.append(
        bench_sync(
            ENCODE + " (DynamicWidgetRoot)", lambda: sse_frame(dynamic_event), args.warmup, args.runs, args.seconds
        )
    )

    async def process_bench(name: str, server: ChatKitServer[Any]) -> dict[str, Any]:
        return await bench_async(name, lambda: threads_create(server), args.warmup, args.runs, args.seconds)

    results.append(asyncio.run(process_bench(PROCESS, ReplyServer(DictStore()))))
    cached_name = PROCESS + " (request TypeAdapter cached)"
    results.append(asyncio.run(process_bench(cached_name, CachedAdapterServer(DictStore()))))

    print(f"### openai-chatkit {versions['openai-chatkit']} ({args.runs} runs of ~{args.seconds:g} s each)")
    print()
    print("| benchmark | median | p90 | ops/s | per-run medians | ops timed |")
    print("| --- | ---: | ---: | ---: | --- | ---: |")
    for r in results:
        spread = f"{fmt_ns(min(r['run_medians_ns']))} – {fmt_ns(max(r['run_medians_ns']))}"
        print(
            f"| {r['name']} | {fmt_ns(r['median_ns'])} | {fmt_ns(r['p90_ns'])} | {r['ops_per_s']:,.0f} "
            f"| {spread} | {r['ops']:,} |"
        )

    rust = {name: criterion_result(name) for name in (ENCODE, PROCESS)}
    if all(rust.values()):
        print()
        print("### chatkit (Rust, criterion) vs openai-chatkit (Python)")
        print()
        print("| benchmark | chatkit (Rust) median | SDK median | ratio (SDK / Rust) |")
        print("| --- | ---: | ---: | ---: |")
        for r in results:
            base = r["name"].split(" ")[0]
            rust_ns = rust[base]["median_ns"]
            print(f"| {r['name']} | {fmt_ns(rust_ns)} | {fmt_ns(r['median_ns'])} | {r['median_ns'] / rust_ns:.1f}x |")
    else:
        print("\n(no criterion results in target/criterion: run `cargo bench -p chatkit --bench protocol` for ratios)")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "python": platform.python_version(),
            "versions": versions,
            "frame_bytes": len(frame),
            "results": results,
            "rust": rust,
        }
        args.json.write_text(json.dumps(payload, indent=2))


if __name__ == "__main__":
    sys.exit(main())
