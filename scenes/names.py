"""Taxonomy names in the active language where only a slug and the Chinese name are at hand: the
facet index, the statistics and the feeds cache those, once for every language. Model instances
have ``display_name`` (scenes.models.taxonomy.localized_name) instead."""

from django.utils.translation import get_language

from scenes.cache import cached


def english_names(model):
    """{slug: English name} of the rows of ``model`` (Node, Domain) that have one; cached under the
    showcase content version, which every taxonomy edit bumps."""
    label = model._meta.label_lower
    return cached(
        f"english-names:{label}", lambda: dict(model.objects.exclude(name_en="").values_list("slug", "name_en"))
    )


def name_for_slug(model, slug, chinese):
    """The English name of ``slug`` on the English site when there is one, else ``chinese``."""
    if get_language() != "en":
        return chinese
    return english_names(model).get(slug) or chinese
