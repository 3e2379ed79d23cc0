"""A spy on the parts of the facet index that a page reads from the database."""

import pytest

from recommendations import facet_index


class Loads(list):
    """The parts read, in order; `partial` the (facets, recommendation ids) read for some rows only."""

    def __init__(self):
        super().__init__()
        self.partial = []

    def clear(self):
        super().clear()
        self.partial.clear()


@pytest.fixture
def loads(monkeypatch):
    """The parts of the index read from the database, in order ("catalog", "rows", or a facet)."""
    loaded = Loads()

    def spy(name, load):
        def spied(conn, *args, **kwargs):
            if name == "rows":  # the rows of some roundtables only, or of all
                loaded.append(name)
                if args:
                    loaded.partial.append((["rows"], sorted(args[0])))
            else:
                loaded.extend(args[0] if args else [name])
            if kwargs.get("only") is not None:
                loaded.partial.append((list(args[0]), sorted(kwargs["only"])))
            return load(conn, *args, **kwargs)

        return spied

    for name in ("catalog", "rows", "links", "labels"):
        monkeypatch.setattr(facet_index, f"_load_{name}", spy(name, getattr(facet_index, f"_load_{name}")))
    return loaded
