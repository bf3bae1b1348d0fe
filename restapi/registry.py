"""The API's resources, in one place: the router serves them, and the deletions log names
each model's resource from them.

Each app's ``api.py`` registers its viewsets::

    @resources.register("members", basename="member")
    class MemberViewSet(ApiViewSet): ...
"""


class Registry:
    def __init__(self):
        self._viewsets = {}

    def register(self, name, *, basename):
        def decorator(viewset):
            self._viewsets[name] = (viewset, basename)
            return viewset

        return decorator

    def __iter__(self):
        """(name, viewset, basename) of each resource, in the order they were registered."""
        return ((name, *entry) for name, entry in self._viewsets.items())

    def by_model(self, app_labels):
        """{"app_label.model_name": resource name} of the resources over these apps' models."""
        return {
            model._meta.label_lower: name
            for name, viewset, _ in self
            if (model := viewset.queryset.model)._meta.app_label in app_labels
        }


resources = Registry()
