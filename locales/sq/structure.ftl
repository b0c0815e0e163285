## Redaksia: struktura e faqes (rubrikat, etiketat, rajonet, autorët, faqja kryesore)

structure-nav = Struktura e faqes
structure-tab-sections = Rubrikat
structure-tab-tags = Etiketat
structure-tab-authors = Autorët
structure-tab-home = Faqja kryesore
structure-tab-regions = Rajonet

structure-sections-title = Rubrikat
structure-section-new = Rubrikë e re
structure-section-new-title = Rubrikë e re
structure-section-edit-title = Ndrysho rubrikën
structure-tags-title = Etiketat
structure-tag-new = Etiketë e re
structure-tag-new-title = Etiketë e re
structure-tag-edit-title = Ndrysho etiketën
structure-regions-title = Rajonet
structure-region-new = Rajon i ri
structure-region-new-title = Rajon i ri
structure-region-edit-title = Ndrysho rajonin
structure-authors-title = Profilet e autorëve
structure-author-new = Profil i ri autori
structure-author-new-title = Profil i ri autori
structure-author-edit-title = Ndrysho profilin e autorit
structure-home-title = Faqja kryesore

structure-col-name = Emri
structure-col-slug = Adresa
structure-col-slug-sq = Adresa (shqip)
structure-col-slug-en = Adresa (anglisht)
structure-col-position = Renditja
structure-col-in-menu = Në meny
structure-yes = Po
structure-no = Jo
structure-none = Ende nuk ka asgjë këtu.
structure-view-public = Shiheni në faqe

structure-field-name = Emri
structure-field-slug = Adresa (slug)
structure-field-description = Përshkrimi
structure-field-parent = Rubrika mëmë
structure-field-position = Renditja (0 vjen e para)
structure-field-in-menu = Shfaqe në menynë e faqes dhe si bllok në faqen kryesore
structure-field-bio = Biografia
structure-field-photo = Fotografia (numri në mediatekë)
structure-field-links = Lidhjet
structure-no-parent = Asnjë (rubrikë e nivelit të parë)
structure-slug-hint = Shkronja të vogla a–z, shifra dhe viza të vetme. Nëse e lini bosh, krijohet nga emri. Kur ndryshon, adresa e vjetër vazhdon të çojë këtu.
structure-email-hint = Jo e detyrueshme; nuk shfaqet kurrë në faqe.
structure-bio-hint = Markdown: *pjerrët*, **trashë**, [lidhje](https://example.org).
structure-photo-hint = Numri i një figure në mediatekë; bosh nëse s'ka fotografi.
structure-links-hint = Një për rresht: emërtimi, një vijë vertikale, adresa. Për shembull: Faqja | https://example.org

structure-delete = Fshije
structure-delete-section = Fshije këtë rubrikë
structure-delete-tag = Fshije këtë etiketë
structure-delete-region = Fshije këtë rajon
structure-delete-author = Fshije këtë profil autori
structure-section-usage = Në këtë rubrikë { $articles ->
    [one] është një artikull
   *[other] janë { $articles } artikuj
  } dhe { $children ->
    [one] një nënrubrikë
   *[other] { $children } nënrubrika
  }.
structure-section-delete-hint = Një rubrikë mund të fshihet kur nuk ka më artikuj dhe nënrubrika: zhvendosini ato më parë në një rubrikë tjetër.
structure-term-usage = { $articles ->
    [0] Nuk e përdor asnjë artikull.
    [one] E përdor një artikull.
   *[other] E përdorin { $articles } artikuj.
  }
structure-term-delete-hint = Mund të fshihet kur nuk e përdor më asnjë artikull: hiqeni më parë nga ata artikuj, ose ndryshojini emrin.
structure-author-usage = { $articles ->
    [0] Nuk ka artikuj me emrin e tij.
    [one] Autor i një artikulli.
   *[other] Autor i { $articles } artikujve.
  }
structure-author-delete-hint = Një profil me artikuj nuk mund të fshihet: artikujt do të mbeteshin pa autor. Ndryshoni profilin më mirë.

structure-top-stories = Lajmet kryesore
structure-top-hint = Lajmet kryesore dalin të parat në faqen kryesore të gjuhës së tyre, më të rejat në krye. Këtu renditen artikujt e fundit në të dy gjuhët.
structure-is-top = lajm kryesor
structure-top-add = Bëje lajm kryesor
structure-top-remove = Hiqe nga kryesoret
structure-blocks = Blloqet e rubrikave
structure-blocks-hint = Faqja kryesore shfaq një bllok për çdo rubrikë në meny, në këtë renditje; menyja ndjek të njëjtën renditje.
structure-not-in-menu = jo në meny
structure-move-up = Lart
structure-move-down = Poshtë

structure-error-name = Jepni një emër prej 1 deri në 120 shenja në secilën gjuhë.
structure-error-slug = Adresa mund të ketë vetëm shkronja të vogla a–z, shifra dhe viza të vetme.
structure-error-slug-taken = Këtë adresë e përdor tashmë diçka tjetër në atë gjuhë.
structure-error-slug-reserved = Këtë adresë e përdor vetë faqja për faqet e veta; zgjidhni një tjetër.
structure-error-slug-page = Në këtë adresë përgjigjet tashmë një faqe statike.
structure-error-description = Përshkrimi mund të ketë deri në 1.000 shenja.
structure-error-parent = Kjo rubrikë mëmë nuk është e mundur: nuk ekziston, ose është kjo vetë rubrikë apo një brenda saj.
structure-error-position = Renditja është një numër i plotë nga 0 deri në 10.000.
structure-error-email = Kjo adresë e-maili nuk është e vlefshme.
structure-error-bio = Biografia mund të ketë deri në 5.000 shenja Markdown.
structure-error-links = Shkruani secilën lidhje si emërtim, vijë vertikale dhe adresë që nis me https:// (deri në 12 lidhje).
structure-error-photo = Në mediatekë nuk ka figurë me këtë numër.
structure-error-section-has-articles = Kjo rubrikë ka ende artikuj. Zhvendosini më parë në një rubrikë tjetër.
structure-error-section-has-children = Kjo rubrikë ka ende nënrubrika. Zhvendosini ose fshijini më parë.
structure-error-tag-has-articles = Kjo etiketë është ende në disa artikuj. Hiqeni më parë prej tyre, ose ndryshojini emrin.
structure-error-region-has-articles = Disa artikuj janë ende në këtë rajon. Hiqeni më parë prej tyre, ose ndryshojini emrin.
structure-error-author-has-bylines = Ky autor ka ende artikuj me emrin e tij, prandaj profili nuk mund të fshihet.
structure-error-in-use = Është ende në përdorim.

admin-done-section-created = Rubrika u krijua.
admin-done-section-saved = Rubrika u ruajt; faqja e shfaq tashmë.
admin-done-section-deleted = Rubrika u fshi.
admin-done-tag-created = Etiketa u krijua.
admin-done-tag-saved = Etiketa u ruajt; faqja e shfaq tashmë.
admin-done-tag-deleted = Etiketa u fshi.
admin-done-region-created = Rajoni u krijua.
admin-done-region-saved = Rajoni u ruajt; faqja e shfaq tashmë.
admin-done-region-deleted = Rajoni u fshi.
admin-done-author-created = Profili i autorit u krijua.
admin-done-author-saved = Profili i autorit u ruajt; faqja e shfaq tashmë.
admin-done-author-deleted = Profili i autorit u fshi.
admin-done-top-added = Artikulli tani është lajm kryesor.
admin-done-top-removed = Artikulli nuk është më lajm kryesor.
admin-done-blocks-reordered = Renditja e blloqeve të rubrikave u ruajt.

admin-audit-section-created = Rubrikë e krijuar
admin-audit-section-saved = Rubrikë e ndryshuar
admin-audit-section-deleted = Rubrikë e fshirë
admin-audit-tag-created = Etiketë e krijuar
admin-audit-tag-saved = Etiketë e ndryshuar
admin-audit-tag-deleted = Etiketë e fshirë
admin-audit-region-created = Rajon i krijuar
admin-audit-region-saved = Rajon i ndryshuar
admin-audit-region-deleted = Rajon i fshirë
admin-audit-author-created = Profil autori i krijuar
admin-audit-author-saved = Profil autori i ndryshuar
admin-audit-author-deleted = Profil autori i fshirë
admin-audit-top-added = Lajm kryesor i shtuar
admin-audit-top-removed = Lajm kryesor i hequr
admin-audit-blocks-reordered = Blloqet e faqes kryesore u rirenditën

## Faqet statike dhe menytë

structure-tab-pages = Faqet
structure-tab-menus = Menytë
structure-pages-title = Faqet statike
structure-page-new = Faqe e re
structure-page-new-title = Faqe e re statike
structure-page-edit-title = Ndrysho faqen statike
structure-col-title = Titulli
structure-col-language = Gjuha
structure-col-state = Gjendja
structure-col-translation = E përkthyer
structure-published = E botuar
structure-hidden = E fshehur
structure-field-title = Titulli
structure-field-body = Teksti
structure-field-published = E botuar (shfaqet në faqe)
structure-field-translation-of = Përkthim i
structure-no-translation = Asnjë (faqe më vete)
structure-delete-page = Fshije këtë faqe
structure-page-delete-hint = Faqja hiqet nga faqja e internetit; përkthimi i saj mbetet. Një faqe te e cila çon një meny nuk mund të fshihet: hiqeni më parë nga menyja, ose fshiheni faqen.
structure-menus-title = Menytë
structure-menus-hint = Një lidhje për rresht: emërtimi, një vijë vertikale, pastaj një adresë në këtë faqe (/sq/rreth-nesh) ose në internet (https://…). Renditja e rreshtave është renditja e menysë; një meny bosh nuk shfaqet.
structure-menu-footer = Menyja e fundit të faqes
structure-menu-items = Lidhjet
structure-error-language = Zgjidhni shqip ose anglisht.
structure-error-title = Jepni një titull prej 1 deri në 300 shenja.
structure-error-slug-section = Në këtë adresë përgjigjet tashmë një rubrikë.
structure-error-body = Teksti nuk mund të ruhet kështu siç është; ringarkoni faqen dhe provoni sërish.
structure-error-translation = Kjo faqe nuk mund të jetë përkthimi: është në të njëjtën gjuhë ose ka tashmë një përkthim.
structure-error-page-in-menu = Një meny çon ende te kjo faqe. Hiqeni më parë nga menyja, ose fshiheni faqen.
structure-error-menu = Shkruani secilën lidhje si emërtim, vijë vertikale dhe adresë që nis me / ose https:// (deri në 30 lidhje).
admin-done-page-created = Faqja u krijua.
admin-done-page-saved = Faqja u ruajt; faqja e internetit e shfaq tashmë.
admin-done-page-deleted = Faqja u fshi.
admin-done-menu-saved = Menyja u ruajt; faqja e internetit e shfaq tashmë.
admin-audit-page-created = Faqe statike e krijuar
admin-audit-page-saved = Faqe statike e ndryshuar
admin-audit-page-deleted = Faqe statike e fshirë
admin-audit-menu-saved = Meny e ndryshuar

## Profilet e autorëve dhe llogaritë e redaksisë

structure-field-account = Llogaria në redaksi
structure-no-account = Asnjë
structure-account-hint = Llogaria në redaksi e këtij autori: artikujt me emrin e tij bëhen kështu artikujt e vetë asaj llogarie (autorët mund t'i botojnë artikujt e tyre).
structure-error-account = Nuk ka llogari në redaksi me këtë numër.
