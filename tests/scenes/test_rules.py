import pytest

from cms.demo import ensure_user
from scenes.choices import RecognitionLevel
from scenes.rules import can_change_level, can_write_scenes_of_node, editable_node_ids, is_provincial_moderator
from tests.scenes.factories import city

L, T, N = RecognitionLevel.LISTED, RecognitionLevel.TYPICAL, RecognitionLevel.NATIONAL


@pytest.fixture
def users(editorial):
    editor = ensure_user("jinan.editor@shuyong.example", "pw", is_staff=True)
    editor.groups.add(editorial["cities"]["jinan"])
    moderator = ensure_user("moderator@shuyong.example", "pw", is_staff=True)
    moderator.groups.add(editorial["moderators"])
    plain = ensure_user("nobody@shuyong.example", "pw", is_staff=True)
    admin = ensure_user("root@shuyong.example", "pw", is_staff=True, is_superuser=True)
    return {"editor": editor, "moderator": moderator, "plain": plain, "admin": admin}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "node", "expected"),
    [
        ("editor", "jinan", True),
        ("editor", "qingdao", False),
        ("moderator", "qingdao", True),
        ("admin", "heze", True),
        ("plain", "jinan", False),
    ],
)
def test_can_write_scenes_of_node(users, who, node, expected):
    assert can_write_scenes_of_node(users[who], city(node)) is expected


@pytest.mark.django_db
def test_editable_node_ids_of_a_city_editor_is_their_city(users):
    assert editable_node_ids(users["editor"]) == frozenset({city("jinan").pk})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"), [("editor", False), ("moderator", True), ("admin", True), ("plain", False)]
)
def test_is_provincial_moderator(users, who, expected):
    assert is_provincial_moderator(users[who]) is expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "old", "new", "expected"),
    [
        ("editor", L, L, True),
        ("editor", L, T, False),
        ("editor", T, N, False),
        ("editor", N, N, True),
        ("moderator", L, N, True),
        ("moderator", T, L, True),
    ],
)
def test_can_change_level(users, who, old, new, expected):
    assert can_change_level(users[who], old, new) is expected


@pytest.mark.django_db
def test_anonymous_user_may_write_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert can_write_scenes_of_node(AnonymousUser(), city("jinan")) is False
    assert is_provincial_moderator(AnonymousUser()) is False
