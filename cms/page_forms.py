"""The admin form every page type of the site starts from: readable slugs that never block a title.

A slug the editor left as suggested (empty, Chinese from an old browser tab, or the pinyin of the
title) is settled here: the pinyin of the title, numbered when a sibling — typically a draft that
autosave created and the editor abandoned — already has it. A slug typed by hand that clashes is
refused, and said at the top of the form too, since the slug field sits on a tab the editor is not
looking at.
"""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from cms.slugs import is_generated_from, is_readable, readable_slug, sibling_slug_taken, unique_slug


class ReadableSlugPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug_field = self.fields.get("slug")
        if slug_field is None:
            return
        if not self._has_public_address():
            slug_field.required = False  # generated from the title when left empty
        if self.parent_page is not None:
            # Read by cms/static/js/readable-slug.js: the admin suggests the slug the server will save.
            query = {"parent": self.parent_page.pk, "page": self.instance.pk or ""}
            slug_field.widget.attrs["data-readable-slug-url"] = f"{reverse('cms_slug_suggestion')}?{urlencode(query)}"

    def _has_public_address(self):
        page = self.instance
        return page.pk is not None and (page.live or page.first_published_at is not None)

    def clean(self):
        self._settle_generated_slug()
        self._refuse_taken_slug()
        return super().clean()

    def _refuse_taken_slug(self):
        """Wagtail's own check, said in Chinese with the page that has the slug, and repeated at the
        top of the form: the slug field sits on a tab the editor is not looking at."""
        slug = self.cleaned_data.get("slug")
        if not slug or self.parent_page is None:
            return
        holder = self.parent_page.get_children().filter(slug=slug)
        if self.instance.pk:
            holder = holder.exclude(pk=self.instance.pk)
        holder = holder.first()
        if holder is None:
            return
        label = self.fields["slug"].label
        params = {"slug": slug, "page": holder.get_admin_display_title(), "label": label, "tab": gettext("Promote")}
        self.add_error(
            "slug",
            forms.ValidationError(
                _("“%(slug)s”已被同一栏目下的页面“%(page)s”使用。"), code="slug_taken", params=params
            ),
        )
        # Removing the slug from cleaned_data (add_error does) skips Wagtail's English duplicate.
        self.add_error(
            None,
            forms.ValidationError(
                _("请在“%(tab)s”标签页修改“%(label)s”，或将其清空，保存时会按标题自动生成不重复的%(label)s。"),
                code="slug_taken_elsewhere",
                params=params,
            ),
        )

    def _settle_generated_slug(self):
        if "slug" not in self.cleaned_data or self.parent_page is None or self._has_public_address():
            return
        slug = self.cleaned_data.get("slug") or ""
        title = self.cleaned_data.get("title") or self.instance.title or ""
        is_taken = sibling_slug_taken(self.parent_page, self.instance)
        if not slug or not is_readable(slug):
            self.cleaned_data["slug"] = unique_slug(readable_slug(slug or title), is_taken)
        elif is_generated_from(slug, title) and is_taken(slug):
            self.cleaned_data["slug"] = unique_slug(readable_slug(title), is_taken)

    def get_field_updates_for_resave(self):
        # After an autosave, put the slug the server settled on into the still-open form.
        updates = list(super().get_field_updates_for_resave())
        if "slug" in self.fields and self.data.get(self.add_prefix("slug")) != self.instance.slug:
            updates.append((self.add_prefix("slug"), self.instance.slug))
        return updates
