"""Links that change one thing in a listing's query string (toggle a facet option, drop a filter,
change the sort), keeping the rest and always dropping ``page``."""

from django.http import QueryDict


class QueryString:
    """Builds links that change one thing in the current query string and always drop ``page``."""

    def __init__(self, params: QueryDict, keys):
        self.params = {key: params.getlist(key) for key in keys if params.getlist(key)}

    def _encode(self, params):
        qd = QueryDict(mutable=True)
        for key, values in params.items():
            if values:
                qd.setlist(key, values)
        encoded = qd.urlencode()
        return f"?{encoded}" if encoded else "?"

    def toggle(self, key, value):
        params = {k: list(v) for k, v in self.params.items()}
        values = params.setdefault(key, [])
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        return self._encode(params)

    def without(self, key, value=None):
        params = {k: list(v) for k, v in self.params.items()}
        if value is None:
            params.pop(key, None)
        else:
            params[key] = [v for v in params.get(key, []) if v != value]
        return self._encode(params)

    def replace(self, key, value):
        params = {k: list(v) for k, v in self.params.items()}
        params[key] = [value]
        return self._encode(params)

    def encoded(self):
        return self._encode(self.params)[1:]
