import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def count_adaptations(apps, schema_editor):
    """Counts the adaptations already recorded (those no curator has hidden), in one statement."""
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Adaptation = apps.get_model("casestudies", "Adaptation")
    shown = Adaptation.objects.filter(case_study=models.OuterRef("pk"), hidden=False)
    CaseStudy.objects.filter(models.Exists(shown)).update(
        adaptation_count=models.Subquery(
            shown.order_by().values("case_study").annotate(n=models.Count("pk")).values("n")
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0007_case_study_licence"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="casestudy",
            name="adaptation_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_adaptations, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="adaptation",
            name="member",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="adaptations",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="casestudy",
            index=models.Index(
                models.OrderBy(models.F("adaptation_count"), descending=True),
                models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                name="casestudy_published_adapted",
            ),
        ),
    ]
