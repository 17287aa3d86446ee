"""Creating thousands of live pages quickly, for benchmark volumes of demo content.

``parent.add_child()`` takes a row lock, re-reads the parent and saves one page at a time, and each
publish adds a revision and a search-index update: fine for sixty pages, minutes for thousands.
Here the tree paths are computed up front (treebeard's materialised path: parent path + one
4-character step per child), the base ``Page`` rows go in with ``bulk_create``, the specific rows
with one INSERT per batch, then the parent's ``numchild`` is fixed once and the search index is
filled in bulk. The pages are live without a revision, as if imported; the first edit in the admin
creates one.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backends


def bulk_add_live_children(parent, instances):
    """Insert ``instances`` (unsaved pages of one specific model, title and slug set) as live
    children of ``parent``. Returns the saved instances."""
    if not instances:
        return []
    model = type(instances[0])
    content_type = ContentType.objects.get_for_model(model)
    last_child = parent.get_last_child()
    first_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
    depth = parent.depth + 1
    now = timezone.now()

    base_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    bases = []
    for offset, page in enumerate(instances):
        page.path = Page._get_path(parent.path, depth, first_step + offset)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.title
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or page.first_published_at
        bases.append(Page(**{f.attname: getattr(page, f.attname) for f in base_fields}))

    Page.objects.bulk_create(bases)
    for page, base in zip(instances, bases, strict=True):
        page.pk = page.page_ptr_id = base.pk

    # Django refuses bulk_create() for multi-table inheritance; the child table is one INSERT per
    # batch through the same internal call bulk_create() makes for each table.
    own_fields = list(model._meta.local_concrete_fields)
    batch = max(1, connection.ops.bulk_batch_size(own_fields, instances))
    for start in range(0, len(instances), batch):
        model._base_manager._insert(instances[start : start + batch], fields=own_fields, using=connection.alias)

    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(instances))
    parent.numchild += len(instances)
    return instances


def index_in_bulk(model, pks, *, chunk=500):
    """Add pages to every search backend in chunks, with their related fields prefetched."""
    pks = list(pks)
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(pks), chunk):
            objects = list(model.get_indexed_objects().filter(pk__in=pks[start : start + chunk]))
            backend.add_bulk(model, objects)


def record_initial_revisions(model, pks):
    """Give bulk-inserted pages the history a normal publish leaves: one revision, marked as both
    the latest and the live one, and their entries in Wagtail's reference index (image usage)."""
    from wagtail.models import ReferenceIndex, Revision

    pages = list(model.objects.filter(pk__in=pks).order_by("pk"))
    content_type = ContentType.objects.get_for_model(model)
    base_type = ContentType.objects.get_for_model(Page)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=base_type,
                object_id=str(page.pk),
                created_at=page.last_published_at,
                object_str=str(page),
                content=page.serializable_data(),
            )
            for page in pages
        ]
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = page.live_revision_id = revision.pk
        page.latest_revision_created_at = revision.created_at
    Page.objects.bulk_update(
        [
            Page(
                pk=p.pk,
                latest_revision_id=p.latest_revision_id,
                live_revision_id=p.live_revision_id,
                latest_revision_created_at=p.latest_revision_created_at,
            )
            for p in pages
        ],
        ["latest_revision", "live_revision", "latest_revision_created_at"],
        batch_size=500,
    )
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
