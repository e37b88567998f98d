"""Write the API's OpenAPI schema, from the code, to docs/api/openapi.json (`make api-schema`);
a test fails while the file in the repository differs from the code's."""
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from api.urls import api

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"


class Command(BaseCommand):
    help = "Write the API's OpenAPI schema to docs/api/openapi.json."

    def handle(self, *args, **options):
        schema = api.get_openapi_schema()
        SCHEMA_FILE.write_text(json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False)
                               + "\n", encoding="utf-8")
        self.stdout.write(f"Wrote {SCHEMA_FILE.relative_to(settings.BASE_DIR)}.")
