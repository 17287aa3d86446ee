"""Readable slugs for every page type of the site, however the page is made (admin, code, load_demo)."""

from cms.page_forms import ReadableSlugPageForm
from cms.slugs import is_readable, readable_slug, sibling_slug_taken, unique_slug


class ReadableSlugMixin:
    """Put before ``Page`` in a page model's bases. A page without a public address yet (new, or a
    draft never published) whose slug is empty or not ASCII gets the readable slug of its title (or
    of the Chinese slug it was given), numbered when a sibling has it. Published pages keep theirs."""

    base_form_class = ReadableSlugPageForm  # the admin side of the same rule

    def _has_public_address(self):
        return self.pk is not None and (self.live or self.first_published_at is not None)

    def _parent_for_slug(self):
        if self.path:
            return self.get_parent()
        # Wagtail's create view and Page.full_clean() know the parent before the page has a path.
        return getattr(self, "_cached_parent_obj", None)

    def make_slug_readable(self):
        if is_readable(self.slug) or self._has_public_address():
            return
        parent = self._parent_for_slug()
        if parent is None:
            return  # settled in save(), once add_child() has given the page its place in the tree
        base = readable_slug(self.slug or self.title)
        self.slug = unique_slug(base, sibling_slug_taken(parent, self))

    def full_clean(self, *args, **kwargs):
        self.make_slug_readable()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.make_slug_readable()
        return super().save(*args, **kwargs)
