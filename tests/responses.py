"""Reading what a page answered: its status, its HTML, and the rows and problems of the list."""


def body(response):
    """The page's HTML, once it is known to have answered 200."""
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def listed(client, query=""):
    """The English list page for a query string, once it is known to have answered 200."""
    response = client.get(f"/en/recommendations/?{query}")
    assert response.status_code == 200
    return response


def texts(response):
    """The texts of the recommendations the list shows, in its order."""
    return [r.text for r in response.context["recommendations"]]


def problems(response):
    """What the list says about the values it could not use."""
    return [p.message for p in response.context["problems"]]
