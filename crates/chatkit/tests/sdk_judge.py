"""Validate replies recorded by tests/processor.rs with the official SDK's own pydantic models (strict mode).

Usage: python sdk_judge.py DIR — every `*.event.json` must be a ThreadStreamEvent, every `*-<op>.reply.json`
the reply type of that op. Also checks the wire rules the models cannot express: no null values anywhere (the SDK
leaves None out), and the JSON re-dumped by the SDK equals ours.
"""

import json
import pathlib
import sys

from pydantic import TypeAdapter

from chatkit.types import Attachment, Page, Thread, ThreadItem, ThreadMetadata, ThreadStreamEvent, SyncCustomActionResponse

REPLY_TYPES = {
    "threads.get_by_id": TypeAdapter(Thread),
    "threads.update": TypeAdapter(Thread),
    "threads.list": TypeAdapter(Page[Thread]),
    "items.list": TypeAdapter(Page[ThreadItem]),
    "threads.sync_custom_action": TypeAdapter(SyncCustomActionResponse),
    "attachments.create": TypeAdapter(Attachment),
}
EMPTY_REPLIES = {"threads.delete", "items.feedback", "attachments.delete"}
EVENT = TypeAdapter(ThreadStreamEvent)


def nulls(value, path="$"):
    if value is None:
        yield path
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from nulls(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from nulls(inner, f"{path}[{index}]")


def judge(path: pathlib.Path) -> list[str]:
    text = path.read_text()
    raw = json.loads(text)
    problems = [f"null at {where}" for where in nulls(raw)]
    stem = path.name.removesuffix(".json")
    if stem.endswith(".event"):
        adapter = EVENT
    else:
        op = stem.removesuffix(".reply").split("-", 2)[2]
        if op in EMPTY_REPLIES:
            return problems + ([] if raw == {} else [f"{op} must answer {{}}"])
        adapter = REPLY_TYPES.get(op)
        if adapter is None:
            return problems + [f"no reply type known for {op}"]
    try:
        model = adapter.validate_json(text, strict=True)
    except Exception as error:  # pydantic.ValidationError, reported as text
        return problems + [f"rejected by the SDK: {error}"]
    redumped = json.loads(adapter.dump_json(model, by_alias=True, exclude_none=True, context={"exclude_metadata": True}))
    if redumped != raw:
        problems.append(f"the SDK reads it back differently:\n  ours: {raw}\n  SDK:  {redumped}")
    return problems


def main() -> int:
    directory = pathlib.Path(sys.argv[1])
    files = sorted(directory.glob("*.json"))
    if len(files) < 50:
        print(f"sdk_judge: only {len(files)} recorded replies in {directory}; the processor tests did not record")
        return 1
    failed = 0
    for path in files:
        problems = judge(path)
        if problems:
            failed += 1
            print(f"FAIL {path.name}: " + "; ".join(problems))
    print(f"sdk_judge: {len(files) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
