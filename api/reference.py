"""The API's reference page, read from its own OpenAPI schema: each endpoint by tag with its
parameters (type and limits), its answers and the fields of its rows (every ``$ref`` resolved),
and the form that turns a person's choices into an example request's address and curl command.
Nothing here names an endpoint: a new one appears on the page as it joins the schema."""
import functools
import http
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django import forms
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import urls  # noqa: F401  (every endpoint joins the API before its schema is read)
from .base import api

# What each answer means, for every endpoint (``api.base`` gives these errors).
ANSWERS = {
    400: "A parameter is wrong, or one the endpoint does not take: the answer's `parameter` "
         "names it.",
    401: "No token, or one that is wrong, expired or revoked.",
    403: "The token's scopes do not cover this endpoint.",
    404: "No such thing, or one your organisation cannot see: the same answer for both.",
    429: "Too many requests this minute: wait the seconds the `Retry-After` header gives.",
}
# The cursor is taken from a page's ``next``, never made: the example form leaves it out.
NOT_IN_EXAMPLES = {"cursor"}
# In examples, the token is this placeholder: a page must never ask for the secret itself.
TOKEN = "qap_..."
CSV = ".csv"
# Tests assert these.
NOT_A_DATE_TIME = "Enter {name} as a date and time, such as 2026-12-01T00:00:00Z."
NOT_A_DATE = "Enter {name} as a date, such as 2026-12-01."
NOT_A_NUMBER = "Enter {name} as a whole number."
OUT_OF_RANGE = "{name} must be {limits}."
TOO_LONG = "{name} must be {length} characters or fewer."
MISSING = "Enter {name}."
JSON_OR_CSV = "Choose JSON or CSV."


def inline(text: str) -> SafeString:
    """Plain text from a docstring or schema as HTML: escaped, each `code` (or ``code``) span
    a ``<code>``."""
    parts = escape(text).replace("``", "`").split("`")
    return mark_safe("".join(f"<code>{part}</code>" if i % 2 else part
                             for i, part in enumerate(parts)))


def paragraphs(text: str) -> tuple[SafeString, ...]:
    """A docstring's paragraphs (blank-line separated), each through ``inline``."""
    return tuple(inline(" ".join(block.split())) for block in text.split("\n\n")
                 if block.strip())


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # "query" or "path"
    type: str
    required: bool
    limits: str
    description: SafeString
    schema: dict  # its JSON schema, nulls taken out and ``$ref`` resolved

    @property
    def in_path(self) -> bool:
        return self.where == "path"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    nullable: bool
    description: SafeString


@dataclass(frozen=True)
class Answer:
    status: int
    phrase: str
    meaning: SafeString
    body: SafeString


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    operation: str
    description: tuple[SafeString, ...]
    parameters: tuple[Parameter, ...]
    # The address (and its anchor) whose parameters these are too: a CSV address's JSON form.
    same_parameters_as: str
    same_parameters_anchor: str
    answers: tuple[Answer, ...]
    paged: bool
    fields: tuple[Field, ...]
    fields_described: bool
    csv_path: str  # the CSV form of this address, "" if it has none
    is_csv: bool

    @property
    def anchor(self) -> str:
        return _anchor(self.operation)

    @property
    def tried(self) -> bool:
        """Whether the page offers to build an example request for it (every JSON address; a
        CSV address through its JSON form's format choice)."""
        return not self.is_csv


@dataclass(frozen=True)
class Group:
    tag: str
    anchor: str
    endpoints: tuple[Endpoint, ...]


def _anchor(operation: str) -> str:
    return f"endpoint-{operation}"


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _without_null(schema: dict) -> tuple[dict, bool]:
    """The schema with ``null`` taken out of an ``anyOf``, and whether it was there."""
    options = schema.get("anyOf")
    if not options:
        return schema, False
    kept = [option for option in options if option.get("type") != "null"]
    nullable = len(kept) < len(options)
    merged = {key: value for key, value in schema.items() if key != "anyOf"}
    return ({**kept[0], **merged} if len(kept) == 1 else {**merged, "anyOf": kept}), nullable


def _type(schema: dict, components: dict) -> str:
    if "$ref" in schema:
        return _resolve(schema, components).get("title", "object")
    if "anyOf" in schema:
        return " or ".join(_type(option, components) for option in schema["anyOf"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}), components)}"
    if kind == "string" and schema.get("format") in {"date", "date-time"}:
        return schema["format"]
    return kind


def _limits(schema: dict) -> str:
    said = []
    if "enum" in schema:
        said.append("one of " + ", ".join(map(str, schema["enum"])))
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        said.append(f"{low} to {high}")
    elif low is not None:
        said.append(f"at least {low}")
    elif high is not None:
        said.append(f"at most {high}")
    if "maxLength" in schema:
        said.append(f"at most {schema['maxLength']} characters")
    if "default" in schema and schema["default"] is not None:
        said.append(f"{schema['default']} if not given")
    return "; ".join(said)


def _parameter(raw: dict, components: dict) -> Parameter:
    schema, _ = _without_null(_resolve(raw.get("schema", {}), components))
    return Parameter(name=raw["name"], where=raw.get("in", "query"),
                     type=_type(schema, components), required=bool(raw.get("required")),
                     limits=_limits(schema),
                     description=inline(raw.get("description")
                                        or schema.get("description", "")),
                     schema=schema)


def _fields(schema: dict, components: dict, prefix: str = "", depth: int = 0) -> list[Field]:
    """Every field of an object, a nested object's as ``outer.inner`` and a list's items' as
    ``outer[].inner``."""
    found = []
    for name, raw in _resolve(schema, components).get("properties", {}).items():
        inner, nullable = _without_null(raw)
        found.append(Field(f"{prefix}{name}", _type(inner, components), nullable,
                           inline(raw.get("description", ""))))
        if depth < 3:
            if inner.get("type") == "array":
                items = _resolve(inner.get("items", {}), components)
                found += _fields(items, components, f"{prefix}{name}[].", depth + 1)
            elif "$ref" in inner:
                found += _fields(inner, components, f"{prefix}{name}.", depth + 1)
    return found


def _body(content_schema: dict | None, components: dict) -> tuple[dict | None, bool]:
    """The schema of one row, and whether the answer is a page of them (``results`` and
    ``next``)."""
    if content_schema is None:
        return None, False
    schema = _resolve(content_schema, components)
    properties = schema.get("properties", {})
    if "next" in properties and properties.get("results", {}).get("type") == "array":
        return _resolve(properties["results"].get("items", {}), components), True
    return schema, False


def _json_schema(answer: dict) -> dict | None:
    return answer.get("content", {}).get("application/json", {}).get("schema")


def _answers(responses: dict, components: dict, *, paged: bool, is_csv: bool):
    for status, answer in sorted((int(code), answer) for code, answer in responses.items()):
        phrase = http.HTTPStatus(status).phrase
        schema = _json_schema(answer)
        if status == 200:
            meaning = ("The page as CSV, one column per field; the next page's address is in "
                       "the `Link` header." if is_csv else
                       "A page: `results`, a list of the rows below, and `next`, the next "
                       "page's address (`null` on the last)." if paged else
                       "The record, with the fields below.")
            body = "CSV" if is_csv else "JSON"
        else:
            meaning = ANSWERS.get(status, answer.get("description", ""))
            fields = list(_resolve(schema, components).get("properties", {})) if schema else []
            body = "JSON: " + ", ".join(f"`{name}`" for name in fields) if fields else ""
        yield Answer(status, phrase, inline(meaning), inline(body))


def _endpoint(method: str, path: str, operation: dict, paths: dict,
              components: dict) -> Endpoint:
    is_csv = path.endswith(CSV)
    # The schema as ninja gives it keys answers by number; as JSON, by text.
    ok = {int(code): answer for code, answer in operation["responses"].items()}.get(200, {})
    row, paged = _body(_json_schema(ok), components)
    fields = tuple(_fields(row, components)) if row else ()
    parameters = tuple(_parameter(raw, components) for raw in operation.get("parameters", []))
    twin = paths.get(path.removesuffix(CSV), {}).get(method) if is_csv else None
    same = bool(twin) and twin.get("parameters", []) == operation.get("parameters", [])
    return Endpoint(
        method=method.upper(), path=path, operation=operation.get("operationId", ""),
        description=paragraphs(operation.get("description", "")),
        parameters=parameters, same_parameters_as=path.removesuffix(CSV) if same else "",
        same_parameters_anchor=_anchor(twin.get("operationId", "")) if same else "",
        answers=tuple(_answers(operation["responses"], components, paged=paged,
                               is_csv=is_csv)),
        paged=paged, fields=fields, fields_described=any(f.description for f in fields),
        csv_path=path + CSV if method in paths.get(path + CSV, {}) else "", is_csv=is_csv)


def groups_of(schema: dict) -> list[Group]:
    """The schema's endpoints grouped by their first tag, in the order the API gives them."""
    components = schema.get("components", {}).get("schemas", {})
    paths = schema.get("paths", {})
    by_tag: dict[str, list[Endpoint]] = {}
    for path, operations in paths.items():
        for method, operation in operations.items():
            tag = (operation.get("tags") or ["Other"])[0]
            by_tag.setdefault(tag, []).append(
                _endpoint(method, path, operation, paths, components))
    return [Group(tag, "tag-" + "-".join(tag.lower().split()), tuple(endpoints))
            for tag, endpoints in by_tag.items()]


@functools.cache
def reference() -> tuple[dict, list[Group]]:
    """The API's schema and its endpoints by tag, worked out once a process."""
    schema = api.get_openapi_schema()
    return schema, groups_of(schema)


# --- The example request ------------------------------------------------------------------

def _check(parse, message):
    def check(value):
        if value and parse(value) is None:
            raise forms.ValidationError(message)
    return check


def _safe_parse(parse):
    def parsed(value):
        try:
            return parse(value)
        except (ValueError, OverflowError):
            return None
    return parsed


def _form_field(parameter: Parameter) -> forms.Field:
    schema = parameter.schema
    limits = parameter.limits[:1].upper() + parameter.limits[1:]
    hint = mark_safe(" ".join(f"{part.rstrip('.')}." for part in (
        parameter.description, escape(limits)) if part))
    name, low, high = parameter.name, schema.get("minimum"), schema.get("maximum")
    span = (f"from {low} to {high}" if low is not None and high is not None
            else f"{low} or more" if low is not None else f"{high} or fewer")
    common = {"required": parameter.required, "label": name, "help_text": hint,
              "error_messages": {"required": MISSING.format(name=name),
                                 "invalid": NOT_A_NUMBER.format(name=name),
                                 "min_value": OUT_OF_RANGE.format(name=name, limits=span),
                                 "max_value": OUT_OF_RANGE.format(name=name, limits=span),
                                 "max_length": TOO_LONG.format(name=name,
                                                               length=schema.get("maxLength"))}}
    width, numeric = "govuk-input--width-10", False
    if "enum" in schema or schema.get("type") == "boolean":
        values = schema.get("enum") or ["true", "false"]
        common["error_messages"]["invalid_choice"] = MISSING.format(name=name)
        return forms.ChoiceField(choices=[("", "Not given"), *((str(v), str(v)) for v in values)],
                                 widget=forms.Select(attrs={"class": "govuk-select"}), **common)
    if schema.get("type") == "integer":
        field = forms.IntegerField(min_value=low, max_value=high, **common)
        width, numeric = "govuk-input--width-5", True
    elif schema.get("type") == "number":
        field = forms.FloatField(min_value=low, max_value=high, **common)
        width = "govuk-input--width-5"
    else:
        validators = []
        if schema.get("format") == "date-time":
            validators.append(_check(_safe_parse(parse_datetime),
                                     NOT_A_DATE_TIME.format(name=name)))
            width = "govuk-input--width-20"
        elif schema.get("format") == "date":
            validators.append(_check(_safe_parse(parse_date), NOT_A_DATE.format(name=name)))
        field = forms.CharField(max_length=schema.get("maxLength"), validators=validators,
                                **common)
    field.widget = forms.TextInput(attrs={"class": f"govuk-input {width}", "spellcheck": "false",
                                          "autocomplete": "off"})
    if numeric:
        field.widget.attrs["inputmode"] = "numeric"
    return field


class ExampleForm(forms.Form):
    """An endpoint's parameters as a form (the cursor left out), and the format when the
    address has a CSV form. Only builds an address: it never sends a request."""

    use_required_attribute = False

    def __init__(self, endpoint: Endpoint, data=None):
        super().__init__(data, prefix=endpoint.operation)
        self.endpoint = endpoint
        for parameter in endpoint.parameters:
            if parameter.name not in NOT_IN_EXAMPLES:
                self.fields[parameter.name] = _form_field(parameter)
                if self.fields[parameter.name].help_text:
                    self.fields[parameter.name].widget.attrs["aria-describedby"] = (
                        f"{self[parameter.name].auto_id}-hint")
        if endpoint.csv_path:
            self.fields["format"] = forms.ChoiceField(
                label="Format", choices=[("json", "JSON"), ("csv", "CSV")], initial="json",
                widget=forms.RadioSelect, error_messages={"required": JSON_OR_CSV})

    def boxes(self):
        """The parameters' boxes (the format's radios are ``format_field``)."""
        return [self[name] for name in self.fields if name != "format"]

    @property
    def format_field(self):
        return self["format"] if "format" in self.fields else None

    def full_clean(self):
        """Validate, then mark each box with an error as GOV.UK Frontend asks (its class, and
        its message among what describes it)."""
        super().full_clean()
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is None or isinstance(widget, forms.RadioSelect):
                continue
            error = ("govuk-select--error" if isinstance(widget, forms.Select)
                     else "govuk-input--error")
            widget.attrs["class"] += f" {error}"
            described = f"{widget.attrs.get('aria-describedby', '')} {self[name].auto_id}-error"
            widget.attrs["aria-describedby"] = described.strip()

    def example(self, base: str) -> dict:
        """The request's address (on ``base``, such as ``https://host``) and its curl
        command, from the form's cleaned values: empty ones left out."""
        endpoint, values = self.endpoint, self.cleaned_data
        path = endpoint.csv_path if values.get("format") == "csv" else endpoint.path
        query = []
        for parameter in endpoint.parameters:
            value = values.get(parameter.name)
            if value in (None, ""):
                continue
            if parameter.where == "path":
                path = path.replace("{" + parameter.name + "}", quote(str(value), safe=""))
            else:
                query.append((parameter.name, str(value)))
        url = base + path + ("?" + urlencode(query) if query else "")
        return {"url": url, "curl": f'curl -H "Authorization: Bearer {TOKEN}" "{url}"'}
