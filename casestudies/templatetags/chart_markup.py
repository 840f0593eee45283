"""The hundreds of repeated elements of a chart (casestudies.library.charts): each drawing's point
markers and the data table's rows, written here rather than by a template loop.

A page made afresh with three 100-point charts spent about a quarter of its time in the template
engine's loops over these (six hundred markers, three hundred rows, each a dozen nodes); the same
markup written here takes a tenth of that. The rest of a chart stays in its templates
(templates/casestudies/includes/chart*.html), which say what each element is for.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from casestudies.library import spc
from casestudies.library.charts import Chart, Drawing, Row

register = template.Library()

# Each point's marker by what it means: signals differ by shape as well as colour (an improvement a
# diamond, a concern a square, a signal with no better direction a triangle), common cause a dot.
# Styled by their group (static/scss/_charts.scss); the numbers are charts.svg_number's.
MARKERS = {
    spc.IMPROVEMENT: '<path class="portal-chart__point--improvement" d="M{x} {top}l7 7-7 7-7-7z"/>',
    spc.CONCERN: '<rect class="portal-chart__point--concern" x="{left}" y="{square_y}" width="12" height="12"/>',
    spc.NEUTRAL: '<polygon class="portal-chart__point--neutral" points="{x},{top} {right},{bottom} {left},{bottom}"/>',
}
COMMON_CAUSE = '<circle cx="{x}" cy="{y}" r="{r}"/>'


@register.simple_tag
def chart_points(drawing: Drawing) -> SafeString:
    """The drawing's point markers, one after another: numbers only, nothing to escape."""
    markers = "".join(MARKERS.get(point["meaning"], COMMON_CAUSE).format_map(point) for point in drawing.points)
    return mark_safe(markers)  # noqa: S308 (numbers and fixed markup only)


@register.simple_tag
def chart_rows(chart: Chart) -> SafeString:
    """The data table's body rows, a row a line: every text escaped, cells styled by column."""
    xmr = chart.kind == "xmr"
    return mark_safe("\n".join(_row(row, xmr) for row in chart.rows))  # noqa: S308 (each text escaped)


def _row(row: Row, xmr: bool) -> str:
    texts = [row.value_text, row.centre_text, *([row.limits_text] if xmr else []), row.signals_text, row.note]
    cells = "".join(f"<td>{escape(text)}</td>" for text in texts)
    return f'<tr><td><time datetime="{row.on_iso}">{escape(row.on_text)}</time></td>{cells}</tr>'
