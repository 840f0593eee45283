# ruff: noqa: S608 (the SQL is made of fixed table and column names only)
"""The ledger of the published library's counts (models/ledger.py): its table, the triggers that
write it as the library changes, and its first lines, counted from the library as it stands."""

from django.db import migrations, models

# (facet, link table, its case study column, its term column) of the many-to-many facets.
LINKS = [
    ("topic", "casestudies_casestudy_topics", "casestudy_id", "topic_id"),
    ("setting", "casestudies_casestudy_care_settings", "casestudy_id", "caresetting_id"),
    ("approach", "casestudies_casestudy_approaches", "casestudy_id", "improvementapproach_id"),
]

# The terms and benefits (once each, however many of its measures share one) of the case study `cs`.
_TERMS = (
    " UNION ALL ".join(
        f"SELECT '{facet}', {term}::text FROM {table} WHERE {case_study} = cs"
        for facet, table, case_study, term in LINKS
    )
    + " UNION ALL SELECT DISTINCT 'benefit', benefit FROM casestudies_outcomemeasure WHERE case_study_id = cs"
)

FORWARD = (
    f"""
CREATE FUNCTION casestudies_ledger_own(sign integer, region bigint, evidence text) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO casestudies_librarycount (facet, term, n)
    SELECT facet, term, sign FROM (VALUES ('total', ''), ('region', region::text), ('evidence', NULLIF(evidence, '')))
        AS own(facet, term)
    WHERE term IS NOT NULL
$$;

CREATE FUNCTION casestudies_ledger_terms(cs bigint, sign integer) RETURNS void LANGUAGE sql AS $$
    INSERT INTO casestudies_librarycount (facet, term, n) SELECT facet, term, sign FROM ({_TERMS}) AS terms(facet, term)
$$;

-- A case study inserted, deleted, published, retracted, or moved to another region or evidence.
-- Its terms and benefits move with it only when it enters or leaves the published library.
CREATE FUNCTION casestudies_ledger_case_study() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was boolean := TG_OP <> 'INSERT' AND OLD.status = 'published';
    is_now boolean := TG_OP <> 'DELETE' AND NEW.status = 'published';
BEGIN
    IF was THEN
        PERFORM casestudies_ledger_own(-1, OLD.region_id, OLD.evidence);
        IF NOT is_now THEN
            PERFORM casestudies_ledger_terms(OLD.id, -1);
        END IF;
    END IF;
    IF is_now THEN
        PERFORM casestudies_ledger_own(1, NEW.region_id, NEW.evidence);
        IF NOT was THEN
            PERFORM casestudies_ledger_terms(NEW.id, 1);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

-- A term linked to or taken from a case study; counted when the case study is published. The
-- share lock waits for a publish or retraction in flight, and reads the status it left.
CREATE FUNCTION casestudies_ledger_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    link jsonb;
BEGIN
    FOREACH link IN ARRAY CASE TG_OP
        WHEN 'INSERT' THEN ARRAY[to_jsonb(NEW) || '{{"sign": 1}}'::jsonb]
        WHEN 'DELETE' THEN ARRAY[to_jsonb(OLD) || '{{"sign": -1}}'::jsonb]
        ELSE ARRAY[to_jsonb(OLD) || '{{"sign": -1}}'::jsonb, to_jsonb(NEW) || '{{"sign": 1}}'::jsonb]
    END LOOP
        PERFORM 1 FROM casestudies_casestudy
        WHERE id = (link ->> TG_ARGV[1])::bigint AND status = 'published' FOR SHARE;
        IF FOUND THEN
            INSERT INTO casestudies_librarycount (facet, term, n)
            VALUES (TG_ARGV[0], link ->> TG_ARGV[2], (link ->> 'sign')::integer);
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;

-- A measure added, removed or given another benefit. A published case study counts once under a
-- benefit however many of its measures share it, so only its first measure with the benefit adds
-- and its last takes away; the case study's row lock makes two such changes at once take turns.
CREATE FUNCTION casestudies_ledger_measure() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    measure jsonb;
BEGIN
    FOREACH measure IN ARRAY CASE TG_OP
        WHEN 'INSERT' THEN ARRAY[to_jsonb(NEW) || '{{"sign": 1}}'::jsonb]
        WHEN 'DELETE' THEN ARRAY[to_jsonb(OLD) || '{{"sign": -1}}'::jsonb]
        ELSE ARRAY[to_jsonb(OLD) || '{{"sign": -1}}'::jsonb, to_jsonb(NEW) || '{{"sign": 1}}'::jsonb]
    END LOOP
        PERFORM 1 FROM casestudies_casestudy
        WHERE id = (measure ->> 'case_study_id')::bigint AND status = 'published' FOR NO KEY UPDATE;
        IF FOUND AND NOT EXISTS (
            SELECT 1 FROM casestudies_outcomemeasure
            WHERE case_study_id = (measure ->> 'case_study_id')::bigint AND benefit = measure ->> 'benefit'
              AND id <> (measure ->> 'id')::bigint
        ) THEN
            INSERT INTO casestudies_librarycount (facet, term, n)
            VALUES ('benefit', measure ->> 'benefit', (measure ->> 'sign')::integer);
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER casestudies_ledger_inserted AFTER INSERT ON casestudies_casestudy
    FOR EACH ROW WHEN (NEW.status = 'published') EXECUTE FUNCTION casestudies_ledger_case_study();
CREATE TRIGGER casestudies_ledger_deleted AFTER DELETE ON casestudies_casestudy
    FOR EACH ROW WHEN (OLD.status = 'published') EXECUTE FUNCTION casestudies_ledger_case_study();
CREATE TRIGGER casestudies_ledger_updated AFTER UPDATE OF status, region_id, evidence ON casestudies_casestudy
    FOR EACH ROW WHEN (
        (OLD.status = 'published' OR NEW.status = 'published') AND (
            OLD.status IS DISTINCT FROM NEW.status OR OLD.region_id IS DISTINCT FROM NEW.region_id
            OR OLD.evidence IS DISTINCT FROM NEW.evidence
        )
    ) EXECUTE FUNCTION casestudies_ledger_case_study();
CREATE TRIGGER casestudies_ledger_measure AFTER INSERT OR DELETE OR UPDATE OF case_study_id, benefit
    ON casestudies_outcomemeasure FOR EACH ROW EXECUTE FUNCTION casestudies_ledger_measure();
"""
    + "".join(
        f"CREATE TRIGGER casestudies_ledger_link AFTER INSERT OR DELETE OR UPDATE ON {table} FOR EACH ROW "
        f"EXECUTE FUNCTION casestudies_ledger_link('{facet}', '{case_study}', '{term}');\n"
        for facet, table, case_study, term in LINKS
    )
    + f"""
INSERT INTO casestudies_librarycount (facet, term, n)
SELECT facet, term, count(*) FROM casestudies_casestudy c
CROSS JOIN LATERAL (
    SELECT 'total', '' UNION ALL
    SELECT 'region', c.region_id::text WHERE c.region_id IS NOT NULL UNION ALL
    SELECT 'evidence', c.evidence WHERE c.evidence <> '' UNION ALL
    {_TERMS.replace("= cs", "= c.id")}
) AS counted(facet, term)
WHERE c.status = 'published'
GROUP BY facet, term;
"""
)

BACKWARD = (
    "".join(f"DROP TRIGGER casestudies_ledger_link ON {table};\n" for _facet, table, _cs, _term in LINKS)
    + """
DROP TRIGGER casestudies_ledger_measure ON casestudies_outcomemeasure;
DROP TRIGGER casestudies_ledger_updated ON casestudies_casestudy;
DROP TRIGGER casestudies_ledger_deleted ON casestudies_casestudy;
DROP TRIGGER casestudies_ledger_inserted ON casestudies_casestudy;
DROP FUNCTION casestudies_ledger_measure();
DROP FUNCTION casestudies_ledger_link();
DROP FUNCTION casestudies_ledger_case_study();
DROP FUNCTION casestudies_ledger_terms(bigint, integer);
DROP FUNCTION casestudies_ledger_own(integer, bigint, text);
"""
)


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0019_case_study_published_facets_index")]

    operations = [
        migrations.CreateModel(
            name="LibraryCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("facet", models.CharField(max_length=20)),
                ("term", models.CharField(blank=True, max_length=40)),
                ("n", models.IntegerField()),
            ],
            options={"verbose_name": "library count"},
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
