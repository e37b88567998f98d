"""The agreement each commissioning link held in its own three fields (reference, start, end)
becomes that link's first ``Agreement`` (a service level agreement), so agreements are kept in
one place; ``organisations`` then drops the fields."""
from django.db import migrations


def copy_forward(apps, schema_editor):
    Commissioning = apps.get_model("organisations", "Commissioning")
    Agreement = apps.get_model("commissioning", "Agreement")
    links = (Commissioning.objects.exclude(agreement_reference="")
             .filter(agreement_starts__isnull=False))
    Agreement.objects.bulk_create([
        Agreement(link=link, kind="sla", reference=link.agreement_reference,
                  starts=link.agreement_starts, ends=link.agreement_ends)
        for link in links.iterator()])


def copy_back(apps, schema_editor):
    Commissioning = apps.get_model("organisations", "Commissioning")
    Agreement = apps.get_model("commissioning", "Agreement")
    for agreement in Agreement.objects.order_by("link_id", "-starts"):
        Commissioning.objects.filter(pk=agreement.link_id, agreement_reference="").update(
            agreement_reference=agreement.reference, agreement_starts=agreement.starts,
            agreement_ends=agreement.ends)


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0002_agreements_support")]
    operations = [migrations.RunPython(copy_forward, copy_back)]
