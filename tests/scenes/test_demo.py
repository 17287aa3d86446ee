import pytest
from django.core.management import call_command

from scenes.choices import NodeKind, RecognitionLevel
from scenes.models import Domain, Node, ScenePage, SolutionPage
from tests.scenes.factories import renders_images

pytestmark = renders_images  # the listings render the demo's cover images


@pytest.fixture
def demo(db, capsys):
    call_command("load_demo")
    return capsys.readouterr().out


@pytest.mark.django_db
def test_demo_scenes_cover_every_city_and_every_domain(demo):
    scenes = ScenePage.objects.live()
    assert scenes.count() >= 60
    cities = set(Node.objects.filter(kind=NodeKind.CITY).values_list("slug", flat=True))
    assert set(scenes.values_list("node__slug", flat=True)) >= cities
    assert set(scenes.values_list("domains__slug", flat=True)) == set(Domain.objects.values_list("slug", flat=True))
    assert set(scenes.values_list("level", flat=True)) == set(RecognitionLevel.values)


@pytest.mark.django_db
def test_demo_includes_the_articles_enrolment_scene(demo):
    scene = ScenePage.objects.get(slug="compulsory-education-enrolment-online")
    assert (scene.title, scene.beneficiaries_count, scene.level) == ("义务教育入学“一网通办”", 2_000_000, "national")
    assert scene.cover_image.description
    assert scene.live_revision_id == scene.latest_revision_id is not None


@pytest.mark.django_db
def test_demo_solutions_have_providers_resources_tags_and_references(demo):
    solutions = SolutionPage.objects.live()
    assert solutions.count() >= 20
    for solution in solutions:
        assert solution.data_resources.exists(), solution.title
        assert solution.tags.exists(), solution.title
        assert solution.reference_scenes.exists(), solution.title
    assert solutions.filter(is_excellent=True).exists()


@pytest.mark.django_db
def test_demo_prints_editor_and_moderator_logins(demo):
    assert "jinan.editor@shuyong.example / shuyong-editor" in demo
    assert "moderator@shuyong.example / shuyong-moderator" in demo


@pytest.mark.django_db
def test_demo_twice_changes_nothing(demo):
    from wagtail.images import get_image_model

    counts = (ScenePage.objects.count(), SolutionPage.objects.count(), get_image_model().objects.count())
    call_command("load_demo")
    assert (ScenePage.objects.count(), SolutionPage.objects.count(), get_image_model().objects.count()) == counts


@pytest.mark.django_db
def test_demo_listing_serves_the_demo_catalogue(client, demo):
    response = client.get("/scenes/?node=jinan")
    assert response.status_code == 200
    assert response.context["listing"].total == 4


@pytest.mark.django_db
def test_benchmark_volumes_are_added_in_bulk_and_searchable(demo, client):
    call_command("load_demo", scenes=150, solutions=40)
    assert (ScenePage.objects.live().count(), SolutionPage.objects.live().count()) == (150, 40)
    generated = ScenePage.objects.filter(slug__startswith="gen-").first()
    assert generated.url.startswith("/scenes/gen-")
    assert client.get(generated.url).status_code == 200
    assert generated.domains.exists() and generated.tags.exists()
    # The tree stays consistent for Wagtail: the index knows its children.
    from scenes.models import SceneIndexPage

    index = SceneIndexPage.objects.get()
    assert index.numchild == index.get_children().count() == 150
    # Bulk-inserted pages are in the search index.
    found = client.get("/scenes/", {"q": generated.title.split("（")[0]}).context["listing"].total
    assert found > 1
    call_command("load_demo", scenes=150, solutions=40)
    assert ScenePage.objects.count() == 150


@pytest.mark.django_db
def test_demo_images_all_have_the_alt_text_the_library_now_requires(demo):
    from wagtail.images import get_image_model

    images = get_image_model().objects.all()
    covers = set(ScenePage.objects.live().exclude(cover_image=None).values_list("cover_image", flat=True))
    assert covers and covers <= set(images.values_list("pk", flat=True))
    assert [image.title for image in images if not image.description.strip()] == []
