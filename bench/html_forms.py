"""The forms of an HTML page as a browser would send them, for the load runs (bench/locustfile.py) and
the rush's server-time script (bench/rush_server.py). No locust here: importing locust patches the
standard library with gevent, which a plain timing script must not get."""

from html.parser import HTMLParser


class Forms(HTMLParser):
    """The forms of a page: action and the fields a browser would send (checked boxes, selected options)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._select = None
        self._textarea = None
        self._select_first = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": []})
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.forms[-1]["fields"].append((attrs["name"], attrs.get("value") or "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.forms[-1]["fields"].append((attrs["name"], attrs.get("value") or ""))
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]
        elif tag == "select" and attrs.get("name"):
            self._select = [attrs["name"], False]
            self._select_first = None
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self.forms[-1]["fields"].append((self._select[0], value))
                self._select[1] = True

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that may follow <textarea>.
            self.forms[-1]["fields"].append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._select[1] and self._select_first is not None:
                self.forms[-1]["fields"].append((self._select[0], self._select_first))
            self._select = None


def find_form(html, *, action_end=None, has_field=None):
    for form in Forms(html).forms:
        names = {name for name, _value in form["fields"]}
        if action_end is not None and not form["action"].split("?")[0].endswith(action_end):
            continue
        if has_field is not None and has_field not in names:
            continue
        return form["fields"]
    return None


def require_form(html, *, action_end=None, has_field=None):
    """``find_form``, or an error naming the form that is not on the page."""
    fields = find_form(html, action_end=action_end, has_field=has_field)
    if fields is None:
        raise RuntimeError(f"no form (action {action_end!r}, field {has_field!r}) on the page")
    return fields
