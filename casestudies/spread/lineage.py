"""The lineage of an idea: the chain of published case studies adapted one from another, read as a tree.

A case study's parent is the one it was adapted from (an adaptation whose `adapted_as` it is); its
children are the adapters' own case studies. Only visible adaptations (Adaptation.objects.visible())
between published case studies make the tree, so drafts and hidden adaptations never appear in it
or in its counts. Organisations adapting a case study without a published one of their own hang
under its node by name and status only.

Reading it takes a fixed number of queries however deep or wide the tree is: one recursive query
for the ids (up to the top, then down), one for the case studies, one each for their outcomes and
organisations, and one for the adaptations between them. Both walks carry the path they have taken,
so a loop forced into the database (adaptation_record refuses one) ends the walk instead of looping.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import BooleanField, ExpressionWrapper, Q

from casestudies.library.models import CaseStudy, Status
from casestudies.spread.models import Adaptation

# Levels shown above and below the case study being read. Deeper chains are cut, with a note
# linking to the page of the case study where they were cut, which shows the next levels.
LINEAGE_DEPTH = 10


@dataclass
class LineageNode:
    case_study: CaseStudy
    # How this case study came from its parent; None at the top of the tree shown.
    adaptation: Adaptation | None
    depth: int
    is_current: bool = False
    children: list["LineageNode"] = field(default_factory=list)
    # Organisations adapting this one with no published case study of their own.
    organisations_only: list[Adaptation] = field(default_factory=list)
    # Adapted further than the levels shown.
    more_below: bool = False


@dataclass
class Lineage:
    root: LineageNode
    current: LineageNode
    # The top shown was itself adapted from another, beyond the levels shown.
    more_above: bool

    def nodes(self) -> Iterator[LineageNode]:
        """Every node, in reading order (each one before what was adapted from it)."""
        stack = [self.root]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    @property
    def case_study_count(self) -> int:
        return sum(1 for _ in self.nodes())

    @property
    def organisations_only_count(self) -> int:
        return sum(len(node.organisations_only) for node in self.nodes())

    @property
    def has_spread(self) -> bool:
        """Whether anything links to anything: a case study alone has no lineage to show."""
        root = self.root
        return self.more_above or root.more_below or bool(root.children) or bool(root.organisations_only)

    @property
    def has_outcomes(self) -> bool:
        return any(node.case_study.outcomes.all() for node in self.nodes())


def _edges() -> tuple[str, tuple]:
    """SQL for the links of the tree: visible adaptations whose own case study is published.

    Taken from the ORM, so the one visibility rule of adaptations also decides the tree.
    """
    edges = (
        Adaptation.objects.visible()
        .filter(adapted_as__status=Status.PUBLISHED)
        .order_by()
        .values("case_study_id", "adapted_as_id")
    )
    sql, params = edges.query.sql_with_params()
    return sql, tuple(params)


# Each walk stops at a case study already on its path (a loop) and one level past its bound, so
# that the extra level tells whether the chain was cut. The edges are inlined (NOT MATERIALIZED)
# so every step is an index lookup rather than a scan of every adaptation.
_LINEAGE_SQL = """
WITH RECURSIVE
edges (parent_id, child_id) AS NOT MATERIALIZED ({edges}),
up (id, steps, path) AS (
    SELECT %s::bigint, 0, ARRAY[%s::bigint]
  UNION ALL
    SELECT e.parent_id, up.steps + 1, up.path || e.parent_id
    FROM up JOIN edges e ON e.child_id = up.id
    WHERE up.steps <= %s AND NOT e.parent_id = ANY(up.path)
),
top (id, steps) AS (
    SELECT id, steps FROM up WHERE steps <= %s ORDER BY steps DESC LIMIT 1
),
down (id, parent_id, depth, path, bound) AS (
    SELECT id, NULL::bigint, 0, ARRAY[id], steps + %s FROM top
  UNION ALL
    SELECT e.child_id, down.id, down.depth + 1, down.path || e.child_id, down.bound
    FROM down JOIN edges e ON e.parent_id = down.id
    WHERE down.depth <= down.bound AND NOT e.child_id = ANY(down.path)
)
SELECT id, parent_id, depth, depth > bound AS beyond, (SELECT max(steps) FROM up) > %s AS more_above
FROM down
"""


def _walk(case_study_id: int, depth: int) -> tuple[list[tuple[int, int | None, int, bool]], bool]:
    edges_sql, edges_params = _edges()
    sql = _LINEAGE_SQL.format(edges=edges_sql)
    params = (*edges_params, case_study_id, case_study_id, depth, depth, depth, depth)
    # Through the router, so that a read replica takes this read too when one is configured.
    with connections[router.db_for_read(Adaptation)].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    more_above = bool(rows and rows[0][4])
    return [(pk, parent_id, level, beyond) for pk, parent_id, level, beyond, _more_above in rows], more_above


def lineage_of(case_study: CaseStudy, *, depth: int = LINEAGE_DEPTH) -> Lineage:
    """The tree of the published `case_study`'s chain: from the top, at most `depth` levels above it, down to
    at most `depth` levels below it."""
    rows, more_above = _walk(case_study.pk, depth)
    shown = {pk: (parent_id, level) for pk, parent_id, level, beyond in rows if not beyond}
    cut_below = {parent_id for _pk, parent_id, _level, beyond in rows if beyond}
    # Only what a node shows: the long text and the search vector of a wide tree add up.
    case_studies = (
        CaseStudy.objects.published()
        .filter(pk__in=shown)
        .only("title", "slug", "status")
        .prefetch_related("outcomes__points", "organisations")
        .in_bulk()
    )
    root_pk = next((pk for pk, (parent_id, _level) in shown.items() if parent_id is None), None)
    if root_pk not in case_studies or case_study.pk not in case_studies:
        # Unpublished since the page looked it up: show it alone rather than a broken tree.
        alone = LineageNode(case_study=case_study, adaptation=None, depth=0, is_current=True)
        return Lineage(root=alone, current=alone, more_above=False)

    adaptations = (
        Adaptation.objects.visible()
        .filter(case_study_id__in=case_studies)
        .annotate(
            links_published=ExpressionWrapper(Q(adapted_as__status=Status.PUBLISHED), output_field=BooleanField())
        )
        .order_by("created_at", "id")
    )
    nodes = {
        pk: LineageNode(case_study=found, adaptation=None, depth=shown[pk][1], is_current=pk == case_study.pk)
        for pk, found in case_studies.items()
    }
    for adaptation in adaptations:
        node = nodes[adaptation.case_study_id]
        child = nodes.get(adaptation.adapted_as_id)
        if child is not None and shown[child.case_study.pk][0] == node.case_study.pk:
            child.adaptation = adaptation
            node.children.append(child)
        elif not adaptation.links_published:
            # Its linked case study, if any, is not published: only the organisation shows.
            node.organisations_only.append(adaptation)
        # Otherwise it links a published case study cut off below (more_below says so) or, in a
        # loop forced into the database, the top of the tree again: neither is repeated here.
    for pk in cut_below & nodes.keys():
        nodes[pk].more_below = True
    return Lineage(root=nodes[root_pk], current=nodes[case_study.pk], more_above=more_above)
