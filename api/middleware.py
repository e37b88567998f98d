"""Record every request made with an API token (``ApiRequest``): the endpoint, its query
string, the status and the rows given; one insert, after the answer is made."""
from .models import ApiRequest


class ApiRequestLog:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "api_token", None)
        if token is not None:
            ApiRequest.objects.create(token=token, path=request.path[:200],
                                      query=request.META.get("QUERY_STRING", "")[:500],
                                      status=response.status_code,
                                      rows=getattr(request, "api_rows", 0))
        return response
