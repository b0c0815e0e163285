//! Runs the durable job queue (`store::workflow`): due jobs are claimed with a lease, so
//! with several nodes each job runs on one of them, and a job whose node died is claimed
//! again when its lease ends. Today's only job publishes a scheduled article.

use std::sync::OnceLock;

use crate::AppState;
use store::workflow::{Job, PUBLISH_JOB};

/// How long a claimed job is reserved for its worker, in seconds.
const LEASE: i64 = 120;
/// Jobs claimed per round.
const BATCH: i64 = 20;

/// This process's name in `jobs.locked_by`: process id and a random suffix.
fn worker_id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let mut bytes = [0u8; 4];
        let _ = getrandom::fill(&mut bytes);
        format!("{}-{}", std::process::id(), u32::from_le_bytes(bytes))
    })
}

/// What a job's run came to.
enum Outcome {
    Done,
    /// Retry later with this message.
    Failed(String),
}

impl AppState {
    /// Claims and runs every due job; returns how many ran.
    pub async fn run_due_jobs(&self) -> Result<usize, store::Error> {
        let mut ran = 0;
        loop {
            let now = self.clock.now();
            let jobs = self
                .db
                .claim_due_jobs(worker_id(), now, LEASE, BATCH)
                .await?;
            if jobs.is_empty() {
                return Ok(ran);
            }
            for job in jobs {
                ran += 1;
                match self.run_job(&job).await {
                    Outcome::Done => {
                        self.db
                            .finish_job(job.id, worker_id(), self.clock.now())
                            .await?
                    }
                    Outcome::Failed(error) => {
                        // Back off: 1, 2, 4 … minutes, at most a day.
                        let wait = 60i64 << job.attempts.clamp(0, 10);
                        tracing::warn!(job = job.id, kind = %job.kind, %error, "a job failed; it will be retried");
                        self.db
                            .fail_job(
                                job.id,
                                worker_id(),
                                &error,
                                self.clock.now() + wait.min(86_400),
                            )
                            .await?;
                    }
                }
            }
        }
    }

    async fn run_job(&self, job: &Job) -> Outcome {
        match job.kind.as_str() {
            PUBLISH_JOB => {
                let Some(id) = serde_json::from_str::<serde_json::Value>(&job.payload)
                    .ok()
                    .and_then(|v| v.get("article").and_then(serde_json::Value::as_i64))
                else {
                    return Outcome::Failed(format!("bad payload {:?}", job.payload));
                };
                match self.db.publish_if_due(id, self.clock.now()).await {
                    Ok(true) => {
                        tracing::info!(article = id, "published a scheduled article");
                        crate::admin::record_audit(
                            self,
                            None,
                            "article_published_on_schedule",
                            &format!("article {id}"),
                            "",
                        )
                        .await;
                        if let Err(e) = self.apply_changes().await {
                            tracing::warn!(error = %e, "could not read the change log");
                        }
                        Outcome::Done
                    }
                    // Taken off the schedule or published by hand meanwhile: nothing to do.
                    Ok(false) => Outcome::Done,
                    Err(e) => Outcome::Failed(e.to_string()),
                }
            }
            other => Outcome::Failed(format!("unknown job kind {other:?}")),
        }
    }
}
