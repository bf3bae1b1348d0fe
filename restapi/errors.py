"""The API's error format: JSON with a `detail`, and for a 400 the `errors` of each parameter."""

from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's errors, with a validation error as {detail, errors: {parameter: [messages]}}."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"detail": response.data}
        response.data = {"detail": f"Invalid {', '.join(errors)}.", "errors": errors}
    return response
