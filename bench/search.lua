-- Rotates through reader searches in both languages (words of the synthetic articles, an
-- Albanian word typed without diacritics, two-word searches, filters, sorting by date).
-- Set wrk's path to "live" to hit the live endpoint with prefixes instead.
local full = {
  "/en/search?q=elections",
  "/en/search?q=court+reform",
  "/en/search?q=security+dialogue&sort=date",
  "/en/search?q=minister",
  "/en/search?q=economy+investment&in=all",
  "/en/search?q=%22prime+minister%22",
  "/sq/kerko?q=zgjedhjet",
  "/sq/kerko?q=marreveshja",
  "/sq/kerko?q=gjykata+reforma",
  "/sq/kerko?q=energjia&sort=date",
  "/sq/kerko?q=bashkepunimi+rajoni",
  "/sq/kerko?q=opozita&page=3",
}
local live = {
  "/en/search/live?q=elec",
  "/en/search/live?q=court+ref",
  "/en/search/live?q=minis",
  "/sq/kerko/live?q=zgjed",
  "/sq/kerko/live?q=gjykata+ref",
  "/sq/kerko/live?q=energ",
}
local paths = full
local i = 0
init = function(args)
  if args[1] == "live" then paths = live end
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Accept-Encoding"] = "br" })
end
