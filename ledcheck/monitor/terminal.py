"""The monitoring reports as Rich renderables for the terminal, laid out for 80 columns
(built here, printed by the CLI).

Long titles are cut with an ellipsis (never wrapped over several lines), numbers are right
aligned with one decimal, changes carry an arrow (▲ up, ▼ down, ▶ no change). All text from
the inputs is shown as plain text (no Rich markup is interpreted) with control characters
escaped. Rich is imported inside the functions.
"""
from __future__ import annotations

from typing import Any

from ..errors import printable
from ..i18n import tr
from ._fmt import arrow, fmt_change, fmt_number, fmt_pct, fmt_score
from .answers import answer_text, category_text
from .tables import group_name, status_word

MAX_ROUNDS = 4      # round columns shown in the progress table (first and the last ones)


def _t(text: Any) -> Any:
    from rich.text import Text
    return Text(printable("" if text is None else str(text)).replace("\n", " "))


def _table(title: str | None = None, **kw):
    from rich import box
    from rich.table import Table
    return Table(title=_t(title) if title else None, title_justify="left", box=box.SIMPLE_HEAD,
                 pad_edge=False, padding=(0, 1), show_edge=False, **kw)


def _change(v: Any):
    from rich.text import Text
    num = isinstance(v, (int, float))
    style = "green" if num and v > 0 else ("red" if num and v < 0 else "")
    return Text(f"{fmt_change(v)} {arrow(v)}".rstrip(), style=style)


def _heading(text: str):
    from rich.text import Text
    return Text(printable(text), style="bold")


def compare_view(model: dict) -> list:
    """Overall and sections before → after with the change; indicators that moved grouped
    up/down/new/dropped; numbers with the distance travelled; ratings that changed."""
    out: list = []
    b, a, o = model["before"], model["after"], model["overall"]
    line = _heading(f"{a.get('subject') or b.get('subject')}: {b['label']} \u2192 {a['label']}")
    line.append(f"\n{tr('Overall')} {fmt_score(o['before'])} \u2192 {fmt_score(o['after'])}  ")
    line.append_text(_change(o["change"]))
    if o["rating_before"] or o["rating_after"]:
        line.append(printable(f"   {o['rating_before'] or '–'} \u2192 {o['rating_after'] or '–'}"))
    out.append(line)
    t = _table()
    t.add_column(tr("Section"), overflow="ellipsis", no_wrap=True, max_width=44)
    for name in ("Before", "After"):
        t.add_column(tr(name), justify="right", no_wrap=True)
    t.add_column(tr("Change"), justify="right", no_wrap=True)
    for s in model["sections"]:
        t.add_row(_t(("  " * s["depth"]) + str(s["title"] or s["id"])), fmt_score(s["before"]),
                  fmt_score(s["after"]), _change(s["change"]))
    out.append(t)
    names = {"up": "Up", "down": "Down", "new": "New (scored only after)", "dropped": "Dropped (scored only before)"}
    names = {k: tr(v) for k, v in names.items()}
    inds = {i["id"]: i for i in model["indicators"]}
    for m in ("up", "down", "new", "dropped"):
        ids = model["movement"][m]
        if not ids:
            continue
        t = _table(f"{names[m]}: {len(ids)}")
        t.add_column(tr("Id"), no_wrap=True, min_width=3, max_width=8, overflow="ellipsis")
        t.add_column(tr("Indicator"), overflow="ellipsis", no_wrap=True, max_width=26)
        t.add_column(tr("Before"), overflow="ellipsis", no_wrap=True, max_width=16)
        t.add_column(tr("After"), overflow="ellipsis", no_wrap=True, max_width=16)
        t.add_column(tr("Score"), justify="right", no_wrap=True)
        for iid in ids:
            i = inds[iid]
            t.add_row(_t(iid), _t(i.get("text") or ""), _t(answer_text(iid, i["value_before"])),
                      _t(answer_text(iid, i["value_after"])),
                      _change(i["change"] * 100 if isinstance(i["change"], (int, float)) else None))
        out.append(t)
    if model["numbers"]:
        t = _table(tr("Numbers: distance travelled to target"))
        t.add_column(tr("Id"), no_wrap=True, min_width=3, max_width=8, overflow="ellipsis")
        t.add_column(tr("Indicator"), overflow="ellipsis", no_wrap=True, max_width=30)
        for name in ("Before", "After", "Target"):
            t.add_column(tr(name), justify="right", no_wrap=True, max_width=9, overflow="ellipsis")
        t.add_column(tr("Travelled"), justify="right", no_wrap=True)
        for n in model["numbers"]:
            t.add_row(_t(n["id"]), _t(n.get("text") or ""), _num(n["before"]), _num(n["after"]),
                      _num(n["target"]), fmt_pct(n["distance"]))
        out.append(t)
    if model["ratings"]:
        t = _table(tr("Ratings that changed"))
        t.add_column(tr("Scope"), overflow="ellipsis", no_wrap=True, max_width=30)
        t.add_column(tr("Before"), overflow="ellipsis", no_wrap=True, max_width=20)
        t.add_column(tr("After"), overflow="ellipsis", no_wrap=True, max_width=20)
        for r in model["ratings"]:
            t.add_row(_t(r["id"] or tr("Overall")), _t(r["before"] or "–"), _t(r["after"] or "–"))
        out.append(t)
    return out


def _num(v: Any) -> str:
    return fmt_number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else "–"


def _shown_rounds(n: int) -> list[int | None]:
    """Indexes of the round columns shown (None: a "…" column)."""
    if n <= MAX_ROUNDS:
        return list(range(n))
    return [0, None] + list(range(n - (MAX_ROUNDS - 1), n))


def progress_view(model: dict, sections: bool = False) -> list:
    """A row per subject, a column per round (first and last ones when there are many), the
    change; with ``sections`` each subject's top sections below it; milestones when judged."""
    out: list = []
    n = max(model["rounds"], 1)
    shown = _shown_rounds(n)
    t = _table()
    t.add_column(tr("Subject"), overflow="ellipsis", no_wrap=True, max_width=34 if sections else 30)
    for k in shown:
        label = "\u2026" if k is None else _common_label(model, k) or f"R{k + 1}"
        t.add_column(_t(label), justify="right", no_wrap=True, max_width=14 if len(shown) <= 2 else 9,
                     overflow="ellipsis")
    t.add_column(tr("Change"), justify="right", no_wrap=True)
    titles = {s["id"]: s["title"] for s in model["sections"]}
    for s in model["subjects"]:
        scores = [r["score"] for r in s["rounds"]]
        t.add_row(_t(s["subject"]), *[("\u2026" if k is None else fmt_score(scores[k]) if k < len(scores) else "")
                                      for k in shown], _change(s["change"]), style="bold" if sections else None)
        if sections:
            for sec in s["sections"]:
                t.add_row(_t("  " + str(titles.get(sec["id"]) or sec["id"])),
                          *[("" if k is None else fmt_score(sec["scores"][k]) if k < len(sec["scores"]) else "")
                            for k in shown], _change(sec["change"]))
    out.append(t)
    miles = [(s, m) for s in model["subjects"] for m in s.get("milestones") or ()]
    if miles:
        from .tables import _target_text
        t = _table(tr("Road map milestones"))
        t.add_column(tr("Subject"), overflow="ellipsis", no_wrap=True, max_width=18)
        t.add_column(tr("Due"), no_wrap=True)
        t.add_column(tr("Status"), no_wrap=True)
        t.add_column(tr("Missed targets (lead agency)"), overflow="fold", max_width=40)
        for s, m in miles:
            style = {"met": "green", "missed": "red"}.get(m["status"], "dim")
            from rich.text import Text
            t.add_row(_t(s["subject"]), m["due"], Text(status_word(m["status"]), style=style),
                      Text("\n".join(printable(_target_text(x)) for x in m["targets"] if x["status"] == "missed")))
        out.append(t)
    return out


def _common_label(model: dict, k: int) -> str | None:
    labels = {s["rounds"][k]["label"] for s in model["subjects"] if len(s["rounds"]) > k}
    return labels.pop() if len(labels) == 1 else None


def aggregate_view(model: dict) -> list:
    """Per group: its statistics, the subjects ranked, and the sums of count indicators with
    their breakdown shares."""
    from rich.text import Text
    out: list = []
    for g in model["groups"]:
        o = g["overall"]
        head = _heading(f"{model['by']}: {group_name(g['key'])}  ({g['count']} "
                        f"{tr('subject' if g['count'] == 1 else 'subjects')})")
        head.append(Text("\n" + "  ".join(f"{tr(k)} {fmt_score(o[k])}" for k in ("mean", "median", "min", "max"))))
        out.append(head)
        t = _table()
        t.add_column(tr("Rank"), justify="right", no_wrap=True)
        t.add_column(tr("Subject"), overflow="ellipsis", no_wrap=True, max_width=40)
        t.add_column(tr("Round"), overflow="ellipsis", no_wrap=True, max_width=16)
        t.add_column(tr("Score"), justify="right", no_wrap=True)
        for m in g["subjects"]:
            t.add_row("–" if m["rank"] is None else str(m["rank"]), _t(m["subject"]), _t(m["label"]),
                      fmt_score(m["score"]))
        out.append(t)
        sums = [nr for nr in g["numbers"] if nr["aggregate"] == "sum"]
        if sums:
            t = _table(tr("Totals"))
            t.add_column(tr("Id"), no_wrap=True, max_width=10, overflow="ellipsis")
            t.add_column(tr("Indicator"), overflow="ellipsis", no_wrap=True, max_width=28)
            t.add_column(tr("Sum"), justify="right", no_wrap=True)
            t.add_column(tr("Breakdown shares"), overflow="fold", max_width=30)
            for nr in sums:
                parts = []
                for dim, cats in nr["breakdowns"].items():
                    parts.append(f"{dim}: " + ", ".join(f"{category_text(c)} {fmt_pct(v['share'])}"
                                                        for c, v in cats.items()))
                t.add_row(_t(nr["id"]), _t(nr.get("text") or ""), _num(nr["sum"]), _t("; ".join(parts)))
            out.append(t)
    return out


def view(command: str, model: dict, **opts: Any):
    """The report of ``command`` as one Rich renderable (blocks separated by a blank line), for
    the CLI to print to the terminal or into a text file at 80 columns."""
    from rich.console import Group
    from rich.text import Text
    out: list = []
    for r in VIEWS[command](model, **opts):
        if out:
            out.append(Text(""))
        out.append(r)
    return Group(*out)


VIEWS = {"compare": compare_view, "progress": progress_view, "aggregate": aggregate_view}
