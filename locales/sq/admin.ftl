## Redaksia (/admin)

admin-brand = Redaksia Revista
admin-nav-label = Redaksia
admin-nav-dashboard = Pasqyra
admin-nav-articles = Artikujt
admin-nav-staff = Stafi
admin-nav-audit = Regjistri i veprimeve
admin-nav-account = Llogaria ime
admin-view-site = Shiko faqen
admin-logout = Dil
admin-back-to-newsroom = Kthehu te redaksia
admin-role-contributor = Bashkëpunëtor
admin-role-author = Autor
admin-role-editor = Redaktor
admin-role-admin = Administrator
admin-lang-sq = Shqip
admin-lang-en = Anglisht

admin-login-title = Hyr
admin-login-submit = Hyr
admin-login-failed = Adresa e postës elektronike ose fjalëkalimi është i gabuar.
admin-login-throttled = Shumë përpjekje të dështuara. Provo sërish pas { $minutes } { $minutes ->
    [one] minute
   *[other] minutash
  }.
admin-email = Adresa e postës elektronike
admin-password = Fjalëkalimi
admin-name = Emri
admin-new-password = Fjalëkalimi i ri
admin-new-password-again = Fjalëkalimi i ri, sërish
admin-current-password = Fjalëkalimi i tanishëm
admin-password-hint = Të paktën 10 shenja. Një fjali që e mban mend është zgjedhje e mirë.

admin-invite-title = Bashkohu me redaksinë
admin-invite-intro = Je ftuar si { $role } me adresën { $email }. Zgjidh emrin që do të shohin kolegët dhe një fjalëkalim.
admin-invite-invalid = Kjo lidhje ftese nuk është e vlefshme: është përdorur, është tërhequr ose ka skaduar. Kërkoji një të re një administratori.
admin-invite-submit = Krijo llogarinë time

admin-dashboard-title = Pasqyra
admin-dashboard-hello = Mirë se erdhe, { $name }.
admin-counts-everyone = Artikujt e redaksisë
admin-counts-mine = Artikujt e mi
admin-recent = Ndryshuar së fundi
admin-all-articles = Të gjithë artikujt
admin-no-articles = Ende nuk ka artikuj këtu.
admin-articles-title = Artikujt
admin-articles-count = { $count ->
    [one] Një artikull
   *[other] { $count } artikuj
  }
admin-only-yours = vetëm artikujt që i nise ose i shkrove ti
admin-any = Çfarëdo
admin-filter = Filtro
admin-pages = Faqet
admin-prev = Para
admin-next = Pas
admin-older = Shënime më të vjetra
admin-page-of = Faqja { $page } nga { $pages }
admin-col-title = Titulli
admin-col-language = Gjuha
admin-col-status = Gjendja
admin-col-authors = Autorët
admin-col-updated = Ndryshuar
admin-col-role = Roli
admin-col-state = Gjendja
admin-col-actions = Veprime
admin-col-browser = Shfletuesi
admin-col-address = Adresa
admin-col-signed-in = Hyrë më
admin-col-last-seen = Aktiv së fundi
admin-col-when = Kur
admin-col-who = Kush
admin-col-what = Çfarë
admin-col-detail = Hollësi
admin-status-draft = Skicë
admin-status-in-review = Në shqyrtim
admin-status-scheduled = I planifikuar
admin-status-published = I botuar
admin-status-unpublished = I tërhequr

admin-account-title = Llogaria ime
admin-change-password = Ndrysho fjalëkalimin
admin-interface-language = Gjuha e redaksisë
admin-save = Ruaj
admin-sessions = Ku je i futur
admin-sessions-hint = Nxirr jashtë çdo shfletues që nuk e njeh. Ndryshimi i fjalëkalimit nxjerr jashtë edhe të gjithë shfletuesit e tjerë.
admin-this-browser = ky shfletues
admin-sign-out-this = Nxirre
admin-sign-out-everywhere = Dil kudo tjetër

admin-staff-title = Stafi
admin-you = ti
admin-state-active = Aktiv
admin-state-disabled = I çaktivizuar
admin-disable = Çaktivizo
admin-enable = Aktivizo
admin-invite-someone = Fto dikë
admin-invite-create = Krijo lidhjen e ftesës
admin-invite-link-title = Lidhja e ftesës
admin-invite-link-text = Dërgoja këtë lidhje personit që ftove. Vlen një herë, për shtatë ditë; shfaqet vetëm tani.
admin-open-invites = Ftesa të hapura
admin-no-invites = Nuk ka ftesa të hapura.
admin-until = deri më { $date }
admin-withdraw = Tërhiq

admin-audit-title = Regjistri i veprimeve
admin-audit-empty = Ende nuk është regjistruar asgjë.
admin-audit-login = Hyri
admin-audit-login-failed = Hyrje e dështuar
admin-audit-logout = Doli
admin-audit-invite-created = Ftoi dikë
admin-audit-invite-accepted = Pranoi një ftesë
admin-audit-invite-withdrawn = Tërhoqi një ftesë
admin-audit-role-changed = Ndryshoi një rol
admin-audit-staff-disabled = Çaktivizoi një llogari
admin-audit-staff-enabled = Aktivizoi një llogari
admin-audit-password-changed = Ndryshoi fjalëkalimin
admin-audit-language-changed = Ndryshoi gjuhën
admin-audit-session-ended = Nxori jashtë një shfletues
admin-audit-sessions-ended = Doli kudo tjetër
admin-audit-user-created = Llogari e krijuar nga rreshti i komandave

admin-done-signed-out = Dole nga redaksia.
admin-done-welcome = Mirë se erdhe në redaksi.
admin-done-password-changed = Fjalëkalimi u ndryshua; të gjithë shfletuesit e tjerë u nxorën jashtë.
admin-done-language-changed = Gjuha u ndryshua.
admin-done-session-ended = Ai shfletues u nxor jashtë.
admin-done-sessions-ended = Të gjithë shfletuesit e tjerë u nxorën jashtë.
admin-done-invite-created = Ftesa u krijua.
admin-done-invite-withdrawn = Ftesa u tërhoq.
admin-done-role-changed = Roli u ndryshua.
admin-done-staff-disabled = Llogaria u çaktivizua dhe u nxor jashtë kudo.
admin-done-staff-enabled = Llogaria u aktivizua.

admin-error-name = Jep një emër me 1 deri në 120 shenja.
admin-error-email = Jep një adresë të vlefshme poste elektronike.
admin-error-email-taken = Dikush në staf e ka tashmë këtë adresë.
admin-error-role = Zgjidh një nga rolet.
admin-error-password-mismatch = Dy fjalëkalimet e reja nuk janë të njëjta.
admin-error-password-too-short = Fjalëkalimi duhet të ketë të paktën 10 shenja.
admin-error-password-too-long = Fjalëkalimi duhet të ketë jo më shumë se 256 shenja.
admin-error-password-guessable = Fjalëkalimi merret me mend lehtë: mos përdor emrin ose adresën tënde.
admin-error-current-password = Fjalëkalimi i tanishëm është i gabuar.

error-unauthorized-title = Të lutem hyr
error-unauthorized-text = Seanca jote ka mbaruar. Hyr sërish dhe përsërit atë që po bëje.
error-cross-site-title = Kërkesë e refuzuar
error-cross-site-text = Kjo kërkesë erdhi nga një faqe tjetër, prandaj u refuzua për të mbrojtur llogarinë tënde.
error-bad-form-token-title = Formulari ka skaduar
error-bad-form-token-text = Formulari ishte shumë i vjetër ose erdhi nga diku tjetër. Kthehu, ringarko faqen dhe provo sërish.
error-not-allowed-title = Nuk lejohet
error-not-allowed-text = Roli yt nuk e lejon këtë. Pyet një redaktor ose një administrator.
error-last-admin-title = Administratori i fundit
error-last-admin-text = Redaksia ka nevojë për të paktën një administrator aktiv: bëje dikë tjetër administrator më parë.
error-not-yourself-title = Jo në llogarinë tënde
error-not-yourself-text = Nuk mund ta çaktivizosh llogarinë tënde.
error-invite-taken-title = Adresa është në përdorim
error-invite-taken-text = Ekziston tashmë një llogari me këtë adresë. Hyr me të, ose pyet një administrator.
error-bad-filter-title = Kërkesë e gabuar
error-bad-filter-text = Gjendja ose gjuha e zgjedhur nuk ekziston.
error-bad-role-title = Kërkesë e gabuar
error-bad-role-text = Ai rol nuk ekziston.
error-bad-language-title = Kërkesë e gabuar
error-bad-language-text = Zgjidh shqip ose anglisht.
error-too-many-title = Shumë përpjekje
error-too-many-text = Prit disa minuta para se të provosh sërish.
