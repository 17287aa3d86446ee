"""Video embeds: one allow-list of providers (providers.py) from which both Wagtail's embed finders
and the Content-Security-Policy's frame-src are built, so a provider cannot be added to one and
forgotten in the other."""
