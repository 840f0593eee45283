"""A measure's data over time, on a page of its own for each measure, for the case study's authors."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from casestudies.editorial.forms.measures import BLANK_ROWS, MORE_ROWS, PointRowFormSet, SeriesForm
from casestudies.editorial.views.authoring import AuthorRequiredMixin, own_case_study
from casestudies.library import charts, series, spc
from casestudies.library.models import CaseStudy, MeasurePoint, OutcomeMeasure

TEMPLATE = "casestudies/authoring/measure_data.html"


def _row_initial(points: list[MeasurePoint]) -> list[dict[str, str]]:
    return [{"on": f"{p.on:%Y-%m-%d}", "value": f"{p.value.normalize():f}", "note": p.note} for p in points]


class MeasureDataView(AuthorRequiredMixin, View):
    """GET shows the series as rows (and its chart); POST replaces it from the rows, a paste or a CSV file."""

    def find(self, request: HttpRequest, slug: str, pk: int) -> tuple[CaseStudy, OutcomeMeasure]:
        case_study = own_case_study(request, slug)
        measure = get_object_or_404(OutcomeMeasure.objects.prefetch_related("points"), case_study=case_study, pk=pk)
        return case_study, measure

    def page(self, case_study, measure, form, rows, *, errors=(), status=200) -> HttpResponse:
        context = {
            "case_study": case_study,
            "measure": measure,
            "form": form,
            "rows": rows,
            "errors": [(message, "") for message in errors],
            "chart": charts.chart_for(measure),
            "min_points": spc.MIN_POINTS,
            "min_xmr_points": spc.MIN_XMR_POINTS,
            "may_edit": case_study.is_editable,
        }
        return render(self.request, TEMPLATE, context, status=status)

    def get(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        case_study, measure = self.find(request, slug, pk)
        points = list(measure.points.all())
        form = SeriesForm(
            initial={
                "better": measure.better,
                "change_from": f"{measure.change_from:%Y-%m-%d}" if measure.change_from else "",
            }
        )
        rows = PointRowFormSet(prefix="points", initial=_row_initial(points) + [{}] * BLANK_ROWS)
        return self.page(case_study, measure, form, rows)

    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        case_study, measure = self.find(request, slug, pk)
        if not case_study.is_editable:
            messages.error(request, "This case study is not a draft, so its data cannot change here.")
            return redirect("casestudies:measure_data", slug=slug, pk=pk)
        form = SeriesForm(request.POST, request.FILES)
        rows = PointRowFormSet(request.POST, prefix="points")
        if not form.is_valid() or not rows.is_valid():
            messages_ = [f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()]
            return self.page(
                case_study, measure, form, rows, errors=messages_ or ["The rows could not be read."], status=400
            )
        if request.POST.get("action") == "more":
            typed = [row.cleaned_data for row in rows]
            more = PointRowFormSet(prefix="points", initial=typed + [{}] * MORE_ROWS)
            return self.page(case_study, measure, form, more)
        points, errors = self.read(form, rows)
        change_from = None
        if text := form.cleaned_data["change_from"].strip():
            change_from = series.read_date(text)
            if change_from is None:
                errors.append(f"When the change began: “{text}” is not a date we can read. {series.DATE_HINT}")
        if not errors and (problem := series.change_error(points, change_from)):
            errors.append(problem)
        if errors:
            return self.page(case_study, measure, form, rows, errors=errors, status=400)
        series.series_replace(
            measure=measure, points=points, change_from=change_from, better=form.cleaned_data["better"]
        )
        messages.success(
            request,
            f"The data for “{measure.label}” is saved: {len(points)} points."
            if points
            else f"“{measure.label}” has no data over time now.",
        )
        return redirect("casestudies:measure_data", slug=slug, pk=pk)

    @staticmethod
    def read(form: SeriesForm, rows) -> tuple[list[series.Point], list[str]]:
        """The upload if there is one, else the pasted text, else the rows."""
        if upload := form.cleaned_data.get("upload"):
            text, errors = series.read_upload(upload)
            if errors:
                return [], errors
            return series.read_csv(text)
        if form.cleaned_data["pasted"].strip():
            return series.read_csv(form.cleaned_data["pasted"])
        typed = [
            (
                number,
                row.cleaned_data.get("on", ""),
                row.cleaned_data.get("value", ""),
                row.cleaned_data.get("note", ""),
            )
            for number, row in enumerate(rows, start=1)
        ]
        return series.read_rows(typed)
