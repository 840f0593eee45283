"""The search vocabulary's first groups: the list that lived in casestudies/search.py, and the
names of health and care that members use for the same things. Curators extend it in the admin."""

from django.db import migrations

GROUPS = [
    ("PDSA", "plan-do-study-act", "plan do study act"),
    ("QI", "quality improvement"),
    ("A&E", "ED", "emergency department", "accident and emergency"),
    ("SPC", "statistical process control"),
    ("VMPS", "Virginia Mason", "Virginia Mason Production System"),
    ("EBCD", "experience-based co-design", "experience based co-design", "co-design", "codesign"),
    ("GP", "general practice", "general practitioner"),
    ("LoS", "length of stay"),
    ("DTOC", "delayed transfers of care", "delayed transfer of care", "delayed discharge"),
    (
        "DNA",
        "did not attend",
        "did-not-attend",
        "missed appointments",
        "missing appointments",
        "no-shows",
        "non-attendance",
    ),
    ("COPD", "chronic obstructive pulmonary disease"),
    ("SDEC", "same day emergency care", "same-day emergency care", "ambulatory emergency care"),
    ("UEC", "urgent and emergency care", "urgent care", "emergency care"),
    ("HCA", "healthcare assistant", "health care assistant", "care assistant", "support worker"),
    ("pressure ulcers", "pressure sores", "bed sores", "pressure injuries", "decubitus ulcers"),
    ("managers", "leaders"),
    ("therapy", "talking therapies", "psychological therapies", "IAPT"),
    ("spend", "cost", "spending", "expenditure"),
    ("delays", "waits", "waiting", "waiting times"),
    ("hand hygiene", "hand washing", "handwashing", "hand-washing"),
    ("UTI", "urinary tract infection", "urinary infection", "CAUTI", "catheter-associated urinary infection"),
    (
        "CAMHS",
        "CYPMHS",
        "children's mental health",
        "child and adolescent mental health",
        "children and young people's mental health",
    ),
    ("virtual ward", "hospital at home", "remote monitoring"),
    ("retention", "turnover", "staff leaving"),
    ("end of life care", "palliative care", "end-of-life care"),
    ("older people", "elderly", "frail"),
    ("readmissions", "re-admissions", "readmitted"),
    ("learning disabilities", "learning disability", "LD"),
    ("NEWS2", "early warning score", "early warning scores"),
    ("sickness absence", "staff sickness"),
    ("ICS", "integrated care system"),
    ("ICB", "integrated care board"),
    ("PCN", "primary care network"),
    ("MDT", "multidisciplinary team", "multi-disciplinary team"),
    ("theatre", "operating theatre", "theater"),
    ("enquiry", "inquiry"),
    ("feedback", "comments", "complaints"),
]


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("casestudies", "SynonymGroup")
    SynonymGroup.objects.bulk_create(SynonymGroup(forms="\n".join(group)) for group in GROUPS)


def unseed(apps, schema_editor):
    SynonymGroup = apps.get_model("casestudies", "SynonymGroup")
    SynonymGroup.objects.filter(forms__in=["\n".join(group) for group in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0013_search_synonym_groups")]

    operations = [migrations.RunPython(seed, unseed)]
