"""Text search for `?search=` and the site's search page.

On PostgreSQL: full-text search over the words of a record's searchable fields, each word of
the query matching the words that start with it. The match reads a GIN index on the very
expression the query uses, created by `CreateSearchIndex` in the apps' migrations; an index
on an expression is kept current by the database itself on every write, so no trigger and no
stored column is needed.

The order: when at most `RANKED` records match (among those the list's other filters keep:
`SearchFilterSet` searches after them), the best matches first (`SearchRank`), ties by id;
when more match (a common word), the newest first, by id, unranked. Ranking reads every
match and recomputes its words, so its cost grows with the matches: a word found in every
tenth record of a 100,000-record table would be ranked 10,000 times to show 50. Unranked,
the primary key's index gives the newest matches first and the page reads about as many
records at any size. The trade-off: a text that matches more than `RANKED` records is not
ranked at all (one more word or filter narrows it, and then it is). Deciding costs one more
query, which reads at most `RANKED` + 1 matching rows (the index still lists every match,
which is cheap next to ranking them).

On other databases (SQLite in development), and for fields on related records: each word of
the text, in any case, within one of the fields, in the list's own order.
"""

import re

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.migrations.operations.base import Operation
from django.db.models import Q

CONFIG = "simple"
# The most matches ranked: more are ordered by id instead (see above).
RANKED = 1000
# Letters and digits: the query is built from these alone, never from the text as written.
WORD = re.compile(r"[^\W_]+")


def search_vector(fields):
    return SearchVector(*fields, config=CONFIG)


def word_prefixes(text):
    """A tsquery where every word of the text starts a word of the record, or None."""
    words = WORD.findall(text.lower())
    if not words:
        return None
    return SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config=CONFIG)


def every_word_somewhere(fields, text):
    """The fallback: each word of the text (as written between spaces) within one of the
    fields, in any case."""
    condition = Q()
    for word in text.split() or [text]:
        somewhere = Q()
        for field in fields:
            somewhere |= Q(**{f"{field}__icontains": word})
        condition &= somewhere
    return condition


def is_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


def search(queryset, fields, text, ranked=True):
    """The records whose `fields` hold the text; on PostgreSQL (`ranked`) the best matches
    first, ties by id, or the newest first when more than `RANKED` match."""
    query = word_prefixes(text) if is_postgresql(queryset) else None
    if query is None or any("__" in field for field in fields):
        return queryset.filter(every_word_somewhere(fields, text))
    vector = search_vector(fields)
    found = queryset.alias(search_document=vector).filter(search_document=query)
    if not ranked:
        return found
    if found.order_by()[RANKED:].exists():
        return found.order_by("-pk")
    return found.annotate(search_rank=SearchRank(vector, query)).order_by("-search_rank", "pk")


class CreateSearchIndex(Operation):
    """A GIN index on a model's search expression, on PostgreSQL only (SQLite has none, and
    searches by substring). It is not part of the model's state: the model declares no
    index that another database could not build."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name, fields, name):
        self.model_name, self.fields, self.name = model_name, list(fields), name

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"model_name": self.model_name, "fields": self.fields, "name": self.name},
        )

    def state_forwards(self, app_label, state):
        pass

    def index(self):
        return GinIndex(search_vector(self.fields), name=self.name)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_index(model, self.index())

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, self.index())

    def describe(self):
        return f"Create the search index {self.name} on {self.model_name} (PostgreSQL only)"
