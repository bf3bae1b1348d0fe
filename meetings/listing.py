"""The HTML lists of meetings, forums and work plans: a page of at most 50 records, the latest
first, filtered by the API's FilterSet (a shared page address and an API query filter alike),
with a year navigation. A bad filter value is a 400 naming the parameter; a page number out of
range is a 404."""

import dataclasses

from django.db.models import Max, Min
from django.shortcuts import render
from django.views.generic import ListView

PAGE_SIZE = 50
# The latest years are links; an earlier one is asked for in a year field, so that the
# navigation keeps its size however many years the archive holds.
YEAR_LINKS = 10


@dataclasses.dataclass
class YearNavigation:
    """The years there are records for, the latest first."""

    years: list

    def __bool__(self):
        return bool(self.years)

    @property
    def latest(self):
        return self.years[:YEAR_LINKS]

    @property
    def earlier(self):
        """(the first, the last) of the years older than the links; None if there are none."""
        older = self.years[YEAR_LINKS:]
        return (older[-1], older[0]) if older else None


def bad_filters(request, errors):
    """The site's 400 page, naming each parameter at fault and why."""
    problems = [(name, " ".join(messages)) for name, messages in errors.items()]
    return render(request, "bad_filters.html", {"problems": problems}, status=400)


class FilteredListView(ListView):
    """A ListView over `filterset_class(request.GET).qs`, `PAGE_SIZE` a page."""

    filterset_class = None
    paginate_by = PAGE_SIZE
    # The date the year navigation reads: each year in which a record starts.
    year_field = "start_date"

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(
            request.GET or None, queryset=super().get_queryset(), request=request
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return bad_filters(request, self.filterset.errors)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.filterset.qs

    def years(self):
        """The years to navigate by, the latest first: one query, from the date's index."""
        return [
            day.year
            for day in self.queryset.model.objects.order_by().dates(
                self.year_field, "year", order="DESC"
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        values = form.cleaned_data if self.filterset.is_bound else {}
        context.update(
            filter=self.filterset,
            years=YearNavigation(self.years()),
            year=values.get("year"),
            is_filtered=any(values.get(name) not in (None, "", []) for name in form.fields),
        )
        return context


class PeriodListView(FilteredListView):
    """A list of records that cover a period: every year from the first start to the last
    end, read in one query."""

    def years(self):
        bounds = self.queryset.model.objects.order_by().aggregate(
            first=Min("start_date"), last=Max("end_date")
        )
        if bounds["first"] is None:
            return []
        return list(range(bounds["last"].year, bounds["first"].year - 1, -1))
