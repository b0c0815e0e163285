//! The publishing state machine and staff roles.

use serde::{Deserialize, Serialize};

/// Where an article is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    Draft,
    InReview,
    Scheduled,
    Published,
    Unpublished,
}

impl ArticleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleStatus::Draft => "draft",
            ArticleStatus::InReview => "in_review",
            ArticleStatus::Scheduled => "scheduled",
            ArticleStatus::Published => "published",
            ArticleStatus::Unpublished => "unpublished",
        }
    }

    pub fn parse(s: &str) -> Option<ArticleStatus> {
        Some(match s {
            "draft" => ArticleStatus::Draft,
            "in_review" => ArticleStatus::InReview,
            "scheduled" => ArticleStatus::Scheduled,
            "published" => ArticleStatus::Published,
            "unpublished" => ArticleStatus::Unpublished,
            _ => return None,
        })
    }

    /// Whether the workflow allows moving from `self` to `to`.
    pub fn can_move_to(self, to: ArticleStatus) -> bool {
        use ArticleStatus::*;
        matches!(
            (self, to),
            (Draft, InReview)
                | (Draft, Scheduled)
                | (Draft, Published)
                | (InReview, Draft)
                | (InReview, Scheduled)
                | (InReview, Published)
                | (Scheduled, Draft)
                // Moving the time of a scheduled article.
                | (Scheduled, Scheduled)
                | (Scheduled, Published)
                | (Published, Unpublished)
                | (Unpublished, Draft)
                | (Unpublished, Published)
        )
    }
}

/// A staff role; each includes the powers of the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Contributor,
    Author,
    Editor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Contributor => "contributor",
            Role::Author => "author",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "contributor" => Role::Contributor,
            "author" => Role::Author,
            "editor" => Role::Editor,
            "admin" => Role::Admin,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_edges() {
        use ArticleStatus::*;
        assert!(Draft.can_move_to(InReview));
        assert!(Published.can_move_to(Unpublished));
        assert!(!Published.can_move_to(Scheduled));
        assert!(!Draft.can_move_to(Unpublished));
        for s in [Draft, InReview, Scheduled, Published, Unpublished] {
            assert_eq!(ArticleStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn roles_are_ordered() {
        assert!(Role::Admin > Role::Editor && Role::Editor > Role::Author);
        assert!(Role::Author > Role::Contributor);
        assert_eq!(Role::parse("editor"), Some(Role::Editor));
    }
}
