"""``show``: the checklist as a Rich tree with each indicator's effective share of the score.

Under a profile (FORMAT.md §6.6) the tree holds only the selected indicators (and the sections
above them), with their shares under the profile's weights. Number indicators show their
direction (↑ increase, ↓ decrease), and every indicator its results level when it has one.
All text from the checklist is made safe for the terminal (:func:`ledcheck.errors.printable`)
and for Rich markup.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import printable
from .model import Checklist, Indicator, Section
from .scoring import shares

if TYPE_CHECKING:  # pragma: no cover
    from .profiles import Selection

ARROWS = {"increase": "↑", "decrease": "↓"}


def _kind(ind: Indicator) -> str:
    if ind.scale:
        return f"{ind.type}:{ind.scale}"
    return ind.type


def _weight(w) -> str:
    return f"{w:g}"


def _safe(text) -> str:
    """Checklist text for the tree: control characters and bidi overrides escaped, then Rich
    markup escaped."""
    from rich.markup import escape
    return escape(printable(str(text)))


def profile_shares(checklist: Checklist, selection: Selection | None) -> dict[str, float]:
    """Each section's and indicator's share of the overall score, in percent, under
    ``selection`` (the whole checklist without one): :func:`ledcheck.scoring.shares`."""
    return shares(checklist, selection)


def _details(ind: Indicator, weight: float, pct: str) -> str:
    extra = []
    level = getattr(ind, "results_level", None)
    if level:
        extra.append(str(level))
    if ind.when_source:
        extra.append(f"when {ind.when_source}")
    if ind.evidence == "required":
        extra.append("evidence required")
    if ind.allow_na:
        extra.append("n/a allowed")
    if ind.disaggregate:
        extra.append("by " + ", ".join(ind.disaggregate))
    kind = _kind(ind)
    if ind.type == "number":
        arrow = ARROWS.get(getattr(ind, "effective_direction", None) or "", "")
        if arrow:
            kind += f" {arrow}"
        unit = f" {ind.unit}" if ind.unit else ""
        extra.append(f"baseline {ind.baseline:g} → target {ind.target:g}{unit}")
    return (f"[dim]{_safe(kind)} · weight {_weight(weight)} · {pct}"
            + (" · " + _safe(" · ".join(extra)) if extra else "") + "[/]")


def _draft_notice(checklist: Checklist, lang: str | None) -> str | None:
    """"draft translation, not yet reviewed" (in ``lang``) when the checklist's texts in ``lang``
    come from a PO file marked draft, or ledcheck's words in it are a draft (FORMAT.md §6.11);
    only for a language the checklist has (else its default language is shown)."""
    if not lang or lang == checklist.default_lang:
        return None
    from .i18n import draft_notice
    return draft_notice(lang, checklist)


def build_tree(checklist: Checklist, lang: str | None = None, selection: Selection | None = None):
    """A ``rich.tree.Tree`` of sections and indicators (type, direction, weight, share in
    percent, results level), limited to ``selection`` (a profile) when given."""
    from rich.tree import Tree

    lang = checklist.pick_lang(lang)
    share = profile_shares(checklist, selection)

    def chosen(ind: Indicator) -> bool:
        return selection is None or selection.selects(ind.id)

    def live(sec: Section) -> bool:
        return selection is None or sec.id in selection.sections

    def weight(node) -> float:
        return node.weight if selection is None else selection.weight(node.id, node.weight)

    n = sum(1 for i in checklist.indicators if selection is None or selection.selects(i))
    label = (f"[bold]{_safe(checklist.title.get(lang))}[/]  "
             f"[dim]{_safe(checklist.id)} {_safe(checklist.version)} · {n} indicators")
    if selection is not None:
        label += f" · profile {_safe(selection.profile)}"
    label += "[/]"
    notice = _draft_notice(checklist, lang)
    if notice:
        label += f"\n[yellow]{_safe(notice)}[/]"
    root = Tree(label)

    def add_section(parent, sec: Section) -> None:
        level = getattr(sec, "results_level", None)
        node = parent.add(f"[bold]{_safe(sec.id)}[/] {_safe(sec.title.get(lang))}  "
                          f"[dim]weight {_weight(weight(sec))} · {share.get(sec.id, 0):.1f}%"
                          + (f" · {_safe(level)}" if level else "") + "[/]")
        for ind in sec.indicators:
            if not chosen(ind):
                continue
            pct = f"{share.get(ind.id, 0):.2f}%" if ind.scored else "not scored"
            node.add(f"[cyan]{_safe(ind.id)}[/] {_safe(ind.text.get(lang))}\n" + _details(ind, weight(ind), pct))
        for sub in sec.sections:
            if live(sub):
                add_section(node, sub)

    for sec in checklist.sections:
        if live(sec):
            add_section(root, sec)
    return root
