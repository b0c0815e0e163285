## The newsroom: site structure (sections, tags, regions, authors, home page layout)

structure-nav = Site structure
structure-tab-sections = Sections
structure-tab-tags = Tags
structure-tab-authors = Authors
structure-tab-home = Home page
structure-tab-regions = Regions

structure-sections-title = Sections
structure-section-new = New section
structure-section-new-title = New section
structure-section-edit-title = Edit section
structure-tags-title = Tags
structure-tag-new = New tag
structure-tag-new-title = New tag
structure-tag-edit-title = Edit tag
structure-regions-title = Regions
structure-region-new = New region
structure-region-new-title = New region
structure-region-edit-title = Edit region
structure-authors-title = Author profiles
structure-author-new = New author profile
structure-author-new-title = New author profile
structure-author-edit-title = Edit author profile
structure-home-title = Home page layout

structure-col-name = Name
structure-col-slug = Address
structure-col-slug-sq = Address (Albanian)
structure-col-slug-en = Address (English)
structure-col-position = Order
structure-col-in-menu = In the menu
structure-yes = Yes
structure-no = No
structure-none = Nothing here yet.
structure-view-public = See it on the site

structure-field-name = Name
structure-field-slug = Address (slug)
structure-field-description = Description
structure-field-parent = Parent section
structure-field-position = Order (0 comes first)
structure-field-in-menu = Show in the site's menu and as a block on the home page
structure-field-bio = Biography
structure-field-photo = Photo (media library number)
structure-field-links = Links
structure-no-parent = None (a top-level section)
structure-slug-hint = Lowercase letters a–z, digits and single hyphens. Left empty, it is made from the name. When it changes, the old address keeps leading here.
structure-email-hint = Optional; never shown on the site.
structure-bio-hint = Markdown: *italic*, **bold**, [links](https://example.org).
structure-photo-hint = The number of an image in the media library; empty for no photo.
structure-links-hint = One a line: a label, a vertical bar, the address. For example: Website | https://example.org

structure-delete = Delete
structure-delete-section = Delete this section
structure-delete-tag = Delete this tag
structure-delete-region = Delete this region
structure-delete-author = Delete this author profile
structure-section-usage = { $articles ->
    [one] One article
   *[other] { $articles } articles
  } and { $children ->
    [one] one subsection
   *[other] { $children } subsections
  } are filed under this section.
structure-section-delete-hint = A section can be deleted once it has no articles and no subsections: move them to another section first.
structure-term-usage = { $articles ->
    [0] No article uses it.
    [one] One article uses it.
   *[other] { $articles } articles use it.
  }
structure-term-delete-hint = It can be deleted once no article uses it: take it off those articles first, or rename it instead.
structure-author-usage = { $articles ->
    [0] No bylines.
    [one] A byline on one article.
   *[other] Bylines on { $articles } articles.
  }
structure-author-delete-hint = A profile with bylines cannot be deleted: the articles would lose their author. Edit the profile instead.

structure-top-stories = Top stories
structure-top-hint = Top stories lead the home page of their language, newest first. Recent articles of both languages are listed here.
structure-is-top = top story
structure-top-add = Make top story
structure-top-remove = Take off the top
structure-blocks = Section blocks
structure-blocks-hint = The home page shows a block for each section in the menu, in this order; the menu follows the same order.
structure-not-in-menu = not in the menu
structure-move-up = Move up
structure-move-down = Move down

structure-error-name = Give a name of 1 to 120 characters in each language.
structure-error-slug = An address may hold only lowercase letters a–z, digits and single hyphens.
structure-error-slug-taken = Another item already uses this address in that language.
structure-error-slug-reserved = This address is one the site uses for its own pages; choose another.
structure-error-slug-page = A static page already answers at this address.
structure-error-description = A description is at most 1,000 characters.
structure-error-parent = That parent section is not possible: it does not exist, or it is this section or one inside it.
structure-error-position = The order is a whole number from 0 to 10,000.
structure-error-email = That e-mail address is not valid.
structure-error-bio = A biography is at most 5,000 characters of Markdown.
structure-error-links = Write each link as a label, a vertical bar and an address starting with https:// (at most 12 links).
structure-error-photo = There is no image with that number in the media library.
structure-error-section-has-articles = This section still has articles. Move them to another section first.
structure-error-section-has-children = This section still has subsections. Move or delete them first.
structure-error-tag-has-articles = Articles still carry this tag. Take it off them first, or rename the tag instead.
structure-error-region-has-articles = Articles are still filed under this region. Take it off them first, or rename the region instead.
structure-error-author-has-bylines = This author still has bylines, so the profile cannot be deleted.
structure-error-in-use = This is still in use.

admin-done-section-created = The section has been created.
admin-done-section-saved = The section has been saved; the site shows it already.
admin-done-section-deleted = The section has been deleted.
admin-done-tag-created = The tag has been created.
admin-done-tag-saved = The tag has been saved; the site shows it already.
admin-done-tag-deleted = The tag has been deleted.
admin-done-region-created = The region has been created.
admin-done-region-saved = The region has been saved; the site shows it already.
admin-done-region-deleted = The region has been deleted.
admin-done-author-created = The author profile has been created.
admin-done-author-saved = The author profile has been saved; the site shows it already.
admin-done-author-deleted = The author profile has been deleted.
admin-done-top-added = The article is now a top story.
admin-done-top-removed = The article is no longer a top story.
admin-done-blocks-reordered = The order of the section blocks has been saved.

admin-audit-section-created = Section created
admin-audit-section-saved = Section changed
admin-audit-section-deleted = Section deleted
admin-audit-tag-created = Tag created
admin-audit-tag-saved = Tag changed
admin-audit-tag-deleted = Tag deleted
admin-audit-region-created = Region created
admin-audit-region-saved = Region changed
admin-audit-region-deleted = Region deleted
admin-audit-author-created = Author profile created
admin-audit-author-saved = Author profile changed
admin-audit-author-deleted = Author profile deleted
admin-audit-top-added = Top story added
admin-audit-top-removed = Top story removed
admin-audit-blocks-reordered = Home page blocks reordered

## Static pages and menus

structure-tab-pages = Pages
structure-tab-menus = Menus
structure-pages-title = Static pages
structure-page-new = New page
structure-page-new-title = New static page
structure-page-edit-title = Edit static page
structure-col-title = Title
structure-col-language = Language
structure-col-state = State
structure-col-translation = Translated
structure-published = Published
structure-hidden = Hidden
structure-field-title = Title
structure-field-body = Text
structure-field-published = Published (shown on the site)
structure-field-translation-of = Translation of
structure-no-translation = None (a page of its own)
structure-delete-page = Delete this page
structure-page-delete-hint = The page goes from the site; its translation stays. A page that a menu links to cannot be deleted: take it out of the menu first, or hide the page instead.
structure-menus-title = Menus
structure-menus-hint = One link a line: a label, a vertical bar, then an address on this site (/en/about) or on the web (https://…). The order of the lines is the order of the menu; an empty menu is not shown.
structure-menu-footer = Footer menu
structure-menu-items = Links
structure-error-language = Choose Albanian or English.
structure-error-title = Give a title of 1 to 300 characters.
structure-error-slug-section = A section already answers at this address.
structure-error-body = The text cannot be saved as it is; reload the page and try again.
structure-error-translation = That page cannot be the translation: it is in the same language or already has one.
structure-error-page-in-menu = A menu still links to this page. Take it out of the menu first, or hide the page instead.
structure-error-menu = Write each link as a label, a vertical bar and an address starting with / or https:// (at most 30 links).
admin-done-page-created = The page has been created.
admin-done-page-saved = The page has been saved; the site shows it already.
admin-done-page-deleted = The page has been deleted.
admin-done-menu-saved = The menu has been saved; the site shows it already.
admin-audit-page-created = Static page created
admin-audit-page-saved = Static page changed
admin-audit-page-deleted = Static page deleted
admin-audit-menu-saved = Menu changed

## Author profiles and staff accounts

structure-field-account = Staff account
structure-no-account = None
structure-account-hint = The newsroom account of this author: the articles under this byline are then that account's own (authors may publish their own articles).
structure-error-account = There is no staff account with that number.
