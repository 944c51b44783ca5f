//! Who the window says it is to the desktop: the application ID, one reverse-DNS name for the desktop entry, the icons,
//! the `AppStream` metainfo (`assets/linux/`, installed by `scripts/package`) and the window itself (its Wayland app ID
//! and the class in its X11 `WM_CLASS`), so that a desktop matches the running window to its entry; and the window's
//! icon, built into the binary.

use std::sync::Arc;

use super::APP_TITLE;

/// The application ID: the desktop entry, icon and metainfo file names, and the window's app ID.
pub const APP_ID: &str = "io.github.bankfeeds.onboard";

/// The window's icon: the 128 px rendering of `assets/icons/icon.svg` (`scripts/render-icons`). Not 256 px: on X11
/// its `_NET_WM_ICON` would be one request over the core protocol's 256 KiB, refused, and the window left with none.
const ICON_PNG: &[u8] = include_bytes!("../../assets/icons/icon-128.png");

/// The window's icon, decoded; `None` (the desktop's default icon then) if the PNG built in could not be read. Decoded
/// as PNG by name (not `eframe::icon_data::from_png_bytes`, which guesses the format and so links every decoder).
#[must_use]
pub fn window_icon() -> Option<Arc<egui::IconData>> {
    match image::load_from_memory_with_format(ICON_PNG, image::ImageFormat::Png) {
        Ok(decoded) => {
            let rgba = decoded.into_rgba8();
            let (width, height) = rgba.dimensions();
            Some(Arc::new(egui::IconData { rgba: rgba.into_raw(), width, height }))
        }
        Err(error) => {
            tracing::warn!(%error, "the window's icon could not be decoded; the window has the desktop's default");
            None
        }
    }
}

/// A window of this app: its title, application ID and icon.
#[must_use]
pub fn viewport() -> egui::ViewportBuilder {
    let viewport = egui::ViewportBuilder::default().with_title(APP_TITLE).with_app_id(APP_ID);
    match window_icon() {
        Some(icon) => viewport.with_icon(icon),
        None => viewport,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_icon_built_in_decodes_to_a_128_pixel_square() {
        let icon = window_icon().expect("the icon decodes");
        assert_eq!((icon.width, icon.height), (128, 128));
        assert_eq!(icon.rgba.len(), 128 * 128 * 4);
    }

    #[test]
    fn the_desktop_entry_the_metainfo_and_the_package_use_the_one_id() {
        let desktop = include_str!("../../assets/linux/io.github.bankfeeds.onboard.desktop");
        assert!(desktop.contains(&format!("\nIcon={APP_ID}\n")), "{desktop}");
        assert!(desktop.contains(&format!("\nStartupWMClass={APP_ID}\n")), "{desktop}");
        let metainfo = include_str!("../../assets/linux/io.github.bankfeeds.onboard.metainfo.xml");
        assert!(metainfo.contains(&format!("<id>{APP_ID}</id>")), "{metainfo}");
        assert!(metainfo.contains(&format!(">{APP_ID}.desktop</launchable>")), "{metainfo}");
        let manifest = include_str!("../../Cargo.toml");
        for installed in [
            format!("usr/share/applications/{APP_ID}.desktop"),
            format!("usr/share/metainfo/{APP_ID}.metainfo.xml"),
            format!("usr/share/icons/hicolor/16x16/apps/{APP_ID}.png"),
            format!("usr/share/icons/hicolor/512x512/apps/{APP_ID}.png"),
        ] {
            assert!(manifest.contains(&installed), "Cargo.toml's package installs {installed}");
        }
    }
}
