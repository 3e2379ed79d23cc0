from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Actor,
    Country,
    Framework,
    KeyPoint,
    Organisation,
    Practice,
    Roundtable,
    RoundtableRole,
    RoundtableSession,
    Summit,
    Theme,
)

admin.site.site_header = "GFMD Roundtable Portal"
admin.site.site_title = "GFMD Roundtable Portal admin"

for model in (Actor, Country, Framework, Organisation, RoundtableRole, RoundtableSession, Summit, Theme):
    admin.site.register(model)
for model in (Roundtable, KeyPoint, Practice):
    admin.site.register(model, SimpleHistoryAdmin)
