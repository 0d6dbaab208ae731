"""HTML for the monitoring reports: one Jinja2 template (autoescaped, StrictUndefined) with
inline SVG charts and CSS that reads at 390 px and prints (``templates/``)."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from . import charts
from .tables import Report, compare_report, group_name

if TYPE_CHECKING:   # jinja2 is imported where it is used
    from jinja2 import Environment

NUMERIC = frozenset({"score", "change", "share", "number", "int"})


@lru_cache(maxsize=1)
def _env() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
    env = Environment(loader=PackageLoader("ledcheck.monitor", "templates"),
                      autoescape=select_autoescape(["html"], default=True), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, finalize=_finalize)
    from ..i18n import tr
    from ._fmt import arrow
    from .output import cell_text, problem_line
    env.globals.update(tr=tr, cell=cell_text, arrow=arrow, numeric=NUMERIC, colour=charts.colour, band=charts.band,
                       group_name=group_name, problem_line=problem_line, status_word=_status_word,
                       missed=_missed)
    return env


def _finalize(value: object) -> object:
    """Every printed value: control characters (terminal escapes, NUL) replaced, newlines kept
    out of one-line fields; the charts (already escaped Markup) pass as they are."""
    from markupsafe import Markup

    from ._fmt import one_line
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return one_line(value)


def _status_word(status: str) -> str:
    from .tables import status_word
    return status_word(status)


def _missed(m: dict[str, Any]) -> str:
    from .tables import _target_text
    return "; ".join(_target_text(t) for t in m["targets"] if t["status"] == "missed")


def _css() -> str:
    """The style sheet (package data, not user text: inserted as it is)."""
    from importlib.resources import files

    from markupsafe import Markup
    return Markup(files("ledcheck.monitor").joinpath("templates/monitor.css").read_text(encoding="utf-8"))


def render_html(report: Report) -> str:
    from ..i18n import tr
    model = report.model
    ctx: dict[str, Any] = {"report": report, "model": model, "lang": report.lang or "en", "css": _css(),
           "all_chart": None, "subject_charts": [], "since_reports": [], "group_charts": []}
    if report.command == "progress":
        n = max(model["rounds"], 1)
        wide = report.tables[1]
        labels = [c.title for c in wide.columns[1:n + 1]]
        ctx["all_chart"] = charts.line_chart(
            [(s["subject"], [r["score"] for r in s["rounds"]]) for s in model["subjects"]], labels,
            title=tr("Overall score of every subject, by round"), width=640, height=260)
        for s in model["subjects"]:
            ctx["subject_charts"].append(charts.line_chart(
                [(s["subject"], [r["score"] for r in s["rounds"]])], [r["label"] for r in s["rounds"]],
                title=f"{s['subject']}: {tr('Overall score by round')}", small=True))
            since = s.get("since_baseline")
            ctx["since_reports"].append(compare_report(since | {"problems": [], "checklist": None})
                                        if since else None)
    elif report.command == "aggregate":
        for g in model["groups"]:
            ctx["group_charts"].append(charts.bar_chart(
                [(str(m["subject"]), m["score"]) for m in g["subjects"]],
                title=f"{model['by']} {group_name(g['key'])}: {tr('Subjects ranked by overall score')}"))
    return _env().get_template("report.html").render(**ctx)
