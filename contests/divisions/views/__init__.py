"""Views of the division workspace, one module per page family; thin: services decide."""
