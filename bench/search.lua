-- Rotates through reader searches in both languages over the synthetic articles (whose words
-- follow a Zipf distribution, crates/demo/src/words.rs): common words (in about a third of
-- the articles of their language), less common and rare ones (about one in a hundred, and a
-- few dozen articles), two-word searches, a phrase, an Albanian word typed without
-- diacritics, a section filter, both languages, sorting by date and page 3.
-- Set wrk's path to "live" to hit the live endpoint with prefixes instead.
local full = {
  "/en/search?q=government",
  "/en/search?q=court+reform",
  "/en/search?q=security+dialogue&sort=date",
  "/en/search?q=emigration",
  "/en/search?q=necurder&in=all",
  "/en/search?q=%22prime+minister%22",
  "/sq/kerko?q=zgjedhjet",
  "/sq/kerko?q=marreveshja",
  "/sq/kerko?q=gjykata+reforma",
  "/sq/kerko?q=energjia&section=aktualitet",
  "/sq/kerko?q=xhexhashttar",
  "/sq/kerko?q=opozita&page=3",
}
local live = {
  "/en/search/live?q=gove",
  "/en/search/live?q=court+ref",
  "/en/search/live?q=emigr",
  "/sq/kerko/live?q=zgjed",
  "/sq/kerko/live?q=gjykata+ref",
  "/sq/kerko/live?q=emigr",
}
local paths = full
local i = 0
init = function(args)
  if args[1] == "live" then paths = live end
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Accept-Encoding"] = "gzip, deflate, br, zstd" })
end
