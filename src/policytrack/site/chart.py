"""A small step chart of duties over time, drawn as SVG when the site is built (no script, no other host).

Honest by construction: the series are sampled on every date a count can change
(:func:`policytrack.status.history.change_dates`) and drawn as steps (a count holds until the next
change); each year is marked where it starts; the vertical axis is fitted to the values drawn, not to the
number of duties; breaches and duties with no deadline are drawn beside those behind and done. The chart
is decoration for sighted readers: the same numbers, every series, are in the table beside it (for screen
readers, and anyone who wants the figures) and in a CSV file. The drawing is 400 units wide with 14-unit
text, so that on a 390-pixel phone its words are still at least 12 pixels high.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from datetime import date

from policytrack.model.fields import long_date
from policytrack.site.markup import text
from policytrack.status.history import COLUMNS, Series
from policytrack.status.readings import GROUP_ORDER

WIDTH, HEIGHT = 400, 250
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 12, 96
FONT = 14

LINES: tuple[tuple[str, str, str, str], ...] = (
    ("breached", "Breached", "#8b1a1a", "2 3"),
    ("behind", "Behind", "#b3261e", ""),
    ("no-deadline", "No deadline", "#455a64", "6 3"),
    ("remedy-claimed", "Remedy claimed", "#6a1b9a", "1 3"),
    ("in-progress", "In progress", "#0d3f8f", "3 2"),
    ("claimed", "Done, not verified", "#7a5a00", "5 4"),
    ("verified", "Done, verified", "#14532d", ""),
)
"""Column, label, colour and dash of each line; its latest point and its legend have their own marker shape.
A series that is zero on every date is left out of the drawing (the table still lists it)."""


def _x(day: date, first: date, last: date) -> float:
    span = max(1, (last - first).days)
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span


def _y(value: int, top: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / max(1, top))


def _marker(index: int, x: float, y: float, colour: str, column: str) -> str:
    shape = index % 3
    css = f'class="pt-mark pt-s-{column}" fill="{colour}"'  # the stylesheet recolours it in dark mode
    if shape == 0:  # square
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" {css}/>'
    if shape == 1:  # circle
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.8" {css}/>'
    return f'<path d="M{x:.1f} {y - 4.5:.1f}l4.5 8h-9z" {css}/>'  # triangle


def changes(series: Series) -> Series:
    """The series on the dates its counts changed: the first date, each date whose counts differ from the
    date before, and the last date (a step chart needs no more)."""
    kept = [index for index, counts in enumerate(series.counts)
            if index in (0, len(series.counts) - 1) or counts != series.counts[index - 1]]
    return Series([series.dates[index] for index in kept], [series.counts[index] for index in kept])


def top_of(series: Series) -> int:
    """The vertical axis's top: the largest value drawn, rounded up to an even number (at least 2)."""
    highest = max((counts[column] for counts in series.counts for column, *_ in LINES), default=0)
    return max(2, highest + highest % 2)


def year_ticks(first: date, last: date) -> list[tuple[date, str]]:
    """Where each year starts within the chart, labelled with that year (every 2nd, 5th, 10th... year over
    long spans, at most about ten); the first date is labelled with its own year when the next label leaves
    room for it (a tenth of the chart)."""
    span = last.year - first.year
    step = next(size for size in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000) if span / size <= 10)
    ticks = [(date(year, 1, 1), str(year)) for year in range(first.year + 1, last.year + 1) if year % step == 0]
    if not ticks or (ticks[0][0] - first).days > (last - first).days / 10:
        ticks.insert(0, (first, str(first.year)))
    return ticks


def svg(series: Series, title: str, chart_id: str) -> str:
    """The chart of ``series`` (``title`` is plain text, perhaps from a YAML file: it is escaped here)."""
    if not series.dates:
        return ""
    first, last = series.dates[0], series.dates[-1]
    top = top_of(series)
    out = [f'<svg class="pt-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{chart_id}-t '
           f'{chart_id}-d" xmlns="http://www.w3.org/2000/svg" font-size="{FONT}">',
           f'<title id="{chart_id}-t">{text(title)}</title>',
           f'<desc id="{chart_id}-d">{text(describe(series))}</desc>']
    base = _y(0, top)
    out.append(f'<path class="pt-axis" d="M{LEFT} {TOP}V{base:.1f}H{WIDTH - RIGHT}"/>')
    for value in sorted({0, top // 2, top}):
        y = _y(value, top)
        out.append(f'<text class="pt-y" x="{LEFT - 6}" y="{y + 5:.1f}" text-anchor="end">{value}</text>')
    placed = -100.0
    for day, label in year_ticks(first, last):
        x = _x(day, first, last)
        out.append(f'<path class="pt-axis" d="M{x:.1f} {base:.1f}v5"/>')
        if x - placed >= 38:  # room for the label
            placed = x
            anchor = "start" if x + 34 <= WIDTH else "end"  # the last year's label stays inside the drawing
            out.append(f'<text x="{x:.1f}" y="{base + 20:.1f}" text-anchor="{anchor}">{label}</text>')
    drawn = [(column, label, colour, dash) for column, label, colour, dash in LINES
             if any(counts[column] for counts in series.counts)]
    for index, (column, label, colour, dash) in enumerate(drawn):
        values = [counts[column] for counts in series.counts]
        path = f"M{_x(first, first, last):.1f} {_y(values[0], top):.1f}"
        for day, value in zip(series.dates[1:], values[1:], strict=True):  # steps: a count holds until it changes
            path += f"H{_x(day, first, last):.1f}V{_y(value, top):.1f}"
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<path class="pt-line pt-s-{column}" d="{path}" fill="none" stroke="{colour}" '
                   f'stroke-width="2.2"{dashed}/>')
        out.append(_marker(index, _x(last, first, last), _y(values[-1], top), colour, column))
        row, place = divmod(index, 2)
        legend_x, legend_y = LEFT + place * 190, base + 44 + row * 20
        out.append(_marker(index, legend_x, legend_y - 5, colour, column))
        out.append(f'<text x="{legend_x + 9}" y="{legend_y}">{html.escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def describe(series: Series) -> str:
    """The chart in one sentence: duties behind and done on the first and the last date."""
    first, last = series.counts[0], series.counts[-1]
    return (f"On {long_date(series.dates[0])}: {first['behind']} behind, {first['verified']} done and verified, "
            f"{first['claimed']} done but not verified, of {first['duties']}. On {long_date(series.dates[-1])}: "
            f"{last['behind']} behind, {last['verified']} done and verified, {last['claimed']} done but not "
            f"verified, {last['breached']} breached, {last['no-deadline']} with no deadline, of {last['duties']}.")


def to_csv(series: Series) -> str:
    """The series as CSV: a date column, then one column per count."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["date", *COLUMNS])
    for day, counts in zip(series.dates, series.counts, strict=True):
        writer.writerow([day.isoformat(), *(counts[column] for column in COLUMNS)])
    return out.getvalue()


NAMES = {"breached": "Breached", "remedy-claimed": "Remedy claimed", "behind": "Behind", "no-deadline": "No deadline",
         "open": "Not yet due", "in-progress": "In progress", "claimed": "Not verified", "verified": "Verified",
         "waived": "Waived"}
"""Each series' column in the table beside the chart (the scorecard's columns, in its order)."""


def columns(series: Series) -> list[str]:
    """The series the table beside the chart lists: every one that is not zero on every date (the CSV file
    has them all)."""
    return [group for group in GROUP_ORDER if any(counts[group] for counts in series.counts)]


def header(series: Series) -> list[str]:
    """The table's header: the date, the duties, then each series of :func:`columns`."""
    return ["Date", "Duties", *(NAMES[group] for group in columns(series))]


def rows(series: Series) -> Sequence[list[str]]:
    """The table beside the chart: the date, the duties, then each series of :func:`columns`, one row per date."""
    shown = columns(series)
    return [[f'<time datetime="{day.isoformat()}">{long_date(day)}</time>', str(counts["duties"]),
             *(str(counts[group]) for group in shown)]
            for day, counts in zip(series.dates, series.counts, strict=True)]
