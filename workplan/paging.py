"""Pages of long lists that are read without counting them: one row more than the page
tells whether a next page exists. For a priority's timeline and a member's action items,
which grow without bound over the years."""

import dataclasses

from django.http import Http404

# Far beyond any real list; keeps the offset a number the database accepts.
LAST_PAGE = 10**6


@dataclasses.dataclass
class SlicePage:
    number: int
    records: list
    has_next: bool

    @classmethod
    def of(cls, queryset, raw_number, size):
        """The page `raw_number` (as given in the address; None for the first) of `size`
        records; a number that is not a page, or a page past the end, is a 404."""
        if raw_number is None:
            number = 1
        elif raw_number.isascii() and raw_number.isdigit() and 1 <= int(raw_number) <= LAST_PAGE:
            number = int(raw_number)
        else:
            raise Http404("No such page.")
        start = (number - 1) * size
        rows = list(queryset[start : start + size + 1])
        if number > 1 and not rows:
            raise Http404("No such page.")
        return cls(number, rows[:size], len(rows) > size)

    def __bool__(self):
        return bool(self.records)

    def __iter__(self):
        return iter(self.records)

    @property
    def has_previous(self):
        return self.number > 1

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1
