"""teller.ingest: inputs in, :class:`RawDocument` s out (see docs/interfaces.md, docs/ingest.md).

* :func:`read_one` — one article from a file, a URL or stdin (``teller process``);
* :func:`as_document` — text, a path, a URL or a ``RawDocument`` (``teller.process``);
* :func:`iter_inputs` — files, directories, JSON Lines, RSS/Atom feeds, sitemaps and URLs,
  yielding an :class:`~teller.errors.InputError` for each bad item (``teller run``).
"""

from teller.ingest.document import RawDocument
from teller.ingest.readers import as_document, iter_inputs, read_one

__all__ = ["RawDocument", "as_document", "iter_inputs", "read_one"]
