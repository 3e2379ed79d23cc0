from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Recommendation

admin.site.register(Recommendation, SimpleHistoryAdmin)
