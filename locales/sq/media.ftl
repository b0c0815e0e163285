## Mediateka e redaksisë (/admin/media)

admin-nav-media = Mediateka
admin-media-title = Mediateka
admin-media-item-title = Imazhi
admin-media-upload = Ngarko një imazh
admin-media-file = Skedari i imazhit
admin-media-file-hint = JPEG, PNG, WebP ose GIF, deri në { $max }. Të dhënat e vendndodhjes dhe të aparatit hiqen; imazhi drejtohet dhe ruhet në disa madhësi.
admin-media-upload-button = Ngarko
admin-media-alt-sq = Teksti alternativ (shqip)
admin-media-alt-en = Teksti alternativ (anglisht)
admin-media-alt-hint = Çfarë tregon imazhi, për lexuesit që nuk e shohin dot. Artikujt me imazhe pa tekst alternativ në gjuhën e tyre nuk mund të botohen.
admin-media-caption-sq = Legjenda (shqip)
admin-media-caption-en = Legjenda (anglisht)
admin-media-credit = Burimi
admin-media-licence = Licenca
admin-media-focal = Pika e fokusit (mbetet në pamje kur imazhi pritet)
admin-media-focal-x = Nga e majta, %
admin-media-focal-y = Nga lart, %
admin-media-search = Kërko në tekstet alternative, legjendat dhe burimet
admin-media-search-button = Kërko
admin-media-count = { $count ->
    [one] Një imazh
   *[other] { $count } imazhe
}
admin-media-empty = Këtu nuk ka ende imazhe.
admin-media-no-alt-sq = pa tekst alternativ shqip
admin-media-no-alt-en = pa tekst alternativ anglisht
admin-media-reuse = Për ta vendosur këtë imazh në një artikull, jepini butonit të figurës në redaktues numrin e tij: { $id }.
admin-media-not-yours = Këtë imazh mund ta ndryshojë ose ta fshijë vetëm kush e ngarkoi, redaktorët dhe administratorët.
admin-media-used-in = Përdoret te
admin-media-unused = Nuk përdoret askund.
admin-media-use-featured = Imazhi kryesor i artikullit
admin-media-use-social = Imazhi për rrjetet sociale i artikullit
admin-media-use-figure = Figurë në artikull
admin-media-use-page-figure = Figurë në faqe
admin-media-use-author-photo = Fotoja e autorit
admin-media-use-edition-cover = Kopertina e botimit
admin-media-use-edition-pdf = PDF-ja e botimit
admin-media-file-facts = Skedari
admin-media-size = Madhësia
admin-media-uploaded = U ngarkua
admin-media-colour = Ngjyra zëvendësuese
admin-media-delete = Fshije këtë imazh
admin-media-publish-title = Duhet tekst alternativ
admin-media-add-alt = shto tekst alternativ
admin-media-back-to-article = Kthehu te artikulli
admin-media-lang-sq = shqip
admin-media-lang-en = anglisht

admin-media-error-not-image = Ky skedar nuk është imazh JPEG, PNG, WebP ose GIF. Nuk u ruajt asgjë.
admin-media-error-too-large = Ky skedar është më i madh se { $max }. Nuk u ruajt asgjë.
admin-media-error-too-many-pixels = Ky imazh ka shumë piksela për t'u përpunuar (jo më shumë se 64 megapiksela, 12 000 për anë). Nuk u ruajt asgjë.
admin-media-error-corrupt = Ky imazh është i dëmtuar dhe nuk u lexua dot. Nuk u ruajt asgjë.
admin-media-error-no-file = Zgjidh një skedar imazhi për ta ngarkuar.
admin-media-error-alt-long = Teksti alternativ mund të ketë deri në 500 shenja.
admin-media-error-text-long = Legjendat mund të kenë deri në 1 000 shenja, burimi dhe licenca deri në 200.
admin-media-error-focal = Pika e fokusit jepet me dy përqindje nga 0 deri në 100.
admin-media-error-in-use = Ky imazh nuk mund të fshihet: përdoret ende { $count ->
    [one] në një vend
   *[other] në { $count } vende
}: { $names }.
admin-media-error-publish-alt = Ky artikull nuk mund të botohet ende: { $count ->
    [one] një imazh nuk ka
   *[other] { $count } imazhe nuk kanë
} tekst alternativ në { $language } ({ $ids }). Shtojeni dhe botojeni përsëri.

admin-done-media-uploaded = Imazhi u ngarkua. Shtoni këtu tekstin alternativ dhe legjendën.
admin-done-media-saved = Të dhënat e imazhit u ruajtën.
admin-done-media-deleted = Imazhi dhe skedarët e tij u fshinë.
admin-media-pick-open = Zgjidh nga mediateka
admin-media-pick-title = Zgjidhni një imazh
admin-media-pick-close = Mbyll
admin-media-pick-failed = Mediateka nuk u ngarkua. Shkruani numrin e imazhit.
admin-media-pick-more = Shfaq më shumë
admin-media-pick-no-alt = (pa përshkrim)
