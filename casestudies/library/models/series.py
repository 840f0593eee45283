"""A measure's data over time: dated points, kept as rows so they can be read, checked and charted."""

from django.db import models

from casestudies.library.models.parts import OutcomeMeasure


class MeasurePointQuerySet(models.QuerySet["MeasurePoint"]):
    def in_order(self) -> "MeasurePointQuerySet":
        return self.order_by("measure_id", "on")


class MeasurePoint(models.Model):
    """One value of a measure on a date (a day, or the first day of its week or month), with an optional note."""

    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.CASCADE, related_name="points")
    on = models.DateField("date")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    note = models.CharField(max_length=200, blank=True, help_text="What happened then, e.g. new huddle started.")

    objects = MeasurePointQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "on"]
        constraints = [models.UniqueConstraint(fields=["measure", "on"], name="measurepoint_one_value_a_date")]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d}: {self.value.normalize()}"
