"""Form helpers every app shares."""


class NoColonLabelsMixin:
    """Chinese labels take no ASCII colon; the field layout separates label and input."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
