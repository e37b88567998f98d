"""One account per email address in any case. Accounts were always made lower-case, but an
address typed into the admin kept its capitals: two accounts whose addresses differ only in
case stop the migration with their ids, for an administrator to merge or rename first."""
import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def no_two_accounts_per_address(apps, schema_editor):
    User = apps.get_model("organisations", "User")
    clashes = (User.objects.annotate(address=Lower("email")).values("address")
               .annotate(n=Count("id")).filter(n__gt=1))
    if clashes.exists():
        ids = sorted(User.objects.annotate(address=Lower("email"))
                     .filter(address__in=[c["address"] for c in clashes])
                     .values_list("id", flat=True))
        raise RuntimeError(f"Accounts {ids} share an email address in different case. Rename "
                           "or deactivate and rename all but one of each, then migrate again.")


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(no_two_accounts_per_address, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), name='user_email_unique_in_any_case'),
        ),
    ]
