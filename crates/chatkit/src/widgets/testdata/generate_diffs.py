# Regenerates sdk_diffs.json: before/after widget pairs and what the SDK's diff_widget returns for them.
# pip install openai-chatkit==1.6.5; python generate_diffs.py > sdk_diffs.json
import json, warnings
warnings.filterwarnings("ignore")
from chatkit.widgets import *
from chatkit.actions import ActionConfig
from chatkit.server import diff_widget
def d(w): return w.model_dump(mode="json", by_alias=True, exclude_none=True)
T=lambda v, **k: Text(value=v, **k)
cases = [
 (Card(children=[]), Card(children=[])),
 (Card(children=[T("Hello", id="t", streaming=True)]), Card(children=[T("Hello, world!", id="t", streaming=True)])),
 (Card(children=[T("Hello", id="t", streaming=True)]), Card(children=[T("Hello, world!", id="t", streaming=False)])),
 (Card(children=[T("Hello", id="t", streaming=True)]), Card(children=[T("Hello, world!", id="t")])),
 (Card(children=[T("Hello", id="t")]), Card(children=[T("Hello, world!", id="t")])),
 (Card(children=[T("Hello")]), Card(children=[T("world!")])),
 (Card(children=[T("Hello")]), Card(children=[T("Hello world!")])),
 (Card(children=[T("Hello", id="t")]), Card(children=[T("Bye", id="t")])),
 (Card(children=[T("a", id="t")]), Card(children=[T("a", id="t"), Button(label="x")])),
 (Card(children=[T("a", id="t", key="1")]), Card(children=[T("a", id="t", key="2")])),
 (Card(children=[T("a", id="t")]), ListView(children=[])),
 (Card(children=[Row(children=[T("a", id="t1", streaming=True), Markdown(value="x", id="m1")])], status={"text": "s"}),
  Card(children=[Row(children=[T("ab", id="t1", streaming=True), Markdown(value="xyz", id="m1")])], status={"text": "s"})),
 (Card(children=[T("a", id="t")], status={"text": "s"}), Card(children=[T("ab", id="t")], status={"text": "s2"})),
 (ListView(children=[ListViewItem(children=[Markdown(value="a", id="m", streaming=True)], onClickAction=ActionConfig(type="x"))]),
  ListView(children=[ListViewItem(children=[Markdown(value="abc", id="m", streaming=True)], onClickAction=ActionConfig(type="x"))])),
 (ListView(children=[ListViewItem(children=[Markdown(value="a", id="m")], onClickAction=ActionConfig(type="x"))]),
  ListView(children=[ListViewItem(children=[Markdown(value="ab", id="m")], onClickAction=ActionConfig(type="y"))])),
 (Card(children=[Box(children=[T("", id="t", streaming=True)], padding=2)]), Card(children=[Box(children=[T("go", id="t", streaming=True)], padding=2)])),
 (Card(children=[Box(children=[T("", id="t", streaming=True)], padding=2)]), Card(children=[Box(children=[T("go", id="t", streaming=True)], padding=3)])),
 (Card(children=[T("a", id="t", color="red")]), Card(children=[T("ab", id="t", color="red")])),
 (Card(children=[T("a", id="t", color="red")]), Card(children=[T("ab", id="t", color="blue")])),
 (Card(children=[Chart(data=[{"a": 1}], series=[], xAxis="a")]), Card(children=[Chart(data=[{"a": 2}], series=[], xAxis="a")])),
]
out=[]
for b,a in cases:
    try:
        r=[json.loads(u.model_dump_json(by_alias=True, exclude_none=True)) for u in diff_widget(b,a)]
    except ValueError as e:
        r={"error": str(e)}
    out.append({"before": d(b), "after": d(a), "expected": r})
print(json.dumps(out))
