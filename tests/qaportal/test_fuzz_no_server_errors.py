"""Property-based: nothing a signed-in user can send is a server error.

Driven from the URLconf through the permission matrix (which fails when a URL has no row),
so a new page is covered without editing this file. For every page, as a user who may use
it, hypothesis sends generated values (huge numbers, NUL bytes, unicode, empty, negative,
very long, dates with giant parts):

- in each URL parameter of the route,
- in each query-string parameter its view reads (found in the view's source),
- in each field of each form on the page (found in the rendered HTML), posted to the
  form's action, and in each posted name the view reads directly;
- in each file input, as files: bytes of any kind, and CSV and XLSX sheets headed with the
  imports' columns holding those values (``FILES``).

Every request runs in a savepoint rolled back afterwards, and hypothesis is derandomised,
so a run is the same every time. A 4xx is fine; a 5xx fails with what was sent.
"""
import csv
import inspect
import io
import logging
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from organisations.import_rows import COLUMNS as ORGANISATION_COLUMNS
from outcomes.import_rows import REQUIRED_COLUMNS as OUTCOME_COLUMNS
from tests.test_permission_matrix import MATRIX, ctx  # noqa: F401 (ctx is a fixture)

HUGE = "9999999999999999999999999"
# Always tried, as well as what hypothesis generates: each broke a page once.
NASTY = [HUGE, "-1", "", "1.5", "²", "1\x00", "x" * 5000, "é🙂\u202e"]
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=40),
)


def _csv(headings, rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([headings, *rows])
    return out.getvalue().encode("utf-8", "surrogatepass")


def _xlsx(headings, rows) -> bytes:
    book = Workbook()
    for row in [headings, *rows]:
        # openpyxl refuses control characters and lone surrogates in a cell: the CSV carries
        # those.
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", v).encode("utf-8", "ignore").decode()
                            for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Files for file inputs: always tried, then generated. Each import's own headings, with nasty
# values in every cell, as CSV and XLSX; and files that are no sheet at all.
NASTY_FILES = [("empty.csv", b""), ("nul.csv", b"\x00"), ("bom.csv", b"\xef\xbb\xbf"),
               ("latin.csv", "name,caf\xe9\n".encode("latin-1")), ("zip.xlsx", b"PK\x03\x04x"),
               *((f"nasty.{kind}", write(list(columns), [[v] * len(columns) for v in NASTY]))
                 for columns in (ORGANISATION_COLUMNS, OUTCOME_COLUMNS)
                 for kind, write in (("csv", _csv), ("xlsx", _xlsx)))]
SHEETS = st.tuples(st.lists(st.sampled_from([*ORGANISATION_COLUMNS, *OUTCOME_COLUMNS]),
                            min_size=1, max_size=12),
                   st.lists(st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=20)),
                                     max_size=12), max_size=3))
FILES = st.one_of(
    st.binary(max_size=300).map(lambda b: ("fuzz.csv", b)),
    st.binary(max_size=300).map(lambda b: ("fuzz.xlsx", b)),
    SHEETS.map(lambda sheet: ("fuzz.csv", _csv(*sheet))),
    SHEETS.map(lambda sheet: ("fuzz.xlsx", _xlsx(*sheet))),
)
# Generated values tried per target on top of NASTY: the bound that keeps the test near 30 s.
EXAMPLES = 3
SOME_FIELDS_EXAMPLES = 6
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
# Whom to sign in as, when several may use a page: the first who may.
PREFERENCE = ["provider_lead", "partnership_officer", "partnership_chair", "la_commissioner",
              "provider_staff", "admin", "other_provider_lead", "other_la_commissioner",
              "no_membership"]
ROW_PREFIX = re.compile(r"^c\d+-")  # the prefix of a row form on a page of many
READS = r"request\.{}(?:\.get(?:list)?\(\s*|\[\s*)[\"'](\w+)[\"']"


def _role(case):
    allowed = {200, 302, 400} if case.method == "post" else {200}
    return next((r for r in PREFERENCE if case.expected.get(r) in allowed), "admin")


def _reads(view, where):
    """The names a view reads from ``request.GET`` or ``request.POST`` itself."""
    view = getattr(view, "view_class", view)
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return set()
    return set(re.findall(READS.format(where), source))


class _Forms(HTMLParser):
    """The POST forms on a page: action, and fields as name -> list of values."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": defaultdict(list),
                          "dates": set(), "files": set()}
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            return
        name, fields = a["name"], self._form["fields"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                fields.setdefault(name, [])
                if "checked" in a or (kind == "radio" and not fields[name]):
                    fields[name][:] = [a.get("value", "on")] if kind == "radio" else \
                        [*fields[name], a.get("value", "on")]
            elif kind == "file":
                fields.setdefault(name, [])
                self._form["files"].add(name)
            elif kind == "submit":
                fields.setdefault(name, [a.get("value", "")])
            else:
                fields[name] = [a.get("value") or ""]
                if "govuk-date-input__input" in (a.get("class") or ""):
                    self._form["dates"].add(name)
        elif tag == "button":
            fields.setdefault(name, [a.get("value", "")])
        elif tag == "textarea":
            self._textarea = name
            fields[name] = [""]
        elif tag == "select":
            self._select = name
            fields[name] = []
        elif tag == "option" and self._select and (not fields[self._select] or "selected" in a):
            fields[self._select] = [a.get("value", "")]

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def _base(form):
    """What a user who fills every field in sensibly would post."""
    data = {name: list(values) for name, values in form["fields"].items()}
    for name in form["dates"]:
        if not data[name][0]:
            data[name] = [{"0": "12", "1": "3", "2": "2030"}[name[-1]]]
    for name, values in data.items():
        if values == [""] and name not in form["dates"]:
            data[name] = ["Fuzz text"]
    return data


def _fuzzable(names):
    """One row of a page of row forms is enough: the rows are the same form."""
    first = next((ROW_PREFIX.match(n).group() for n in names if ROW_PREFIX.match(n)), None)
    return sorted(n for n in names if not ROW_PREFIX.match(n) or n.startswith(first))


class Fuzzer:
    """Sends requests as one user, each in a savepoint rolled back afterwards."""

    def __init__(self, world):
        self.world = world
        self.client = Client(raise_request_exception=False)
        self.failures = []
        self.requests = 0
        self.role = None

    def send(self, role, method, path, data=None):
        self.requests += 1
        if self.role != role or self.client.cookies.get("sessionid", None) is None \
                or not self.client.cookies["sessionid"].value:
            # Outside the savepoint, so the session outlives the rollback; again after a
            # fuzzed request signed the client out.
            self.client.force_login(self.world.users[role],
                                    backend="django.contrib.auth.backends.ModelBackend")
            self.role = role
        with transaction.atomic():
            response = getattr(self.client, method)(path, data or {})
            transaction.set_rollback(True)
        assert response.status_code < 500, (
            f"{method.upper()} {path!r} as {role} with {data!r:.400}: {response.status_code}")
        return response

    def run(self, label, check, values=VALUES, nasty=True, examples=EXAMPLES):
        """``check(value)`` for each NASTY value, then for values hypothesis generates."""
        try:
            for value in NASTY if nasty else ():
                check(value)

            @settings(FUZZ, max_examples=examples)
            @given(values)
            def generated(value):
                check(value)

            generated()
        except AssertionError as error:
            self.failures.append(f"{label}: {str(error).splitlines()[0]}")



def _targets(context):
    """Each page once per (URL, method): the case, its path and the user to send."""
    seen = set()
    for case in MATRIX:
        path = reverse(case.name, kwargs=case.kwargs(context) if case.kwargs else None)
        if (path, case.method) not in seen:
            seen.add((path, case.method))
            yield case, path, _role(case)


def _route_slots(name, kwargs):
    """For each route parameter, the path with a placeholder where its value goes."""
    for key in kwargs:
        for placeholder in ("zzfuzzplaceholder", "70707070707"):
            try:
                yield key, reverse(name, kwargs={**kwargs, key: placeholder}), placeholder
                break
            except NoReverseMatch:
                continue


@pytest.mark.django_db
def test_no_input_gives_a_server_error(ctx, caplog):  # noqa: F811 (the fixture imported above)
    caplog.set_level(logging.ERROR, logger="django.request")  # thousands of 404s otherwise
    fuzz = Fuzzer(ctx.world)
    forms, done = {}, set()
    for case, path, role in _targets(ctx):
        match = resolve(path)
        for key, template, placeholder in _route_slots(case.name, match.captured_kwargs):
            # Once per route parameter: the URL resolves the same whatever the method. The
            # value lands in the path percent-encoded, as a browser would send it.
            if (match.route, key) not in done:
                done.add((match.route, key))
                fuzz.run(f"{case.method.upper()} {case.name} <{key}>", lambda v, t=template, p=placeholder, r=role, m=case.method: fuzz.send(r, m, t.replace(p, quote(v, safe=""))))  # noqa: E501
        # The names the view reads from the request itself, sent with nothing else.
        where = case.method.upper()
        for key in sorted(_reads(match.func, where)):
            fuzz.run(f"{where} {case.name} {key}=", lambda v, k=key, r=role, m=case.method, p=path: fuzz.send(r, m, p, {k: v}))  # noqa: E501
        # The page's forms as this user sees them (the chair sees a decision form, others not).
        response = fuzz.send(role, "get", path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            parser = _Forms()
            parser.feed(response.content.decode())
            for form in parser.forms:
                action = urlsplit(form["action"]).path or path
                forms.setdefault((action, role, tuple(_fuzzable(form["fields"]))), form)
    for (action, role, names), form in forms.items():
        try:
            view = resolve(action).func
        except Resolver404:
            continue
        base = _base(form)
        names = sorted({*names, *_reads(view, "POST")})

        def every_field(value, action=action, role=role, base=base, names=names):
            fuzz.send(role, "post", action, {**base, **{n: [value] for n in names}})

        fuzz.run(f"POST {action} every field", every_field)
        # Then some fields at a time, the rest as a user would fill them in: a field's value
        # may only matter once the others are valid (a service runs, a date is compared).
        some = st.fixed_dictionaries({n: st.one_of(st.none(), VALUES) for n in names})

        def some_fields(values, action=action, role=role, base=base):
            fuzz.send(role, "post", action,
                      {**base, **{n: [v] for n, v in values.items() if v is not None}})

        fuzz.run(f"POST {action} some fields", some_fields, values=some, nasty=False,
                 examples=SOME_FIELDS_EXAMPLES)
        # Files in each file input, the other fields as a user would fill them in.
        for name in sorted(form["files"]):
            def upload(file, action=action, role=role, base=base, name=name):
                fuzz.send(role, "post", action,
                          {**base, name: SimpleUploadedFile(file[0], file[1])})

            for file in NASTY_FILES:
                fuzz.run(f"POST {action} {name}={file[0]}", lambda _, f=file, u=upload: u(f),
                         values=st.just(None), nasty=False, examples=1)
            fuzz.run(f"POST {action} {name} files", upload, values=FILES, nasty=False,
                     examples=SOME_FIELDS_EXAMPLES)
    assert not fuzz.failures, "Server errors:\n" + "\n".join(fuzz.failures)
    assert fuzz.requests > 1000, "Fewer requests than expected: did the pages stop rendering?"
