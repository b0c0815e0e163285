# Revisions: compare, restore, preview.
revisions-title = Revisions
revisions-revision = Revision { $n }
revisions-older = Older revision
revisions-newer = Newer revision
revisions-compare = Compare
revisions-compare-previous = { $date }: compare with the revision before
revisions-first = The first revision: everything in it is new.
revisions-restore = Restore this revision
revisions-legend = Legend:
revisions-removed = removed
revisions-added = added
revisions-unchanged = { $count ->
    [one] One unchanged paragraph
   *[other] { $count } unchanged paragraphs
}
revisions-no-differences = The two revisions hold the same content.
revisions-details-missing = One of these revisions was saved before the article details were recorded: only the title, standfirst and body are compared.
revisions-deleted = #{ $id } (deleted)
revisions-preview = Preview
preview-banner = Preview — not published
admin-done-article-restored = Revision restored: it is saved as a new revision.
admin-done-article-restored-skipped = Revision restored as a new revision. Some of its sections, tags, regions, bylines or images no longer exist and were left out.
admin-done-article-restored-slug-kept = Revision restored as a new revision. Its slug now belongs to another article, so the current slug was kept.
admin-done-article-restored-skipped-slug-kept = Revision restored as a new revision. Some of its sections, tags, regions, bylines or images no longer exist and were left out; its slug now belongs to another article, so the current slug was kept.
