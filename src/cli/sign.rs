//! `bankfeeds-onboard sign`: prints the X-Signature of a request, for helpdesk and QA.
