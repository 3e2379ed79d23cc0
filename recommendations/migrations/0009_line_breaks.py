"""Line breaks stored as LF: text saved from a browser's form before the fields normalised them held CRLF."""

from django.db import migrations

from gfmd_portal.fields import repair_line_breaks


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0008_topics")]

    operations = [migrations.RunPython(repair_line_breaks("recommendations"), migrations.RunPython.noop, elidable=True)]
