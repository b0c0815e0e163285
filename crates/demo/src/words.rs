//! Synthetic text with the word statistics of a real archive: a vocabulary of 100,000
//! word forms per language, built deterministically from syllables around a few hundred real
//! words, drawn with a Zipf distribution (the word of rank `r` is drawn with probability
//! proportional to `1/r`), so a handful of words occur in nearly every article and most words
//! in a few dozen. Fixed collocations ("prime minister", "shoqëria civile") give phrase
//! searches something to find.

use domain::Locale;

/// Word forms per language.
pub const VOCABULARY: usize = 100_000;

/// The most frequent words, in order: they take the first ranks.
const FUNCTION_SQ: &[&str] = &[
    "të", "në", "e", "dhe", "i", "për", "me", "që", "nga", "një", "është", "se", "do", "ka",
    "janë", "kanë", "si", "por", "më", "u", "edhe", "ky", "kjo", "ishte",
];
const FUNCTION_EN: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "that", "is", "for", "on", "with", "as", "was", "by",
    "it", "from", "at", "will", "has", "have", "are", "be", "this", "an", "not",
];

/// Real topic words, placed from fairly common to rare ranks (see `topic_rank`).
const TOPIC_SQ: &[&str] = &[
    "qeveria",
    "parlamenti",
    "zgjedhjet",
    "reforma",
    "integrimi",
    "evropian",
    "rajoni",
    "ekonomia",
    "siguria",
    "dialogu",
    "marrëveshja",
    "ministri",
    "kryeministri",
    "opozita",
    "shoqëria",
    "civile",
    "drejtësia",
    "gjykata",
    "energjia",
    "investimet",
    "kufiri",
    "bashkëpunimi",
    "diplomacia",
    "ambasadori",
    "komisioni",
    "buxheti",
    "çështja",
    "zhvillimi",
    "qytetarët",
    "vendimi",
    "procesi",
    "strategjia",
    "Tirana",
    "Prishtina",
    "Shkupi",
    "Podgorica",
    "Brukseli",
    "Berlini",
    "ligji",
    "mediat",
    "liria",
    "rinia",
    "emigracioni",
];
const TOPIC_EN: &[&str] = &[
    "government",
    "parliament",
    "elections",
    "reform",
    "integration",
    "European",
    "region",
    "economy",
    "security",
    "dialogue",
    "agreement",
    "minister",
    "prime",
    "opposition",
    "society",
    "civil",
    "justice",
    "court",
    "energy",
    "investment",
    "border",
    "cooperation",
    "diplomacy",
    "ambassador",
    "commission",
    "budget",
    "question",
    "development",
    "citizens",
    "decision",
    "process",
    "strategy",
    "Tirana",
    "Pristina",
    "Skopje",
    "Podgorica",
    "Brussels",
    "Berlin",
    "law",
    "media",
    "freedom",
    "youth",
    "emigration",
];

/// Collocations written as a unit now and then.
const PHRASES_SQ: &[&str] = &[
    "Bashkimi Evropian",
    "shoqëria civile",
    "sundimi i ligjit",
    "kryeministri i vendit",
    "marrëveshja e tregtisë",
    "Gjykata Kushtetuese",
];
const PHRASES_EN: &[&str] = &[
    "prime minister",
    "European Union",
    "civil society",
    "rule of law",
    "trade agreement",
    "constitutional court",
];

/// Syllables: onsets, vowels, codas and endings.
struct Syllables {
    onsets: &'static [&'static str],
    vowels: &'static [&'static str],
    codas: &'static [&'static str],
    endings: &'static [&'static str],
}

const SYL_SQ: Syllables = Syllables {
    onsets: &[
        "b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh", "zh",
        "xh", "gj", "nj", "th", "dh", "ll", "rr", "q", "ç", "c", "x", "br", "dr", "gr", "kr", "pr",
        "st", "tr", "fl", "bl", "kl", "pl",
    ],
    vowels: &["a", "e", "i", "o", "u", "ë", "y", "ua", "ie"],
    codas: &["", "", "", "n", "r", "s", "t", "m", "l", "sht", "nd", "rt"],
    endings: &[
        "", "", "ia", "imi", "ja", "ve", "ave", "it", "ës", "ët", "ore", "shëm", "tar", "ues",
        "uar", "ësi", "ja", "ri", "ja", "ive",
    ],
};
const SYL_EN: Syllables = Syllables {
    onsets: &[
        "b", "br", "c", "cl", "cr", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n",
        "p", "pl", "pr", "r", "s", "st", "str", "t", "tr", "v", "w", "sh", "ch", "th", "sp", "sc",
        "bl",
    ],
    vowels: &["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "ee", "oa"],
    codas: &[
        "", "", "", "n", "r", "s", "t", "nd", "nt", "st", "ll", "ck", "m", "rd",
    ],
    endings: &[
        "", "", "", "tion", "ment", "ity", "er", "al", "ing", "ed", "ous", "ness", "ive", "ism",
        "ist", "ary", "ance", "ure", "ship", "ic",
    ],
};

/// A language's vocabulary and the table its words are drawn from.
pub struct Vocabulary {
    /// Word forms by rank, most frequent first.
    words: Vec<String>,
    /// Cumulative weights of the ranks (Zipf, exponent 1), scaled to `u32::MAX`.
    cumulative: Vec<u32>,
    phrases: &'static [&'static str],
}

/// Rank of the `i`-th of `n` topic words: from rank 150 (in about one article in three) to
/// rank 6,000 (in about one in a hundred), evenly on a log scale.
fn topic_rank(i: usize, n: usize) -> usize {
    let t = i as f64 / (n.max(2) - 1) as f64;
    (150.0 * 40f64.powf(t)).round() as usize
}

impl Vocabulary {
    /// The vocabulary of `lang`; the same every time.
    pub fn new(lang: Locale) -> Vocabulary {
        let (function, topic, syl, phrases, seed) = match lang {
            Locale::Sq => (FUNCTION_SQ, TOPIC_SQ, &SYL_SQ, PHRASES_SQ, 0x5157_u64),
            Locale::En => (FUNCTION_EN, TOPIC_EN, &SYL_EN, PHRASES_EN, 0xe4e4_u64),
        };
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut words: Vec<Option<String>> = vec![None; VOCABULARY];
        let mut rank = 0;
        for w in function {
            if seen.insert(w.to_lowercase()) {
                words[rank] = Some((*w).to_owned());
                rank += 1;
            }
        }
        for (i, w) in topic.iter().enumerate() {
            if !seen.insert(w.to_lowercase()) {
                continue;
            }
            let mut at = topic_rank(i, topic.len()).max(rank);
            while words[at].is_some() {
                at += 1;
            }
            words[at] = Some((*w).to_owned());
        }
        for slot in &mut words {
            if slot.is_some() {
                continue;
            }
            loop {
                let w = make_word(&mut rng, syl);
                if w.chars().count() >= 3 && seen.insert(w.clone()) {
                    *slot = Some(w);
                    break;
                }
            }
        }
        let words: Vec<String> = words.into_iter().flatten().collect();
        let weights: Vec<f64> = (1..=words.len()).map(|r| 1.0 / r as f64).collect();
        let sum: f64 = weights.iter().sum();
        let mut acc = 0.0;
        let cumulative = weights
            .iter()
            .map(|w| {
                acc += w / sum;
                (acc.min(1.0) * f64::from(u32::MAX)) as u32
            })
            .collect();
        Vocabulary {
            words,
            cumulative,
            phrases,
        }
    }

    /// The word of rank `r` (0 is the most frequent).
    pub fn word(&self, r: usize) -> &str {
        &self.words[r]
    }

    /// Number of word forms.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when there are no words (never).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// A word drawn by frequency.
    pub fn draw(&self, rng: &mut fastrand::Rng) -> &str {
        let x = rng.u32(..);
        let r = self.cumulative.partition_point(|&c| c < x);
        &self.words[r.min(self.words.len() - 1)]
    }

    /// A sentence of about `n` words, capitalised, now and then (one sentence in fifty, about
    /// once per article) with a collocation.
    pub fn sentence(&self, rng: &mut fastrand::Rng, n: usize) -> String {
        let mut s = String::with_capacity(n * 8);
        let phrase_at = (n >= 4 && rng.u8(..50) == 0).then(|| rng.usize(..n));
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            if phrase_at == Some(i) {
                s.push_str(self.phrases[rng.usize(..self.phrases.len())]);
            } else {
                s.push_str(self.draw(rng));
            }
        }
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => s,
        }
    }
}

fn pick<'a>(rng: &mut fastrand::Rng, v: &[&'a str]) -> &'a str {
    v[rng.usize(..v.len())]
}

/// One to three syllables and an ending.
fn make_word(rng: &mut fastrand::Rng, syl: &Syllables) -> String {
    let mut w = String::new();
    let n = match rng.u8(..10) {
        0..=2 => 1,
        3..=7 => 2,
        _ => 3,
    };
    for i in 0..n {
        w.push_str(pick(rng, syl.onsets));
        w.push_str(pick(rng, syl.vowels));
        if i + 1 == n || rng.u8(..3) == 0 {
            w.push_str(pick(rng, syl.codas));
        }
    }
    w.push_str(pick(rng, syl.endings));
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_are_large_unique_and_the_same_every_time() {
        for lang in Locale::ALL {
            let v = Vocabulary::new(lang);
            assert_eq!(v.len(), VOCABULARY);
            let unique: std::collections::HashSet<String> =
                v.words.iter().map(|w| w.to_lowercase()).collect();
            assert_eq!(unique.len(), VOCABULARY, "{lang}: word forms are distinct");
            let again = Vocabulary::new(lang);
            assert_eq!(v.words, again.words, "{lang}: deterministic");
            let mut a = fastrand::Rng::with_seed(7);
            let mut b = fastrand::Rng::with_seed(7);
            assert_eq!(v.sentence(&mut a, 12), again.sentence(&mut b, 12));
        }
        let en = Vocabulary::new(Locale::En);
        assert_eq!(en.word(0), "the");
        assert_eq!(en.word(150), "government");
        assert_eq!(en.word(6000), "emigration");
    }

    #[test]
    fn frequencies_follow_zipf() {
        let v = Vocabulary::new(Locale::Sq);
        let mut rng = fastrand::Rng::with_seed(1);
        let rank: std::collections::HashMap<&str, usize> = v
            .words
            .iter()
            .enumerate()
            .map(|(r, w)| (w.as_str(), r))
            .collect();
        let mut counts = vec![0u32; v.len()];
        let draws = 500_000;
        for _ in 0..draws {
            counts[rank[v.draw(&mut rng)]] += 1;
        }
        // Rank 1 is drawn about ten times as often as rank 10 (1/r), the most frequent
        // hundred words make over two fifths of all text, and most words are rare.
        let ratio = f64::from(counts[0]) / f64::from(counts[9]);
        assert!((7.0..14.0).contains(&ratio), "rank 1 / rank 10 = {ratio}");
        let head: u32 = counts[..100].iter().sum();
        let share = f64::from(head) / f64::from(draws);
        assert!((0.40..0.55).contains(&share), "top 100 share {share}");
        let seen = counts.iter().filter(|&&c| c > 0).count();
        assert!(seen > VOCABULARY / 2, "the long tail occurs: {seen}");
    }
}
