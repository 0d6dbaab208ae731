"""``show``: the checklist as a Rich tree with each indicator's effective share of the score."""
from __future__ import annotations

from .model import Checklist, Indicator, Section
from .scoring import shares


def _kind(ind: Indicator) -> str:
    if ind.scale:
        return f"{ind.type}:{ind.scale}"
    return ind.type


def _weight(w) -> str:
    return f"{w:g}"


def build_tree(checklist: Checklist, lang: str | None = None):
    """A ``rich.tree.Tree`` of sections and indicators (type, weight, share in percent)."""
    from rich.markup import escape
    from rich.tree import Tree

    lang = checklist.pick_lang(lang)
    share = shares(checklist)
    root = Tree(f"[bold]{escape(checklist.title.get(lang))}[/]  "
                f"[dim]{escape(checklist.id)} {escape(checklist.version)} · "
                f"{len(checklist.indicators)} indicators[/]")

    def add_section(parent, sec: Section) -> None:
        node = parent.add(f"[bold]{escape(sec.id)}[/] {escape(sec.title.get(lang))}  "
                          f"[dim]weight {_weight(sec.weight)} · {share.get(sec.id, 0):.1f}%[/]")
        for ind in sec.indicators:
            extra = []
            if ind.when_source:
                extra.append(f"when {ind.when_source}")
            if ind.evidence == "required":
                extra.append("evidence required")
            if ind.allow_na:
                extra.append("n/a allowed")
            if ind.disaggregate:
                extra.append("by " + ", ".join(ind.disaggregate))
            if ind.type == "number":
                unit = f" {ind.unit}" if ind.unit else ""
                extra.append(f"baseline {ind.baseline:g} → target {ind.target:g}{unit}")
            pct = f"{share.get(ind.id, 0):.2f}%" if ind.scored else "not scored"
            node.add(f"[cyan]{escape(ind.id)}[/] {escape(ind.text.get(lang))}\n"
                     f"[dim]{escape(_kind(ind))} · weight {_weight(ind.weight)} · {pct}"
                     + (" · " + escape(" · ".join(extra)) if extra else "") + "[/]")
        for sub in sec.sections:
            add_section(node, sub)

    for sec in checklist.sections:
        add_section(root, sec)
    return root
