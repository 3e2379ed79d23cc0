"""Alignment writes that the alignment page and the recommendation page's inline share."""


def fill_aligned_by(*, alignments, editor):
    """Record the editor's name on alignments saved without one: a person's name reads the same in each language."""
    name = editor.get_full_name() or editor.get_username()
    for alignment in alignments:
        if not alignment.aligned_by:
            alignment.aligned_by = alignment.aligned_by_fr = alignment.aligned_by_es = name
