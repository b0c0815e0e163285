# Versionet: krahasimi, rikthimi, paraparja.
revisions-title = Versionet
revisions-revision = Versioni { $n }
revisions-older = Versioni më i vjetër
revisions-newer = Versioni më i ri
revisions-compare = Krahaso
revisions-compare-previous = { $date }: krahaso me versionin e mëparshëm
revisions-first = Versioni i parë: gjithçka në të është e re.
revisions-restore = Rikthe këtë version
revisions-legend = Shpjegimi:
revisions-removed = hequr
revisions-added = shtuar
revisions-unchanged = { $count ->
    [one] Një paragraf i pandryshuar
   *[other] { $count } paragrafë të pandryshuar
}
revisions-no-differences = Të dy versionet kanë të njëjtën përmbajtje.
revisions-details-missing = Njëri nga këto versione u ruajt para se të regjistroheshin detajet e artikullit: krahasohen vetëm titulli, hyrja dhe teksti.
revisions-deleted = #{ $id } (i fshirë)
revisions-preview = Paraparja
preview-banner = Paraparje — i pabotuar
admin-done-article-restored = Versioni u rikthye dhe u ruajt si version i ri.
admin-done-article-restored-skipped = Versioni u rikthye si version i ri. Disa nga rubrikat, etiketat, rajonet, autorët ose figurat e tij nuk ekzistojnë më dhe u lanë jashtë.
admin-done-article-restored-slug-kept = Versioni u rikthye si version i ri. Adresa (slug) e tij i përket tani një artikulli tjetër, prandaj u mbajt adresa e tanishme.
admin-done-article-restored-skipped-slug-kept = Versioni u rikthye si version i ri. Disa nga rubrikat, etiketat, rajonet, autorët ose figurat e tij nuk ekzistojnë më dhe u lanë jashtë; adresa (slug) e tij i përket tani një artikulli tjetër, prandaj u mbajt adresa e tanishme.
