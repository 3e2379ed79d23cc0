from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self):
        from django.db.models.signals import post_migrate

        from gfmd_portal import warmup
        from roundtables import counting

        from . import facet_index, fts, topics
        from .counting import value_listing

        # The home, country, theme and framework pages count from the facet index rather than in SQL.
        counting.register(facet_index.public_counts)
        # A new server process reads the index before its first request.
        warmup.register(facet_index.warm)
        counting.register_lister(value_listing)

        post_migrate.connect(
            facet_index.reinstall_after_migrate, sender=self, dispatch_uid="recommendations.facets.install"
        )
        post_migrate.connect(topics.reinstall_after_migrate, sender=self, dispatch_uid="recommendations.topics.install")
        # After topics: its reinstall recomputes the names, which the index then holds.
        post_migrate.connect(fts.reinstall_after_migrate, sender=self, dispatch_uid="recommendations.fts.install")
