"""Validate replies recorded by tests/processor.rs with the official SDK's own pydantic models (strict mode).

Usage: python sdk_judge.py DIR — every `*.event.json` must be a ThreadStreamEvent, every `*-<op>.reply.json`
the reply type of that op. Also checks the wire rules the models cannot express: no null values anywhere (the SDK
leaves None out), and the JSON re-dumped by the SDK equals ours.
"""

import json
import pathlib
import sys
import typing

from pydantic import BaseModel, TypeAdapter, ValidationError

import chatkit.widgets as widgets

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


def _members(tp):
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _members(typing.get_args(tp)[0])
    if origin is typing.Union or type(tp).__name__ == "UnionType":
        return [member for arg in typing.get_args(tp) for member in _members(arg)]
    return [tp]


ROOTS = {cls.model_fields["type"].default: cls for cls in _members(widgets.StrictWidgetRoot)}
COMPONENTS = {cls.model_fields["type"].default: cls for cls in _members(widgets.StrictWidgetComponent)}


def check_widget(raw, path, root):
    """Every node must validate strictly as its own named class, with no unknown property: the SDK's unions fall
    back to an untyped dynamic component and would accept typos."""
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        return [f"{path}: a widget node must be an object with a string type"]
    cls = (ROOTS if root else COMPONENTS).get(raw["type"])
    if cls is None:
        return [f"{path}: {raw['type']!r} is not a {'root' if root else 'component'} type"]
    problems = []
    stub = dict(raw)
    children = raw.get("children")
    if isinstance(children, list):
        stub["children"] = []
        for i, child in enumerate(children):
            nested_root = raw["type"] == "Basic" and isinstance(child, dict) and child.get("type") in ROOTS
            problems += check_widget(child, f"{path}.children[{i}]", nested_root)
    elif isinstance(children, dict):
        stub["children"] = None
        problems += check_widget(children, f"{path}.children", False)
    known = {field.alias or name for name, field in cls.model_fields.items()}
    problems += [f"{path}.{key}: unknown property of {raw['type']}" for key in raw if key not in known]
    try:
        cls.model_validate_json(json.dumps(stub), strict=True)
    except ValidationError as error:
        problems.append(f"{path} ({raw['type']}): {error.errors(include_url=False)[:2]}")
    return problems


def widgets_in(value, path="$"):
    """Every widget tree in a reply, with its path: the `widget` of widget items and of root updates."""
    if isinstance(value, dict):
        if value.get("type") in ("widget", "widget.root.updated") and isinstance(value.get("widget"), dict):
            yield value["widget"], f"{path}.widget"
        for key, inner in value.items():
            if key != "widget":
                yield from widgets_in(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from widgets_in(inner, f"{path}[{index}]")


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
    for tree, where in widgets_in(raw):
        problems += check_widget(tree, where, root=True)
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
