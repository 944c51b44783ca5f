//! The saver on a real folder: what `durable` promises (the newest progress on disk before it answers Ok, a refusal
//! said with the folder and the cause, the same call working once the folder does), with several callers at once.

use std::sync::Arc;

use crate::store::{ProgressStore, SaveCause};
use crate::wizard::{Progress, Wizard};

use super::Saver;

fn progress(company: &str) -> Progress {
    let mut progress = Wizard::new().progress();
    company.clone_into(&mut progress.organisation.company_name);
    progress
}

fn started(store: &ProgressStore) -> Arc<Saver> {
    let saver = Saver::new(store.clone());
    tokio::spawn(Arc::clone(&saver).run(|_| async {}));
    saver
}

fn saved_company(store: &ProgressStore) -> Option<String> {
    store.load().expect("readable").map(|progress| progress.organisation.company_name)
}

#[tokio::test]
async fn with_nothing_asked_for_there_is_nothing_to_keep() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ProgressStore::new(dir.path().join("data"));
    let saver = started(&store);
    assert_eq!(saver.durable().await, Ok(()));
    assert_eq!(saved_company(&store), None, "nothing was written");
}

#[tokio::test]
async fn durable_answers_once_the_newest_progress_is_on_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ProgressStore::new(dir.path());
    let saver = Saver::new(store.clone());
    // Asked for before the saver runs: still written.
    saver.queue(progress("First"));
    saver.queue(progress("Newest"));
    tokio::spawn(Arc::clone(&saver).run(|_| async {}));
    assert_eq!(saver.durable().await, Ok(()));
    assert_eq!(saved_company(&store).as_deref(), Some("Newest"));
}

#[tokio::test]
async fn a_folder_that_refuses_is_said_with_its_cause_and_the_same_call_works_once_it_is_fixed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("data");
    std::fs::write(&folder, "a file in the way").expect("writes");
    let store = ProgressStore::new(&folder);
    let saver = started(&store);
    saver.queue(progress("Acme"));
    let refused = saver.durable().await.expect_err("a file is no folder");
    assert_eq!((refused.folder.as_path(), refused.cause), (folder.as_path(), SaveCause::NotAFolder));

    std::fs::remove_file(&folder).expect("removed");
    assert_eq!(saver.durable().await, Ok(()), "written now, without being asked again");
    assert_eq!(saved_company(&store).as_deref(), Some("Acme"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_callers_at_once_each_get_the_disks_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ProgressStore::new(dir.path());
    let saver = started(&store);
    saver.queue(progress("Shared"));
    let callers: Vec<_> = (0..32)
        .map(|n| {
            let saver = Arc::clone(&saver);
            tokio::spawn(async move {
                if n % 4 == 0 {
                    saver.queue(progress(&format!("Caller {n}")));
                }
                saver.durable().await
            })
        })
        .collect();
    for caller in callers {
        assert_eq!(caller.await.expect("joined"), Ok(()));
    }
    let newest = saver.queued.borrow().progress.as_ref().map(|p| p.organisation.company_name.clone());
    assert_eq!(saved_company(&store), newest, "the newest asked for is what the disk holds");
}
