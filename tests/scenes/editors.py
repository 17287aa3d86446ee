"""The city editors, the moderator and one scene per city that the admin tests sign in as and edit."""

from cms.demo import ensure_user
from tests.scenes.factories import ScenePageFactory, city


def make_people(editorial):
    people = {}
    for key, group in [("jinan", editorial["cities"]["jinan"]), ("qingdao", editorial["cities"]["qingdao"])]:
        people[key] = ensure_user(f"{key}.editor@shuyong.example", "pw", is_staff=True)
        people[key].groups.add(group)
    people["moderator"] = ensure_user("moderator@shuyong.example", "pw", is_staff=True)
    people["moderator"].groups.add(editorial["moderators"])
    return people


def make_scenes(scene_index, domain):
    return {
        key: ScenePageFactory(parent=scene_index, title=title, slug=f"{key}-scene", node=city(key), domains=[domain])
        for key, title in [("jinan", "济南场景"), ("qingdao", "青岛场景")]
    }
