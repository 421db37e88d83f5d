"""Turns scripts/bench's results.jsonl into markdown tables (medians over repeats; ratios pairwise per repeat)."""

import json
import sys
from collections import defaultdict
from statistics import median

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
runs = defaultdict(list)  # (target, label) -> [result per repeat]
for r in rows:
    if "workload" in r:
        runs[(r["target"], r["label"])].append(r)

targets = [t for t in ("taskchat-sqlite", "taskchat-postgres") if any(k[0] == t for k in runs)]
names = {"taskchat-sqlite": "taskchat SQLite", "taskchat-postgres": "taskchat PostgreSQL",
         "reference": "SDK reference", "ceiling": "ceiling"}
workloads = [("show", "(a) show my tasks, 50 tasks"), ("complete", "(c) complete → list replaced"),
             ("add", "(b) add task"), ("pages", "(d) threads.list / items.list"), ("mix", "(e) mix")]


def med(values):
    values = [v for v in values if v is not None]
    return median(values) if values else None


def fmt(v, digits=1, suffix=""):
    if v is None:
        return "–"
    if abs(v) >= 100:
        return f"{v:,.0f}{suffix}"
    return f"{v:.{digits}f}{suffix}"


def ratio(a_runs, b_runs, key="throughput"):
    pairs = [a[key] / b[key] for a, b in zip(a_runs, b_runs) if b[key]]
    return med(pairs)


print("Throughput at the fixed concurrency (requests/s, median of repeats; ratios taken pairwise within each repeat,")
print("then the median):")
print()
head = "| workload | " + " | ".join(names[t] for t in targets) + " | SDK reference | "
head += " | ".join(f"{names[t]} / SDK" for t in targets) + " | ceiling | " + " | ".join(f"{names[t]} / ceiling" for t in targets) + " |"
print(head)
print("| --- |" + " ---: |" * (2 * len(targets) + 2 + len(targets)))
for w, title in workloads:
    ref = runs.get(("reference", w), [])
    cells = [fmt(med(r["throughput"] for r in runs.get((t, w), []))) for t in targets]
    cells.append(fmt(med(r["throughput"] for r in ref)))
    cells += [f"**{fmt(ratio(runs.get((t, w), []), ref))}x**" for t in targets]
    ceil = runs.get(("ceiling", w), [])
    cells.append(fmt(med(r["throughput"] for r in ceil)) if ceil else "–")
    cells += [fmt(100 * ratio(runs.get((t, w), []), ceil), 0, "%") if ceil else "–" for t in targets]
    print(f"| {title} | " + " | ".join(cells) + " |")

print()
print("Latency, CPU and memory at the same concurrency (medians of repeats; end of stream unless marked; server CPU")
print("is utime+stime over the window, summed over the server's processes; peak RSS is VmHWM over the measured window, reset through /proc/<pid>/clear_refs):")
print()
print("| workload | server | req/s | p50 ms | p90 ms | p99 ms | max ms | first event p50 ms | bytes | server CPU cores | CPU ms / request | peak RSS MB | load generator CPU cores | errors |")
print("| --- | --- |" + " ---: |" * 12)
for w, title in workloads + [("show-1", "(a) at 1 client")]:
    for t in targets + ["reference", "ceiling"]:
        rs = runs.get((t, w if not (t == "ceiling" and w == "show-1") else "show-1"), [])
        if t == "ceiling" and w not in ("show", "show-1"):
            continue
        if not rs:
            continue
        g = lambda f: med(f(r) for r in rs)
        print(f"| {title} | {names[t]} | {fmt(g(lambda r: r['throughput']))} | {fmt(g(lambda r: r['total_ms']['p50']), 2)} | "
              f"{fmt(g(lambda r: r['total_ms']['p90']), 2)} | {fmt(g(lambda r: r['total_ms']['p99']), 2)} | "
              f"{fmt(g(lambda r: r['total_ms']['max']), 2)} | {fmt(g(lambda r: r['ttfb_ms']['p50']), 2)} | "
              f"{fmt(g(lambda r: r['mean_bytes']), 0)} | {fmt(g(lambda r: r['server_cpu_cores']), 2)} | "
              f"{fmt(g(lambda r: r['server_cpu_ms_per_request']), 3)} | {fmt(g(lambda r: r['server_peak_rss_mb']))} | "
              f"{fmt(g(lambda r: r['loadgen_cpu_cores']), 2)} | {sum(r['errors'] for r in rs)} |")

streams = runs.get(("taskchat-streams", "streams"), [])
idle = [r for r in rows if r.get("label") == "idle"]
if streams:
    s = streams[0]
    print()
    print(f"Open streams: a fresh taskchat (SQLite), {s['concurrency']} clients at once on \"show my tasks\" "
          f"(each with its own thread and keep-alive connection): {fmt(s['throughput'])} req/s, p50 "
          f"{fmt(s['total_ms']['p50'], 1)} ms, p99 {fmt(s['total_ms']['p99'], 1)} ms, {s['errors']} errors; "
          f"server RSS idle {fmt(idle[0]['idle_rss_mb'] if idle else None)} MB, **peak {fmt(s['server_peak_rss_mb'])} MB** "
          f"(VmHWM), {fmt(s['server_rss_mb'])} MB at the end.")
