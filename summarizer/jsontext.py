"""JSON text from files a user or a server wrote, parsed with every failure a `JSONDecodeError`.

`json.loads` raises RecursionError on arrays or objects nested past Python's recursion limit
("[[[[…" 100,000 deep): a traceback from a record file or a batch results line. Here it is one
more way a text is not JSON, reported where the caller reports a syntax error.
"""

from __future__ import annotations

import json
from typing import Any


def loads(text: str) -> Any:
    """`json.loads`, nesting too deep for the parser reported as a JSONDecodeError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None
