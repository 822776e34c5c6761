//! Tenant Desk: mounts the app.

mod api;
mod app;
mod auth;
mod components;
mod embed;
mod flows;
mod i18n;
mod js_text;
mod pages;
mod site;
mod state;

fn main() {
    console_error_panic_hook::set_once();
    i18n::init_locale();
    leptos::mount::mount_to_body(app::App);
}
