"""A small line chart of duties over time, drawn as SVG when the site is built (no script, no other host).

The chart is decoration for sighted readers; the same numbers are given in a table beside it (for screen
readers, and anyone who wants the figures) and as a CSV file.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from datetime import date

from policytrack.site.markup import text
from policytrack.status.history import COLUMNS, Series

WIDTH, HEIGHT = 480, 190
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 12, 52

LINES: tuple[tuple[str, str, str, str], ...] = (
    ("behind", "Behind", "#8b1a1a", ""),
    ("verified", "Done, verified", "#14532d", ""),
    ("claimed", "Done, not verified", "#5c4300", "5 4"),
)
"""Column, label, colour and dash of each line; its latest point and its legend have their own marker shape."""


def _x(day: date, first: date, last: date) -> float:
    span = max(1, (last - first).days)
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span


def _y(value: int, top: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / max(1, top))


def _marker(index: int, x: float, y: float, colour: str) -> str:
    if index == 0:  # square
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/>'
    if index == 1:  # circle
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.2" fill="{colour}"/>'
    return f'<path d="M{x:.1f} {y - 4:.1f}l4 7h-8z" fill="{colour}"/>'  # triangle


def svg(series: Series, title: str, chart_id: str) -> str:
    """The chart of ``series`` (``title`` is plain text, perhaps from a YAML file: it is escaped here)."""
    if not series.dates:
        return ""
    first, last = series.dates[0], series.dates[-1]
    top = max(1, *(counts["duties"] for counts in series.counts))
    out = [f'<svg class="pt-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{chart_id}-t '
           f'{chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{chart_id}-t">{text(title)}</title>',
           f'<desc id="{chart_id}-d">{text(describe(series))}</desc>']
    base = _y(0, top)
    out.append(f'<path class="pt-axis" d="M{LEFT} {TOP}V{base:.1f}H{WIDTH - RIGHT}"/>')
    for value in sorted({0, top // 2, top}):
        y = _y(value, top)
        out.append(f'<text x="{LEFT - 5}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    years = sorted({day.year for day in series.dates})
    shown = years if len(years) <= 8 else years[:: max(1, len(years) // 6)]
    placed = -100.0
    for year in shown:
        x = _x(max(first, date(year, 1, 1)), first, last)
        if x - placed < 40:  # too close to the label before (the first date is late in its year)
            continue
        placed = x
        out.append(f'<text x="{x:.1f}" y="{base + 16:.1f}" text-anchor="middle">{year}</text>')
    for index, (column, label, colour, dash) in enumerate(LINES):
        points = [(_x(day, first, last), _y(counts[column], top))
                  for day, counts in zip(series.dates, series.counts, strict=True)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        path = " ".join(f"{'M' if number == 0 else 'L'}{x:.1f} {y:.1f}" for number, (x, y) in enumerate(points))
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashed}/>')
        out.append(_marker(index, *points[-1], colour))  # the latest value, marked as in the legend
        legend_x = LEFT + index * 150
        out.append(_marker(index, legend_x, HEIGHT - 12, colour))
        out.append(f'<text x="{legend_x + 8}" y="{HEIGHT - 8}">{html.escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def describe(series: Series) -> str:
    """The chart in one sentence: duties behind and done on the first and the last date."""
    first, last = series.counts[0], series.counts[-1]
    return (f"On {series.dates[0].isoformat()}: {first['behind']} behind, {first['verified']} done and verified, "
            f"{first['claimed']} done but not verified, of {first['duties']}. On {series.dates[-1].isoformat()}: "
            f"{last['behind']} behind, {last['verified']} done and verified, {last['claimed']} done but not "
            f"verified, of {last['duties']}.")


def to_csv(series: Series) -> str:
    """The series as CSV: a date column, then one column per count."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["date", *COLUMNS])
    for day, counts in zip(series.dates, series.counts, strict=True):
        writer.writerow([day.isoformat(), *(counts[column] for column in COLUMNS)])
    return out.getvalue()


def rows(series: Series) -> Sequence[list[str]]:
    """The table beside the chart: date, duties, behind, done verified, done not verified."""
    return [[day.isoformat(), str(counts["duties"]),
             str(counts["behind"]), str(counts["verified"]), str(counts["claimed"])]
            for day, counts in zip(series.dates, series.counts, strict=True)]
