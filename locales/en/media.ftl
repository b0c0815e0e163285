## The newsroom's media library (/admin/media)

admin-nav-media = Media
admin-media-title = Media library
admin-media-item-title = Image
admin-media-upload = Upload an image
admin-media-file = Image file
admin-media-file-hint = JPEG, PNG, WebP or GIF, up to { $max }. Location and camera data are removed; the picture is turned upright and stored in several sizes.
admin-media-upload-button = Upload
admin-media-alt-sq = Alt text (Albanian)
admin-media-alt-en = Alt text (English)
admin-media-alt-hint = What the picture shows, for readers who cannot see it. Articles with images that lack alt text in their language cannot be published.
admin-media-caption-sq = Caption (Albanian)
admin-media-caption-en = Caption (English)
admin-media-credit = Credit
admin-media-licence = Licence
admin-media-focal = Focal point (kept in view when the image is cropped)
admin-media-focal-x = From the left, %
admin-media-focal-y = From the top, %
admin-media-search = Search alt text, captions and credits
admin-media-search-button = Search
admin-media-count = { $count ->
    [one] One image
   *[other] { $count } images
}
admin-media-empty = No images here yet.
admin-media-no-alt-sq = no Albanian alt text
admin-media-no-alt-en = no English alt text
admin-media-reuse = To use this image in an article, give its number to the editor's figure button: { $id }.
admin-media-not-yours = Only the person who uploaded this image, editors and administrators can change or delete it.
admin-media-used-in = Used in
admin-media-unused = Not used anywhere.
admin-media-use-featured = Featured image of the article
admin-media-use-social = Social image of the article
admin-media-use-figure = Figure in the article
admin-media-use-page-figure = Figure on the page
admin-media-use-author-photo = Photo of the author
admin-media-use-edition-cover = Cover of the edition
admin-media-use-edition-pdf = PDF of the edition
admin-media-file-facts = File
admin-media-size = Size
admin-media-uploaded = Uploaded
admin-media-colour = Placeholder colour
admin-media-delete = Delete this image
admin-media-publish-title = Alt text needed
admin-media-add-alt = add alt text
admin-media-back-to-article = Back to the article
admin-media-lang-sq = Albanian
admin-media-lang-en = English

admin-media-error-not-image = That file is not a JPEG, PNG, WebP or GIF image. Nothing was saved.
admin-media-error-too-large = That file is larger than { $max }. Nothing was saved.
admin-media-error-too-many-pixels = That image has too many pixels to process (at most 64 megapixels, 12,000 on a side). Nothing was saved.
admin-media-error-corrupt = That image is damaged and could not be read. Nothing was saved.
admin-media-error-no-file = Choose an image file to upload.
admin-media-error-alt-long = Alt text can be at most 500 characters.
admin-media-error-text-long = Captions can be at most 1,000 characters, credit and licence 200.
admin-media-error-focal = The focal point is two percentages from 0 to 100.
admin-media-error-in-use = This image cannot be deleted: it is still used in { $count ->
    [one] one place
   *[other] { $count } places
}: { $names }.
admin-media-error-publish-alt = This article cannot be published yet: { $count ->
    [one] one image has
   *[other] { $count } images have
} no alt text in { $language } ({ $ids }). Add it, then publish again.

admin-done-media-uploaded = The image was uploaded. Add its alt text and caption here.
admin-done-media-saved = The image's details were saved.
admin-done-media-deleted = The image and its files were deleted.
admin-media-pick-open = Choose from the library
admin-media-pick-title = Choose an image
admin-media-pick-close = Close
admin-media-pick-failed = The library could not be loaded. Type the image's number instead.
admin-media-pick-more = Show more
admin-media-pick-no-alt = (no description)
