"""What every resource of the REST API shares, below the apps that build on it.

- ``registry``: the resources, registered by the apps' ``api.py``; the router and the
  deletions log's index of resources are both built from it.
- ``viewsets``: the base viewset (strict parameters, conditional GET, CSV).
- ``pagination``, ``filters``, ``links`` (record URLs), ``renderers`` and ``csvfiles`` (CSV),
  ``errors`` (the error format), ``schema`` (the OpenAPI schema's error responses).

It imports no app: the apps import it.
"""

API_PREFIX = "/api/v1/"
