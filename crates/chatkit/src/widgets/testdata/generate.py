# Regenerates sdk_widgets.json with the official SDK: pip install openai-chatkit==1.6.5; python generate.py > sdk_widgets.json
import json, warnings
warnings.filterwarnings("ignore")
from chatkit.widgets import *
from chatkit.actions import ActionConfig
def d(w): return w.model_dump(mode="json", by_alias=True, exclude_none=True)
act = ActionConfig(type="complete_task", payload={"number": 3}, handler="client", loadingBehavior="self")
card = Card(
    id="task_list_card", key="k", asForm=True, background={"light": "white", "dark": "black"}, size="md",
    padding={"x": 4, "y": "2px"}, status={"text": "Tasks", "favicon": "/f.png", "frame": True}, collapsed=False,
    confirm={"label": "Save", "action": ActionConfig(type="save")}, cancel={"label": "Cancel", "action": ActionConfig(type="cancel", streaming=False)}, theme="dark",
    children=[
        Title(id="t_title", value="Tasks", size="2xl", weight="bold", color="primary", textAlign="center", truncate=True, maxLines=1),
        Caption(value="3 open", size="sm", color={"light": "gray-500", "dark": "gray-400"}),
        Text(id="t_text", value="Hello", streaming=True, italic=True, lineThrough=False, width="50%", size="lg", minLines=1, maxLines=3,
             editable={"name": "title", "autoFocus": True, "autoSelect": False, "autoComplete": "off", "allowAutofillExtensions": False, "pattern": ".+", "placeholder": "T", "required": True}),
        Markdown(id="t_md", value="**hi**", streaming=False),
        Badge(label="High", color="danger", variant="soft", size="sm", pill=True),
        Box(direction="row", align="center", justify="between", wrap="wrap", flex=1, gap="8px", height=40, width="100%", size=3.5,
            minHeight=1, minWidth="2px", minSize=3, maxHeight=4, maxWidth=5, maxSize="6px", padding=2, margin="1px",
            border={"size": 1, "color": "subtle", "style": "dashed"}, radius="100%", background="surface", aspectRatio=1.5,
            children=[Spacer(minSize=8), Divider(color="strong", size=2, spacing="4px", flush=True)]),
        Row(border=2, children=[Icon(name="check-circle", color="success", size="3xl"), Icon(name="lucide:heart")]),
        Col(border={"top": 1, "bottom": {"size": 2}}, children=[
            Image(src="/a.png", alt="A", fit="scale-down", position="top left", radius="full", frame=True, flush=False,
                  height=10, width="5em", size=3, minHeight=1, minWidth=1, minSize=1, maxHeight=1, maxWidth=1, maxSize=1,
                  margin={"left": 2}, background="red-100", aspectRatio="16/9", flex="1 1 auto")]),
        Button(id="task_3_delete_button", submit=False, label="Delete", onClickAction=act, iconStart="bolt", iconEnd="vendor:x",
               style="secondary", iconSize="2xl", color="caution", variant="ghost", size="3xs", pill=True, uniform=False, block=True, disabled=False),
        Form(id="add_form", direction="col", onSubmitAction=ActionConfig(type="add_task", loadingBehavior="container"), children=[
            Label(value="Title", fieldName="title", size="xs", weight="normal", textAlign="start", color="secondary"),
            Input(name="title", inputType="text", defaultValue="x", required=True, pattern="a", placeholder="p", allowAutofillExtensions=True,
                  autoSelect=True, autoFocus=False, disabled=False, variant="outline", size="xl", gutterSize="2xs", pill=False),
            Textarea(name="notes", defaultValue="n", required=False, pattern="b", placeholder="q", autoSelect=False, autoFocus=True, disabled=True,
                     variant="soft", size="2xl", gutterSize="xl", rows=3, autoResize=True, maxRows=9, allowAutofillExtensions=False),
            Select(name="priority", options=[{"value": "high", "label": "High", "disabled": False, "description": "soon"}, {"value": "low", "label": "Low"}],
                   onChangeAction=ActionConfig(type="pick"), placeholder="Pick", defaultValue="low", variant="soft", size="md", pill=True,
                   block=False, clearable=True, disabled=False, searchable=True),
            DatePicker(name="due", onChangeAction=ActionConfig(type="due"), placeholder="Due", defaultValue="2025-01-15T10:00:00",
                       min="2025-01-01T00:00:00Z", max="2025-12-31T23:59:59+02:00", variant="outline", size="sm", side="top", align="end",
                       pill=False, block=True, clearable=False, disabled=False),
            Checkbox(name="done", label="Done", defaultChecked=True, onChangeAction=ActionConfig(type="toggle"), disabled=False, required=False),
            RadioGroup(name="r", options=[{"label": "A", "value": "a", "disabled": True}, {"label": "B", "value": "b"}], ariaLabel="R",
                       onChangeAction=ActionConfig(type="r"), defaultValue="a", direction="row", disabled=False, required=True),
        ]),
        Transition(children=Text(id="t_inner", value="inner")),
        Chart(data=[{"day": "Mon", "done": 3, "ratio": 0.5}], series=[
                BarSeries(label="Done", dataKey="done", stack="s", color="blue"),
                AreaSeries(label=None, dataKey="ratio", stack="s2", color={"light": "a", "dark": "b"}, curveType="monotoneX"),
                LineSeries(label="L", dataKey="done", curveType="stepAfter")],
              xAxis={"dataKey": "day", "hide": False, "labels": {"Mon": "Monday"}}, showYAxis=True, showLegend=False, showTooltip=True,
              barGap=2, barCategoryGap=4, flex=1, height=200, width="100%", size=3, minHeight=1, minWidth=1, minSize=1,
              maxHeight=1, maxWidth=1, maxSize=1, aspectRatio=2),
        ListViewItem(children=[Text(value="row")], gap=1, align="baseline"),
    ])
lv = ListView(id="task_list_view", limit=5, status={"text": "Tasks", "icon": "check"}, theme="light", children=[
    ListViewItem(id="task_1_item", key="1", onClickAction=ActionConfig(type="open", payload={"number": 1}), gap="4px", align="stretch",
                 children=[Text(value="Buy milk", lineThrough=True), Spacer(), Button(label="Done", onClickAction=ActionConfig(type="complete_task", payload={"number": 1}))])])
basic = BasicRoot.model_validate({"type": "Basic", "children": [{"type": "Text", "value": "x"}, {"type": "Card", "children": []}]})
print(json.dumps({"card": d(card), "list": d(lv), "basic": d(basic)}, indent=1))
