"""The API reference page (``/api/v1/docs/``) is written from the API's own schema: it lists
every endpoint the schema has, so a new one appears without editing the page; its example form
builds an address the API answers and the curl command for it; and it sends a lead to their
own organisations' token pages. Public, as the schema is."""
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils.html import escape

from api.reference import OUT_OF_RANGE, TOKEN, groups_of, reference
from api.urls import api

from .conftest import ApiClient, make_token

PAGE = "/api/v1/docs/"


def _endpoint(test):
    return next(e for group in reference()[1] for e in group.endpoints if test(e))


def test_the_reference_is_at_api_v1_docs_and_public(client, db):
    assert reverse("api_reference") == PAGE
    response = client.get(PAGE)
    assert response.status_code == 200
    assert f'href="{reverse("api-v1:openapi-json")}"' in response.content.decode()


def test_the_page_lists_every_path_and_method_of_the_schema(client, db):
    page = client.get(PAGE).content.decode()
    schema = api.get_openapi_schema()
    assert len(schema["paths"]) >= 10
    for path, operations in schema["paths"].items():
        for method in operations:
            assert f"<code>{method.upper()} {path}</code>" in page, path


def test_each_rows_fields_and_each_parameter_come_from_the_schema(client, db):
    schema = api.get_openapi_schema()
    providers = _endpoint(lambda e: e.path.endswith("/providers"))
    row = schema["components"]["schemas"]["Provider"]
    assert [f.name for f in providers.fields if "[]." not in f.name] == list(row["properties"])
    assert "agreements[].reference" in [f.name for f in providers.fields]  # nested, resolved
    assert {f.name: f.nullable for f in providers.fields}["commissioned_since"] is True
    limit = next(p for p in providers.parameters if p.name == "limit")
    assert (limit.type, limit.limits) == ("integer", "1 to 500; 100 if not given")
    assert [a.status for a in providers.answers] == [200, 400, 401, 403, 429]
    assert providers.paged and providers.csv_path == providers.path + ".csv"
    page = client.get(PAGE).content.decode()
    assert "1 to 500; 100 if not given" in page
    assert ">commissioned_since</code>" in page


def test_the_csv_address_says_it_takes_its_json_forms_parameters(client, db):
    csv = _endpoint(lambda e: e.path.endswith("/providers.csv"))
    assert csv.is_csv and not csv.tried and csv.same_parameters_as.endswith("/providers")
    assert [a.meaning for a in csv.answers if a.status == 200][0].startswith("The page as CSV")


def test_the_built_example_is_an_address_the_api_answers(client, world):
    response = client.get(PAGE, {"try": "providers", "providers-limit": "2",
                                 "providers-updated_since": "2026-12-01T00:00:00Z",
                                 "providers-format": "json"})
    assert response.status_code == 200
    url = "http://testserver/api/v1/providers?limit=2&updated_since=2026-12-01T00%3A00%3A00Z"
    page = response.content.decode()
    assert f'<code id="try-providers-url">{escape(url)}</code>' in page
    assert escape(f'curl -H "Authorization: Bearer {TOKEN}" "{url}"') in page
    secret = make_token(world.la, world.users["admin"])
    parts = urlsplit(url)
    answer = ApiClient(secret).get(f"{parts.path}?{parts.query}")
    assert answer.status_code == 200, answer.content


def test_the_example_takes_the_csv_form_and_a_value_in_the_path(client, world):
    page = client.get(PAGE, {"try": "providers", "providers-format": "csv"}).content.decode()
    assert '<code id="try-providers-url">http://testserver/api/v1/providers.csv</code>' in page
    one = _endpoint(lambda e: any(p.in_path for p in e.parameters))
    [name] = [p.name for p in one.parameters if p.in_path]
    page = client.get(PAGE, {"try": one.operation,
                             f"{one.operation}-{name}": "si qaf/1"}).content.decode()
    built = "http://testserver" + one.path.replace("{" + name + "}", "si%20qaf%2F1")
    assert f'<code id="try-{one.operation}-url">{built}</code>' in page


def test_a_value_out_of_range_is_shown_with_its_error_and_nothing_built(client, db):
    response = client.get(PAGE, {"try": "providers", "providers-limit": "600",
                                 "providers-format": "json"})
    assert response.status_code == 400
    page = response.content.decode()
    message = OUT_OF_RANGE.format(name="limit", limits="from 1 to 500")
    assert "govuk-error-summary" in page and f'href="#id_providers-limit">{message}' in page
    assert 'aria-describedby="id_providers-limit-hint id_providers-limit-error"' in page
    assert 'id="try-providers-url"' not in page
    assert page.count("govuk-error-summary__title") == 1


def test_nothing_typed_in_an_example_form_is_a_server_error(client, db):
    nasty = ["9999999999999999999999999", "x" * 5000, "é🙂\u202e", "2026-13-45T99:99:99Z",
             "1\x00"]
    for endpoint in (e for group in reference()[1] for e in group.endpoints if e.tried):
        names = [p.name for p in endpoint.parameters] + ["format"]
        for value in nasty:
            response = client.get(PAGE, {"try": endpoint.operation, **{
                f"{endpoint.operation}-{name}": value for name in names}})
            assert response.status_code in (200, 400), (endpoint.path, value)


@pytest.mark.parametrize("role, links", [
    ("la_commissioner", ["shire-council"]),
    ("partnership_chair", ["north-seip"]),
    ("provider_lead", ["riverside-college"]),
    ("partnership_officer", []),
    ("provider_staff", []),
    ("admin", []),
])
def test_a_lead_is_sent_to_their_organisations_token_pages(client_for, world, role, links):
    page = client_for(world.users[role]).get(PAGE).content.decode()
    found = [slug for slug in ("shire-council", "north-seip", "riverside-college", "far-council",
                               "hilltop-ap")
             if f'href="{reverse("tokens:list", args=[slug])}"' in page]
    assert found == links
    assert ('id="ask-your-lead"' in page) == (not links and role != "admin")


def test_an_anonymous_reader_is_told_who_makes_tokens(client, db):
    page = client.get(PAGE).content.decode()
    assert 'id="ask-your-lead"' in page and "Partnership chair" in page


SCHEMA = {
    "paths": {
        "/things": {"get": {
            "operationId": "things", "tags": ["Things"], "description": "All the `things`.",
            "parameters": [{"in": "query", "name": "size", "required": False, "schema": {
                "anyOf": [{"type": "string", "maxLength": 5}, {"type": "null"}]}}],
            "responses": {"200": {"content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/Things"}}}}, "418": {"description": "Teapot"}}}},
        "/things.csv": {"get": {"operationId": "things_csv", "tags": ["Things"], "parameters": [
            {"in": "query", "name": "size", "required": False, "schema": {
                "anyOf": [{"type": "string", "maxLength": 5}, {"type": "null"}]}}],
            "responses": {"200": {"description": "OK"}}}},
    },
    "components": {"schemas": {
        "Things": {"properties": {"results": {"type": "array", "items": {
            "$ref": "#/components/schemas/Thing"}}, "next": {"type": "string"}}},
        "Thing": {"properties": {
            "id": {"type": "integer"},
            "seen": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
            "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}}}},
        "Part": {"title": "Part", "properties": {"code": {"type": "string"}}},
    }},
}


def test_refs_are_resolved_and_nested_rows_flattened_without_a_database():
    [group] = groups_of(SCHEMA)
    things, csv = group.endpoints
    assert (group.tag, group.anchor) == ("Things", "tag-things")
    assert [(f.name, f.type, f.nullable) for f in things.fields] == [
        ("id", "integer", False), ("seen", "date", True), ("parts", "list of Part", False),
        ("parts[].code", "string", False)]
    assert things.paged and things.csv_path == "/things.csv"
    assert things.description == ("All the <code>things</code>.",)
    [size] = things.parameters
    assert (size.type, size.limits, size.required) == ("string", "at most 5 characters", False)
    assert [(a.status, a.meaning) for a in things.answers][1] == (418, "Teapot")
    assert csv.same_parameters_as == "/things" and csv.same_parameters_anchor == "endpoint-things"
