"""Line breaks stored as LF: text saved from a browser's form before the fields normalised them held CRLF."""

from django.db import migrations

from gfmd_portal.fields import repair_line_breaks


class Migration(migrations.Migration):
    dependencies = [("roundtables", "0004_translations")]

    operations = [migrations.RunPython(repair_line_breaks("roundtables"), migrations.RunPython.noop, elidable=True)]
