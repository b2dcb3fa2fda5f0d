"""Markdown reports, for pasting into a case file.

Every text from a questionnaire, a person or an answer goes through ``md``: one
line, Markdown punctuation backslash-escaped, so no raw HTML, link, image,
emphasis, table cell or heading can come from data.
"""

from __future__ import annotations

import re

from bonsclics_cli.reports.html_report import signed
from bonsclics_cli.reports.person_page import page_words
from bonsclics_cli.reports.view import AdviceLine, AnswerLine, ReportView

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#{}@])")
# What an autolinker (GitHub's, GitLab's) would turn into a link: "://", "www.", schemes.
_LINK_MARKS = re.compile(r"(?i):(?=//)|(?<=www)\.|(?<=mailto):|(?<=javascript):|(?<=data):")


def md(text: object) -> str:
    """``text`` as inert Markdown on a single line."""
    flat = " ".join(str(text).split())
    escaped = _SPECIAL.sub(r"\\\1", flat)
    return _LINK_MARKS.sub(lambda match: "\\" + match.group(), escaped)


def _link(url: str) -> str:
    """An advice link from the questionnaire (``https://`` only, checked at load) as an autolink."""
    safe = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"<{safe}>"


def _advice(item: AdviceLine) -> str:
    return md(item.text) + (f" {_link(item.link)}" if item.link else "")


def _answer(line: AnswerLine, view: ReportView) -> str:
    text = md(line.text(view.words))
    return text if line.status == "answered" else f"*\\[ {text} \\]*"


def _points(line: AnswerLine) -> str:
    return f"{line.points} / {line.max_points}" if line.points is not None else "—"


def person(view: ReportView) -> str:
    w = view.words
    out = [
        f"# {md(w.person_title)}",
        "",
        f"**{md(w.person_date.format(date=view.day))}** · {md(view.title)}",
        "",
        f"{md(w.person_reference)}{w.colon} **{md(view.person)}**",
        "",
        md(page_words(view.language).intro),
        "",
    ]
    p = page_words(view.language)
    if view.improved and view.previous:
        out += [f"**{md(w.improved.format(date=view.previous.day))}**", ""]
    if not view.complete:  # no level from a few answers: say so, and what was seen
        out += [f"## {md(w.unfinished_title)}", "", md(w.unfinished_person), ""]
    elif view.level and view.step is not None:
        # a path from the person's own step: nothing named below it
        ahead = [f"→ {md(step.title)}" for step in view.steps[view.step :]]
        here = f"**{md(view.level)}** ← {md(w.you_are_here)}"
        out += [f"## {md(p.your_path)}", "", " ".join([here, *ahead]), ""]
        if view.level_description:
            out += [md(view.level_description), ""]
    else:
        out += [f"## {md(w.your_level)}", "", md(w.no_level), ""]
    out += [f"## {md(w.already_can if view.complete else w.seen_so_far)}", ""]
    out += [f"- {md(sentence)}" for sentence in view.can_do]
    title = p.next_steps if len(view.next_steps) > 1 else p.next_step
    out += ["", f"## {md(title)}", ""]
    for number, step in enumerate(view.next_steps, start=1):
        out.append(f"{number}. {md(step.text)}" + (f" {_link(step.link)}" if step.link else ""))
        if step.offer is not None:
            offer = step.offer
            out.append(f"   - **{md(offer.title)}**")
            out += [f"   - {md(label)} {md(value)}" for label, value in offer.details(p)]
            if offer.link:
                out.append(f"   - {_link(offer.link)}")
    if not view.next_steps:
        out.append(md(w.learn_next_none))
    if view.own_words:
        out += ["", f"{md(p.wish)} {md(w.quote(view.own_words[0].text))}"]
    out += ["", "---", ""]
    if view.structure is not None:
        contact = view.structure
        phone = f" · {contact.phone}" if contact.phone else ""
        out.append(f"**{md(p.contact)} {md(contact.name + phone)}**")
        where = " · ".join(part for part in (contact.address, contact.hours) if part)
        if where:
            out += ["", md(where)]
    else:
        out.append(f"**{md(p.contact_none)}**")
    out += ["", md(p.keep)]
    if not view.generated_is_session_day:
        out += ["", md(w.printed_on.format(date=view.generated_on))]
    return "\n".join(out) + "\n"


def professional(view: ReportView) -> str:
    w = view.words
    colon = w.colon
    status = md(w.complete) if view.complete else f"**{md(w.unfinished)}**"
    out = [
        f"# {md(w.professional_title)}",
        "",
        f"**{md(view.title)}**",
        "",
        f"- **{md(w.person)}{colon}** {md(view.person)}",
        f"- **{md(w.started)}{colon}** {md(view.started)}",
        f"- **{md(w.completed)}{colon}** {md(view.completed or '—')}",
        f"- **{md(w.status)}{colon}** {status}",
        f"- **{md(w.generated)}{colon}** {md(view.generated_on)}",
        "",
    ]
    if not view.complete:
        detail = (
            w.unfinished_detail.format(count=view.unanswered)
            if view.unanswered
            else w.unfinished_open
        )
        out += [f"> **⚠ {md(w.unfinished)}** — {md(detail)}", ""]
    score = f"{view.score} {md(w.out_of_100)}" if view.score is not None else md(w.not_evaluated)
    out += [
        f"## {md(w.summary)}",
        "",
        f"**{md(w.overall)}{colon}** {score} — **{md(w.level)}{colon}** "
        f"{md(view.level or (w.not_evaluated if view.complete else w.no_level_unfinished))}",
        "",
    ]
    if view.held:
        out += [f"> **{md(view.held.headline)}**", ">"]
        for because, evidence in view.held.reasons:
            out.append(f"> - {md(because)}")
            out += [f">   - {md(item)}" for item in evidence]
        out.append("")
    if view.previous:
        p = view.previous
        line = w.previous_session.format(
            date=p.day,
            change=signed(p.change),
            score=p.score if p.score is not None else "—",
            level=p.level or w.not_evaluated,
        )
        out += [md(line), ""]
    out += [md(w.counts.format(dont_know=view.dont_know, declined=view.declined)), ""]

    out += [f"## {md(w.domains)}", ""]
    head = [w.domain, w.score, w.level, w.points] + ([w.change] if view.previous else [])
    out.append("| " + " | ".join(md(h) for h in head) + " |")
    out.append("|---|--:|---|--:|" + ("--:|" if view.previous else ""))
    for d in view.domains:
        cells = [
            md(d.title),
            str(d.score) if d.evaluated else "—",
            md(d.level) if d.level else f"*{md(w.not_evaluated)}*",
            f"{d.points} / {d.max_points}",
        ] + ([signed(d.change)] if view.previous else [])
        out.append("| " + " | ".join(cells) + " |")
    out.append("")

    out += [f"## {md(w.orientation)}", ""]
    out += [
        f"{i}. {_advice(a)}" + (f" *({md(w.for_person_too)})*" if a.audience == "both" else "")
        for i, a in enumerate(view.advice_professional, start=1)
    ] or [md(w.orientation_none)]
    person_only = [a for a in view.advice_person if a.audience == "person"]
    if person_only:
        out += ["", f"### {md(w.told_to_person)}", ""]
        out += [f"- {_advice(a)}" for a in person_only]
    out.append("")

    out += [f"## {md(w.declared)}", "", f"*{md(w.declared_note)}*", ""]
    groups = [*view.declared_by_domain]
    if view.context:
        groups.append((w.context, view.context))
    for title, rows in groups:
        out += [f"### {md(title)}", "", f"| {md(w.question)} | {md(w.answer)} | {md(w.points)} |"]
        out.append("|---|---|--:|")
        out += [f"| {md(a.prompt)} | {_answer(a, view)} | {_points(a)} |" for a in rows]
        out.append("")

    out += [f"## {md(w.observed)}", "", f"*{md(w.observed_note)}*", ""]
    if view.observed:
        out.append(f"| {md(w.question)} | {md(w.domain)} | {md(w.answer)} | {md(w.points)} |")
        out.append("|---|---|---|--:|")
        out += [
            f"| {md(a.prompt)} | {md(a.domain or '—')} | {_answer(a, view)} | {_points(a)} |"
            for a in view.observed
        ]
    else:
        out.append(md(w.no_observed))
    out.append("")

    out += [f"## {md(w.not_asked)}", ""]
    for n in view.not_asked:
        domain = f" ({md(n.domain)})" if n.domain else ""
        out.append(f"- **{md(n.prompt)}**{domain}  ")
        reasons = [n.reason] + [
            w.answer_given.format(question=d.question, answer=d.answer) for d in n.depends_on
        ]
        out.append("  " + "  \n  ".join(md(reason) for reason in reasons))
    if not view.not_asked:
        out.append(md(w.not_asked_none))
    out.append("")

    out += [
        f"## {md(w.traceability)}",
        "",
        f"- **{md(w.questionnaire)}{colon}** {md(view.questionnaire_id)}",
        f"- **{md(w.version)}{colon}** {md(view.questionnaire_version)}",
        f"- **{md(w.sha256)}{colon}** `{view.questionnaire_sha256}`",
    ]
    if view.current_sha256:
        out.append(f"- **{md(w.sha256_current)}{colon}** `{view.current_sha256}`")
    out.append(f"- **{md(w.generator)}{colon}** {md(view.generator)}")
    return "\n".join(out) + "\n"
