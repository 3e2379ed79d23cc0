"""The admin's review of a summary: one roundtable at a time, each proposal accepted, edited or rejected.

The document's proposals (SourceDocument.proposals) hold the parser's items with their decision;
each step saves the reviewer's edits there, with a history version, so a long summary is
reviewed in steps and a reviewer can stop and come back.
"""

import itertools

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gfmd_portal.fields import normalise_newlines
from recommendations.models import Recommendation
from roundtables.models import Country

from .services import ACCEPTED, PENDING, REJECTED

DECISION_CHOICES = [
    (ACCEPTED, gettext_lazy("Accept")),
    (PENDING, gettext_lazy("Decide later")),
    (REJECTED, gettext_lazy("Reject")),
]
PART_LABELS = {
    "roles": gettext_lazy("Roles"),
    "key_points": gettext_lazy("Key points"),
    "practices": gettext_lazy("Examples of practice"),
    "frameworks": gettext_lazy("Frameworks cited"),
    "recommendations": gettext_lazy("Recommendations"),
}
EDITABLE = {
    "roles": (),
    "key_points": ("heading", "text", "excerpt"),
    "practices": ("country", "text", "excerpt"),
    "frameworks": (),
    "recommendations": ("made_by", "text", "excerpt"),
}


class ProposalForm(forms.Form):
    """One proposal: its decision and, where the record has them, the texts a reviewer may correct."""

    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect)
    heading = forms.CharField(label=gettext_lazy("heading"), max_length=200, required=False)
    country = forms.ChoiceField(label=gettext_lazy("country"), required=False)
    made_by = forms.ChoiceField(label=gettext_lazy("made by"), choices=Recommendation.MadeBy.choices, required=False)
    text = forms.CharField(label=gettext_lazy("display text"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    excerpt = forms.CharField(
        label=gettext_lazy("source excerpt (verbatim)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
        required=False,
    )

    def __init__(self, *args, part, item, document_text, **kwargs):
        initial = {
            name: item.get(name, "") for name in ("decision", "heading", "country", "made_by", "text", "excerpt")
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.part, self.item, self.document_text = part, item, document_text
        for name in ("heading", "country", "made_by", "text", "excerpt"):
            if name not in EDITABLE[part]:
                del self.fields[name]
        if "country" in self.fields:
            self.fields["country"].choices = list(Country.objects.values_list("iso3", "name"))
        if part in ("key_points", "practices", "recommendations"):
            self.fields["text"].required = True
        if item.get("created"):
            for field in self.fields.values():
                field.disabled = True

    def clean_excerpt(self):
        """An edited excerpt must be verbatim in the document: its new span is found there, nearest the old one."""
        excerpt = normalise_newlines(self.cleaned_data.get("excerpt", ""))
        if excerpt == self.item["excerpt"]:
            self.span = (self.item["start"], self.item["end"])
            return excerpt
        if not excerpt.strip():
            raise forms.ValidationError(_("The excerpt cannot be empty."))
        starts = []
        position = self.document_text.find(excerpt)
        while position >= 0:
            starts.append(position)
            position = self.document_text.find(excerpt, position + 1)
        if not starts:
            raise forms.ValidationError(
                _("This text is not in the document word for word (line breaks included); copy it from the document.")
            )
        start = min(starts, key=lambda s: abs(s - self.item["start"]))
        self.span = (start, start + len(excerpt))
        return excerpt

    def apply(self):
        """Write the reviewer's decision and edits into the proposal item."""
        if self.item.get("created"):
            return
        data = self.cleaned_data
        self.item["decision"] = data["decision"]
        for name in ("heading", "country", "made_by", "text"):
            if name in self.fields:
                self.item[name] = data[name]
        if "excerpt" in self.fields:
            self.item["excerpt"] = data["excerpt"]
            self.item["start"], self.item["end"] = self.span


def forms_for(roundtable, document_text, data=None):
    """[(part, label, [form, ...])] for one roundtable's proposals."""
    groups = []
    for part, label in PART_LABELS.items():
        items = roundtable.get(part, [])
        forms_ = [
            ProposalForm(data, prefix=f"{part}-{index}", part=part, item=item, document_text=document_text)
            for index, item in enumerate(items)
        ]
        if forms_:
            groups.append((part, label, forms_))
    return groups


def segments(text, roundtable):
    """The document's text cut where proposals begin and end: [(text, mark)] where mark names the proposal shown."""
    spans = []
    for part in PART_LABELS:
        for index, item in enumerate(roundtable.get(part, [])):
            spans.append((item["start"], item["end"], f"{part}-{index}", part, item.get("decision", PENDING)))
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    result = []
    for start, end in itertools.pairwise(cuts):
        covering = [s for s in spans if s[0] <= start and end <= s[1]]
        # The innermost proposal is the one marked: a framework inside a recommendation shows as the framework.
        mark = min(covering, key=lambda s: s[1] - s[0]) if covering else None
        result.append(
            {
                "text": text[start:end],
                "id": mark[2] if mark else "",
                "part": mark[3] if mark else "",
                "decision": mark[4] if mark else "",
            }
        )
    return result
