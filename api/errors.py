"""The API's errors: JSON that names what was wrong, for every refusal."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class ParameterError(exceptions.APIException):
    """A 400 naming each query parameter that could not be used: {"detail": ..., "errors": {name: [messages]}}."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameter"

    def __init__(self, errors):
        self.errors = {name: [str(m) for m in messages] for name, messages in errors.items()}
        super().__init__(_("These parameters are not valid: %(names)s.") % {"names": ", ".join(self.errors)})


def refused(problems):
    """A ParameterError of the FilterSet's Refused values (recommendations.filters.Refused)."""
    errors = {}
    for problem in problems:
        errors.setdefault(problem.parameter, []).append(problem.message)
    return ParameterError(errors)


def exception_handler(error, context):
    response = drf_exception_handler(error, context)
    if response is not None and isinstance(error, ParameterError):
        response.data = {"detail": str(error.detail), "errors": error.errors}
    return response
