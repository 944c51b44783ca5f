//! The screenshot tour: the real window walks itself through every screen on the local emulator, the unhappy ones
//! included, and saves a PNG of each. It makes the README's screenshots and lets helpdesk show every screen in order.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::config::{Environment, Profile, Region};
use crate::wizard::{CaptchaFetch, CaptchaNotice, CreateProblem, Event, KeyPhase, Session, Step, Wizard};

/// The captcha answer the tour's emulator accepts.
pub const TOUR_CAPTCHA_TEXT: &str = "TOUR42";

/// Frames to wait on a settled screen before its picture is taken (layout and textures settle).
const SETTLE_FRAMES: u32 = 4;

/// How long one stop may take before the tour gives up and says where it stalled.
const STOP_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// One stop of the tour: when it is reached, what is typed, the picture taken (if any), and what is pressed next.
struct Stop {
    reached: fn(&Wizard) -> bool,
    type_in: fn(&mut Session),
    picture: Option<&'static str>,
    then: fn() -> Vec<Event>,
}

fn nothing(_: &mut Session) {}

fn captcha_ready(wizard: &Wizard, notice: Option<CaptchaNotice>) -> bool {
    matches!(wizard.step(), Step::Captcha(s) if matches!(s.captcha, CaptchaFetch::Ready(_)) && s.notice == notice)
}

fn fill_form(session: &mut Session, email: &str) {
    let form = &mut session.organisation;
    form.company_name = "Acme Widgets Ltd".into();
    form.postal_code = "NE13 9AA".into();
    form.industrial_code = "62012".into();
    form.vat_number = "GB123456789".into();
    form.crm_id = "CRM-1001".into();
    form.email = email.into();
    form.identity = "1001".into();
}

fn answer(session: &mut Session, text: &str) {
    *session.captcha_answer = text.into();
}

const STOPS: [Stop; 13] = [
    Stop {
        reached: |w| matches!(w.step(), Step::Environment(_)),
        type_in: nothing,
        picture: Some("1-environment"),
        then: || vec![Event::SelectEnvironment(Environment::Production(Region::Eu))],
    },
    Stop {
        reached: |w| w.session().settings.environment.is_live(),
        type_in: |s| s.live_confirmed = true,
        picture: Some("2-production-warning"),
        then: || vec![Event::SelectEnvironment(Environment::Local(Profile::Qa)), Event::Continue],
    },
    Stop {
        reached: |w| matches!(w.step(), Step::Licence(s) if s.sending.is_none()),
        type_in: |s| s.licence.fields[0].value = "ACTIVE".into(),
        picture: Some("3-licence"),
        then: || vec![Event::SendLicence],
    },
    Stop {
        reached: |w| matches!(w.step(), Step::Organisation(s) if !s.show_problems),
        type_in: |s| fill_form(s, "ada@acme"),
        picture: None,
        then: || vec![Event::Continue],
    },
    Stop {
        reached: |w| matches!(w.step(), Step::Organisation(s) if s.show_problems),
        type_in: nothing,
        picture: Some("4-organisation-checked"),
        then: || Vec::new(),
    },
    Stop {
        reached: |w| matches!(w.step(), Step::Organisation(_)),
        type_in: |s| fill_form(s, "ada@acme.example"),
        picture: None,
        then: || vec![Event::Continue],
    },
    Stop {
        reached: |w| captcha_ready(w, None),
        type_in: |s| answer(s, "WRONG1"),
        picture: Some("5-captcha"),
        then: || vec![Event::CreateOrganisation],
    },
    Stop {
        reached: |w| captcha_ready(w, Some(CaptchaNotice::WrongAnswer)),
        type_in: |s| answer(s, TOUR_CAPTCHA_TEXT),
        picture: Some("6-captcha-wrong-answer"),
        then: || vec![Event::CreateOrganisation],
    },
    Stop {
        reached: |w| matches!(w.step(), Step::Onboarded(s) if s.phase == KeyPhase::Verified),
        type_in: nothing,
        picture: Some("7-onboarded"),
        then: || {
            vec![Event::StartOver, Event::SelectEnvironment(Environment::Local(Profile::Production)), Event::Continue]
        },
    },
    Stop {
        reached: |w| matches!(w.step(), Step::Licence(s) if s.sending.is_none()),
        type_in: |s| s.licence.fields[0].value = "LIMIT-REACHED".into(),
        picture: None,
        then: || vec![Event::SendLicence],
    },
    Stop {
        reached: |w| matches!(w.step(), Step::Organisation(_)),
        type_in: |s| fill_form(s, "ada@acme.example"),
        picture: None,
        then: || vec![Event::Continue],
    },
    Stop {
        reached: |w| captcha_ready(w, None),
        type_in: |s| answer(s, TOUR_CAPTCHA_TEXT),
        picture: None,
        then: || vec![Event::CreateOrganisation],
    },
    Stop {
        reached: |w| matches!(w.step(), Step::Create(s) if matches!(s.problem, Some(CreateProblem::LimitReached { .. }))),
        type_in: nothing,
        picture: Some("8-limit-reached"),
        then: || Vec::new(),
    },
];

/// What the app does for the tour this frame.
#[derive(Default)]
pub struct TourTurn {
    /// Type into the session before this frame is drawn.
    pub type_in: Option<fn(&mut Session)>,
    /// Events to dispatch.
    pub events: Vec<Event>,
    /// The tour is over: close the window.
    pub finished: bool,
}

/// Where the tour is.
pub struct Tour {
    dir: PathBuf,
    stop: usize,
    settled_frames: u32,
    typed: bool,
    picture: Arc<Mutex<Option<Result<(), String>>>>,
    waiting_for_picture: bool,
    stop_started: std::time::Instant,
}

impl Tour {
    /// A tour that saves its pictures in `dir`.
    #[must_use]
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            stop: 0,
            settled_frames: 0,
            typed: false,
            picture: Arc::default(),
            waiting_for_picture: false,
            stop_started: std::time::Instant::now(),
        }
    }

    /// Decides this frame's part of the tour. Keeps frames coming while the tour runs.
    pub fn turn(&mut self, ctx: &egui::Context, wizard: &Wizard) -> TourTurn {
        ctx.request_repaint_after(std::time::Duration::from_millis(30));
        let Some(stop) = STOPS.get(self.stop) else { return TourTurn { finished: true, ..TourTurn::default() } };
        if self.stop_started.elapsed() > STOP_PATIENCE {
            tracing::error!(stop = self.stop + 1, step = ?wizard.step(), "the tour stalled; the pictures are incomplete");
            self.stop = STOPS.len();
            return TourTurn { finished: true, ..TourTurn::default() };
        }
        if self.waiting_for_picture {
            let taken = self.picture.lock().ok().and_then(|mut slot| slot.take());
            match taken {
                None => return TourTurn::default(),
                Some(result) => {
                    if let Err(problem) = result {
                        tracing::error!(%problem, "tour picture not saved");
                    }
                    self.waiting_for_picture = false;
                    return self.leave(stop);
                }
            }
        }
        if !(stop.reached)(wizard) {
            self.settled_frames = 0;
            return TourTurn::default();
        }
        if !self.typed {
            self.typed = true;
            return TourTurn { type_in: Some(stop.type_in), ..TourTurn::default() };
        }
        self.settled_frames += 1;
        if self.settled_frames < SETTLE_FRAMES {
            return TourTurn::default();
        }
        match stop.picture {
            Some(name) => {
                self.take_picture(ctx, name);
                TourTurn::default()
            }
            None => self.leave(stop),
        }
    }

    fn leave(&mut self, stop: &Stop) -> TourTurn {
        self.stop += 1;
        self.stop_started = std::time::Instant::now();
        self.settled_frames = 0;
        self.typed = false;
        TourTurn { events: (stop.then)(), finished: self.stop >= STOPS.len(), ..TourTurn::default() }
    }

    fn take_picture(&mut self, ctx: &egui::Context, name: &str) {
        self.waiting_for_picture = true;
        let path = self.dir.join(format!("{name}.png"));
        let slot = Arc::clone(&self.picture);
        let repaint = ctx.clone();
        ctx.request_screenshot(move |image| {
            let saved = std::thread::Builder::new().name("bankfeeds-tour-picture".into()).spawn(move || {
                let result = save_png(&path, &image);
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(result);
                }
                repaint.request_repaint();
            });
            if let Err(error) = saved {
                tracing::error!(%error, "tour picture thread did not start");
            }
        });
    }
}

fn save_png(path: &std::path::Path, image: &egui::ColorImage) -> Result<(), String> {
    let [width, height] = image.size;
    let pixels: Vec<u8> = image.pixels.iter().flat_map(egui::Color32::to_array).collect();
    let (width, height) =
        (u32::try_from(width).map_err(|e| e.to_string())?, u32::try_from(height).map_err(|e| e.to_string())?);
    image::save_buffer(path, &pixels, width, height, image::ExtendedColorType::Rgba8).map_err(|e| e.to_string())?;
    tracing::info!(path = %path.display(), "tour picture saved");
    Ok(())
}
