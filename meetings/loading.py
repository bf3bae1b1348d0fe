"""Whether records are being loaded from a file (fixtures or a backup) in this context.

Django marks a loaded record's save as raw, but not the links (many-to-many) it sets:
code that reacts to links reads this instead.
"""

import contextlib
import contextvars

_loading = contextvars.ContextVar("loading_records", default=False)


def loading_records():
    return _loading.get()


@contextlib.contextmanager
def records_loading():
    token = _loading.set(True)
    try:
        yield
    finally:
        _loading.reset(token)
