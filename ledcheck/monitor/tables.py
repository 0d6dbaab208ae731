"""The monitoring outputs as plain tables, one model for every file format.

Each command's JSON model (from :mod:`.compare`, :mod:`.progress`, :mod:`.aggregate`) becomes a
:class:`Report`: a title, a line about the inputs, and :class:`Table` values. The first table is
the CSV (tidy: one row per observation, so it pivots in any spreadsheet); Markdown, HTML and
XLSX show every table. Values stay raw (numbers unrounded, text as given); each writer formats
and escapes them its own way by the column's ``kind``:

``text``   text;            ``score``  a 0–100 score (one decimal);  ``change`` a signed change
``value``  an answer value; ``number`` a plain number;               ``share``  a fraction as %
``int``    a count or rank.

Indicator scores (0–1 in the JSON, FORMAT.md §4) are put on 0–100 here, so that every score
column of a table reads on one scale.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..i18n import tr
from ._fmt import DASH, fmt_score, is_num
from .answers import answer_text, category_text
from .rounds import round_label


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"


@dataclass
class Table:
    name: str                      # sheet name and anchor: short, ASCII
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    command: str
    title: str
    subtitle: str
    tables: list[Table]
    model: dict[str, Any]
    checklists: list[dict[str, Any]]
    lang: str | None = None

    @property
    def csv(self) -> Table:
        return self.tables[0]


def _pts(v: Any) -> Any:
    """An indicator score (0–1) on the 0–100 scale of sections."""
    return v * 100 if is_num(v) else None


def _checklists(model: dict[str, Any]) -> list[dict[str, Any]]:
    return list(model.get("checklists") or ([model["checklist"]] if model.get("checklist") else []))


def _C(spec: str) -> list[Column]:
    """Columns from "key:Title:kind, ..." (kind defaults to text)."""
    out = []
    for part in spec.split(","):
        bits = [b.strip() for b in part.split(":")]
        out.append(Column(bits[0], tr(bits[1]) if len(bits) > 1 and bits[1] else bits[0],
                          bits[2] if len(bits) > 2 else "text"))
    return out


# --------------------------------------------------------------------------- compare

def compare_report(model: dict[str, Any]) -> Report:
    b, a = model["before"], model["after"]
    subject = a.get("subject") or b.get("subject") or ""
    long = Table("comparison", tr("Comparison"), _C(
        "kind:Kind,id:Id,title:Title,before:Before:score,after:After:score,change:Change:change,"
        "movement:Movement,rating_before:Rating before,rating_after:Rating after,"
        "value_before:Value before:value,value_after:Value after:value,target:Target:number,"
        "distance:Distance travelled:share"))
    o = model["overall"]
    long.rows.append(["overall", "", tr("Overall"), o["before"], o["after"], o["change"], None,
                      o["rating_before"], o["rating_after"], None, None, None, None])
    for s in model["sections"]:
        long.rows.append(["section", s["id"], s["title"], s["before"], s["after"], s["change"], None,
                          s["rating_before"], s["rating_after"], None, None, None, None])
    nums = {n["id"]: n for n in model["numbers"]}
    for i in model["indicators"]:
        n = nums.get(i["id"], {})
        long.rows.append(["indicator", i["id"], i.get("text"), _pts(i["before"]), _pts(i["after"]),
                          _pts(i["change"]), i["movement"], None, None, i["value_before"], i["value_after"],
                          n.get("target"), n.get("distance")])
    secs = Table("sections", tr("Overall and sections"), _C(
        "title:Section,before:Before:score,after:After:score,change:Change:change"))
    secs.rows.append([tr("Overall"), o["before"], o["after"], o["change"]])
    for s in model["sections"]:
        secs.rows.append([("\u2003" * s["depth"]) + str(s["title"] or s["id"]), s["before"], s["after"],
                          s["change"]])
    moved = Table("moved", tr("Indicators that moved"), _C(
        "movement:Movement,id:Id,title:Indicator,value_before:Before:value,value_after:After:value,"
        "change:Score change:change"))
    for m in ("up", "down", "new", "dropped"):
        for i in model["indicators"]:
            if i["movement"] == m:
                moved.rows.append([tr(m), i["id"], i.get("text"), answer_text(i["id"], i["value_before"]),
                                   answer_text(i["id"], i["value_after"]),
                                   _pts(i["change"])])
    numbers = Table("numbers", tr("Numbers: distance travelled to target"), _C(
        "id:Id,title:Indicator,before:Before:value,after:After:value,target:Target:value,"
        "distance:Travelled:share"),
        note=tr("(after − before) / (target − before): 100% is the whole way to the target."))
    for n in model["numbers"]:
        numbers.rows.append([n["id"], n.get("text"), answer_text(n["id"], n["before"]),
                             answer_text(n["id"], n["after"]), answer_text(n["id"], n["target"]), n["distance"]])
    ratings = Table("ratings", tr("Ratings that changed"), _C("scope:Scope,id:Id,before:Before,after:After"))
    for r in model["ratings"]:
        ratings.rows.append([r["scope"], r["id"] or "", r["before"], r["after"]])
    return Report("compare", f"{subject}: {b['label']} \u2192 {a['label']}",
                  f"{b.get('source')} \u2192 {a.get('source')}",
                  [long, secs, moved, numbers, ratings], model, _checklists(model))


# --------------------------------------------------------------------------- progress

def progress_report(model: dict[str, Any]) -> Report:
    long = Table("progress", tr("Progress"), _C(
        "subject:Subject,subject_id:Subject id,scope:Scope,title:Title,round:Round:int,label:Round label,"
        "period:Period,reference_period:Reference period,date:Date,score:Score:score,"
        "change:Change from first:change,source:Source"))
    titles = {s["id"]: s["title"] for s in model["sections"]}
    n = max(model["rounds"], 1)
    wide = Table("subjects", tr("Subjects by round"), [Column("subject", tr("Subject"))] +
                 [Column(f"r{k}", f"{tr('Round')} {k}", "score") for k in range(1, n + 1)] +
                 [Column("change", tr("Change"), "change")])
    detail = Table("sections", tr("Sections by round"),
                   [Column("subject", tr("Subject")), Column("section", tr("Section"))] +
                   [Column(f"r{k}", f"{tr('Round')} {k}", "score") for k in range(1, n + 1)] +
                   [Column("change", tr("Change"), "change")])
    rounds_t = Table("rounds", tr("Rounds"), _C(
        "subject:Subject,round:Round:int,label:Round,date:Date,reference_period:Reference period,"
        "score:Score:score,rating:Rating,source:Source"))
    miles = Table("milestones", tr("Road map milestones"), _C(
        "subject:Subject,roadmap:Road map,due:Due,round:Judged on,status:Status,"
        "missed:Missed targets (lead agency)"))
    for s in model["subjects"]:
        rounds = s["rounds"]
        first = rounds[0]["score"]
        for k, r in enumerate(rounds, 1):
            ch = r["score"] - first if k > 1 and is_num(r["score"]) and is_num(first) else None
            long.rows.append([s["subject"], s["subject_id"], "overall", tr("Overall"), k, r["label"], r.get("period"),
                              r.get("reference_period"), r.get("date"), r["score"], ch, r.get("source")])
            rounds_t.rows.append([s["subject"], k, r["label"], r.get("date"), r.get("reference_period"),
                                  r["score"], r.get("rating"), r.get("source")])
        for sec in s["sections"]:
            f0 = sec["scores"][0]
            for k, (r, sc) in enumerate(zip(rounds, sec["scores"], strict=False), 1):
                ch = sc - f0 if k > 1 and is_num(sc) and is_num(f0) else None
                long.rows.append([s["subject"], s["subject_id"], sec["id"], titles.get(sec["id"]), k, r["label"],
                                  r.get("period"), r.get("reference_period"), r.get("date"), sc, ch, r.get("source")])
            detail.rows.append([s["subject"], sec["title"]] + _pad(sec["scores"], n) + [sec["change"]])
        wide.rows.append([s["subject"]] + _pad([r["score"] for r in rounds], n) + [s["change"]])
        for m in s.get("milestones") or ():
            missed = "; ".join(_target_text(t) for t in m["targets"] if t["status"] == "missed")
            miles.rows.append([s["subject"], m["roadmap"], m["due"], m["round"] or "",
                               status_word(m["status"]), missed])
    # the round labels of each column, when every subject's k-th round has the same label
    for k in range(1, n + 1):
        labels = {s["rounds"][k - 1]["label"] for s in model["subjects"] if len(s["rounds"]) >= k}
        if len(labels) == 1:
            title = labels.pop()
            wide.columns[k] = Column(f"r{k}", title, "score")
            detail.columns[k + 1] = Column(f"r{k}", title, "score")
    tables = [long, wide, detail, rounds_t]
    if any("milestones" in s for s in model["subjects"]):
        tables.append(miles)
    subjects = len(model["subjects"])
    return Report("progress", tr("Progress"), f"{subjects} {tr('subject' if subjects == 1 else 'subjects')}, "
                  f"{tr('up to')} {model['rounds']} {tr('round' if model['rounds'] == 1 else 'rounds')}",
                  tables, model, _checklists(model))


def status_word(status: str) -> str:
    """A milestone status for people: met, missed, not yet due (``pending`` in JSON)."""
    return tr({"pending": "not yet due"}.get(status, status))


def _pad(values: list[Any], n: int) -> list[Any]:
    return list(values) + [None] * (n - len(values))


def _target_text(t: dict[str, Any]) -> str:
    """A missed target for people: "overall score 85.2 < 90", "CM3: 1130, target 1500 (lead)"."""
    from ._fmt import fmt_value
    if t["kind"] == "indicator":
        text = f"{t['id']}: {answer_text(t['id'], t['actual'])}, {tr('target')} {answer_text(t['id'], t['target'])}"
    else:
        what = tr("overall score") if t["kind"] == "score" else t["id"]
        text = f"{what} {fmt_score(t['actual']) if is_num(t['actual']) else DASH} < {fmt_value(t['target'])}"
    return text + (f" ({t['lead']})" if t.get("lead") else "")


# --------------------------------------------------------------------------- aggregate

def group_name(key: Any) -> str:
    return tr("(none)") if key is None else str(key)


def aggregate_report(model: dict[str, Any]) -> Report:
    by = model["by"]
    long = Table("aggregate", tr("Aggregate"), _C(
        f"group:{by},measure:Measure,id:Id,title:Title,category:Category,n:N:int,mean:Mean:number,"
        "median:Median:number,min:Min:number,max:Max:number,sum:Sum:number,share:Share:share"))
    groups = Table("groups", tr("Groups"), _C(
        f"group:{by},count:Subjects:int,mean:Mean:score,median:Median:score,min:Min:score,max:Max:score"))
    subjects = Table("subjects", tr("Subjects ranked in their group"), _C(
        f"group:{by},rank:Rank:int,subject:Subject,label:Round,score:Score:score") +
        [Column(f"s:{s['id']}", s["id"], "score") for s in model["sections"]])
    sections = Table("sections", tr("Top sections"), _C(
        f"group:{by},id:Id,title:Section,n:N:int,mean:Mean:score,median:Median:score,min:Min:score,max:Max:score"))
    numbers = Table("numbers", tr("Number indicators"), _C(
        f"group:{by},id:Id,title:Indicator,aggregate:Aggregate,n:N:int,sum:Sum:number,mean:Mean:number,"
        "category:Breakdown,csum:Category sum:number,share:Share:share"),
        note=tr("Breakdown categories are summed for counts (aggregate: sum); a value given without a "
                "breakdown counts as unknown."))
    for g in model["groups"]:
        name = group_name(g["key"])
        o = g["overall"]
        long.rows.append([name, "score", "overall", tr("Overall"), None, o["n"], o["mean"], o["median"], o["min"],
                          o["max"], None, None])
        groups.rows.append([name, g["count"], o["mean"], o["median"], o["min"], o["max"]])
        for s in g["sections"]:
            long.rows.append([name, "score", s["id"], s["title"], None, s["n"], s["mean"], s["median"], s["min"],
                              s["max"], None, None])
            sections.rows.append([name, s["id"], s["title"] or s["id"], s["n"], s["mean"], s["median"], s["min"],
                                  s["max"]])
        for m in g["subjects"]:
            subjects.rows.append([name, m["rank"], m["subject"], m["label"], m["score"]] +
                                 [m["sections"].get(s["id"]) for s in model["sections"]])
        for nrow in g["numbers"]:
            long.rows.append([name, "number", nrow["id"], nrow.get("text"), None, nrow["n"], nrow["mean"], None,
                              None, None, nrow["sum"], None])
            numbers.rows.append([name, nrow["id"], nrow.get("text"), nrow["aggregate"], nrow["n"], nrow["sum"],
                                 nrow["mean"], None, None, None])
            for dim, cats in nrow["breakdowns"].items():
                for cat, v in cats.items():
                    long.rows.append([name, "breakdown", nrow["id"], nrow.get("text"), f"{dim}.{cat}", None, None,
                                      None, None, None, v["sum"], v["share"]])
                    numbers.rows.append([name, nrow["id"], "", "", None, None, None, f"{dim}: {category_text(cat)}",
                                         v["sum"],
                                         v["share"]])
    count = sum(g["count"] for g in model["groups"])
    ng = len(model["groups"])
    sub = (f"{count} {tr('subject' if count == 1 else 'subjects')} {tr('in')} {ng} "
           f"{tr('group' if ng == 1 else 'groups')}")
    if model.get("period"):
        sub += f", {tr('period')} {model['period']}"
    return Report("aggregate", f"{tr('Aggregate by')} {by}", sub, [long, groups, subjects, sections, numbers], model,
                  _checklists(model))


def report_for(command: str, model: dict[str, Any]) -> Report:
    return {"compare": compare_report, "progress": progress_report, "aggregate": aggregate_report}[command](model)


__all__ = ["Column", "Report", "Table", "aggregate_report", "compare_report", "group_name", "progress_report",
           "report_for", "round_label"]
